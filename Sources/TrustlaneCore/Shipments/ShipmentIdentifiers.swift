import Foundation

public enum ShipmentTag: Sendable {}
/// One shipment: the record tying a unit's inspection, its seals and its departure together.
public typealias ShipmentID = Identifier<ShipmentTag>
