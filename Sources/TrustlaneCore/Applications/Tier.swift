import Foundation

/// The member's benefit level: Tier I on certification, Tier II on a successful validation,
/// Tier III when the validation also found that the member exceeds the criteria with best
/// practices.
public enum Tier: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case one = "tier_1"
    case two = "tier_2"
    case three = "tier_3"

    /// 1, 2 or 3.
    public var number: Int {
        switch self {
        case .one: 1
        case .two: 2
        case .three: 3
        }
    }

    /// `Tier I`, `Tier II`, `Tier III`.
    public var englishName: String {
        switch self {
        case .one: "Tier I"
        case .two: "Tier II"
        case .three: "Tier III"
        }
    }

    /// Key of the tier's display name in the localization files.
    public var nameKey: String { "tier.\(rawValue)" }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.number < rhs.number }
}
