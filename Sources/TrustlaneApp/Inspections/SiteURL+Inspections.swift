import Foundation
import TrustlaneCore

extension SiteURL {
    package static func inspections(_ company: CompanyID) -> String { "/companies/\(company)/inspections" }
    static func newInspection(_ company: CompanyID, checklist: String? = nil) -> String {
        // Checklist keys are lower-case letters, digits and '-' (the loader refuses others).
        inspections(company) + "/new" + (checklist.map { "?checklist=" + $0 } ?? "")
    }
    static func inspectionSummary(_ company: CompanyID) -> String { inspections(company) + "/summary" }
    static func inspectionPack(_ company: CompanyID) -> String { inspections(company) + "/pack" }
    static func inspectionSettings(_ company: CompanyID) -> String { inspections(company) + "/settings" }
    static func inspection(_ company: CompanyID, _ id: InspectionID) -> String { inspections(company) + "/\(id)" }
    static func inspectionSignOff(_ company: CompanyID, _ id: InspectionID) -> String { inspection(company, id) + "/sign-off" }
    static func inspectionPhoto(_ company: CompanyID, _ id: InspectionID, _ evidence: UUID) -> String {
        inspection(company, id) + "/photos/\(evidence.uuidString.lowercased())"
    }
    static func inspectionCorrection(_ company: CompanyID, _ id: InspectionID) -> String { inspection(company, id) + "/correct" }
}
