import Foundation

/// The number of a Minimum Security Criterion as CBP writes it: `<category>.<sequence>`, for
/// example `3.4` or `7.37`. One numbering is shared by every entity type.
///
/// Ids compare part by part as numbers, so `3.10` sorts after `3.9` and `10.1` after `9.16`.
public struct CriterionID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The numeric parts: `[3, 10]` for `3.10`.
    public let parts: [Int]
    /// The canonical text (`3.10`), without leading zeros or spaces.
    public let rawValue: String

    /// Parses `3.4`, ` 7.37 `; `nil` for anything that is not two or more dot-separated numbers.
    public init?(_ text: String) {
        let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { return nil }
        var parts: [Int] = []
        parts.reserveCapacity(pieces.count)
        for piece in pieces {
            // Digits only: `Int("+3")` would otherwise accept a sign.
            guard !piece.isEmpty, piece.utf8.count <= 6, piece.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let number = Int(piece) else { return nil }
            parts.append(number)
        }
        self.init(parts: parts)
    }

    /// Builds an id from its numeric parts; at least two parts are expected.
    public init(parts: [Int]) {
        self.parts = parts
        self.rawValue = parts.map(String.init).joined(separator: ".")
    }

    /// For literals in code and tests; traps on a malformed literal, as a typo there is a bug.
    public init(stringLiteral value: String) {
        guard let id = CriterionID(value) else { preconditionFailure("not a criterion id: \(value)") }
        self = id
    }

    /// The category the id's prefix names: `3` for `3.4`.
    public var categoryNumber: Int { parts[0] }

    public var description: String { rawValue }

    public static func < (lhs: CriterionID, rhs: CriterionID) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public static func == (lhs: CriterionID, rhs: CriterionID) -> Bool { lhs.parts == rhs.parts }

    public func hash(into hasher: inout Hasher) { hasher.combine(parts) }
}
