import Foundation

/// The unit an inspection is about: its container number (ISO 6346, check digit verified), its
/// plates, or another reference, and whether it is refrigerated. Which fields are required
/// depends on the conveyance kind (`ConveyanceKind.requiredUnitFields`).
public struct UnitIdentification: Hashable, Sendable, Codable {
    /// The form and API field names of the unit's identification.
    public enum Field: String, CaseIterable, Sendable {
        case containerNumber = "container_number"
        case tractorPlate = "tractor_plate"
        case trailerPlate = "trailer_plate"
        case unitReference = "unit_reference"
    }

    public let containerNumber: ContainerNumber?
    /// Plates as written, trimmed and upper-cased, inner spaces kept.
    public let tractorPlate: String?
    public let trailerPlate: String?
    /// A rail car number or another reference, as written.
    public let unitReference: String?
    public let refrigerated: Bool

    public init(containerNumber: ContainerNumber? = nil, tractorPlate: String? = nil, trailerPlate: String? = nil,
                unitReference: String? = nil, refrigerated: Bool = false) {
        self.containerNumber = containerNumber
        self.tractorPlate = tractorPlate
        self.trailerPlate = trailerPlate
        self.unitReference = unitReference
        self.refrigerated = refrigerated
    }

    /// One line naming the unit for lists and exports: `CSQU3054383`, `B 1234 XY / B 5678 ZZ`.
    public var label: String {
        if let containerNumber { return containerNumber.rawValue }
        let plates = [tractorPlate, trailerPlate].compactMap { $0 }
        if !plates.isEmpty { return plates.joined(separator: " / ") }
        return unitReference ?? ""
    }
}
