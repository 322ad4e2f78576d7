import Foundation
import TrustlaneCore

extension SiteURL {
    static func risk(_ company: CompanyID) -> String { "/companies/\(company)/risk" }
    package static func riskAssessment(_ company: CompanyID, _ id: UUID) -> String { "/companies/\(company)/risk/\(id.uuidString.lowercased())" }
    static func riskReport(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/report" }
    static func riskCompare(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/compare" }
    static func riskDocument(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/document" }
    static func riskThreats(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/threats" }
    static func riskActions(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/actions" }
    static func riskChains(_ company: CompanyID, _ id: UUID) -> String { riskAssessment(company, id) + "/chains" }
    static func riskNewChain(_ company: CompanyID, _ id: UUID) -> String { riskChains(company, id) + "/new" }
    static func riskImport(_ company: CompanyID, _ id: UUID) -> String { riskChains(company, id) + "/import" }
    package static func riskChain(_ company: CompanyID, _ id: UUID, _ chain: SupplyChainID) -> String { riskChains(company, id) + "/\(chain)" }
    static func riskChainEdit(_ company: CompanyID, _ id: UUID, _ chain: SupplyChainID) -> String { riskChain(company, id, chain) + "/edit" }
    static func riskChainDelete(_ company: CompanyID, _ id: UUID, _ chain: SupplyChainID) -> String { riskChain(company, id, chain) + "/delete" }
    static func riskChainCSV(_ company: CompanyID, _ id: UUID, _ chain: SupplyChainID) -> String { riskChain(company, id, chain) + "/csv" }
    static func riskVulnerabilities(_ company: CompanyID, _ id: UUID, _ chain: SupplyChainID) -> String {
        riskChain(company, id, chain) + "/vulnerabilities"
    }
}
