import Foundation

/// How cargo moves along a leg of a supply chain. Raw values are what CSV files, the database and
/// the API carry.
public enum TransportMode: String, CaseIterable, Codable, Sendable, Hashable {
    case sea
    case air
    case rail
    case truck

    /// Parses a raw value case-insensitively, trimming spaces; `road` is read as `truck` and
    /// `ocean` as `sea`, the words shipping documents often use.
    public init?(text: String) {
        if let exact = TransportMode(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        switch folded {
        case "road": self = .truck
        case "ocean": self = .sea
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
        }
    }
}
