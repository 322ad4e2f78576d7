import Foundation

/// A received batch's numbers as a range: a common prefix and a zero-padded number
/// (`TL000100` to `TL000199` is 100 seals). Ranges are how seal stock is received and
/// reconciled (MSC 6.5, 6.6) without a row a seal.
public struct SealRange: Hashable, Sendable, CustomStringConvertible {
    /// The most seals one batch holds: a larger range is a typing slip far more often than a
    /// real delivery, and stock of a million is received as several batches.
    public static let maxCount = 100_000

    public let prefix: String
    /// The number of digits, leading zeros included.
    public let width: Int
    public let first: Int
    public let last: Int

    public var count: Int { last - first + 1 }
    public var firstNumber: SealNumber { number(first) }
    public var lastNumber: SealNumber { number(last) }
    public var description: String { "\(firstNumber)-\(lastNumber)" }

    /// Why two numbers do not make a range.
    public enum ParseError: Error, Hashable, Sendable {
        case noDigits(SealNumber)
        case prefixesDiffer(String, String)
        case widthsDiffer(Int, Int)
        case backwards
        case tooMany(Int)
    }

    /// The range from `first` to `last`, both included.
    public init(first: SealNumber, last: SealNumber) throws(ParseError) {
        guard let start = first.numericPart else { throw .noDigits(first) }
        guard let end = last.numericPart else { throw .noDigits(last) }
        guard start.prefix == end.prefix else { throw .prefixesDiffer(String(start.prefix), String(end.prefix)) }
        guard start.digits.count == end.digits.count else { throw .widthsDiffer(start.digits.count, end.digits.count) }
        // At most 15 characters in all, so the digits fit an Int.
        let low = Int(start.digits)!, high = Int(end.digits)!
        guard low <= high else { throw .backwards }
        guard high - low + 1 <= Self.maxCount else { throw .tooMany(high - low + 1) }
        self.prefix = String(start.prefix)
        self.width = start.digits.count
        self.first = low
        self.last = high
    }

    /// Reads a batch's first and last numbers from a form (`first_number`, `last_number`).
    public static func parse(first: String?, last: String?, into errors: inout [FieldError]) -> SealRange? {
        let start = SealNumber.parse(first, field: "first_number", into: &errors)
        let end = SealNumber.parse(last, field: "last_number", into: &errors)
        guard let start, let end else { return nil }
        do { return try SealRange(first: start, last: end) } catch {
            errors.append(error.fieldError(first: start, last: end))
            return nil
        }
    }

    /// Whether `seal` is one of the range's numbers: same prefix, same width, number within.
    public func contains(_ seal: SealNumber) -> Bool { offset(of: seal) != nil }

    /// The seal's position in the range (0 for the first), or nil when it is not in it.
    public func offset(of seal: SealNumber) -> Int? {
        guard let parts = seal.numericPart, parts.digits.count == width, parts.prefix == prefix, let value = Int(parts.digits),
              value >= first, value <= last else { return nil }
        return value - first
    }

    /// Whether the two ranges share a seal number.
    public func overlaps(_ other: SealRange) -> Bool {
        prefix == other.prefix && width == other.width && first <= other.last && other.first <= last
    }

    /// The number at `value`, zero-padded to the range's width.
    public func number(_ value: Int) -> SealNumber {
        let digits = String(value)
        return SealNumber(checked: prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits)
    }

    /// Every number of the range, in order.
    public var numbers: some Sequence<SealNumber> { (first...last).lazy.map { number($0) } }
}

extension SealRange.ParseError {
    public func fieldError(first: SealNumber, last: SealNumber) -> FieldError {
        switch self {
        case .noDigits(let seal):
            return FieldError(field: seal == first ? "first_number" : "last_number", messageKey: "seals.error.range_no_digits",
                              message: "\(seal) does not end in digits; a batch runs from a number such as TL000100 to one such as TL000199",
                              arguments: ["value": seal.rawValue])
        case .prefixesDiffer(let a, let b):
            return FieldError(field: "last_number", messageKey: "seals.error.range_prefix",
                              message: "\(first) and \(last) have different prefixes ('\(a)' and '\(b)'); both ends of a batch share one",
                              arguments: ["first": first.rawValue, "last": last.rawValue])
        case .widthsDiffer(let a, let b):
            return FieldError(field: "last_number", messageKey: "seals.error.range_width",
                              message: "\(first) has \(a) digits and \(last) has \(b); write both ends with the same number of digits",
                              arguments: ["first": first.rawValue, "last": last.rawValue])
        case .backwards:
            return FieldError(field: "last_number", messageKey: "seals.error.range_backwards",
                              message: "\(last) comes before \(first); the last number is the higher one",
                              arguments: ["first": first.rawValue, "last": last.rawValue])
        case .tooMany(let count):
            return FieldError(field: "last_number", messageKey: "seals.error.range_too_large",
                              message: "\(first) to \(last) is \(count) seals; a batch holds at most \(SealRange.maxCount)",
                              arguments: ["count": String(count), "max": String(SealRange.maxCount)])
        }
    }
}
