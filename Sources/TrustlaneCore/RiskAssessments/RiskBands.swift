import Foundation

/// Thresholds that put a risk score (threat value x vulnerability value) into a band: below
/// `mediumFrom` is low, from `mediumFrom` below `highFrom` is medium, from `highFrom` up is high.
///
/// The default (`standard`) on the standard 1-2-3 scale: scores 1-2 low, 3-4 medium, 6-9 high
/// (5 cannot occur on that scale; it would be medium). Saved with each assessment.
public struct RiskBands: Hashable, Sendable, Codable {
    /// The lowest score that is medium.
    public let mediumFrom: Int
    /// The lowest score that is high.
    public let highFrom: Int

    init(mediumFrom: Int, highFrom: Int) {
        self.mediumFrom = mediumFrom
        self.highFrom = highFrom
    }

    /// Low 1-2, medium 3-5, high 6 and up: the default for the standard scale.
    public static let standard = RiskBands(mediumFrom: 3, highFrom: 6)

    /// Checks thresholds against a scale: each band must be reachable, so medium must start
    /// above the lowest score, high above medium, and high no later than the highest score.
    public static func validate(mediumFrom: Int, highFrom: Int, scale: RiskScale) -> Result<RiskBands, ValidationFailure> {
        var errors: [FieldError] = []
        if mediumFrom <= scale.minScore || mediumFrom > scale.maxScore {
            errors.append(FieldError(field: "medium_from", messageKey: "risk.error.band_medium",
                                     message: "Medium must start at a score from \(scale.minScore + 1) to \(scale.maxScore).",
                                     arguments: ["min": String(scale.minScore + 1), "max": String(scale.maxScore)]))
        }
        if highFrom <= mediumFrom || highFrom > scale.maxScore {
            errors.append(FieldError(field: "high_from", messageKey: "risk.error.band_high",
                                     message: "High must start above medium (\(mediumFrom)) and at most at \(scale.maxScore).",
                                     arguments: ["medium_from": String(mediumFrom), "max": String(scale.maxScore)]))
        }
        return errors.isEmpty ? .success(RiskBands(mediumFrom: mediumFrom, highFrom: highFrom)) : .failure(ValidationFailure(errors))
    }

    /// The band of a score.
    @inline(__always)
    public func band(for score: Int) -> RiskBand {
        score >= highFrom ? .high : (score >= mediumFrom ? .medium : .low)
    }

    /// The scores a scale can produce, grouped by band (low: 1, 2; medium: 3, 4; high: 6, 9), for
    /// the documented method.
    public func scores(on scale: RiskScale) -> [RiskBand: [Int]] {
        Dictionary(grouping: scale.possibleScores, by: band(for:))
    }

    private enum CodingKeys: String, CodingKey {
        case mediumFrom = "medium_from"
        case highFrom = "high_from"
    }
}
