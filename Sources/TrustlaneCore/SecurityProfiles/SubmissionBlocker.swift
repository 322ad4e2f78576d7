import Foundation

/// One reason a security profile cannot be submitted yet. `SubmissionRules` returns all of them
/// at once so the person sees everything to fix.
public enum SubmissionBlocker: Hashable, Sendable {
    /// Only the company officer submits.
    case notOfficer
    /// The officer did not confirm the declaration.
    case declarationNotConfirmed
    /// The profile holds no criteria (no entity type chosen, or nothing applies).
    case emptyProfile
    /// These applicable Musts have no answer.
    case unansweredMusts([CriterionID])
    /// A reviewer rejected "not applicable" on these Musts, and the company has not answered them
    /// again since (a claim still awaiting a decision does not block: see `NotApplicableClaims`).
    case rejectedNotApplicableClaims([CriterionID])

    /// The message for this blocker.
    public var message: ProfileMessage {
        switch self {
        case .notOfficer: .submitNotOfficer
        case .declarationNotConfirmed: .submitDeclaration
        case .emptyProfile: .submitEmpty
        case .unansweredMusts: .submitUnansweredMusts
        case .rejectedNotApplicableClaims: .submitRejectedClaims
        }
    }

    /// The form field or topic the blocker concerns: `role`, `declaration` or `answers`.
    public var field: String {
        switch self {
        case .notOfficer: "role"
        case .declarationNotConfirmed: "declaration"
        case .emptyProfile, .unansweredMusts, .rejectedNotApplicableClaims: "answers"
        }
    }

    /// The criteria concerned, sorted by id; empty for the others.
    public var criterionIDs: [CriterionID] {
        switch self {
        case .unansweredMusts(let ids), .rejectedNotApplicableClaims(let ids): ids
        default: []
        }
    }

    /// The blocker as a field error, with `count` and `criteria` (comma-separated ids) arguments.
    public var fieldError: FieldError {
        let ids = criterionIDs
        let arguments = ids.isEmpty ? [:] : ["count": String(ids.count), "criteria": ids.map(\.rawValue).joined(separator: ", ")]
        return message.fieldError(field, arguments)
    }
}
