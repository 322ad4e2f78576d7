import Foundation

/// ISO 17712's seal classes. CTPAT requires class H (high security) on every loaded container
/// or trailer that can be sealed (MSC 6.2, 6.5).
public enum SealClass: String, CaseIterable, Codable, Sendable, Hashable {
    case indicative
    case security
    case highSecurity = "high_security"

    /// The letter marked on the seal: I, S or H.
    public var code: String {
        switch self {
        case .indicative: "I"
        case .security: "S"
        case .highSecurity: "H"
        }
    }

    /// Whether CTPAT accepts the class for sealing a shipment.
    public var meetsCTPAT: Bool { self == .highSecurity }

    /// Reads the raw value or the letter (`h`, `H`, `high_security`).
    public init?(text: String) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let value = SealClass(rawValue: folded) { self = value; return }
        guard let value = SealClass.allCases.first(where: { $0.code.lowercased() == folded }) else { return nil }
        self = value
    }

    public var nameKey: String { "seals.class.\(rawValue)" }
}

/// A seal's physical kind, where known (shippers often do not know it, so it stays optional).
public enum SealType: String, CaseIterable, Codable, Sendable, Hashable {
    case bolt
    case cable
    case wire
    case keylessPadlock = "keyless_padlock"
    case other

    /// The DCSA interchange code where the model has one (KLP, BLT, WIR).
    public var dcsaCode: String? {
        switch self {
        case .bolt: "BLT"
        case .wire: "WIR"
        case .keylessPadlock: "KLP"
        case .cable, .other: nil
        }
    }

    public var nameKey: String { "seals.type.\(rawValue)" }
}
