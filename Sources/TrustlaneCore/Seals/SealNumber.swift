import Foundation

/// A seal's number as printed on it, normalised: upper case, without the spaces and hyphens
/// people add or drop when copying it (`tl-000 123` is `TL000123`), at most 15 letters and
/// digits (the DCSA interchange model's limit), so a number typed at the dock, printed on the
/// bill of lading and sent to the consignee compare equal.
public struct SealNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public static let maxLength = 15

    public let rawValue: String

    /// Why a text is not a seal number.
    public enum ParseError: Error, Hashable, Sendable {
        case empty
        case tooLong(Int)
        case invalidCharacter(String)
    }

    public init(_ text: String) throws(ParseError) {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "-" || scalar == "\t" { continue }
            switch scalar {
            case "A"..."Z", "0"..."9": scalars.append(scalar)
            case "a"..."z": scalars.append(Unicode.Scalar(scalar.value - 32)!)
            default: throw .invalidCharacter(String(scalar))
            }
        }
        guard !scalars.isEmpty else { throw .empty }
        guard scalars.count <= Self.maxLength else { throw .tooLong(scalars.count) }
        rawValue = String(scalars)
    }

    /// Reads a typed seal number for a form or API field; nil (with the error appended) when
    /// blank and required, or malformed.
    public static func parse(_ text: String?, field: String = "seal_number", required: Bool = true,
                             into errors: inout [FieldError]) -> SealNumber? {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            if required { errors.append(.required(field)) }
            return nil
        }
        do { return try SealNumber(text) } catch {
            errors.append(error.fieldError(field, typed: text))
            return nil
        }
    }

    /// The number split into a prefix and its trailing run of digits (`TL000123` is `TL`,
    /// `000123`); nil where it does not end in a digit.
    public var numericPart: (prefix: Substring, digits: Substring)? {
        guard let last = rawValue.last, last.isNumber else { return nil }
        let digits = rawValue.reversed().prefix { $0.isNumber }.count
        let split = rawValue.index(rawValue.endIndex, offsetBy: -digits)
        return (rawValue[..<split], rawValue[split...])
    }

    public var description: String { rawValue }
    public static func < (lhs: SealNumber, rhs: SealNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try SealNumber(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.fieldError("seal_number", typed: text).message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// For numbers built from known-good parts (a range's members): not checked again.
    init(checked text: String) {
        rawValue = text
    }
}

extension SealNumber.ParseError {
    public func fieldError(_ field: String, typed: String) -> FieldError {
        let shown = String(typed.trimmingCharacters(in: .whitespaces).prefix(40))
        switch self {
        case .empty:
            return .required(field)
        case .tooLong(let count):
            return FieldError(field: field, messageKey: "seals.error.number_too_long",
                              message: "\(field) '\(shown)' has \(count) letters and digits; a seal number has at most \(SealNumber.maxLength)",
                              arguments: ["value": shown, "count": String(count), "max": String(SealNumber.maxLength)])
        case .invalidCharacter(let character):
            return FieldError(field: field, messageKey: "seals.error.number_character",
                              message: "\(field) '\(shown)' contains '\(character)'; a seal number has only letters and digits (spaces and hyphens are ignored)",
                              arguments: ["value": shown, "character": character])
        }
    }
}
