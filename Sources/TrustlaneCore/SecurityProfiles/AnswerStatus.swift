import Foundation

/// How a company answers one criterion of its security profile. Raw values are snake_case and
/// are what the database, the API and form fields carry.
public enum AnswerStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// Nothing chosen yet: the state of every criterion in a new profile.
    case unanswered
    /// The company meets the criterion.
    case meets
    /// The company meets part of the criterion.
    case partly
    /// The company does not meet the criterion yet.
    case notYet = "not_yet"
    /// The criterion does not apply to the company; a reason is required.
    case notApplicable = "not_applicable"

    /// Parses a raw value case-insensitively, trimming spaces; also accepts `not-yet` and
    /// `not yet` as people type them.
    public init?(text: String) {
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        self.init(rawValue: folded)
    }

    /// Counts towards completion: the criterion is met or does not apply.
    public var isComplete: Bool { self == .meets || self == .notApplicable }

    /// A gap: answered or not, the criterion is neither met nor inapplicable.
    public var isGap: Bool { !isComplete }

    /// Whether an answer with this status must describe how the company meets the criterion.
    public var requiresNarrative: Bool { self == .meets || self == .partly }

    /// Key of the status' display name in the localization files.
    public var nameKey: String { "answer_status.\(rawValue)" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .unanswered: "Unanswered"
        case .meets: "Meets"
        case .partly: "Partly meets"
        case .notYet: "Not yet"
        case .notApplicable: "Not applicable"
        }
    }

    /// Position in `allCases`, for counting into fixed-size arrays without hashing.
    var ordinal: Int {
        switch self {
        case .unanswered: 0
        case .meets: 1
        case .partly: 2
        case .notYet: 3
        case .notApplicable: 4
        }
    }
}
