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
    static func partnerQuestionnaires(_ company: CompanyID, _ id: UUID) -> String { partner(company, id) + "/questionnaires" }
    static func partnerQuestionnaire(_ company: CompanyID, _ partner: UUID, _ id: UUID) -> String {
        partnerQuestionnaires(company, partner) + "/\(id.uuidString.lowercased())"
    }
    static func partnerQuestionnaireFile(_ company: CompanyID, _ partner: UUID, _ id: UUID, _ file: UUID) -> String {
        partnerQuestionnaire(company, partner, id) + "/files/\(file.uuidString.lowercased())"
    }
    /// The partner's side of a questionnaire: the secret token is the credential.
    static func questionnaireLink(_ token: String) -> String { "/q/\(token)" }
}
