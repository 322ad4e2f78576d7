import Foundation

/// A yes/no fact about a company that decides whether a conditional criterion applies to it,
/// such as "Does the company use security cameras?". A company answers each condition once and
/// every criterion sharing the condition follows that answer. The catalog holds only the
/// question; the answer belongs to the company's profile.
public struct ApplicabilityCondition: Hashable, Sendable, Identifiable {
    /// A stable snake_case id (`uses_security_cameras`).
    public let id: String
    /// The question put to the company; a "yes" makes the criterion apply.
    public let question: String

    public init(id: String, question: String) {
        self.id = id
        self.question = question
    }
}
