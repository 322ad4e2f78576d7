import Foundation

/// The number a unit carries where a container number is asked for: an ISO 6346 container
/// number (`CSQU3054383`, check digit verified) or, for an air unit, an IATA ULD id
/// (`AKE12345DL`; format unverified, see `ULDNumber`). The two cannot be confused: a container
/// number starts with four letters, a ULD id with three letters and a digit. Stored and sent as
/// its canonical text, in the same field.
public enum UnitNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    case container(ContainerNumber)
    case uld(ULDNumber)

    public var rawValue: String {
        switch self {
        case .container(let number): number.rawValue
        case .uld(let number): number.rawValue
        }
    }

    public var description: String { rawValue }
    public var containerNumber: ContainerNumber? { if case .container(let number) = self { number } else { nil } }
    public var uld: ULDNumber? { if case .uld(let number) = self { number } else { nil } }

    /// Reads a number as typed (spaces and hyphens dropped, letters upper-cased); the error
    /// names the field, what is wrong and both formats where the length fits neither.
    public static func parse(_ text: String?, field: String = "container_number", required: Bool = true,
                             into errors: inout [FieldError]) -> UnitNumber? {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            if required { errors.append(.required(field)) }
            return nil
        }
        let normalised = String(text.filter { $0 != " " && $0 != "-" && $0 != "\t" }).uppercased()
        if normalised.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), ULDNumber.looksLikeULD(normalised) {
            do { return .uld(try ULDNumber(normalised: normalised)) } catch {
                errors.append(error.fieldError(field, typed: text))
                return nil
            }
        }
        do { return .container(try ContainerNumber(text)) } catch {
            if case .wrongLength(let count, nil) = error {
                let shown = String(text.trimmingCharacters(in: .whitespaces).prefix(40))
                errors.append(FieldError(field: field, messageKey: "inspections.error.unit_number_length",
                                         message: "\(field) '\(shown)' has \(count) characters; a container number has 11 (4 letters, 6 digits and a check digit, such as CSQU3054383) and an air ULD id 9 or 10 (3 letters, 4 or 5 digits and the owner's 2-character code, such as AKE12345DL)",
                                         arguments: ["value": shown, "count": String(count)]))
            } else {
                errors.append(error.fieldError(field, typed: text))
            }
            return nil
        }
    }

    /// A number as stored (already checked when written); nil for anything that no longer reads.
    public static func stored(_ text: String?) -> UnitNumber? {
        guard let text, !text.isEmpty else { return nil }
        var errors: [FieldError] = []
        return parse(text, into: &errors)
    }

    public static func < (lhs: UnitNumber, rhs: UnitNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        var errors: [FieldError] = []
        guard let number = Self.parse(text, into: &errors) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: errors.first?.message ?? "not a unit number"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
