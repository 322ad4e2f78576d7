import Foundation

/// What an answer to an eligibility question does.
public enum EligibilityEffect: String, CaseIterable, Sendable, Hashable {
    /// The answer must be "yes"; "no" makes the company not eligible, for the question's reason.
    case required
    /// A "yes" makes the company not eligible, for the question's reason.
    case disqualifying
    /// A "yes" means the company may join only by CBP's invitation, for the question's reason.
    case invitation
    /// Neither answer rules the company in or out: the answer only decides which questions
    /// follow (`asked_if`), e.g. "Is the company based in Mexico?".
    case branching

    /// Parses `required`, `Disqualifying`, ` invitation ` (case-insensitive, trimmed).
    public init?(text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
