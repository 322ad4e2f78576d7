import Foundation

/// The levels threats and vulnerabilities are rated on, each with a numeric value; risk is the
/// product of two values (see `RiskScoring`). CBP's guide rates on three levels; the exact
/// numbers are not prescribed, so the scale is configurable and saved with each assessment.
///
/// Values must rise strictly from the lowest level and be positive, so that a higher rating can
/// never lower a product.
public struct RiskScale: Hashable, Sendable, Codable {
    /// One level: a key (`high`, stored with ratings) and its numeric value.
    public struct Level: Hashable, Sendable, Codable {
        public let key: String
        public let value: Int

        public init(key: String, value: Int) {
            self.key = key
            self.value = value
        }
    }

    /// The levels from lowest to highest.
    public let levels: [Level]
    /// The values by rank, for arithmetic without look-ups.
    let values: [Int]

    /// Builds a scale without checks; use `validate(_:)` for levels a person typed.
    init(unchecked levels: [Level]) {
        self.levels = levels
        self.values = levels.map(\.value)
    }

    /// CBP's three levels: low = 1, medium = 2, high = 3.
    public static let standard = RiskScale(unchecked: [
        Level(key: "low", value: 1), Level(key: "medium", value: 2), Level(key: "high", value: 3),
    ])

    /// A five-level scale (very low = 1 ... very high = 5) for companies that want finer grades.
    public static let fiveLevel = RiskScale(unchecked: [
        Level(key: "very_low", value: 1), Level(key: "low", value: 2), Level(key: "medium", value: 3),
        Level(key: "high", value: 4), Level(key: "very_high", value: 5),
    ])

    /// Limits of a configured scale: levels, and the highest value.
    public static let minLevels = 2
    public static let maxLevels = 10
    public static let maxValue = 100

    /// Checks a configured scale: 2 to 10 levels, keys of lowercase letters, digits and `_`,
    /// each used once, values from 1 to 100 rising strictly.
    public static func validate(_ levels: [Level]) -> Result<RiskScale, ValidationFailure> {
        var errors: [FieldError] = []
        if levels.count < minLevels || levels.count > maxLevels {
            errors.append(FieldError(field: "levels", messageKey: "risk.error.scale_size",
                                     message: "A scale needs from \(minLevels) to \(maxLevels) levels; this one has \(levels.count).",
                                     arguments: ["min": String(minLevels), "max": String(maxLevels), "count": String(levels.count)]))
        }
        var seen: Set<String> = []
        for (index, level) in levels.enumerated() {
            let field = "levels[\(index)]"
            let keyIsWellFormed = !level.key.isEmpty && level.key.count <= 30
                && level.key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            if !keyIsWellFormed {
                errors.append(FieldError(field: "\(field).key", messageKey: "risk.error.scale_key",
                                         message: "Level key '\(level.key)' must be 1 to 30 lowercase letters, digits or '_' (for example very_high).",
                                         arguments: ["value": level.key]))
            } else if !seen.insert(level.key).inserted {
                errors.append(FieldError(field: "\(field).key", messageKey: "risk.error.scale_key_duplicate",
                                         message: "Level key '\(level.key)' is used twice; give each level its own key.",
                                         arguments: ["value": level.key]))
            }
            if level.value < 1 || level.value > maxValue {
                errors.append(FieldError(field: "\(field).value", messageKey: "risk.error.scale_value",
                                         message: "Level '\(level.key)' needs a value from 1 to \(maxValue).",
                                         arguments: ["value": String(level.value), "max": String(maxValue)]))
            } else if index > 0, level.value <= levels[index - 1].value {
                errors.append(FieldError(field: "\(field).value", messageKey: "risk.error.scale_order",
                                         message: "Level '\(level.key)' must have a higher value than '\(levels[index - 1].key)' below it.",
                                         arguments: ["value": String(level.value)]))
            }
        }
        return errors.isEmpty ? .success(RiskScale(unchecked: levels)) : .failure(ValidationFailure(errors))
    }

    /// The number of levels.
    public var count: Int { levels.count }
    /// The lowest level.
    public var lowest: RiskLevel { RiskLevel(rank: 0) }
    /// The highest level.
    public var highest: RiskLevel { RiskLevel(rank: levels.count - 1) }
    /// The middle level (`medium` on the standard scale; the upper middle on an even scale).
    public var middle: RiskLevel { RiskLevel(rank: levels.count / 2) }
    /// Every level from lowest to highest.
    public var allLevels: [RiskLevel] { (0..<levels.count).map(RiskLevel.init(rank:)) }

    /// Whether a level is on this scale.
    public func contains(_ level: RiskLevel) -> Bool { level.rank >= 0 && level.rank < levels.count }

    /// The numeric value of a level; a level above the scale counts as the highest (never lower).
    public func value(of level: RiskLevel) -> Int { values[min(max(level.rank, 0), values.count - 1)] }

    /// The key of a level (`high`), stored with ratings.
    public func key(of level: RiskLevel) -> String { levels[min(max(level.rank, 0), levels.count - 1)].key }

    /// Key of a level's display name in the localization files (`risk_level.high`).
    public func nameKey(of level: RiskLevel) -> String { "risk_level.\(key(of: level))" }

    /// The level with a key (`High`, ` high `) or a numeric value (`3`); `nil` when neither is on
    /// the scale.
    public func level(text: String) -> RiskLevel? {
        // Stored ratings carry the key itself: found without folding (hundreds per risk page).
        if let rank = levels.firstIndex(where: { $0.key == text }) { return RiskLevel(rank: rank) }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if let rank = levels.firstIndex(where: { $0.key == folded }) { return RiskLevel(rank: rank) }
        if let number = Int(folded), let rank = levels.firstIndex(where: { $0.value == number }) {
            return RiskLevel(rank: rank)
        }
        return nil
    }

    /// The lowest possible risk score (lowest value squared).
    public var minScore: Int { values[0] * values[0] }
    /// The highest possible risk score (highest value squared).
    public var maxScore: Int { values[values.count - 1] * values[values.count - 1] }

    /// Every score a threat and a vulnerability on this scale can multiply to, ascending
    /// (1, 2, 3, 4, 6, 9 on the standard scale).
    public var possibleScores: [Int] {
        Set(values.flatMap { a in values.map { a * $0 } }).sorted()
    }

    /// The keys in order, joined for messages (`low, medium, high`).
    var keyList: String { levels.map(\.key).joined(separator: ", ") }

    private enum CodingKeys: String, CodingKey { case levels }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let levels = try container.decode([Level].self, forKey: .levels)
        switch RiskScale.validate(levels) {
        case .success(let scale): self = scale
        case .failure(let failure):
            throw DecodingError.dataCorruptedError(forKey: .levels, in: container,
                                                   debugDescription: failure.errors.map(\.message).joined(separator: " "))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(levels, forKey: .levels)
    }

    public static func == (lhs: RiskScale, rhs: RiskScale) -> Bool { lhs.levels == rhs.levels }
    public func hash(into hasher: inout Hasher) { hasher.combine(levels) }
}
