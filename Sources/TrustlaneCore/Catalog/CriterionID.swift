import Foundation

/// The number of a Minimum Security Criterion. Two kinds:
///
/// - CBP's numbering, `<category>.<sequence>` (`3.4`, `7.37`), used where a source shows the
///   number; one numbering is shared by every entity type.
/// - A Trustlane-local id, `TL-<category>-<letter>` (`TL-5-A`), for a criterion Trustlane keeps
///   although no public source confirms a CBP number for it. It cannot be mistaken for CBP's
///   (validation findings are keyed to CBP's numbers) and pages show it with its own badge.
///
/// Ids compare part by part as numbers, so `3.10` sorts after `3.9` and `10.1` after `9.16`;
/// within a category, local ids sort after CBP's.
public struct CriterionID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The numeric parts: `[3, 10]` for `3.10`; `[5, 1]` for `TL-5-A` (A = 1 ... Z = 26).
    public let parts: [Int]
    /// Whether this is a Trustlane-local id rather than a CBP number.
    public let isLocal: Bool
    /// The canonical text (`3.10`, `TL-5-A`), without leading zeros or spaces.
    public let rawValue: String

    /// The prefix of every local id.
    public static let localPrefix = "TL-"

    /// Parses `3.4`, ` 7.37 `, `TL-5-A` (any case); `nil` for anything else.
    public init?(_ text: String) {
        // Stored ids are canonical (`3.10`): read them in one pass over the bytes, keeping the
        // text; anything else (spaces, leading zeros, local ids) takes the general path.
        if let parts = Self.canonicalParts(text) {
            self.init(canonical: parts, text: text)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.uppercased().hasPrefix(Self.localPrefix) {
            let rest = trimmed.dropFirst(Self.localPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard rest.count == 2, let category = Self.number(rest[0]), rest[1].utf8.count == 1,
                  let letter = rest[1].uppercased().unicodeScalars.first, ("A"..."Z").contains(letter) else { return nil }
            self.init(localCategory: category, sequence: Int(letter.value) - 64)
            return
        }
        let pieces = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { return nil }
        var parts: [Int] = []
        parts.reserveCapacity(pieces.count)
        for piece in pieces {
            guard let number = Self.number(piece) else { return nil }
            parts.append(number)
        }
        self.init(parts: parts)
    }

    /// The parts of a canonical CBP number (digits and single dots, no leading zeros, at least
    /// two parts, at most six digits each); nil for anything else.
    private static func canonicalParts(_ text: String) -> [Int]? {
        var parts: [Int] = []
        var current = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts.append(current)
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard digits == 0 || current != 0, digits < 6 else { return nil }
                current = current * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, !parts.isEmpty else { return nil }
        parts.append(current)
        return parts
    }

    /// Digits only: `Int("+3")` would otherwise accept a sign.
    private static func number(_ piece: Substring) -> Int? {
        guard !piece.isEmpty, piece.utf8.count <= 6, piece.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(piece)
    }

    private init(canonical parts: [Int], text: String) {
        self.parts = parts
        self.isLocal = false
        self.rawValue = text
    }

    /// Builds a CBP-numbered id from its numeric parts; at least two parts are expected.
    public init(parts: [Int]) {
        self.parts = parts
        self.isLocal = false
        self.rawValue = parts.map(String.init).joined(separator: ".")
    }

    /// Builds a local id: `TL-<category>-<letter>`, sequence 1...26 for A...Z.
    public init(localCategory category: Int, sequence: Int) {
        precondition((1...26).contains(sequence), "a local id's letter is A...Z")
        self.parts = [category, sequence]
        self.isLocal = true
        self.rawValue = "\(Self.localPrefix)\(category)-\(Character(UnicodeScalar(UInt8(64 + sequence))))"
    }

    /// For literals in code and tests; traps on a malformed literal, as a typo there is a bug.
    public init(stringLiteral value: String) {
        guard let id = CriterionID(value) else { preconditionFailure("not a criterion id: \(value)") }
        self = id
    }

    /// The category the id names: `3` for `3.4` and for `TL-3-A`.
    public var categoryNumber: Int { parts[0] }

    /// A key that sorts like the ids (`003.004`, `005.L01`), for exports.
    public var sortKey: String {
        let head = String(format: "%03d", parts[0])
        let tail = parts.dropFirst().map { String(format: "%03d", $0) }.joined(separator: ".")
        return isLocal ? "\(head).L\(tail)" : "\(head).\(tail)"
    }

    public var description: String { rawValue }

    public static func < (lhs: CriterionID, rhs: CriterionID) -> Bool {
        if lhs.parts[0] != rhs.parts[0] { return lhs.parts[0] < rhs.parts[0] }
        if lhs.isLocal != rhs.isLocal { return !lhs.isLocal }
        return lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public static func == (lhs: CriterionID, rhs: CriterionID) -> Bool { lhs.isLocal == rhs.isLocal && lhs.parts == rhs.parts }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isLocal)
        hasher.combine(parts)
    }
}
