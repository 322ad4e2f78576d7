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
        if edit.status == .notApplicable, let problem = notApplicableProblem(criterion, conditions: conditions) {
            errors.append(problem)
        }
        let narrative = ProfileText.check(edit.narrative, field: "narrative", max: narrativeMaxLength, multiline: true,
                                          required: edit.status.requiresNarrative ? .narrativeRequired : nil,
                                          into: &errors)
        var reason = ""
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

    /// Whether the criterion may be marked not applicable, and why not. A Should always may
    /// (with a reason). A Must only when the company answered its applicability condition
    /// "no", which takes it out of the profile anyway; otherwise the company must meet it.
    public static func notApplicableProblem(_ criterion: Criterion, conditions: ConditionAnswers) -> FieldError? {
        guard criterion.level == .must else { return nil }
        guard let condition = criterion.condition else {
            return ProfileMessage.mustNotApplicable.fieldError("status", ["criterion": criterion.id.rawValue])
        }
        if conditions[condition.id] == false { return nil }
        return ProfileMessage.mustConditionNotNo.fieldError("status", ["criterion": criterion.id.rawValue,
                                                                        "question": condition.question])
    }

    /// Whether the criterion may be marked not applicable at all, for showing or hiding the choice.
    public static func allowsNotApplicable(_ criterion: Criterion, conditions: ConditionAnswers) -> Bool {
        notApplicableProblem(criterion, conditions: conditions) == nil
    }
}
