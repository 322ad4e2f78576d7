import Crypto
import Foundation

/// A concern reported through a company's public link without an account (MSC 7.25, a Should).
/// Nothing about the reporter is asked for; a contact is optional. The reporter gets a receipt
/// code to add information later; the register stores only the code's digest.
public struct AnonymousReportDraft: Hashable, Sendable {
    public var type: String?
    public var description: String?
    public var location: String?
    /// When it happened, if the reporter knows (`IncidentTime`).
    public var happenedAt: String?
    /// A way to reach the reporter, if they want to leave one.
    public var contact: String?

    public init(type: String? = nil, description: String? = nil, location: String? = nil, happenedAt: String? = nil, contact: String? = nil) {
        self.type = type
        self.description = description
        self.location = location
        self.happenedAt = happenedAt
        self.contact = contact
    }

    public static let maxDescription = 5_000
    public static let maxContact = 200

    /// The report checked. The type defaults to suspicious activity; an unknown one is refused.
    public func validate(zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidAnonymousReport {
        var errors: [FieldError] = []
        let type: IncidentType? = IncidentValidator.choice(type, field: "type", default: .suspiciousActivity, into: &errors)
        let body = Check.text(description, field: "description", max: Self.maxDescription, use: .freeText, into: &errors)
        let place = Check.text(location, field: "location", max: IncidentValidator.maxLocation, required: false, use: .freeText, into: &errors)
        let contact = Check.text(contact, field: "contact", max: Self.maxContact, required: false, use: .freeText, into: &errors)
        let at = IncidentTime.parse(happenedAt, field: "happened_at", zone: zone, now: now, required: false, into: &errors)
        guard errors.isEmpty, let type, let body else { throw ValidationFailure(errors) }
        return ValidAnonymousReport(type: type, description: body, location: place, happenedAt: at, contact: contact)
    }
}

public struct ValidAnonymousReport: Hashable, Sendable {
    public let type: IncidentType
    public let description: String
    public let location: String?
    public let happenedAt: Date?
    public let contact: String?
}

/// The code an anonymous reporter keeps to add information later: 16 characters of Crockford's
/// base 32 (80 random bits) in four groups, `7KQ2-M9XD-4TRB-H1VC`. Read back forgivingly
/// (lower case, spaces or no dashes, O for 0, I and L for 1).
public struct ReceiptCode: Hashable, Sendable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    public let rawValue: String

    /// A new random code.
    public init<R: RandomNumberGenerator>(using generator: inout R) {
        var characters: [UInt8] = []
        characters.reserveCapacity(16)
        for _ in 0..<16 { characters.append(Self.alphabet[Int(generator.next(upperBound: UInt8(32)))]) }
        rawValue = String(decoding: characters, as: UTF8.self)
    }

    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(using: &generator)
    }

    /// A code as typed back, or nil when it cannot be one.
    public init?(typed text: String) {
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x2D, 0x20: continue
            case 0x61...0x7A: out.append(byte - 0x20)
            default: out.append(byte)
            }
            if out.count > 16 { return nil }
        }
        out = out.map { byte in
            switch byte {
            case UInt8(ascii: "O"): UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "L"): UInt8(ascii: "1")
            default: byte
            }
        }
        guard out.count == 16, out.allSatisfy(Self.alphabet.contains) else { return nil }
        rawValue = String(decoding: out, as: UTF8.self)
    }

    /// Grouped for reading aloud and writing down.
    public var description: String {
        let c = Array(rawValue)
        return stride(from: 0, to: 16, by: 4).map { String(c[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// What the register stores: SHA-256 of the code, in hex.
    public var digest: String { Hex.lowercase(SHA256.hash(data: Data(rawValue.utf8))) }
}

/// How many anonymous reports are taken before new ones are refused for a while: per address
/// (one person flooding the form) and per company (many addresses at once). The address is
/// counted by a keyed digest, never stored as typed.
public struct AnonymousReportLimits: Sendable, Equatable {
    public let perAddress: Int
    public let perCompany: Int
    public let window: TimeInterval

    public init(perAddress: Int = 5, perCompany: Int = 100, window: TimeInterval = 3_600) {
        self.perAddress = perAddress
        self.perCompany = perCompany
        self.window = window
    }

    public static let standard = AnonymousReportLimits()
}
