import Foundation

/// Whom a company tells about an incident (MSC 7.23: internal escalation and external
/// notification). The external list follows CBP's guidance as recalled in
/// `daily-operations.md` section 4 (the company's Supply Chain Security Specialist, the nearest
/// port of entry, law enforcement, affected business partners), marked there to be verified.
public enum NotificationTarget: String, CaseIterable, Codable, Sendable, Hashable {
    /// Inside the company: management, the security coordinator, the officer.
    case management
    /// The company's CBP Supply Chain Security Specialist.
    case supplyChainSecuritySpecialist = "cbp_scss"
    /// The CBP port of entry nearest the incident.
    case portOfEntry = "port_of_entry"
    case lawEnforcement = "law_enforcement"
    /// A business partner the incident touches (the carrier, the consignee, the supplier).
    case affectedPartner = "affected_partner"
    case other

    /// Whether telling this party counts as reporting to CBP.
    public var isCBP: Bool { self == .supplyChainSecuritySpecialist || self == .portOfEntry }

    /// The parties the checklist lists for an incident of `type`: management always, CBP's two
    /// and law enforcement for the types CBP wants reported, affected partners for the rest.
    public static func checklist(for type: IncidentType) -> [NotificationTarget] {
        type.reportToCBP ? [.management, .supplyChainSecuritySpecialist, .portOfEntry, .lawEnforcement, .affectedPartner]
            : [.management, .affectedPartner]
    }

    public var nameKey: String { "incidents.target.\(rawValue)" }
}

/// How a party was told.
public enum NotificationChannel: String, CaseIterable, Codable, Sendable, Hashable {
    case phone
    case email
    case inPerson = "in_person"
    /// CBP's CTPAT portal.
    case portal
    case letter
    case other

    public var nameKey: String { "incidents.channel.\(rawValue)" }
}

/// A notification as typed: who told whom, when and how.
public struct NotificationDraft: Hashable, Sendable {
    public var target: String?
    /// The person or office told (`Officer Ruiz, Port of Laredo`).
    public var recipient: String?
    /// Who in the company told them.
    public var notifiedBy: String?
    public var notifiedAt: String?
    public var channel: String?
    public var note: String?

    public init(target: String? = nil, recipient: String? = nil, notifiedBy: String? = nil, notifiedAt: String? = nil, channel: String? = nil,
                note: String? = nil) {
        self.target = target
        self.recipient = recipient
        self.notifiedBy = notifiedBy
        self.notifiedAt = notifiedAt
        self.channel = channel
        self.note = note
    }
}

public struct ValidNotification: Hashable, Sendable {
    public let target: NotificationTarget
    public let recipient: String
    public let notifiedBy: String
    public let notifiedAt: Date
    public let channel: NotificationChannel
    public let note: String?

    public init(target: NotificationTarget, recipient: String, notifiedBy: String, notifiedAt: Date, channel: NotificationChannel, note: String?) {
        self.target = target
        self.recipient = recipient
        self.notifiedBy = notifiedBy
        self.notifiedAt = notifiedAt
        self.channel = channel
        self.note = note
    }
}

extension NotificationDraft {
    public static let maxNote = 2_000

    /// Checks the draft against the incident it belongs to: a party cannot be told before the
    /// incident was discovered, nor in the future.
    public func validate(discoveredAt: Date, zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidNotification {
        var errors: [FieldError] = []
        let target: NotificationTarget? = IncidentValidator.choice(target, field: "target", into: &errors)
        let channel: NotificationChannel? = IncidentValidator.choice(channel, field: "channel", into: &errors)
        let recipient = Check.text(recipient, field: "recipient", max: IncidentValidator.maxName, use: .freeText, into: &errors)
        let by = Check.text(notifiedBy, field: "notified_by", max: IncidentValidator.maxName, use: .freeText, into: &errors)
        let note = Check.text(note, field: "note", max: Self.maxNote, required: false, use: .freeText, into: &errors)
        let at = IncidentTime.parse(notifiedAt, field: "notified_at", zone: zone, now: now, into: &errors)
        if let at, at < discoveredAt.addingTimeInterval(-60) {
            errors.append(FieldError(field: "notified_at", messageKey: "incidents.error.notified_before_discovery",
                                     message: "notified_at is before the incident was discovered; a party cannot be told before the discovery",
                                     arguments: [:]))
        }
        guard errors.isEmpty, let target, let channel, let recipient, let by, let at else { throw ValidationFailure(errors) }
        return ValidNotification(target: target, recipient: recipient, notifiedBy: by, notifiedAt: at, channel: channel, note: note)
    }
}

/// Whether the company told CBP before CBP found the incident itself. CBP treats a breach the
/// member reports first differently from one it discovers (`daily-operations.md` section 4,
/// source S35): the register keeps the times that decide it.
public enum SelfReport: Equatable, Sendable {
    /// The company told CBP at this time, and CBP had not found it first.
    case reportedFirst(Date)
    /// CBP found it (at the discovery time); the company's first report to CBP, if any, came after.
    case foundByCBP(reportedAt: Date?)
    /// Nobody at CBP has been told yet.
    case notReported

    /// From the incident's facts and the times CBP was told.
    public static func decide(foundByCBP: Bool, cbpNotifications: [Date]) -> SelfReport {
        let first = cbpNotifications.min()
        if foundByCBP { return .foundByCBP(reportedAt: first) }
        if let first { return .reportedFirst(first) }
        return .notReported
    }

    public var nameKey: String {
        switch self {
        case .reportedFirst: "incidents.self_report.first"
        case .foundByCBP: "incidents.self_report.cbp_found"
        case .notReported: "incidents.self_report.not_reported"
        }
    }
}
