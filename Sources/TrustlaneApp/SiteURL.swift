import Foundation
import TrustlaneCore

/// Every path of the site in one place: routes, links and redirects all come from here.
package enum SiteURL {
    static let home = "/"
    static let setUp = "/setup"
    static let signIn = "/sign-in"
    static let passwordForgot = "/password/forgot"
    static let glossary = "/glossary"
    static let portfolio = "/portfolio"
    static func passwordReset(_ token: String) -> String { "/password/reset/\(token)" }
    static let signOut = "/sign-out"
    static let account = "/account"
    static let accountPassword = "/account/password"
    static let accountLanguage = "/account/language"
    static let accountTimeZone = "/account/time-zone"
    static let accountTokens = "/account/tokens"
    static let accountCalendar = "/account/calendar"
    static let accountCalendarRevoke = "/account/calendar/revoke"
    static let accountDigest = "/account/digest"
    static func calendarFeed(_ token: String) -> String { "/calendar/\(token).ics" }
    static let switchCompany = "/switch-company"
    static let adminCompanies = "/admin/companies"
    static let adminNewCompany = "/admin/companies/new"
    static let adminUsers = "/admin/users"
    static let adminAudit = "/admin/audit"
    static let adminAuditVerify = "/admin/audit/verify"
    static var stylesheet: String { Stylesheet.link }
    static let catalog = "/catalog"
    static let catalogDiff = "/catalog/diff"

    static func signIn(next: String?) -> String {
        guard let next, next != "/", isLocal(next),
              let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) else {
            return signIn
        }
        return "\(signIn)?next=\(encoded)"
    }

    /// Only same-site paths may be redirect targets (Core's `LocalRedirect` decides).
    static func isLocal(_ path: String) -> Bool { LocalRedirect.isLocal(path) }

    static func company(_ id: CompanyID) -> String { "/companies/\(id)" }
    static func companyEdit(_ id: CompanyID) -> String { "/companies/\(id)/edit" }
    static func companyInvitations(_ id: CompanyID) -> String { "/companies/\(id)/invitations" }
    static func companyAudit(_ id: CompanyID) -> String { "/companies/\(id)/audit" }
    static func criterion(_ catalogID: String, _ id: CriterionID) -> String { "/catalog/\(catalogID)/criteria/\(id.rawValue)" }
    static func companyEligibility(_ id: CompanyID) -> String { "/companies/\(id)/eligibility" }
    static func companyEligibility(_ id: CompanyID, _ type: EntityType) -> String { "/companies/\(id)/eligibility/\(type.code)" }
    static func companyCriteria(_ id: CompanyID, types: [EntityType]) -> String {
        "/catalog?" + types.map { "entity=\($0.code)" }.joined(separator: "&")
    }
    static func invitation(_ token: String) -> String { "/invitations/\(token)" }
    static func companyInvitation(_ company: CompanyID, _ invitation: UUID) -> String {
        "/companies/\(company)/invitations/\(invitation.uuidString.lowercased())"
    }
    static func revokeToken(_ id: UUID) -> String { "/account/tokens/\(id.uuidString.lowercased())/revoke" }
    static func userRoles(_ id: UUID) -> String { "/admin/users/\(id.uuidString.lowercased())/roles" }
}
