import Foundation

/// What a node of a supply chain map is: where cargo is made, packed, gathered, stored, handed
/// over or received, or, for members that hold no cargo site of their own, what they assess
/// instead. Raw values are snake_case and are what CSV files, the database and the API carry.
///
/// CBP's "C-TPAT's Five Step Risk Assessment" (August 2014) has chapters for importers, brokers,
/// consolidators, highway carriers and foreign manufacturers: a highway carrier maps its routes,
/// yards and border crossings; a customs broker maps its clients and the data systems shipment
/// data passes through rather than sites. The last four kinds let them map their real chain.
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
    /// A stretch of road a highway carrier runs between two points (stops, detours, hijacking).
    case route
    /// A truck, trailer or container yard where conveyances and loads wait.
    case yard
    /// A system shipment data is entered into or passes through (a broker's entry system, EDI,
    /// a portal): where data, not cargo, can be tampered with.
    case dataSystem = "data_system"
    /// A client whose shipments a broker (or forwarder) handles and whose data it relies on.
    case client

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
        case .route: "Route"
        case .yard: "Yard"
        case .dataSystem: "Data or IT system"
        case .client: "Client"
        }
    }

    /// Whether cargo itself is at the node. A data system or a client is where a broker's
    /// shipment data is, not its cargo: the diagram draws them with a dashed border.
    public var holdsCargo: Bool {
        switch self {
        case .dataSystem, .client: false
        default: true
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
        case .route: 10
        case .yard: 11
        case .dataSystem: 12
        case .client: 13
        }
    }
}
