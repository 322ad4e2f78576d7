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

extension SealCheckStage {
    /// A stage as a form or a request names it: blank is departure; anything else not a stage
    /// is refused by name.
    public static func parse(_ text: String?) throws -> SealCheckStage {
        let value = text?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if value.isEmpty { return .departure }
        guard let stage = SealCheckStage(rawValue: value) else {
            throw ValidationFailure([FieldError(field: "stage", messageKey: "shipments.error.stage",
                                                message: "stage must be departure or arrival", arguments: ["value": String(value.prefix(20))])])
        }
        return stage
    }
}
