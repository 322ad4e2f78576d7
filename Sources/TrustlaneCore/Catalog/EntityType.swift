import Foundation
/// The twelve CTPAT business entity types. Each has its own Minimum Security Criteria document
/// and its own eligibility requirements. Raw values are the short codes used in catalog files,
/// the database and the API.
public enum EntityType: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case importer = "IMP"
    case exporter = "EXP"
    case foreignManufacturer = "FM"
    case highwayCarrier = "HC"
    case mexicanLongHaulCarrier = "MLH"
    case railCarrier = "RC"
    case seaCarrier = "SC"
    case airCarrier = "AC"
    case consolidator = "CONS"
    case customsBroker = "CB"
    case thirdPartyLogistics = "3PL"
    case marinePortTerminalOperator = "MPTO"

    /// The code as written in files and URLs (`IMP`, `3PL`, ...).
    public var code: String { rawValue }

    /// Key of the entity type's display name in the localization files.
    public var nameKey: String { "entity_type.\(rawValue)" }

    /// Parses a code case-insensitively (`imp`, `IMP`, ` 3pl `).
    public init?(code: String) {
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        self.init(rawValue: trimmed)
    }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
