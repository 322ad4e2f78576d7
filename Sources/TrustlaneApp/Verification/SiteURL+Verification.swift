import Foundation
import TrustlaneCore

/// Status verification, webhook and outbox paths.
extension SiteURL {
    static let adminOutbox = "/admin/outbox"

    static func verifyLink(_ token: String) -> String { "/verify/\(token)" }
    static func companyVerification(_ id: CompanyID) -> String { "/companies/\(id)/verification" }
    static func verificationLinks(_ id: CompanyID) -> String { "/companies/\(id)/verification/links" }
    static func revokeVerificationLink(_ id: CompanyID, _ link: VerificationLinkID) -> String { "/companies/\(id)/verification/links/\(link)/revoke" }
    static func monitoringRequests(_ id: CompanyID) -> String { "/companies/\(id)/verification/monitoring" }
    static func monitoringDecision(_ id: CompanyID, _ connection: MonitoringConnectionID, _ decision: String) -> String {
        "/companies/\(id)/verification/monitoring/\(connection)/\(decision)"
    }
    static func monitoredCompany(_ id: CompanyID, _ member: CompanyID) -> String { "/companies/\(id)/verification/monitored/\(member)" }
    static func companyWebhook(_ id: CompanyID) -> String { "/companies/\(id)/webhook" }
}
