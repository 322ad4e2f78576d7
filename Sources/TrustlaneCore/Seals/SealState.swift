import Foundation

/// Where a seal stands in the seal log (MSC 6.1). A seal moves forward only:
/// received -> issued -> affixed -> verified -> arrived, and may leave that path as void,
/// damaged or lost; those three and arrived are final.
public enum SealState: String, CaseIterable, Codable, Sendable, Hashable {
    /// In locked storage.
    case received
    /// Handed to a person for a shipment.
    case issued
    case affixed
    /// VVTT passed at departure.
    case verified
    /// Verified again by the receiver.
    case arrived
    /// Cut or spoiled on purpose (a reload, a customs examination) and logged.
    case void
    case damaged
    case lost

    public var isFinal: Bool { self == .arrived || self == .void || self == .damaged || self == .lost }

    /// The events allowed from this state, with where each leads.
    public var allowedEvents: [SealEvent] {
        SealEvent.allCases.filter { next(on: $0) != nil }
    }

    /// The state after `event`, or nil when the log does not allow it.
    public func next(on event: SealEvent) -> SealState? {
        switch (self, event) {
        case (.received, .issue): .issued
        case (.issued, .returnToStock): .received
        case (.issued, .affix): .affixed
        case (.affixed, .verify): .verified
        case (.verified, .arrive): .arrived
        case (.received, .void), (.issued, .void), (.affixed, .void), (.verified, .void): .void
        case (.received, .reportDamaged), (.issued, .reportDamaged), (.affixed, .reportDamaged), (.verified, .reportDamaged): .damaged
        case (.received, .reportLost), (.issued, .reportLost), (.affixed, .reportLost), (.verified, .reportLost): .lost
        default: nil
        }
    }

    /// The state after `event`, or a refusal naming the seal, its state and what is allowed.
    public func applying(_ event: SealEvent, seal: SealNumber) -> Result<SealState, FieldError> {
        if let next = next(on: event) { return .success(next) }
        let allowed = allowedEvents.map(\.rawValue).joined(separator: ", ")
        return .failure(FieldError(field: "seal_number", messageKey: isFinal ? "seals.error.transition_final" : "seals.error.transition",
                                   message: isFinal
                                       ? "seal \(seal) is \(rawValue); nothing more can be logged for it"
                                       : "seal \(seal) is \(rawValue); it cannot be \(event.pastTense) (allowed: \(allowed))",
                                   arguments: ["seal": seal.rawValue, "state": rawValue, "event": event.rawValue, "allowed": allowed]))
    }

    public var nameKey: String { "seals.state.\(rawValue)" }
}

/// Something logged about a seal.
public enum SealEvent: String, CaseIterable, Codable, Sendable, Hashable {
    case issue
    case returnToStock = "return_to_stock"
    case affix
    case verify
    case arrive
    case void
    case reportDamaged = "report_damaged"
    case reportLost = "report_lost"

    var pastTense: String {
        switch self {
        case .issue: "issued"
        case .returnToStock: "returned to stock"
        case .affix: "affixed"
        case .verify: "verified"
        case .arrive: "verified on arrival"
        case .void: "voided"
        case .reportDamaged: "reported damaged"
        case .reportLost: "reported lost"
        }
    }
}
