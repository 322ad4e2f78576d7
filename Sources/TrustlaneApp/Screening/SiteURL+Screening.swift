import Foundation
import TrustlaneCore

extension SiteURL {
    static let adminScreeningLists = "/admin/screening-lists"
    static func screening(_ company: CompanyID) -> String { "/companies/\(company)/screening" }
    static func screeningDecision(_ company: CompanyID, _ hit: UUID) -> String { screening(company) + "/hits/\(hit.uuidString.lowercased())/decision" }
}
