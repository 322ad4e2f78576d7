import Foundation

/// A company's yes/no answers to eligibility questions, keyed by question id. Unanswered
/// questions are absent. Encodes as a JSON object (`{"question_id": true}`).
public struct EligibilityAnswers: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    /// The answers given so far.
    public private(set) var values: [EligibilityQuestionID: Bool]

    public init(_ values: [EligibilityQuestionID: Bool] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (EligibilityQuestionID, Bool)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The answer to a question, or `nil` while it is unanswered. Setting `nil` clears it.
    public subscript(id: EligibilityQuestionID) -> Bool? {
        get { values[id] }
        set { values[id] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: Bool].self)
        values = Dictionary(uniqueKeysWithValues: raw.map { (EligibilityQuestionID($0.key), $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
    }
}
