import Foundation

/// How binding a criterion is. CBP: a *Must* is mandatory; a *Should* is expected too and is not
/// to be treated as an optional best practice, but it is not a condition of certification.
public enum CriterionLevel: String, CaseIterable, Sendable, Hashable, Comparable {
    case must
    case should

    /// Parses `Must`, `must`, ` SHOULD ` (case-insensitive, trimmed).
    public init?(text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The word as CBP prints it: `Must` or `Should`.
    public var title: String { self == .must ? "Must" : "Should" }

    /// Key of the level's display name in the localization files.
    public var nameKey: String { "criterion_level.\(rawValue)" }

    public static func < (lhs: CriterionLevel, rhs: CriterionLevel) -> Bool {
        lhs == .must && rhs == .should
    }
}
