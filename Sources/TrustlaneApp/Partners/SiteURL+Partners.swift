import Foundation
import TrustlaneCore

extension SiteURL {
    package static func partners(_ company: CompanyID) -> String { "/companies/\(company)/partners" }
    static func partnersCSV(_ company: CompanyID) -> String { "/companies/\(company)/partners.csv" }
    static func newPartner(_ company: CompanyID) -> String { partners(company) + "/new" }
    static func partner(_ company: CompanyID, _ id: UUID) -> String { partners(company) + "/\(id.uuidString.lowercased())" }
    static func partnerEdit(_ company: CompanyID, _ id: UUID) -> String { partner(company, id) + "/edit" }
    static func partnerStatus(_ company: CompanyID, _ id: UUID) -> String { partner(company, id) + "/status" }
    static func partnerImport(_ company: CompanyID) -> String { partners(company) + "/import" }
    static func partnerImport(_ company: CompanyID, _ id: UUID) -> String { partnerImport(company) + "/\(id.uuidString.lowercased())" }
    static func partnerImportErrors(_ company: CompanyID, _ id: UUID) -> String { partnerImport(company, id) + "/errors.csv" }
}
