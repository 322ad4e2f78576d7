import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/screening/hits...` and `/api/v1/screening-lists`.
    static var screeningSection: Section {
        let tag = "Denied-party screening"
        let companyID = pathParameter("companyID")
        let hitID = pathParameter("hitID")
        let base = "/api/v1/companies/{companyID}/screening/hits"
        let conflict: (String, JSONValue) = ("409", ["description": "The hit is no longer open (decided or cleared)", "content": json(ref("Error"))])
        let hits: JSONValue = [
            "get": operation("listScreeningHits", "A company's screening hits: open ones first (best score first), then decided and cleared ones, newest first (at most \(ScreeningQueries.queueLimit))",
                             tag: tag, parameters: [companyID, queryParameter("status", string(enumValues: ScreeningQueries.Filter.allCases.map(\.rawValue)),
                                                                              "open: open hits only; all (default): every hit")],
                             response: arrayOf("ScreeningHit")),
        ]
        let decision: JSONValue = [
            "post": operation("decideScreeningHit", "Decide an open hit: a false positive is remembered until the partner's names or country or the entry changes; a true match blocks the partner and opens a corrective action due in \(ScreeningService.correctiveActionDays) days",
                              tag: tag, parameters: [companyID, hitID], body: ref("ScreeningDecisionRequest"), response: ref("ScreeningHit"), extra: [conflict]),
        ]
        let lists: JSONValue = [
            "get": operation("listScreeningLists", "Denied-party list snapshots, newest first, with their files' SHA-256 and whether each is current (administrators; imports are made on the page /admin/screening-lists)",
                             tag: tag, response: arrayOf("ScreeningSnapshot")),
        ]
        let paths: JSONValue = .object([(base, hits), (base + "/{hitID}/decision", decision), ("/api/v1/screening-lists", lists)])
        let statuses = ScreeningHitStatus.allCases.map(\.rawValue)
        let schemas: JSONValue = [
            "ScreeningHit": object([
                ("id", string(format: "uuid")), ("partnerId", string(format: "uuid")), ("partnerName", string()),
                ("partnerStatus", string(enumValues: BusinessPartnerStatus.allCases.map(\.rawValue))), ("snapshotId", string(format: "uuid")),
                ("listKind", string(enumValues: ScreeningListKind.allCases.map(\.rawValue))), ("listPublishedOn", string(format: "date")),
                ("entryNumber", string()), ("listedName", string()), ("matchedName", ["type": "string", "description": "The partner's name (legal or other) that matched"]),
                ("score", ["type": "number", "minimum": 0, "maximum": 1]),
                ("explanation", ["type": "string", "description": "Which names and tokens matched and how each scored"]),
                ("countryAgrees", ["type": "boolean"]), ("status", string(enumValues: statuses)), ("decisionReason", string(nullable: true)),
                ("decidedBy", string(nullable: true)), ("decidedAt", string(format: "date-time", nullable: true)), ("createdAt", string(format: "date-time")),
            ]),
            "ScreeningDecisionRequest": object([("decision", string(enumValues: ScreeningDecision.allCases.map(\.rawValue))),
                                                ("reason", string(max: ScreeningDecision.maxReason))],
                                               required: ["decision", "reason"]),
            "ScreeningSnapshot": object([
                ("id", string(format: "uuid")), ("kind", string(enumValues: ScreeningListKind.allCases.map(\.rawValue))), ("source", string()),
                ("publishedOn", string(format: "date")), ("files", ["type": "array", "items": object([("name", string()), ("sha256", string())])]),
                ("entryCount", ["type": "integer"]), ("threshold", ["type": "number", "minimum": 0, "maximum": 1, "description": "The score from which a name is raised as a hit (0.5 to 1)"]), ("importedBy", string(nullable: true)),
                ("importedAt", string(format: "date-time")), ("current", ["type": "boolean"]), ("supersededAt", string(format: "date-time", nullable: true)),
            ]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
