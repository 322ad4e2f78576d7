import Foundation

/// Where a shipment stands: open until it is released, by the gate or by a supervisor's override.
public enum ShipmentStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case open
    case released
    case releasedByOverride = "released_by_override"

    public var isReleased: Bool { self != .open }
    public var nameKey: String { "shipments.status.\(rawValue)" }
}

/// When a seal is checked with VVTT: by the shipper before departure (MSC 6.7), or by the
/// receiver at arrival.
public enum SealCheckStage: String, CaseIterable, Codable, Sendable, Hashable {
    case departure
    case arrival

    public var nameKey: String { "shipments.stage.\(rawValue)" }
}
