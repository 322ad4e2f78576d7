import Foundation
import TrustlaneCore

extension SiteURL {
    static func incidents(_ company: CompanyID) -> String { "/companies/\(company)/incidents" }
    static func newIncident(_ company: CompanyID) -> String { incidents(company) + "/new" }
    static func incident(_ company: CompanyID, _ id: IncidentID) -> String { incidents(company) + "/\(id)" }
    static func incidentFile(_ company: CompanyID, _ id: IncidentID, _ file: UUID) -> String { incident(company, id) + "/files/\(file.uuidString.lowercased())" }
    static func incidentReport(_ company: CompanyID, _ id: IncidentID) -> String { incident(company, id) + "/report" }
    static func incidentSettings(_ company: CompanyID) -> String { incidents(company) + "/anonymous-link" }
    static func incidentPoster(_ company: CompanyID) -> String { incidentSettings(company) + "/poster" }
    static func anonymousReport(_ key: String) -> String { "/report/\(key)" }
    static func anonymousFollowUp(_ key: String) -> String { "/report/\(key)/follow-up" }
}
