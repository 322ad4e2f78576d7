import Foundation

/// What an answer to an eligibility question does.
public enum EligibilityEffect: String, CaseIterable, Sendable, Hashable {
    /// The answer must be "yes"; "no" makes the company not eligible, for the question's reason.
    case required
    /// A "yes" makes the company not eligible, for the question's reason.
    case disqualifying
    /// A "yes" means the company may join only by CBP's invitation, for the question's reason.
    case invitation

    /// Parses `required`, `Disqualifying`, ` invitation ` (case-insensitive, trimmed).
    public init?(text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
