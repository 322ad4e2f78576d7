import Foundation

/// An air unit load device's identification code (IATA ULD id): a three-letter ULD type code, a
/// serial number of 4 or 5 digits and the owner's two-character code, usually the airline's
/// designator (`AKE12345DL`, `AKE0001XH`). It carries no check digit.
///
/// UNVERIFIED: the format is IATA's (Resolution 686, ULD Regulations standard specification
/// 40/1), which was not read for this code. It follows secondary public descriptions (uldcare.com
/// "ULD identification codes demystified", vrr-aviation.com "ULD ID code") and the example in
/// IATA's ONE Record / Open Air data model (`AKE0001XH`). One of those pages says the owner code
/// may be two *or three* characters; only two are accepted here, as the brief asked, so a
/// three-character owner is refused with a message naming the format. Confirm against the ULD
/// Regulations before relying on it.
public struct ULDNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Why a text is not a ULD id.
    public enum ParseError: Error, Hashable, Sendable {
        case typeCodeNotLetters(String)
        case serialLength(String)
        case ownerCode(String)
    }

    /// The ULD type code: three letters, the first the ULD category (`AKE`, `PMC`).
    public let typeCode: String
    public let serialNumber: String
    /// The owner's code (an airline's two-character designator: letters, or a letter and a digit).
    public let ownerCode: String

    /// Upper case, no spaces: `AKE12345DL`.
    public var rawValue: String { typeCode + serialNumber + ownerCode }
    public var description: String { rawValue }

    /// Reads a normalised text (upper case, no spaces or hyphens: `UnitNumber` normalises).
    public init(normalised text: String) throws(ParseError) {
        let characters = Array(text)
        let type = String(characters.prefix(3))
        guard type.count == 3, type.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw .typeCodeNotLetters(type) }
        // The owner code is the last two characters (it may start with a digit: 9W, 3K), so the
        // serial is what lies between: 4 or 5 digits, 9 or 10 characters in all.
        let rest = Array(characters.dropFirst(3))
        guard rest.count == 6 || rest.count == 7 else {
            let digits = String(rest.prefix { $0.isASCII && $0.isNumber })
            if rest.count > 2, digits.count == 4 || digits.count == 5 { throw .ownerCode(String(rest.dropFirst(digits.count))) }
            throw .serialLength(digits.isEmpty ? String(rest) : digits)
        }
        let serial = String(rest.dropLast(2))
        guard serial.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .serialLength(serial) }
        let owner = String(rest.suffix(2))
        // Airline designators mix letters and digits but are never two digits.
        guard owner.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), owner.contains(where: \.isLetter) else { throw .ownerCode(owner) }
        typeCode = type
        serialNumber = serial
        ownerCode = owner
    }

    /// Whether a normalised text is meant as a ULD id rather than a container number: three
    /// letters then a digit (an ISO 6346 number has four letters before its digits).
    public static func looksLikeULD(_ normalised: String) -> Bool {
        let characters = Array(normalised)
        return characters.count >= 4 && characters[0..<3].allSatisfy { $0.isASCII && $0.isLetter } && characters[3].isASCII && characters[3].isNumber
    }

    public static func < (lhs: ULDNumber, rhs: ULDNumber) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ULDNumber.ParseError {
    /// The problem as a field error, naming the format.
    public func fieldError(_ field: String, typed: String) -> FieldError {
        let shown = String(typed.trimmingCharacters(in: .whitespaces).prefix(40))
        let format = "an air ULD id is 3 letters (the ULD type), 4 or 5 digits and the owner's 2-character code, such as AKE12345DL"
        switch self {
        case .typeCodeNotLetters(let type):
            return FieldError(field: field, messageKey: "inspections.error.uld_type",
                              message: "\(field) '\(shown)' starts with '\(type)'; \(format)", arguments: ["value": shown, "type": type])
        case .serialLength(let serial):
            return FieldError(field: field, messageKey: "inspections.error.uld_serial",
                              message: "\(field) '\(shown)' has the serial number '\(serial)'; \(format)", arguments: ["value": shown, "serial": serial])
        case .ownerCode(let owner):
            return FieldError(field: field, messageKey: "inspections.error.uld_owner",
                              message: "\(field) '\(shown)' ends in '\(owner)'; \(format)", arguments: ["value": shown, "owner": owner])
        }
    }
}
