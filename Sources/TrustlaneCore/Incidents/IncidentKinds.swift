import Foundation

public enum IncidentTag: Sendable {}
/// One entry of a company's incident register.
public typealias IncidentID = Identifier<IncidentTag>

/// What kind of security incident or anomaly an entry is (MSC 7.23 asks for a written procedure
/// covering them; the types follow the examples CBP's guidance gives for 7.23 and 6.1, recalled
/// in `daily-operations.md` section 4 and marked there as to be verified against the MSC text).
/// Each type names the criteria whose evidence it is.
public enum IncidentType: String, CaseIterable, Codable, Sendable, Hashable {
    /// A seal found tampered with, broken, or bearing a number other than the one recorded (6.1).
    case sealTampered = "seal_tampered"
    /// A seal of the company's stock that cannot be accounted for (6.1, 6.6).
    case sealUnaccounted = "seal_unaccounted"
    /// A false wall, floor or other hidden compartment in a conveyance or container (5.x).
    case hiddenCompartment = "hidden_compartment"
    case contraband
    /// People hidden in a conveyance or in cargo.
    case stowaways
    /// Someone in a conveyance, cargo area or facility without authority (7.24).
    case unauthorizedAccess = "unauthorized_access"
    /// Insects, animals, plant material, soil or water found in or on a unit or cargo (8.1).
    case pestContamination = "pest_contamination"
    /// A shortage, overage or other significant cargo discrepancy (7.27).
    case cargoDiscrepancy = "cargo_discrepancy"
    /// A cyber incident: intrusion, stolen credentials, tampered data (4.x).
    case cyberIncident = "cyber_incident"
    case threatOrExtortion = "threat_or_extortion"
    /// Someone using the company's identifiers (importer of record number, FIRMS code...).
    case identifierMisuse = "identifier_misuse"
    /// A concern raised, often anonymously, that does not fit another type yet (7.25).
    case suspiciousActivity = "suspicious_activity"
    case other

    /// The MSC criteria the type's records are evidence for. Every type serves the incident
    /// procedure and the investigation (7.23, 7.37); the rest by type.
    public var criteria: [String] {
        let specific: [String]
        switch self {
        case .sealTampered, .sealUnaccounted: specific = ["6.1"]
        case .hiddenCompartment: specific = ["5.29"]
        case .contraband, .stowaways, .threatOrExtortion, .identifierMisuse, .other: specific = []
        case .unauthorizedAccess: specific = ["7.24"]
        case .pestContamination: specific = ["8.1"]
        case .cargoDiscrepancy: specific = ["7.27"]
        case .cyberIncident: specific = ["4.5"]
        case .suspiciousActivity: specific = ["7.25"]
        }
        return ["7.23"] + specific + ["7.37"]
    }

    /// Whether CBP's guidance lists the type among those to report to the company's Supply
    /// Chain Security Specialist and the nearest port of entry (recalled; to be verified).
    public var reportToCBP: Bool {
        switch self {
        case .sealTampered, .sealUnaccounted, .hiddenCompartment, .contraband, .stowaways, .unauthorizedAccess,
             .threatOrExtortion, .identifierMisuse:
            true
        case .pestContamination, .cargoDiscrepancy, .cyberIncident, .suspiciousActivity, .other:
            false
        }
    }

    public var nameKey: String { "incidents.type.\(rawValue)" }
}

/// How serious an incident is, as the company judges it.
public enum IncidentSeverity: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    public var nameKey: String { "incidents.severity.\(rawValue)" }
}

/// Where an entry came from.
public enum IncidentSource: String, CaseIterable, Codable, Sendable, Hashable {
    /// Filed by a signed-in member.
    case member
    /// Through the company's anonymous reporting link (7.25); unconfirmed until a coordinator
    /// confirms it.
    case anonymous
    /// Proposed from a failed point of a conveyance inspection.
    case inspection
    /// Opened by a seal check at arrival that read another number than the one affixed.
    case sealCheck = "seal_check"
    /// Opened by a seal audit that found a seal unaccounted for (6.6).
    case sealAudit = "seal_audit"

    public var nameKey: String { "incidents.source.\(rawValue)" }
}

/// Where an incident stands. An anonymous report starts unconfirmed; it is confirmed (opened) or
/// dismissed with a reason. An open incident is investigated (7.37: as soon as it is known) and
/// closed by the security coordinator once findings and a root cause are written. Closed and
/// dismissed are final; a reopening is a new entry that refers to the old one.
public enum IncidentStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case unconfirmed
    case open
    case investigating
    case closed
    case dismissed

    public var isFinal: Bool { self == .closed || self == .dismissed }
    public var nameKey: String { "incidents.status.\(rawValue)" }

    /// The status after `step`, or nil when it is not allowed from here.
    public func next(on step: IncidentStep) -> IncidentStatus? {
        switch (self, step) {
        case (.unconfirmed, .confirm): .open
        case (.unconfirmed, .dismiss), (.open, .dismiss): .dismissed
        case (.open, .startInvestigation): .investigating
        case (.investigating, .close): .closed
        default: nil
        }
    }

    /// The next status, or a refusal naming what is allowed.
    public func applying(_ step: IncidentStep) -> Result<IncidentStatus, FieldError> {
        if let next = next(on: step) { return .success(next) }
        let allowed = IncidentStep.allCases.filter { next(on: $0) != nil }.map(\.rawValue)
        return .failure(FieldError(field: "status", messageKey: isFinal ? "incidents.error.final" : "incidents.error.step",
                                   message: isFinal ? "the incident is \(rawValue); nothing more can change its status"
                                       : "the incident is \(rawValue); it cannot \(step.rawValue.replacingOccurrences(of: "_", with: " ")) (allowed: \(allowed.joined(separator: ", ")))",
                                   arguments: ["status": rawValue, "step": step.rawValue, "allowed": allowed.joined(separator: ", ")]))
    }
}

/// A change of an incident's status.
public enum IncidentStep: String, CaseIterable, Codable, Sendable, Hashable {
    case confirm
    case dismiss
    case startInvestigation = "start_investigation"
    case close
}
