import Foundation
import TrustlaneCore

extension SiteURL {
    static func profile(_ id: CompanyID) -> String { "/companies/\(id)/profile" }
    static func profileUpgrade(_ id: CompanyID) -> String { "/companies/\(id)/profile/upgrade" }
    static func profileConditions(_ id: CompanyID) -> String { "/companies/\(id)/profile/conditions" }
    static func profileCriteria(_ id: CompanyID) -> String { "/companies/\(id)/profile/criteria" }
    static func profileCriterion(_ id: CompanyID, _ criterion: CriterionID) -> String { profileCriteria(id) + "/\(criterion.rawValue)" }
    static func profileComments(_ id: CompanyID, _ criterion: CriterionID) -> String { "/companies/\(id)/profile/criteria/\(criterion.rawValue)/comments" }
    static func profileClaimDecision(_ id: CompanyID, _ criterion: CriterionID) -> String { "/companies/\(id)/profile/criteria/\(criterion.rawValue)/not-applicable-decision" }
    static func profileCloseComment(_ id: CompanyID, _ comment: UUID) -> String { "/companies/\(id)/profile/comments/\(comment.uuidString.lowercased())/close" }
    static func profileEvidence(_ id: CompanyID) -> String { "/companies/\(id)/profile/evidence" }
    static func profileEvidenceFile(_ id: CompanyID, _ file: UUID) -> String { "/companies/\(id)/profile/evidence/\(file.uuidString.lowercased())" }
    static func profileGaps(_ id: CompanyID) -> String { "/companies/\(id)/profile/gaps" }
    static func profileGapsCSV(_ id: CompanyID) -> String { "/companies/\(id)/profile/gaps.csv" }
    static func profileSubmit(_ id: CompanyID) -> String { "/companies/\(id)/profile/submit" }
    static func profileSnapshots(_ id: CompanyID) -> String { "/companies/\(id)/profile/snapshots" }
    static func profileSnapshot(_ id: CompanyID, _ snapshot: UUID) -> String { "/companies/\(id)/profile/snapshots/\(snapshot.uuidString.lowercased())" }
    static func profileAcceptUnchanged(_ id: CompanyID) -> String { "/companies/\(id)/profile/review/accept-unchanged" }
    static func profilePrint(_ id: CompanyID) -> String { "/companies/\(id)/profile/print" }
    static func profileCSV(_ id: CompanyID) -> String { "/companies/\(id)/profile.csv" }
    static func profileJSON(_ id: CompanyID) -> String { "/companies/\(id)/profile.json" }
    static func actions(_ id: CompanyID) -> String { "/companies/\(id)/actions" }
    static func actionStatus(_ id: CompanyID, _ action: UUID) -> String { "/companies/\(id)/actions/\(action.uuidString.lowercased())/status" }
}
