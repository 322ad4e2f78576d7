import Foundation
import TrustlaneCore

extension SiteURL {
    static func seals(_ company: CompanyID) -> String { "/companies/\(company)/seals" }
    static func sealFind(_ company: CompanyID) -> String { seals(company) + "/find" }
    static func seal(_ company: CompanyID, _ number: SealNumber) -> String { seals(company) + "/\(number.rawValue)" }
    static func sealBatches(_ company: CompanyID) -> String { seals(company) + "/batches" }
    static func newSealBatch(_ company: CompanyID) -> String { sealBatches(company) + "/new" }
    static func sealBatch(_ company: CompanyID, _ id: UUID) -> String { sealBatches(company) + "/\(id.uuidString.lowercased())" }
    static func sealBatchCertificate(_ company: CompanyID, _ id: UUID) -> String { sealBatch(company, id) + "/certificate" }
    static func sealIssue(_ company: CompanyID) -> String { seals(company) + "/issue" }
    static func sealLog(_ company: CompanyID) -> String { seals(company) + "/log" }
    static func sealAudit(_ company: CompanyID) -> String { seals(company) + "/audit" }
}
