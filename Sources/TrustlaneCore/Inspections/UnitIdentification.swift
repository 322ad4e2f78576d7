import Foundation

/// The unit an inspection is about: its container number (ISO 6346, check digit verified) or an
/// air unit's ULD id (`UnitNumber`), its plates, or another reference, and whether it is
/// refrigerated. Which fields are required
/// depends on the conveyance kind (`ConveyanceKind.requiredUnitFields`).
public struct UnitIdentification: Hashable, Sendable, Codable {
    /// The form and API field names of the unit's identification.
    public enum Field: String, CaseIterable, Sendable {
        case containerNumber = "container_number"
        case tractorPlate = "tractor_plate"
        case trailerPlate = "trailer_plate"
        case unitReference = "unit_reference"
    }

    /// What the `container_number` field holds: a container number or a ULD id.
    public let unitNumber: UnitNumber?
    /// The ISO 6346 number, when the unit is a container rather than a ULD.
    public var containerNumber: ContainerNumber? { unitNumber?.containerNumber }
    /// Plates as written, trimmed and upper-cased, inner spaces kept.
    public let tractorPlate: String?
    public let trailerPlate: String?
    /// A rail car number or another reference, as written.
    public let unitReference: String?
    public let refrigerated: Bool

    public init(unitNumber: UnitNumber? = nil, tractorPlate: String? = nil, trailerPlate: String? = nil,
                unitReference: String? = nil, refrigerated: Bool = false) {
        self.unitNumber = unitNumber
        self.tractorPlate = tractorPlate
        self.trailerPlate = trailerPlate
        self.unitReference = unitReference
        self.refrigerated = refrigerated
    }

    /// One line naming the unit for lists and exports: `CSQU3054383`, `AKE12345DL`, `B 1234 XY / B 5678 ZZ`.
    public var label: String {
        if let unitNumber { return unitNumber.rawValue }
        let plates = [tractorPlate, trailerPlate].compactMap { $0 }
        if !plates.isEmpty { return plates.joined(separator: " / ") }
        return unitReference ?? ""
    }
}
