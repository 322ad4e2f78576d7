import Foundation

/// A key a score can be broken down by: a small closed set with a position each, so breakdowns
/// are fixed-size arrays rather than dictionaries.
public protocol RiskBreakdownKey: CaseIterable, Hashable, Sendable where AllCases == [Self] {
    /// Position in `allCases`.
    var ordinal: Int { get }
}

/// Scores (or ranks) by threat category or criteria category; `nil` where nothing was rated.
/// Subscript by key; iterate with `entries`.
public struct ScoreBreakdown<Key: RiskBreakdownKey>: Sendable, Equatable {
    /// One value per key, in `Key.allCases` order.
    public internal(set) var values: [Int?]

    /// A breakdown with nothing rated.
    public init() { values = Array(repeating: nil, count: Key.allCases.count) }

    init(values: [Int?]) { self.values = values }

    /// The value for one key; `nil` where nothing was rated.
    public subscript(key: Key) -> Int? {
        get { values[key.ordinal] }
        set { values[key.ordinal] = newValue }
    }

    /// Every key with its value, in `Key.allCases` order.
    public var entries: [(key: Key, value: Int?)] {
        Key.allCases.map { ($0, values[$0.ordinal]) }
    }

    /// The key with the highest value (the first in order on a tie); `nil` when nothing is rated.
    public var highest: (key: Key, value: Int)? {
        var best: (key: Key, value: Int)?
        for key in Key.allCases {
            if let value = values[key.ordinal], value > (best?.value ?? Int.min) { best = (key, value) }
        }
        return best
    }

    /// Raises each value to at least the other's.
    mutating func formMaximum(_ other: ScoreBreakdown<Key>) {
        for index in values.indices {
            if let value = other.values[index], value > (values[index] ?? Int.min) { values[index] = value }
        }
    }
}
