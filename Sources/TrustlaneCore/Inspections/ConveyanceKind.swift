import Foundation

/// What is inspected: the kind of conveyance or instrument of international traffic (IIT) a
/// checklist is for. Raw values are what data files, the database and the API carry.
public enum ConveyanceKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// An ocean container or air ULD (7-point inspection).
    case container
    /// A refrigerated container or ULD (8-point inspection: the fan housing too).
    case refrigeratedContainer = "refrigerated_container"
    /// A highway tractor on its own (2019 MSC tractor points).
    case tractor
    /// A highway trailer on its own (2019 MSC trailer points).
    case trailer
    /// Tractor and trailer inspected together (the legacy 17-point list).
    case truckAndTrailer = "truck_and_trailer"
    case rail
    /// Anything else a company inspects with its own checklist.
    case other

    /// How an inspected unit of this kind is identified; every field listed is required.
    public var requiredUnitFields: [UnitIdentification.Field] {
        switch self {
        case .container, .refrigeratedContainer: [.containerNumber]
        case .tractor: [.tractorPlate]
        case .trailer: [.trailerPlate]
        case .truckAndTrailer: [.tractorPlate, .trailerPlate]
        case .rail, .other: [.unitReference]
        }
    }

    /// Key of the kind's display name in the localization files.
    public var nameKey: String { "conveyance.\(rawValue)" }
}
