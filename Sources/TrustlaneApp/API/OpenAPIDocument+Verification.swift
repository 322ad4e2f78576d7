import Foundation
import TrustlaneCore

/// Status verification in the API description.
extension OpenAPIDocument {
    static var verificationSection: Section {
        let companyID = pathParameter("companyID")
        let conflict: (String, JSONValue) = ("409", ["description": "Not possible in the current state (e.g. the member is not certified)", "content": json(ref("Error"))])
        let decisions = StatusVerificationService.Decision.allCases.map(\.rawValue)
        let statuses = VerifiedStatus.allCases.map(\.rawValue)
        let tiers = Tier.allCases.map(\.rawValue)
        let paths: JSONValue = [
            "/api/v1/companies/{companyID}/verification": [
                "get": operation("getVerification", "The company's standing, verification links and monitoring requests both ways (officers, coordinators)",
                                 tag: "verification", parameters: [companyID], response: ref("VerificationOverview")),
            ],
            "/api/v1/companies/{companyID}/verification/links": [
                "post": operation("issueVerificationLink", "Issue a verification link for a membership in good standing; the token is returned once",
                                  tag: "verification", parameters: [companyID], body: ref("IssueVerificationLinkRequest"), status: "201",
                                  response: ref("IssuedVerificationLink"), extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/verification/links/{linkID}/revoke": [
                "post": operation("revokeVerificationLink", "Revoke a link; it answers 404 from then on", tag: "verification",
                                  parameters: [companyID, pathParameter("linkID")], response: ref("VerificationLink")),
            ],
            "/api/v1/companies/{companyID}/verification/monitoring": [
                "post": operation("requestMonitoring", "Ask to monitor a certified company's status (this company becomes the partner)", tag: "verification",
                                  parameters: [companyID], body: ref("RequestMonitoringRequest"), status: "201", response: ref("MonitoringConnection"),
                                  extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/verification/monitoring/{connectionID}/{decision}": [
                "post": operation("decideMonitoring", "Accept or decline a request to monitor this company, or remove a connection (either side)",
                                  tag: "verification", parameters: [companyID, pathParameter("connectionID"), pathParameter("decision", enumValues: decisions)],
                                  response: ref("MonitoringConnection"), extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/verification/monitored/{memberCompanyID}": [
                "get": operation("getMonitoredStatus", "The status and tier of a company that accepted this company's monitoring request (404 otherwise)",
                                 tag: "verification", parameters: [companyID, pathParameter("memberCompanyID")], response: arrayOf("PartnerStatus")),
            ],
        ]
        let connection = object([
            ("id", string(format: "uuid")), ("partnerCompanyId", string(format: "uuid")), ("memberCompanyId", string(format: "uuid")),
            ("status", string(enumValues: MonitoringStatus.allCases.map(\.rawValue))), ("requestedAt", string(format: "date-time")),
            ("decidedAt", string(format: "date-time", nullable: true)),
        ], required: ["id", "partnerCompanyId", "memberCompanyId", "status", "requestedAt"])
        let link = object([
            ("id", string(format: "uuid")), ("createdAt", string(format: "date-time")), ("expiresAt", string(format: "date-time", nullable: true)),
            ("revokedAt", string(format: "date-time", nullable: true)), ("active", ["type": "boolean"]),
        ], required: ["id", "createdAt", "active"])
        let schemas: JSONValue = [
            "VerificationOverview": object([
                ("standing", ["type": "array", "items": object([("entityType", string()), ("status", string(enumValues: statuses)),
                                                                ("tier", ["type": ["string", "null"], "enum": .array(tiers.map(JSONValue.string) + [.null])])],
                                                               required: ["entityType", "status"])]),
                ("links", arrayOf("VerificationLink")), ("incoming", arrayOf("MonitoringConnection")), ("outgoing", arrayOf("MonitoringConnection")),
            ], required: ["standing", "links", "incoming", "outgoing"]),
            "VerificationLink": link,
            "IssueVerificationLinkRequest": object([("entityType", string(enumValues: EntityType.allCases.map(\.code)))], required: ["entityType"]),
            "IssuedVerificationLink": object([("id", string(format: "uuid")), ("token", string()), ("url", string()),
                                              ("expiresAt", string(format: "date-time", nullable: true))], required: ["id", "token", "url"]),
            "RequestMonitoringRequest": object([("memberCompanyId", string(format: "uuid"))], required: ["memberCompanyId"]),
            "MonitoringConnection": connection,
            "PartnerStatus": object([("companyName", string()), ("entityType", string()), ("status", string(enumValues: statuses)),
                                     ("tier", ["type": ["string", "null"], "enum": .array(tiers.map(JSONValue.string) + [.null])]),
                                     ("statusDate", string(format: "date", nullable: true))], required: ["companyName", "entityType", "status"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
