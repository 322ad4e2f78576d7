import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/seal-batches`, `/seals/{sealNumber}`, `/seal-issues`,
    /// `/seal-events`, `/seal-audits`: the seal stock (MSC 6.1, 6.5, 6.6).
    static var sealsSection: Section {
        let tag = "Seals"
        let companyID = pathParameter("companyID")
        let batchID = pathParameter("batchID")
        let sealNumber = pathParameter("sealNumber", format: nil)
        let company = "/api/v1/companies/{companyID}"
        let states = SealState.allCases.map(\.rawValue)
        let events = SealStockService.loggableEvents.map(\.rawValue)
        let text = string()
        let nullable = string(nullable: true)
        let int: JSONValue = ["type": "integer"]
        let day = string(format: "date", nullable: true)
        let paths: JSONValue = .object([
            (company + "/seal-batches", [
                "get": operation("listSealBatches", "The company's received seal batches, newest first, each with its seals by state", tag: tag,
                                 parameters: [companyID], response: arrayOf("SealBatch")),
                "post": operation("receiveSealBatch", "Record a received batch: a number range (at most \(SealRange.maxCount) seals, overlapping no batch already received), ISO 17712 class H only, the maker, the locked storage place and the custodian (a member of the company). The maker's certificate is uploaded to the batch after",
                                  tag: tag, parameters: [companyID], body: ref("SealBatchRequest"), status: "201", response: ref("SealBatch")),
            ]),
            (company + "/seal-batches/{batchID}", [
                "get": operation("getSealBatch", "One batch with its seals by state", tag: tag, parameters: [companyID, batchID], response: ref("SealBatch")),
            ]),
            (company + "/seal-batches/{batchID}/certificate", [
                "post": ["operationId": "addSealBatchCertificate",
                         "summary": "Upload the maker's ISO 17712 certificate into the company's evidence store and link it to the batch (multipart/form-data: file, certificateExpires); the evidence policy's size and type rules apply",
                         "tags": [.string(tag)], "parameters": [companyID, batchID],
                         "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([
                             ("file", ["type": "string", "format": "binary"]), ("certificateExpires", string(format: "date")),
                         ], required: ["file", "certificateExpires"])]]],
                         "responses": .object([("200", ["description": "Success", "content": json(ref("SealBatch"))]),
                                               ("413", ["description": "Larger than allowed", "content": json(ref("Error"))])] + errorResponses)],
            ]),
            (company + "/seals/{sealNumber}", [
                "get": operation("getSeal", "A seal by number (spaces and hyphens ignored, any case): its batch, state and history. 404 when no batch of the company holds it",
                                 tag: tag, parameters: [companyID, sealNumber], response: ref("Seal")),
            ]),
            (company + "/seal-issues", [
                "post": operation("issueSeals", "Issue seals drawn at random from stock (never in sequence) to a named person for a shipment. A clientKey sent again answers 200 with the seals its first call drew, and draws none", tag: tag,
                                  parameters: [companyID], body: ref("SealIssueRequest"), status: "201", response: ref("SealIssue"),
                                  extra: [("200", ["description": "Already issued under this clientKey", "content": json(ref("SealIssue"))]), clientKeyConflict]),
            ]),
            (company + "/seal-events", [
                "post": operation("logSealEvent", "Log a void, damaged, lost or returned seal with its reason; the seal log's state machine refuses a move it does not allow, naming what is allowed",
                                  tag: tag, parameters: [companyID], body: ref("SealEventRequest"), status: "201", response: ref("SealEventResult"),
                                  extra: [("200", ["description": "Already logged under this clientKey", "content": json(ref("SealEventResult"))]), clientKeyConflict]),
            ]),
            (company + "/seal-audits", [
                "post": operation("runSealAudit", "Run the seal audit (MSC 6.6): the batches reconciled against the seal log and the seals counted in storage, listing every seal unaccounted for; the run is recorded in the audit trail",
                                  tag: tag, parameters: [companyID], body: ref("SealAuditRequest"), status: "201", response: ref("SealAudit")),
            ]),
        ])
        let counts = object([("inStock", int), ("issued", int), ("used", int), ("void", int), ("damaged", int), ("lost", int)],
                            required: ["inStock", "issued", "used", "void", "damaged", "lost"])
        let schemas: JSONValue = [
            "SealBatchRequest": object([
                ("firstNumber", string(max: 40)), ("lastNumber", string(max: 40)),
                ("sealClass", ["type": "string", "description": "ISO 17712 class: H (high_security); S and I are refused"]),
                ("sealType", string(nullable: true, enumValues: SealType.allCases.map(\.rawValue) + [""])), ("maker", string(max: 120)),
                ("storagePlace", string(max: 200)), ("custodianId", string(format: "uuid")), ("certificateExpires", day),
            ], required: ["firstNumber", "lastNumber", "sealClass", "maker", "storagePlace", "custodianId"]),
            "SealBatch": object([
                ("id", string(format: "uuid")), ("firstNumber", text), ("lastNumber", text), ("count", int), ("sealClass", text), ("sealType", nullable),
                ("maker", text), ("storagePlace", text), ("custodianId", string(format: "uuid", nullable: true)), ("custodianName", nullable),
                ("certificateEvidenceId", string(format: "uuid", nullable: true)), ("certificateExpires", day), ("receivedOn", string(format: "date")),
                ("counts", counts),
            ], required: ["id", "firstNumber", "lastNumber", "count", "sealClass", "maker", "storagePlace", "receivedOn", "counts"]),
            "Seal": object([
                ("number", text), ("state", string(enumValues: states)), ("batchId", string(format: "uuid")), ("batch", text),
                ("issuedTo", nullable), ("shipmentReference", nullable),
                ("history", ["type": "array", "items": object([
                    ("event", text), ("fromState", string(enumValues: states)), ("toState", string(enumValues: states)), ("issuedTo", nullable),
                    ("shipmentReference", nullable), ("reason", nullable), ("by", nullable), ("at", string(format: "date-time")),
                ], required: ["event", "fromState", "toState", "at"])]),
            ], required: ["number", "state", "batchId", "batch", "history"]),
            "SealIssueRequest": object([
                ("count", ["type": "integer", "minimum": 1, "maximum": .int(SealStockService.maxIssue), "description": "Seals to issue (default 1)"]),
                ("issuedTo", string(max: 120)), ("shipmentReference", string(max: 60)), ("clientKey", string(max: ClientKey.maxLength, nullable: true)),
            ], required: ["issuedTo", "shipmentReference"]),
            "SealIssue": object([("seals", ["type": "array", "items": text]), ("issuedTo", text), ("shipmentReference", text)],
                                required: ["seals", "issuedTo", "shipmentReference"]),
            "SealEventRequest": object([("sealNumber", string(max: 40)), ("event", string(enumValues: events)), ("reason", string(max: 500)),
                                        ("clientKey", string(max: ClientKey.maxLength, nullable: true))],
                                       required: ["sealNumber", "event", "reason"]),
            "SealEventResult": object([("sealNumber", text), ("state", string(enumValues: states))], required: ["sealNumber", "state"]),
            "SealAuditRequest": object([
                ("counted", ["type": ["array", "null"], "items": string(max: 100),
                             "description": "The seals found in storage: a number or a range FIRST..LAST each. Left out, the log is checked against the batches only"]),
            ]),
            "SealAudit": object([
                ("id", string(format: "uuid")), ("ranAt", string(format: "date-time")), ("counted", ["type": "boolean"]), ("received", int),
                ("inStockByLog", int), ("countedSeals", int), ("findingsTotal", int),
                ("findings", ["type": "array", "items": object([
                    ("sealNumber", text), ("kind", string(enumValues: SealAuditFinding.Kind.allCases.map(\.rawValue))),
                    ("state", string(nullable: true, enumValues: states)), ("message", text),
                ], required: ["sealNumber", "kind", "message"])]),
            ], required: ["id", "ranAt", "counted", "received", "inStockByLog", "countedSeals", "findingsTotal", "findings"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
