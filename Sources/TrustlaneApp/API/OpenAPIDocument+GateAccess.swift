import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/gate/...`: the gate's logs (MSC 10.1-10.4, 10.7).
    static var gateSection: Section {
        let tag = "Gate access"
        let companyID = pathParameter("companyID")
        let base = "/api/v1/companies/{companyID}/gate"
        let text = string()
        let nullable = string(nullable: true)
        let time = string(format: "date-time")
        let nullableTime = string(format: "date-time", nullable: true)
        let typedTime = "ISO 8601 with its offset (2026-12-05T14:30:00Z), or without one in the account's time zone"
        let conflict: (String, JSONValue) = ("409", ["description": "Already done: the visitor is already out, the driver already left, the badge is not in a state for this step; nothing was changed",
                                                     "content": json(ref("Error"))])
        let site = queryParameter("site", string(max: GateValidator.maxSite), "One site (every site when left out)")
        let day = queryParameter("day", string(format: "date"), "The day, YYYY-MM-DD (default: today in the account's time zone)")
        let period = [site, queryParameter("from", string(format: "date"), "The first day (default: 29 days before `to`)"),
                      queryParameter("to", string(format: "date"), "The last day (default: today); at most 366 days in all")]
        let idTypes = PhotoIDType.allCases.map(\.rawValue)
        let csv: JSONValue = ["description": "Success", "content": ["text/csv": ["schema": ["type": "string"]]]]
        let photoIDChecked: JSONValue = ["type": "boolean", "enum": [true], "description": "Must be true: entry without a photo ID is refused"]
        func csvOperation(_ id: String, _ summary: String) -> JSONValue {
            ["operationId": .string(id), "summary": .string(summary), "tags": [.string(tag)], "parameters": .array([companyID] + period),
             "responses": .object([("200", csv)] + errorResponses)]
        }
        let paths: JSONValue = .object([
            (base + "/sites", [
                "get": operation("listGateSites", "The sites the company keeps gate logs at", tag: tag, parameters: [companyID], response: ref("GateSites")),
            ] as JSONValue),
            (base + "/visits", [
                "get": operation("listGateVisits", "A day of the visitor log (MSC 10.2): who is still inside first, then who came that day and left", tag: tag,
                                 parameters: [companyID, site, day], response: ref("GateVisitBoard")),
                "post": operation("checkInVisitor", "Check a visitor in: name, company, photo ID checked (required) and its type, host, purpose, badge (a free visitor badge of the company's inventory, issued to the visitor and returned at check-out; an unknown, issued or lost one is refused by field), escort, vehicle plate, time in (" + typedTime + "; now when null)",
                                  tag: tag, parameters: [companyID], body: ref("GateVisitRequest"), status: "201", response: ref("GateVisit")),
            ] as JSONValue),
            (base + "/visits/{visitID}", [
                "get": operation("getGateVisit", "One visit", tag: tag, parameters: [companyID, pathParameter("visitID")], response: ref("GateVisit")),
            ] as JSONValue),
            (base + "/visits/{visitID}/check-out", [
                "post": optionalBody(operation("checkOutVisitor", "Check the visitor out: now, or at the time out typed when it is recorded late (" + typedTime + "; not before the time in, not in the future). A visitor already out is refused (409) and nothing changes", tag: tag,
                                               parameters: [companyID, pathParameter("visitID")], body: ref("GateCheckOutRequest"), response: ref("GateVisit"), extra: [conflict])),
            ] as JSONValue),
            (base + "/visits.csv", ["get": csvOperation("exportGateVisits", "The visitor log of a period as CSV, streamed")] as JSONValue),
            (base + "/pickups", [
                "get": operation("listGatePickups", "A day of the driver and cargo pickup log (MSC 10.3, 10.4): drivers on site first, the pre-notified trucks still expected, then who left",
                                 tag: tag, parameters: [companyID, site, day], response: ref("GatePickupBoard")),
                "post": operation("recordDriverArrival", "Record a driver's arrival: photo ID checked (required) and its type, carrier, truck and trailer, the shipment (optional), arrival time (" + typedTime + "; now when null). A carrier pre-notification for the plate expected within 12 hours is matched",
                                  tag: tag, parameters: [companyID], body: ref("GatePickupRequest"), status: "201", response: ref("GatePickup")),
            ] as JSONValue),
            (base + "/pickups/{pickupID}", [
                "get": operation("getGatePickup", "One pickup", tag: tag, parameters: [companyID, pathParameter("pickupID")], response: ref("GatePickup")),
            ] as JSONValue),
            (base + "/pickups/{pickupID}/departure", [
                "post": operation("recordDriverDeparture", "Record the driver's departure and the seal number read on the unit; with a shipment, the seal must be one of its seals (and is required when it has any). A departure already recorded is refused (409)",
                                  tag: tag, parameters: [companyID, pathParameter("pickupID")], body: ref("GateDepartureRequest"), response: ref("GatePickup"),
                                  extra: [conflict]),
            ] as JSONValue),
            (base + "/pickups.csv", ["get": csvOperation("exportGatePickups", "The driver and cargo pickup log of a period as CSV, streamed")] as JSONValue),
            (base + "/prenotices", [
                "get": operation("listCarrierPreNotices", "Carrier pre-notifications (MSC 10.7) expected from a day back on, soonest first, arrived ones marked", tag: tag,
                                 parameters: [companyID, site], response: arrayOf("GatePreNotice")),
                "post": operation("recordCarrierPreNotice", "Record a carrier's pre-notification: carrier, driver, truck plate, expected arrival (" + typedTime + "; a day back to 90 days ahead)",
                                  tag: tag, parameters: [companyID], body: ref("GatePreNoticeRequest"), status: "201", response: ref("GatePreNotice")),
            ] as JSONValue),
            (base + "/search", [
                "get": operation("searchGateLogs", "Visitors and drivers whose name or plate starts with `q`, newest first, 50 of each at most", tag: tag,
                                 parameters: [companyID, queryParameter("q", ["type": "string", "minLength": .int(GateSearch.minLength), "maxLength": .int(GateSearch.maxLength)],
                                                                       "At least two letters or digits of a name or a plate", required: true)],
                                 response: ref("GateSearch")),
            ] as JSONValue),
            (base + "/badges", [
                "get": operation("listGateBadges", "The badge, access card and key inventory (MSC 10.1)", tag: tag,
                                 parameters: [companyID, queryParameter("status", string(enumValues: BadgeStatus.allCases.map(\.rawValue)), "Only items in this status")],
                                 response: arrayOf("GateBadge")),
                "post": operation("addGateBadge", "Add a badge, access card or key to the inventory; a number is unique within its kind", tag: tag,
                                  parameters: [companyID], body: ref("GateBadgeRequest"), status: "201", response: ref("GateBadge")),
            ] as JSONValue),
            (base + "/badges/{badgeID}/issue", [
                "post": operation("issueGateBadge", "Issue an available item to a person", tag: tag, parameters: [companyID, pathParameter("badgeID")],
                                  body: ref("GateBadgeIssueRequest"), response: ref("GateBadge"), extra: [conflict]),
            ] as JSONValue),
            (base + "/badges/{badgeID}/return", [
                "post": operation("returnGateBadge", "Record an issued item's return (or a lost one found and returned)", tag: tag,
                                  parameters: [companyID, pathParameter("badgeID")], body: ref("GateBadgeNoteRequest"), response: ref("GateBadge"), extra: [conflict]),
            ] as JSONValue),
            (base + "/badges/{badgeID}/lost", [
                "post": operation("reportGateBadgeLost", "Report an item lost (so its lock or access can be changed)", tag: tag,
                                  parameters: [companyID, pathParameter("badgeID")], body: ref("GateBadgeNoteRequest"), response: ref("GateBadge"), extra: [conflict]),
            ] as JSONValue),
            (base + "/holdings", [
                "get": operation("getGateHoldings", "The separation-day check: the badges, cards and keys still issued to a person (by name, any case or accents)", tag: tag,
                                 parameters: [companyID, queryParameter("person", ["type": "string", "minLength": 1, "maxLength": .int(GateValidator.maxName)],
                                                                        "The person's name", required: true)],
                                 response: ref("GateHoldings")),
            ] as JSONValue),
        ])
        let visit = object([
            ("id", string(format: "uuid")), ("site", text), ("name", text), ("visitorCompany", text), ("photoIdChecked", ["type": "boolean"]),
            ("photoIdType", string(enumValues: idTypes)), ("host", text), ("purpose", text), ("badgeNumber", nullable), ("escort", nullable),
            ("vehiclePlate", nullable), ("checkedInAt", time), ("checkedOutAt", nullableTime), ("inside", ["type": "boolean"]), ("recordedBy", nullable),
            ("createdAt", time),
        ], required: ["id", "site", "name", "visitorCompany", "photoIdChecked", "photoIdType", "host", "purpose", "checkedInAt", "inside", "createdAt"])
        let pickup = object([
            ("id", string(format: "uuid")), ("site", text), ("driverName", text), ("photoIdChecked", ["type": "boolean"]), ("photoIdType", string(enumValues: idTypes)),
            ("carrier", text), ("truckPlate", text), ("trailerNumber", nullable), ("shipmentId", string(format: "uuid", nullable: true)),
            ("shipmentReference", nullable), ("preNotified", ["type": "boolean"]), ("preNoticeId", string(format: "uuid", nullable: true)),
            ("arrivedAt", time), ("departedAt", nullableTime), ("departureSeal", nullable), ("onSite", ["type": "boolean"]), ("recordedBy", nullable),
            ("createdAt", time),
        ], required: ["id", "site", "driverName", "photoIdChecked", "photoIdType", "carrier", "truckPlate", "preNotified", "arrivedAt", "onSite", "createdAt"])
        let notice = object([
            ("id", string(format: "uuid")), ("carrier", text), ("driverName", text), ("truckPlate", text), ("expectedAt", time), ("site", nullable),
            ("note", nullable), ("arrived", ["type": "boolean"]), ("pickupId", string(format: "uuid", nullable: true)), ("createdAt", time),
        ], required: ["id", "carrier", "driverName", "truckPlate", "expectedAt", "arrived", "createdAt"])
        let badge = object([
            ("id", string(format: "uuid")), ("number", text), ("kind", string(enumValues: BadgeKind.allCases.map(\.rawValue))), ("area", nullable),
            ("status", string(enumValues: BadgeStatus.allCases.map(\.rawValue))), ("holder", nullable), ("issuedAt", nullableTime), ("updatedAt", time),
        ], required: ["id", "number", "kind", "status", "updatedAt"])
        let schemas: JSONValue = [
            "GateSites": object([("sites", ["type": "array", "items": text])], required: ["sites"]),
            "GateVisitRequest": object([
                ("site", string(max: GateValidator.maxSite)), ("name", string(max: GateValidator.maxName)), ("visitorCompany", string(max: GateValidator.maxName)),
                ("photoIdChecked", photoIDChecked), ("photoIdType", string(enumValues: idTypes)), ("host", string(max: GateValidator.maxName)),
                ("purpose", string(max: GateValidator.maxPurpose)), ("badgeNumber", string(max: GateValidator.maxBadge, nullable: true)),
                ("escort", string(max: GateValidator.maxName, nullable: true)), ("vehiclePlate", string(max: GateValidator.maxPlate, nullable: true)),
                ("checkedInAt", string(max: GateTime.maxText, nullable: true)),
            ], required: ["site", "name", "visitorCompany", "photoIdChecked", "photoIdType", "host", "purpose"]),
            "GateVisit": visit,
            "GateVisitBoard": object([("day", string(format: "date")), ("site", nullable), ("inside", ["type": "array", "items": visit]),
                                      ("left", ["type": "array", "items": visit]), ("truncated", ["type": "boolean"])],
                                     required: ["day", "inside", "left", "truncated"]),
            "GatePickupRequest": object([
                ("site", string(max: GateValidator.maxSite)), ("driverName", string(max: GateValidator.maxName)), ("photoIdChecked", photoIDChecked),
                ("photoIdType", string(enumValues: idTypes)), ("carrier", string(max: GateValidator.maxName)), ("truckPlate", string(max: GateValidator.maxPlate)),
                ("trailerNumber", string(max: GateValidator.maxTrailer, nullable: true)), ("shipmentId", string(format: "uuid", nullable: true)),
                ("arrivedAt", string(max: GateTime.maxText, nullable: true)),
            ], required: ["site", "driverName", "photoIdChecked", "photoIdType", "carrier", "truckPlate"]),
            "GateCheckOutRequest": object([("checkedOutAt", string(max: GateTime.maxText, nullable: true))]),
            "GateDepartureRequest": object([("sealNumber", string(max: GateValidator.maxSealText, nullable: true)), ("departedAt", string(max: GateTime.maxText, nullable: true))]),
            "GatePickup": pickup,
            "GatePickupBoard": object([("day", string(format: "date")), ("site", nullable), ("onSite", ["type": "array", "items": pickup]),
                                       ("left", ["type": "array", "items": pickup]), ("expected", ["type": "array", "items": notice]),
                                       ("truncated", ["type": "boolean"])],
                                      required: ["day", "onSite", "left", "expected", "truncated"]),
            "GatePreNoticeRequest": object([
                ("carrier", string(max: GateValidator.maxName)), ("driverName", string(max: GateValidator.maxName)), ("truckPlate", string(max: GateValidator.maxPlate)),
                ("expectedAt", string(max: GateTime.maxText)), ("site", string(max: GateValidator.maxSite, nullable: true)),
                ("note", string(max: GateValidator.maxNote, nullable: true)),
            ], required: ["carrier", "driverName", "truckPlate", "expectedAt"]),
            "GatePreNotice": notice,
            "GateSearch": object([("visits", ["type": "array", "items": visit]), ("pickups", ["type": "array", "items": pickup])], required: ["visits", "pickups"]),
            "GateBadgeRequest": object([
                ("number", string(max: GateValidator.maxBadge)), ("kind", string(enumValues: BadgeKind.allCases.map(\.rawValue))),
                ("area", string(max: BadgeInventory.maxArea, nullable: true)),
            ], required: ["number", "kind"]),
            "GateBadgeIssueRequest": object([("holder", string(max: GateValidator.maxName))], required: ["holder"]),
            "GateBadgeNoteRequest": object([("note", string(max: GateValidator.maxNote, nullable: true))]),
            "GateBadge": badge,
            "GateHoldings": object([("person", text), ("items", ["type": "array", "items": badge])], required: ["person", "items"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
