import Foundation

public enum GateVisitTag: Sendable {}
/// One visitor's entry in a site's visitor log (MSC 10.2).
public typealias GateVisitID = Identifier<GateVisitTag>
public enum GatePickupTag: Sendable {}
/// One driver's entry in a site's driver and cargo pickup log (MSC 10.3, 10.4).
public typealias GatePickupID = Identifier<GatePickupTag>
public enum GatePreNoticeTag: Sendable {}
/// One carrier pre-notification of an arrival (MSC 10.7).
public typealias GatePreNoticeID = Identifier<GatePreNoticeTag>
public enum GateBadgeTag: Sendable {}
/// One badge, access card or key of the company's inventory (MSC 10.1).
public typealias GateBadgeID = Identifier<GateBadgeTag>

/// The photo identification a guard looked at before letting someone in (MSC 10.2 asks that
/// visitors show a photo ID; 10.3 that drivers are positively identified). Which document types
/// CBP's guidance lists is not verified against the MSC text (`daily-operations.md` section 6
/// marks the 10.2 field list [verify]); these are the kinds guards meet at a gate.
public enum PhotoIDType: String, CaseIterable, Codable, Sendable, Hashable {
    case passport
    case nationalID = "national_id"
    case driverLicence = "driver_licence"
    case other

    public var nameKey: String { "gate.id_type.\(rawValue)" }
}

/// What an inventory item is (MSC 10.1: issue, change and removal of access devices).
public enum BadgeKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A badge worn visibly (a visitor's or an employee's).
    case badge
    /// An electronic access card or fob.
    case accessCard = "access_card"
    case key
    case other

    public var nameKey: String { "gate.badge_kind.\(rawValue)" }
}

/// Where a badge or key stands. It is issued to one person at a time and returned; a lost one is
/// reported (so the lock or the card can be changed) and becomes available again only when it is
/// found and returned.
public enum BadgeStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case available
    case issued
    case lost

    public var nameKey: String { "gate.badge_status.\(rawValue)" }

    /// The status after `step`, or nil when it is not allowed from here.
    public func next(on step: BadgeStep) -> BadgeStatus? {
        switch (self, step) {
        case (.available, .issue): .issued
        case (.issued, .return), (.lost, .return): .available
        case (.available, .reportLost), (.issued, .reportLost): .lost
        default: nil
        }
    }
}

/// A change of a badge's status.
public enum BadgeStep: String, CaseIterable, Codable, Sendable, Hashable {
    case issue
    case `return`
    case reportLost = "report_lost"
}

/// A refusal because the record is not in a state the request can change: a visitor already
/// checked out, a driver already gone, a badge already issued. The API answers 409; a page shows
/// the message and changes nothing.
public struct GateConflict: Error, Equatable, Sendable {
    public let messageKey: String
    public let message: String
    public let arguments: [String: String]
    /// The moment the message names (when the visitor left), for a page to show in its reader's zone.
    public let at: Date?

    public init(messageKey: String, message: String, arguments: [String: String] = [:], at: Date? = nil) {
        self.messageKey = messageKey
        self.message = message
        self.arguments = arguments
        self.at = at
    }
}

extension BadgeStatus {
    /// The next status, or the conflict that names why the step is refused.
    public func applying(_ step: BadgeStep, number: String, holder: String?) -> Result<BadgeStatus, GateConflict> {
        if let next = next(on: step) { return .success(next) }
        switch (self, step) {
        case (.issued, .issue):
            return .failure(GateConflict(messageKey: "gate.error.badge_already_issued",
                                         message: "badge \(number) is already issued to \(holder ?? "someone"); record its return first",
                                         arguments: ["number": number, "holder": holder ?? "—"]))
        case (.lost, .issue):
            return .failure(GateConflict(messageKey: "gate.error.badge_lost", message: "badge \(number) is reported lost; record it found (returned) first",
                                         arguments: ["number": number]))
        case (.available, .return):
            return .failure(GateConflict(messageKey: "gate.error.badge_not_issued", message: "badge \(number) is not issued to anyone",
                                         arguments: ["number": number]))
        default:
            return .failure(GateConflict(messageKey: "gate.error.badge_already_lost", message: "badge \(number) is already reported lost",
                                         arguments: ["number": number]))
        }
    }
}
