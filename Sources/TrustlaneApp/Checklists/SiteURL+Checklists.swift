import Foundation
import TrustlaneCore

extension SiteURL {
    static func companyChecklists(_ company: CompanyID) -> String { inspections(company) + "/checklists" }
    static func newCompanyChecklist(_ company: CompanyID, from key: String? = nil) -> String {
        companyChecklists(company) + "/new" + (key.map { "?from=" + $0 } ?? "")
    }
    static func companyChecklist(_ company: CompanyID, _ key: String, version: Int? = nil) -> String {
        companyChecklists(company) + "/" + key + (version.map { "?version=\($0)" } ?? "")
    }
    static func companyChecklistEdit(_ company: CompanyID, _ key: String) -> String { companyChecklist(company, key) + "/edit" }
    static func companyChecklistRetire(_ company: CompanyID, _ key: String) -> String { companyChecklist(company, key) + "/retire" }
}
