import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/shipments...`: shipments, their seals and VVTT checks, seal
    /// photos, the consignee's message and the release gate (MSC 5.3, 6.7, 7.5, 7.29, 7.30).
    static var shipmentsSection: Section {
        let tag = "Shipments"
        let companyID = pathParameter("companyID")
        let shipmentID = pathParameter("shipmentID")
        let sealNumber = pathParameter("sealNumber", format: nil)
        let base = "/api/v1/companies/{companyID}/shipments"
        let text = string()
        let nullable = string(nullable: true)
        let time = string(format: "date-time")
        let steps = VVTTStep.allCases.map(\.rawValue)
        let blocked: (String, JSONValue) = ("409", ["description": "The release gate refused: `error.fields` lists every reason", "content": json(ref("Error"))])
        let repeated: (String, JSONValue) = ("200", ["description": "Already recorded under this clientKey: the shipment as it is, nothing recorded again",
                                                     "content": json(ref("Shipment"))])
        let released: (String, JSONValue) = ("409", ["description": "The shipment is released: its record no longer changes", "content": json(ref("Error"))])
        let clientKey: (String, JSONValue) = ("clientKey", string(max: ClientKey.maxLength, nullable: true))
        let path0: (String, JSONValue) = (base, [
                "get": operation("listShipments", "The company's shipments, newest first, 50 a page", tag: tag,
                                 parameters: [companyID, queryParameter("before", ["type": "integer"], "The previous page's nextBefore")],
                                 response: ref("ShipmentPage")),
                "post": operation("recordShipment", "Record a shipment: its reference (unique in the company), the bill of lading / manifest number(s), the unit (a container number with a valid ISO 6346 check digit, or plates; taken from the inspection when left out), the inspection it was loaded after, origin, destination, the consignee and business partners of the registry",
                                  tag: tag, parameters: [companyID], body: ref("ShipmentRequest"), status: "201", response: ref("Shipment"),
                                  extra: [repeated, clientKeyConflict]),
            ])
        let path1: (String, JSONValue) = (base + "/{shipmentID}", [
                "get": operation("getShipment", "A shipment with its seals, their VVTT checks and photos, discrepancies, and what the release gate would refuse now",
                                 tag: tag, parameters: [companyID, shipmentID], response: ref("Shipment")),
                "patch": operation("updateShipment", "Change an open shipment's reference, documents' numbers, unit, inspection, origin, destination, consignee or partners: fields left out or null keep their value, an empty string clears an optional one, partnerIds replaces the list. Every field is checked as when it was recorded, and nothing is saved unless all pass; each change is in the audit trail. Once the shipment is released its record no longer changes (409): the release was decided, and the consignee told, on these facts. Less than truckload and its lock have their own call",
                                   tag: tag, parameters: [companyID, shipmentID], body: ref("UpdateShipmentRequest"), response: ref("Shipment"), extra: [released]),
            ])
        let path2: (String, JSONValue) = (base + "/{shipmentID}/seals", [
                "post": operation("affixSeal", "Affix a seal from the company's stock: in stock or issued, not on another shipment, not void, damaged or lost (the seal log records the move)",
                                  tag: tag, parameters: [companyID, shipmentID], body: ref("AffixSealRequest"), status: "201", response: ref("Shipment"),
                                  extra: [repeated, clientKeyConflict]),
            ])
        let pathLock: (String, JSONValue) = (base + "/{shipmentID}/lock", [
                "post": operation("recordShipmentLock", "Record (or replace) the high-security padlock or locking device closing a less-than-truckload unit during its pickups (MSC 6.3; the criterion's wording is not yet checked against CBP's booklet). Refused once a seal is affixed: the lock comes before the seal",
                                  tag: tag, parameters: [companyID, shipmentID], body: ref("ShipmentLockRequest"), response: ref("Shipment"),
                                  extra: [clientKeyConflict]),
            ])
        let path3: (String, JSONValue) = (base + "/{shipmentID}/seals/{sealNumber}/checks", [
                "post": operation("recordSealCheck", "Record a VVTT check of a seal: the four steps in order (view, verify_number, tug, twist_and_turn). At departure the number read must be the seal's and be on the bill of lading's seal numbers (MSC 7.30), or nothing is recorded; other seals on the documents but not on the unit, or on the unit but not on the documents, come back as documentSealWarnings; at arrival a different number is recorded as a seal discrepancy",
                                  tag: tag, parameters: [companyID, shipmentID, sealNumber], body: ref("SealCheckRequest"), status: "201", response: ref("Shipment"),
                                  extra: [repeated, clientKeyConflict]),
            ])
        let path4: (String, JSONValue) = (base + "/{shipmentID}/seals/{sealNumber}/photo", [
                "post": ["operationId": "addSealPhoto",
                         "summary": .string("Upload a photo of the seal as affixed (MSC 7.5) as multipart/form-data (field photo): JPEG or PNG, checked by content, at most \(ShipmentService.maxPhotoBytes / 1024 / 1024) MB. A client_key sent again stores nothing more"),
                         "tags": [.string(tag)], "parameters": [companyID, shipmentID, sealNumber],
                         "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([("photo", ["type": "string", "format": "binary"]),
                                                                                                              ("client_key", string(max: ClientKey.maxLength))],
                                                                                                             required: ["photo"])]]],
                         "responses": .object([("200", ["description": "Success", "content": json(ref("Shipment"))]), clientKeyConflict,
                                               ("413", ["description": "Larger than allowed", "content": json(ref("Error"))])] + errorResponses)],
            ])
        let path5: (String, JSONValue) = (base + "/{shipmentID}/consignee-messages", [
                "post": operation("notifyConsignee", "Queue the seal numbers to the consignee's e-mail through the outbox (MSC 7.29) and record when",
                                  tag: tag, parameters: [companyID, shipmentID], status: "201", response: ref("Shipment")),
            ])
        let path6: (String, JSONValue) = (base + "/{shipmentID}/release", [
                "post": operation("releaseShipment", "Mark the shipment released: only when its inspection is complete with no open failure and every seal passed VVTT; otherwise 409 with every reason",
                                  tag: tag, parameters: [companyID, shipmentID], response: ref("Shipment"), extra: [blocked]),
            ])
        let path7: (String, JSONValue) = (base + "/{shipmentID}/release-override", [
                "post": operation("overrideShipmentRelease", "Release despite the gate's reasons, as the signed-in supervisor (officer or coordinator) with a reason; audited with the reasons overridden",
                                  tag: tag, parameters: [companyID, shipmentID], body: ref("ShipmentOverrideRequest"), response: ref("Shipment")),
            ])
        let doneAt: JSONValue = ["type": ["string", "null"], "format": "date-time",
                                 "description": .string("When it was done, if before now (a phone that was offline): at most \(Int(DoneAt.maxSkew / 60)) minutes ahead of the server, at most \(DoneAt.maxAgeDays) days ago, not before the shipment (or the seal's affixing); the server's time when absent")]
        let paths: JSONValue = .object([path0, path1, path2, pathLock, path3, path4, path5, path6, path7])
        let check = object([
            ("id", string(format: "uuid")), ("stage", string(enumValues: SealCheckStage.allCases.map(\.rawValue))), ("passed", ["type": "boolean"]),
            ("numberRead", text),
            ("steps", ["type": "array", "items": object([("step", string(enumValues: steps)), ("passed", ["type": "boolean"]), ("at", time), ("note", nullable)],
                                                        required: ["step", "passed", "at"])]),
            ("checkedBy", nullable), ("checkedAt", ["type": "string", "format": "date-time", "description": "When the check was done (its last step)"]),
            ("receivedAt", string(format: "date-time", nullable: true)),
        ], required: ["id", "stage", "passed", "numberRead", "steps", "checkedAt"])
        let schemas: JSONValue = [
            "ShipmentRequest": object([
                ("reference", string(max: ShipmentService.maxReference)), ("documentNumbers", string(max: ShipmentService.maxDocuments)),
                ("containerNumber", ["type": ["string", "null"], "maxLength": 20, "description": "An ISO 6346 container number (check digit verified) or, for an air unit, an IATA ULD id such as AKE12345DL (format not yet confirmed against IATA's rules)"]), ("tractorPlate", string(max: InspectionValidator.maxPlate, nullable: true)),
                ("trailerPlate", string(max: InspectionValidator.maxPlate, nullable: true)), ("inspectionId", string(format: "uuid", nullable: true)),
                ("origin", string(max: ShipmentService.maxPlace)), ("destination", string(max: ShipmentService.maxPlace)),
                ("consigneeName", string(max: 120, nullable: true)), ("consigneeEmail", string(max: 254, nullable: true)),
                ("partnerIds", ["type": "array", "maxItems": .int(ShipmentService.maxPartners), "items": string(format: "uuid")]),
                ("lessThanTruckload", ["type": ["boolean", "null"],
                                       "description": "A less-than-truckload move (MSC 6.3): the release needs a lock recorded for the pickups, then a seal"]),
                ("lockId", string(max: LessThanTruckloadLock.maxLength, nullable: true)), clientKey,
            ], required: ["reference", "documentNumbers", "origin", "destination"]),
            "UpdateShipmentRequest": object([
                ("reference", string(max: ShipmentService.maxReference, nullable: true)), ("documentNumbers", string(max: ShipmentService.maxDocuments, nullable: true)),
                ("containerNumber", ["type": ["string", "null"], "maxLength": 20, "description": "An ISO 6346 container number (check digit verified) or an IATA ULD id; an empty string clears it"]),
                ("tractorPlate", string(max: InspectionValidator.maxPlate, nullable: true)), ("trailerPlate", string(max: InspectionValidator.maxPlate, nullable: true)),
                ("inspectionId", ["type": ["string", "null"], "description": "The inspection the unit was loaded after (its id); an empty string clears it"]),
                ("origin", string(max: ShipmentService.maxPlace, nullable: true)), ("destination", string(max: ShipmentService.maxPlace, nullable: true)),
                ("consigneeName", string(max: 120, nullable: true)), ("consigneeEmail", string(max: 254, nullable: true)),
                ("partnerIds", ["type": ["array", "null"], "maxItems": .int(ShipmentService.maxPartners), "items": string(format: "uuid")]),
            ]),
            "ShipmentLockRequest": object([("lockId", string(max: LessThanTruckloadLock.maxLength)), clientKey], required: ["lockId"]),
            "AffixSealRequest": object([("sealNumber", string(max: 40)), ("affixedAt", doneAt), clientKey], required: ["sealNumber"]),
            "SealCheckRequest": object([
                ("stage", string(enumValues: SealCheckStage.allCases.map(\.rawValue))),
                ("steps", ["type": "array", "items": object([("step", string(enumValues: steps)), ("passed", ["type": "boolean"]), ("at", doneAt),
                                                             ("note", string(max: 500, nullable: true))], required: ["step"])]),
                ("numberRead", string(max: 40)), ("documentSealNumbers", string(max: 500, nullable: true)), clientKey,
            ], required: ["steps", "numberRead"]),
            "ShipmentOverrideRequest": object([("reason", string(max: 1000))], required: ["reason"]),
            "ShipmentPage": object([
                ("items", ["type": "array", "items": object([
                    ("id", string(format: "uuid")), ("reference", text), ("unit", text), ("origin", text), ("destination", text),
                    ("status", string(enumValues: ShipmentStatus.allCases.map(\.rawValue))), ("seals", ["type": "integer"]), ("createdAt", time),
                ], required: ["id", "reference", "unit", "origin", "destination", "status", "seals", "createdAt"])]),
                ("nextBefore", ["type": "integer", "nullable": true]),
            ], required: ["items"]),
            "Shipment": object([
                ("id", string(format: "uuid")), ("reference", text), ("documentNumbers", text), ("documentSealNumbers", nullable),
                ("containerNumber", nullable), ("tractorPlate", nullable), ("trailerPlate", nullable), ("inspectionId", string(format: "uuid", nullable: true)),
                ("origin", text), ("destination", text), ("consigneeName", nullable), ("consigneeEmail", nullable),
                ("consigneeNotifiedAt", string(format: "date-time", nullable: true)), ("consigneeNotifiedSeals", nullable),
                ("status", string(enumValues: ShipmentStatus.allCases.map(\.rawValue))), ("releasedAt", string(format: "date-time", nullable: true)),
                ("releasedBy", nullable), ("overrideReason", nullable), ("overriddenBlocks", ["type": "array", "items": text]),
                ("blocks", ["type": "array", "items": object([("field", text), ("messageKey", text), ("message", text)], required: ["field", "messageKey", "message"])]),
                ("documentSealWarnings", ["type": "array",
                                          "description": "Seals on the bill of lading / manifest but not on the unit, and seals on the unit but not on the documents (MSC 7.30); warnings, not blocks",
                                          "items": object([("field", text), ("messageKey", string(enumValues: ["shipments.warning.seal_not_affixed", "shipments.warning.seal_not_on_documents"])),
                                                           ("message", text)], required: ["field", "messageKey", "message"])]),
                ("seals", ["type": "array", "items": object([
                    ("number", text), ("state", string(enumValues: SealState.allCases.map(\.rawValue))), ("affixedAt", time), ("receivedAt", string(format: "date-time", nullable: true)), ("affixedBy", nullable),
                    ("photoEvidenceId", string(format: "uuid", nullable: true)), ("photographedAt", string(format: "date-time", nullable: true)),
                    ("checks", ["type": "array", "items": check]),
                ], required: ["number", "state", "affixedAt", "checks"])]),
                ("discrepancies", ["type": "array", "items": object([
                    ("sealNumber", text), ("numberRead", text), ("stage", text), ("recordedBy", nullable), ("recordedAt", time),
                ], required: ["sealNumber", "numberRead", "stage", "recordedAt"])]),
                ("partners", ["type": "array", "items": object([("id", string(format: "uuid")), ("legalName", text)], required: ["id", "legalName"])]),
                ("createdBy", nullable), ("createdAt", time),
                ("lessThanTruckload", ["type": "boolean"]), ("lockId", nullable), ("lockRecordedAt", string(format: "date-time", nullable: true)),
                ("lockRecordedBy", nullable),
            ], required: ["id", "reference", "documentNumbers", "origin", "destination", "status", "overriddenBlocks", "blocks", "documentSealWarnings", "seals", "discrepancies",
                          "partners", "createdAt", "lessThanTruckload"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
