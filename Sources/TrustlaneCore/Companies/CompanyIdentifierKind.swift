import Foundation

/// Kinds of identifiers a company holds with CBP and other agencies.
public enum CompanyIdentifierKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// Importer of Record number.
    case iorNumber = "ior_number"
    /// Manufacturer Identification code.
    case mid
    /// Standard Carrier Alpha Code.
    case scac
    /// Employer Identification Number.
    case ein
    /// Federal Maritime Commission organization number.
    case fmcNumber = "fmc_number"
    /// IATA airline or agent code.
    case iataCode = "iata_code"
    /// U.S. Department of Transportation number.
    case usdotNumber = "usdot_number"
    /// Anything else, named by the company ("SCT permit", "DUNS").
    case other

    public var nameKey: String { "identifier.\(rawValue)" }

    /// Identifier kinds with their own input on forms (everything but `other`).
    public static let named: [CompanyIdentifierKind] = allCases.filter { $0 != .other }
}

/// One identifier of a company. `label` names an `.other` identifier.
public struct CompanyIdentifier: Codable, Sendable, Hashable {
    public let kind: CompanyIdentifierKind
    public let label: String?
    public let value: String

    public init(kind: CompanyIdentifierKind, label: String? = nil, value: String) {
        self.kind = kind
        self.label = label
        self.value = value
    }
}
