import Foundation

/// A company's yes/no answers to the catalog's applicability conditions ("Does the company use
/// security cameras?"), by condition id. A missing id means the question is not answered yet.
/// Stored once per profile; every criterion sharing a condition follows its answer.
public struct ConditionAnswers: Hashable, Sendable, Codable {
    /// The answers by condition id: `true` for yes, `false` for no.
    public private(set) var values: [String: Bool]

    public init(_ values: [String: Bool] = [:]) {
        self.values = values
    }

    /// The answer to a condition, `nil` when not answered.
    public subscript(conditionID: String) -> Bool? {
        get { values[conditionID] }
        set { values[conditionID] = newValue }
    }

    /// Whether the company's "no" to the criterion's condition takes it out of the profile.
    public func excludes(_ criterion: Criterion) -> Bool {
        guard let condition = criterion.condition else { return false }
        return values[condition.id] == false
    }

    /// Whether the criterion depends on a condition the company has not answered yet.
    public func isPending(_ criterion: Criterion) -> Bool {
        guard let condition = criterion.condition else { return false }
        return values[condition.id] == nil
    }

    /// Reads a form or JSON body of `condition id -> yes/no` (also `true/false`, `1/0`; an
    /// empty value clears the answer), checking every id against the catalog's conditions.
    /// Errors name the field `condition.<id>`.
    public static func parse(_ fields: [String: String], conditions: [ApplicabilityCondition]) throws(ValidationFailure)
        -> ConditionAnswers {
        let known = Set(conditions.map(\.id))
        var values: [String: Bool] = [:]
        var errors: [FieldError] = []
        for (id, raw) in fields.sorted(by: { $0.key < $1.key }) {
            guard known.contains(id) else {
                errors.append(ProfileMessage.unknownCondition.fieldError("condition.\(String(id.prefix(64)))"))
                continue
            }
            switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
            case "yes", "true", "1": values[id] = true
            case "no", "false", "0": values[id] = false
            case "": continue
            default: errors.append(ProfileMessage.conditionYesNo.fieldError("condition.\(id)"))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return ConditionAnswers(values)
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: Bool].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
