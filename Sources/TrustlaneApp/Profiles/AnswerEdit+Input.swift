import Foundation
import TrustlaneCore

extension AnswerEdit {
    /// Builds the domain's edit from a form or an API body; unknown values are reported by field.
    static func parse(criterion: CriterionID, status: String?, narrative: String?, reason: String?, responsible: String?,
                      evidence: [String]?, baseVersion: Int?) throws -> AnswerEdit {
        var errors: [FieldError] = []
        let parsed = status.flatMap(AnswerStatus.init(text:))
        if parsed == nil {
            errors.append(FieldError(field: "status", messageKey: "profile.error.status_unknown",
                                     message: "status must be one of \(AnswerStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        var evidenceIDs: [EvidenceID] = []
        for raw in evidence ?? [] {
            if let id = UUID(uuidString: raw) { evidenceIDs.append(EvidenceID(id)) } else {
                errors.append(FieldError(field: "evidence", messageKey: "profile.error.evidence_unknown", message: "evidence '\(raw.prefix(40))' is not an evidence id"))
            }
        }
        if baseVersion == nil || baseVersion! < 0 {
            errors.append(FieldError(field: "base_version", messageKey: "error.required", message: "base_version (the version the edit starts from) is required"))
        }
        guard errors.isEmpty, let parsed, let baseVersion else { throw ValidationFailure(errors) }
        return AnswerEdit(criterionID: criterion, status: parsed, narrative: narrative, notApplicableReason: reason, responsible: responsible,
                          evidenceIDs: evidenceIDs, baseVersion: baseVersion)
    }
}
