import Foundation

public enum BusinessPartnerTag: Sendable {}
/// One of a company's supply-chain partners (a supplier, a carrier, a broker ...).
public typealias BusinessPartnerID = Identifier<BusinessPartnerTag>

/// A member company's business partner (MSC category 3): who it is, where, what it does in the
/// supply chain and how to reach it. Vetting, status proofs and screening results hang off it.
public struct BusinessPartner: Hashable, Sendable {
    public var id: BusinessPartnerID
    /// The company's own code for the partner (a vendor number), unique within the company.
    public var reference: String?
    public var legalName: String
    /// Trade names, former names, names in another script.
    public var otherNames: [String]
    public var country: CountryCode
    public var role: BusinessPartnerRole
    public var address: String?
    public var identifiers: [BusinessPartnerIdentifier]
    /// The sites and lanes the partner touches, as the company words them.
    public var sites: String?
    public var contactName: String?
    public var contactEmail: String?
    public var notes: String?

    public init(id: BusinessPartnerID = BusinessPartnerID(), reference: String? = nil, legalName: String, otherNames: [String] = [],
                country: CountryCode, role: BusinessPartnerRole, address: String? = nil, identifiers: [BusinessPartnerIdentifier] = [],
                sites: String? = nil, contactName: String? = nil, contactEmail: String? = nil, notes: String? = nil) {
        self.id = id
        self.reference = reference
        self.legalName = legalName
        self.otherNames = otherNames
        self.country = country
        self.role = role
        self.address = address
        self.identifiers = identifiers
        self.sites = sites
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.notes = notes
    }

    /// The legal name and every other name: what screening and search look at.
    public var names: [String] { [legalName] + otherNames }
}

/// What a partner does in the company's supply chain. Raw values are what CSV files, the
/// database and the API carry. Carriers are split by mode because 3.8 (subcontracted highway
/// moves) and the inspection criteria differ by mode.
public enum BusinessPartnerRole: String, CaseIterable, Codable, Sendable, Hashable {
    case manufacturer
    case supplier
    case highwayCarrier = "highway_carrier"
    case railCarrier = "rail_carrier"
    case seaCarrier = "sea_carrier"
    case airCarrier = "air_carrier"
    case customsBroker = "customs_broker"
    case consolidator
    case thirdPartyLogistics = "third_party_logistics"
    case warehouse
    case agent
    case serviceProvider = "service_provider"
    case other

    /// The localization key of the role's name.
    public var nameKey: String { "partners.role.\(rawValue)" }

    /// English names, accepted in files beside the raw values ("Highway carrier", "3PL").
    public var englishName: String {
        switch self {
        case .manufacturer: "Manufacturer"
        case .supplier: "Supplier"
        case .highwayCarrier: "Highway carrier"
        case .railCarrier: "Rail carrier"
        case .seaCarrier: "Sea carrier"
        case .airCarrier: "Air carrier"
        case .customsBroker: "Customs broker"
        case .consolidator: "Consolidator"
        case .thirdPartyLogistics: "Third-party logistics (3PL)"
        case .warehouse: "Warehouse"
        case .agent: "Agent"
        case .serviceProvider: "Service provider"
        case .other: "Other"
        }
    }

    /// A raw value or English name in any case, with spaces or hyphens for underscores; "3PL" too.
    public init?(text: String) {
        // Files carry the raw value as a rule: found without folding.
        if let exact = BusinessPartnerRole(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if let exact = BusinessPartnerRole(rawValue: folded) { self = exact; return }
        if folded == "3pl" { self = .thirdPartyLogistics; return }
        guard let named = BusinessPartnerRole.allCases.first(where: {
            $0.englishName.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_") == folded
        }) else { return nil }
        self = named
    }

    /// Carriers, whose subcontracting 3.8 governs.
    public var isCarrier: Bool { [.highwayCarrier, .railCarrier, .seaCarrier, .airCarrier].contains(self) }
}

/// A registration number of a partner under some scheme (`duns:123456789`, `tax_id:...`,
/// `mid:IDSEPJAY123BAN`, `scac:ABCD`). Two partners of one company may not share one.
public struct BusinessPartnerIdentifier: Hashable, Codable, Sendable {
    public let scheme: String
    public let value: String

    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }

    /// Compared without case, spaces, dots or dashes: `01.234.567-8` and `012345678` are one number.
    public var key: String {
        // Most numbers are ASCII: their key is built from the bytes (digits and capital
        // letters kept), the same as the general path gives, without a CharacterSet per call
        // (a tenth of a 100,000-partner import's reading was spent building them).
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(value.utf8.count)
            for byte in value.utf8 {
                switch byte {
                case 0x30...0x39, 0x41...0x5A: bytes.append(byte)
                case 0x61...0x7A: bytes.append(byte - 0x20)
                default: break
                }
            }
            return scheme + ":" + String(decoding: bytes, as: UTF8.self)
        }
        return scheme + ":" + String(value.uppercased().unicodeScalars.filter { Self.alphanumerics.contains($0) }.map(Character.init))
    }

    private static let alphanumerics = CharacterSet.alphanumerics

    /// `scheme:value`, as files write it.
    public var text: String { "\(scheme):\(value)" }
}

/// Whether the company still works with the partner. A blocked partner is one a confirmed
/// denied-party match stopped; archived ones are kept for the record (3.7 asks for history).
public enum BusinessPartnerStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case active
    case blocked
    case archived
}
