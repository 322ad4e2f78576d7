import Foundation

/// What a node of a supply chain map is: where cargo is made, packed, gathered, stored, handed
/// over or received. Raw values are snake_case and are what CSV files, the database and the API
/// carry.
public enum ChainNodeKind: String, CaseIterable, Codable, Sendable, Hashable {
    case originFactory = "origin_factory"
    case packingSite = "packing_site"
    case consolidationSite = "consolidation_site"
    case inlandDepot = "inland_depot"
    case port
    case airport
    case borderCrossing = "border_crossing"
    case railTerminal = "rail_terminal"
    case warehouse
    case destination

    /// Parses a raw value case-insensitively, trimming spaces; also accepts `-` or a space for
    /// `_` (`Origin Factory`, `border-crossing`) as people type them.
    public init?(text: String) {
        if let exact = ChainNodeKind(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        self.init(rawValue: folded)
    }

    /// Key of the kind's display name in the localization files.
    public var nameKey: String { "chain_node_kind.\(rawValue)" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .originFactory: "Origin factory"
        case .packingSite: "Packing site"
        case .consolidationSite: "Consolidation site"
        case .inlandDepot: "Inland depot"
        case .port: "Port"
        case .airport: "Airport"
        case .borderCrossing: "Border crossing"
        case .railTerminal: "Rail terminal"
        case .warehouse: "Warehouse"
        case .destination: "Destination"
        }
    }

    /// Position in `allCases`, for fixed-size tables indexed without hashing.
    var ordinal: Int {
        switch self {
        case .originFactory: 0
        case .packingSite: 1
        case .consolidationSite: 2
        case .inlandDepot: 3
        case .port: 4
        case .airport: 5
        case .borderCrossing: 6
        case .railTerminal: 7
        case .warehouse: 8
        case .destination: 9
        }
    }
}
