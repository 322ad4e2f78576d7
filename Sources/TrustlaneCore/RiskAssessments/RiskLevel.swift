import Foundation

/// A position on a `RiskScale`: rank 0 is the lowest level. A threat or vulnerability rating
/// holds one; the scale turns it into a key (`high`) and a value (3).
///
/// `Codable` as the bare rank, for values that travel with their scale. Persistence and the API
/// should store the level's key (`RiskScale.key(of:)`, `high`), which stays meaningful to a
/// reader, and read it back with `RiskScale.level(text:)`.
public struct RiskLevel: Hashable, Comparable, Codable, Sendable {
    /// 0 for the lowest level of the scale, `scale.count - 1` for the highest.
    public let rank: Int

    /// The level at a rank; check it with `RiskScale.contains` when it comes from outside.
    public init(rank: Int) { self.rank = rank }

    public init(from decoder: any Decoder) throws {
        rank = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rank)
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}
