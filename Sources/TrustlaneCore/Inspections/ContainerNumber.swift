import Foundation

/// A freight container's identification number under ISO 6346: a three-letter owner code, a
/// category letter (U freight container, J detachable freight-container equipment, Z trailer or
/// chassis), a six-digit serial number and a check digit (`CSQU3054383`).
///
/// Typed numbers are read leniently (spaces, hyphens and lower case are dropped or folded:
/// `csqu 305438-3`) and kept in the canonical eleven-character form. A wrong check digit is
/// refused with the digit the number should carry, so a mistyped number is caught at the dock.
public struct ContainerNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// ISO 6346's equipment category identifier.
    public enum Category: String, CaseIterable, Sendable, Hashable {
        case freightContainer = "U"
        case detachableEquipment = "J"
        case trailerOrChassis = "Z"
    }

    /// Why a text is not a container number. `fieldError(_:)` words it for the person who typed it.
    public enum ParseError: Error, Hashable, Sendable {
        case empty
        /// A character other than a letter, a digit, a space or a hyphen.
        case invalidCharacter(String)
        /// The length after spaces and hyphens are dropped; `completed` is the number with its
        /// check digit where the ten characters given are otherwise right.
        case wrongLength(Int, completed: String?)
        case ownerCodeNotLetters(String)
        case badCategory(String)
        case serialNotDigits(String)
        case checkDigitNotADigit(String)
        case wrongCheckDigit(given: Int, expected: Int)
    }

    public let ownerCode: String
    public let category: Category
    public let serialNumber: String
    public let checkDigit: Int

    /// The canonical form: eleven characters, upper case, no spaces (`CSQU3054383`).
    public var rawValue: String { ownerCode + category.rawValue + serialNumber + String(checkDigit) }
    /// As printed on the container doors: `CSQU 305438 3`.
    public var printed: String { "\(ownerCode)\(category.rawValue) \(serialNumber) \(checkDigit)" }
    public var description: String { rawValue }

    /// Reads a container number as typed: spaces and hyphens are dropped and letters upper-cased.
    public init(_ text: String) throws(ParseError) {
        var characters: [Character] = []
        characters.reserveCapacity(11)
        for character in text {
            if character == " " || character == "-" || character == "\t" { continue }
            guard character.isASCII, character.isLetter || character.isNumber else {
                throw .invalidCharacter(String(character))
            }
            characters.append(Character(character.uppercased()))
        }
        guard !characters.isEmpty else { throw .empty }
        let normalised = String(characters)
        guard characters.count == 11 else {
            var completed: String?
            if characters.count == 10, let digit = Self.checkDigit(forFirstTen: normalised) { completed = normalised + String(digit) }
            throw .wrongLength(characters.count, completed: completed)
        }
        let owner = String(characters[0..<3])
        guard owner.allSatisfy(\.isLetter) else { throw .ownerCodeNotLetters(owner) }
        guard let category = Category(rawValue: String(characters[3])) else { throw .badCategory(String(characters[3])) }
        let serial = String(characters[4..<10])
        guard serial.allSatisfy(\.isNumber) else { throw .serialNotDigits(serial) }
        guard let given = characters[10].wholeNumberValue else { throw .checkDigitNotADigit(String(characters[10])) }
        let expected = Self.checkDigit(ownerCode: owner, category: category, serialNumber: serial)
        guard given == expected else { throw .wrongCheckDigit(given: given, expected: expected) }
        self.ownerCode = owner
        self.category = category
        self.serialNumber = serial
        self.checkDigit = given
    }

    /// The check digit of a well-formed owner code, category and serial number: each character's
    /// value (digits as themselves, letters from A = 10 upwards skipping 11, 22 and 33) times
    /// 2 to the power of its position, summed, modulo 11; a remainder of 10 gives 0.
    public static func checkDigit(ownerCode: String, category: Category, serialNumber: String) -> Int {
        checkDigit(forFirstTen: ownerCode + category.rawValue + serialNumber) ?? 0
    }

    /// The check digit for ten characters (owner code, category, serial), or nil when they are
    /// not three letters, a category letter and six digits.
    public static func checkDigit(forFirstTen text: String) -> Int? {
        let characters = Array(text.uppercased())
        guard characters.count == 10, characters[0..<3].allSatisfy({ $0.isASCII && $0.isLetter }),
              Category(rawValue: String(characters[3])) != nil,
              characters[4..<10].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var sum = 0
        for (position, character) in characters.enumerated() {
            let value = character.wholeNumberValue ?? letterValue(character) ?? 0
            sum += value << position
        }
        let remainder = sum % 11
        return remainder == 10 ? 0 : remainder
    }

    /// A letter's value in the check-digit sum: A = 10, B = 12 ... K = 21, L = 23 ... U = 32,
    /// V = 34 ... Z = 38 (multiples of 11 are skipped); nil for anything but A-Z.
    public static func letterValue(_ letter: Character) -> Int? {
        guard let scalar = letter.unicodeScalars.first, letter.unicodeScalars.count == 1,
              ("A"..."Z").contains(scalar) else { return nil }
        return letterValues[Int(scalar.value - 65)]
    }

    private static let letterValues: [Int] = {
        var values: [Int] = []
        var next = 10
        for _ in 0..<26 {
            if next % 11 == 0 { next += 1 }
            values.append(next)
            next += 1
        }
        return values
    }()

    /// Reads a typed container number for a form or API field; nil (with the error appended)
    /// when blank and required, or not a valid number.
    public static func parse(_ text: String?, field: String = "container_number", required: Bool = true,
                             into errors: inout [FieldError]) -> ContainerNumber? {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            if required { errors.append(.required(field)) }
            return nil
        }
        do { return try ContainerNumber(text) } catch {
            errors.append(error.fieldError(field, typed: text))
            return nil
        }
    }

    public static func < (lhs: ContainerNumber, rhs: ContainerNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try ContainerNumber(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: error.fieldError("container_number", typed: text).message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ContainerNumber.ParseError {
    /// The problem as a field error: which field, what is wrong, what is allowed.
    public func fieldError(_ field: String, typed: String) -> FieldError {
        let shown = String(typed.trimmingCharacters(in: .whitespaces).prefix(40))
        switch self {
        case .empty:
            return .required(field)
        case .invalidCharacter(let character):
            return FieldError(field: field, messageKey: "inspections.error.container_character",
                              message: "\(field) '\(shown)' contains '\(character)'; a container number has only letters and digits (spaces and hyphens are ignored)",
                              arguments: ["value": shown, "character": character])
        case .wrongLength(let count, let completed):
            if let completed {
                return FieldError(field: field, messageKey: "inspections.error.container_check_digit_missing",
                                  message: "\(field) '\(shown)' has 10 characters; the check digit is missing (with it the number is \(completed))",
                                  arguments: ["value": shown, "completed": completed])
            }
            return FieldError(field: field, messageKey: "inspections.error.container_length",
                              message: "\(field) '\(shown)' has \(count) characters; a container number has 11: 4 letters, 6 digits and a check digit, such as CSQU3054383",
                              arguments: ["value": shown, "count": String(count)])
        case .ownerCodeNotLetters(let owner):
            return FieldError(field: field, messageKey: "inspections.error.container_owner",
                              message: "\(field) '\(shown)' starts with '\(owner)'; the owner code is 3 letters",
                              arguments: ["value": shown, "owner": owner])
        case .badCategory(let letter):
            return FieldError(field: field, messageKey: "inspections.error.container_category",
                              message: "\(field) '\(shown)' has '\(letter)' as its 4th character; it must be U, J or Z",
                              arguments: ["value": shown, "letter": letter])
        case .serialNotDigits(let serial):
            return FieldError(field: field, messageKey: "inspections.error.container_serial",
                              message: "\(field) '\(shown)' has '\(serial)' as its serial number; it must be 6 digits",
                              arguments: ["value": shown, "serial": serial])
        case .checkDigitNotADigit(let character):
            return FieldError(field: field, messageKey: "inspections.error.container_check_digit_character",
                              message: "\(field) '\(shown)' ends in '\(character)'; the last character is the check digit, 0 to 9",
                              arguments: ["value": shown, "character": character])
        case .wrongCheckDigit(let given, let expected):
            return FieldError(field: field, messageKey: "inspections.error.container_check_digit",
                              message: "\(field) '\(shown)' ends in check digit \(given) but its check digit is \(expected); check the number on the container",
                              arguments: ["value": shown, "given": String(given), "expected": String(expected)])
        }
    }
}
