import Foundation

/// The result of an eligibility check for one company and entity type.
public enum EligibilityOutcome: Hashable, Sendable {
    /// Every requirement is met.
    case eligible
    /// At least one answer rules the company out; the reasons say which, in question order.
    case notEligible(reasons: [String])
    /// No answer rules the company out, but the program admits it only by CBP's invitation.
    case needsInvitation(reasons: [String])
    /// Some questions that matter are unanswered, in question order.
    case incomplete(missing: [EligibilityQuestionID])

    /// The outcome's kind, for storage.
    public var status: EligibilityStatus {
        switch self {
        case .eligible: .eligible
        case .notEligible: .notEligible
        case .needsInvitation: .needsInvitation
        case .incomplete: .incomplete
        }
    }

    /// The reasons to show, empty for `eligible` and `incomplete`.
    public var reasons: [String] {
        switch self {
        case .notEligible(let reasons), .needsInvitation(let reasons): reasons
        case .eligible, .incomplete: []
        }
    }
}
