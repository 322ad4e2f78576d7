import Foundation

/// How cargo moves along a leg of a supply chain, or how data does where a broker maps its clients
/// and data systems (`electronic`). Raw values are what CSV files, the database and the API carry.
public enum TransportMode: String, CaseIterable, Codable, Sendable, Hashable {
    case sea
    case air
    case rail
    case truck
    /// Shipment data sent electronically (EDI, a portal, e-mail) between a client, a data system
    /// and the rest of the chain: no cargo moves on such a leg.
    case electronic

    /// Parses a raw value case-insensitively, trimming spaces; `road` is read as `truck` and
    /// `ocean` as `sea`, the words shipping documents often use; `data` and `edi` as `electronic`.
    public init?(text: String) {
        if let exact = TransportMode(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        switch folded {
        case "road": self = .truck
        case "ocean": self = .sea
        case "data", "edi": self = .electronic
        default: self.init(rawValue: folded)
        }
    }

    /// Key of the mode's display name in the localization files.
    public var nameKey: String { "transport_mode.\(rawValue)" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .sea: "Sea"
        case .air: "Air"
        case .rail: "Rail"
        case .truck: "Truck"
        case .electronic: "Electronic (data)"
        }
    }
}
