import Foundation

/// Checks an answer edit against its criterion and the company's condition answers. Pure: the
/// caller loads the criterion (via `ProfileScope`) and the conditions, and saves nothing unless
/// this passes. Errors name the form fields `status`, `narrative`, `not_applicable_reason`,
/// `responsible`, `evidence` and `criterion`.
public enum AnswerRules {
    /// Longest narrative, in characters.
    public static let narrativeMaxLength = 10_000
    /// Longest not-applicable reason, in characters.
    public static let reasonMaxLength = 2_000
    /// Longest responsible person's name, in characters.
    public static let responsibleMaxLength = 200
    /// Most evidence files linked to one criterion.
    public static let maxEvidencePerCriterion = 100

    /// Validates an edit of a criterion in the profile's scope. Criteria the company's "no"
    /// excluded may still be edited (their answers come back if the condition changes);
    /// criteria outside the profile's entity types are refused.
    public static func validate(_ edit: AnswerEdit, in scope: ProfileScope) throws(ValidationFailure) -> ValidatedAnswerEdit {
        guard let criterion = scope.criterion(edit.criterionID)?.criterion
            ?? scope.excluded.first(where: { $0.id == edit.criterionID })?.criterion else {
            throw ValidationFailure([ProfileMessage.criterionNotInProfile.fieldError(
                "criterion", ["criterion": edit.criterionID.rawValue])])
        }
        return try validate(edit, criterion: criterion, conditions: scope.conditions)
    }

    /// Validates an edit of one criterion; throws every problem found at once.
    public static func validate(_ edit: AnswerEdit, criterion: Criterion,
                                conditions: ConditionAnswers) throws(ValidationFailure) -> ValidatedAnswerEdit {
        var errors: [FieldError] = []
        if edit.criterionID != criterion.id {
            errors.append(ProfileMessage.criterionNotInProfile.fieldError("criterion", ["criterion": edit.criterionID.rawValue]))
        }
        let narrative = ProfileText.check(edit.narrative, field: "narrative", max: narrativeMaxLength, multiline: true,
                                          required: edit.status.requiresNarrative ? .narrativeRequired : nil,
                                          into: &errors)
        var reason = ""
        // Any criterion may be answered not applicable, with a reason. On a Must that is a claim
        // the program decides (`NotApplicableClaims`): CBP's MSC for U.S. customs brokers (March
        // 2020) tells brokers to "simply ... let CTPAT know when a specific criterion is not
        // applicable" to their business model. A Must whose condition was answered "no" is out of
        // the profile's scope instead, and needs no answer at all.
        if edit.status == .notApplicable {
            reason = ProfileText.check(edit.notApplicableReason, field: "not_applicable_reason", max: reasonMaxLength,
                                       multiline: true, required: .reasonRequired, into: &errors)
        }
        let responsible = ProfileText.check(edit.responsible, field: "responsible", max: responsibleMaxLength,
                                            multiline: false, required: nil, into: &errors)
        var seen: Set<EvidenceID> = []
        let evidence = edit.evidenceIDs.filter { seen.insert($0).inserted }
        if evidence.count > maxEvidencePerCriterion {
            errors.append(ProfileMessage.tooMuchEvidence.fieldError("evidence", ["max": String(maxEvidencePerCriterion)]))
        }
        if edit.baseVersion < 0 {
            errors.append(ProfileMessage.badVersion.fieldError("version"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return ValidatedAnswerEdit(criterionID: criterion.id, status: edit.status, narrative: narrative,
                                   notApplicableReason: reason, responsible: responsible, evidenceIDs: evidence,
                                   baseVersion: edit.baseVersion)
    }
}
