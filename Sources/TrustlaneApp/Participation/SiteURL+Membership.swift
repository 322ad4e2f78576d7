import Foundation
import TrustlaneCore

/// The lifecycle's paths.
extension SiteURL {
    static let reviewQueue = "/review"
    static let reviewOverview = "/review/overview"
    static let reviewQueueCSV = "/review/queue.csv"
    static let reviewOverviewCSV = "/review/overview.csv"
    static let notifications = "/notifications"
    static let notificationsReadAll = "/notifications/read-all"

    static func companyMembership(_ id: CompanyID) -> String { "/companies/\(id)/membership" }
    static func membershipTransitions(_ id: CompanyID, _ type: EntityType) -> String { "/companies/\(id)/membership/\(type.code)/transitions" }
    static func membershipReview(_ id: CompanyID, _ type: EntityType) -> String { "/companies/\(id)/membership/\(type.code)/review" }
    static func membershipFindings(_ id: CompanyID, _ type: EntityType) -> String { "/companies/\(id)/membership/\(type.code)/findings" }
    static func findingResponse(_ id: CompanyID, _ type: EntityType, _ finding: FindingID) -> String {
        "/companies/\(id)/membership/\(type.code)/findings/\(finding)/response"
    }
    static func findingClose(_ id: CompanyID, _ type: EntityType, _ finding: FindingID) -> String {
        "/companies/\(id)/membership/\(type.code)/findings/\(finding)/close"
    }
    static func validationReport(_ id: CompanyID, _ type: EntityType, _ validation: UUID) -> String {
        "/companies/\(id)/membership/\(type.code)/validations/\(validation.uuidString.lowercased())/report"
    }
    static func notificationRead(_ id: UUID) -> String { "/notifications/\(id.uuidString.lowercased())/read" }
}
