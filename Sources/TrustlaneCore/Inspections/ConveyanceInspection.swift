import Foundation

/// One recorded conveyance inspection (MSC 5.3, 5.5, 8.1), in one version. Records are
/// append-only: a correction is a new version with the same id (`InspectionCorrection`), and the
/// old version is kept. Built only by `InspectionValidator`, so every point of its checklist is
/// answered exactly once and every failure carries a note.
public struct ConveyanceInspection: Hashable, Sendable {
    public let id: InspectionID
    /// 1 for the first record, n + 1 for the correction of version n.
    public let version: Int
    public let checklistKey: String
    public let checklistVersion: Int
    public let conveyance: ConveyanceKind
    public let unit: UnitIdentification
    public let site: String
    public let yardLocation: String?
    public let inspectedAt: Date
    public let inspector: UserID
    /// In the checklist's order, one a point.
    public let results: [PointResult]
    public let signOff: SupervisorSignOff?

    public init(id: InspectionID, version: Int, checklistKey: String, checklistVersion: Int, conveyance: ConveyanceKind,
                unit: UnitIdentification, site: String, yardLocation: String?, inspectedAt: Date, inspector: UserID,
                results: [PointResult], signOff: SupervisorSignOff? = nil) {
        self.id = id
        self.version = version
        self.checklistKey = checklistKey
        self.checklistVersion = checklistVersion
        self.conveyance = conveyance
        self.unit = unit
        self.site = site
        self.yardLocation = yardLocation
        self.inspectedAt = inspectedAt
        self.inspector = inspector
        self.results = results
        self.signOff = signOff
    }

    /// Passed, or on hold with the failed points (what the app proposes an incident from).
    public var outcome: InspectionOutcome {
        var failed: [FailedPoint] = []
        for (index, result) in results.enumerated() where result.outcome == .fail {
            failed.append(FailedPoint(pointKey: result.pointKey, order: index + 1, note: result.note ?? ""))
        }
        return failed.isEmpty ? .passed : .onHold(failedPoints: failed)
    }

    /// Where the inspection stands under the company's settings: a failure holds the unit
    /// whatever else; otherwise it waits for a sign-off where one is required.
    public func status(requiresSignOff: Bool) -> InspectionStatus {
        if case .onHold = outcome { return .onHold }
        if requiresSignOff && signOff == nil { return .awaitingSignOff }
        return .passed
    }

    /// Whether the inspection is complete: signed off where the company requires it.
    public func isComplete(requiresSignOff: Bool) -> Bool { !requiresSignOff || signOff != nil }

    /// This version signed off by a supervisor. Refused when already signed, or when the
    /// supervisor is the inspector (a second person signs).
    public func signedOff(by supervisor: UserID, at moment: Date) -> Result<ConveyanceInspection, FieldError> {
        if let signOff {
            return .failure(FieldError(field: "sign_off", messageKey: "inspections.error.already_signed",
                                       message: "this inspection was already signed off on \(ProgramDay(signOff.at))",
                                       arguments: ["day": ProgramDay(signOff.at).description]))
        }
        guard supervisor != inspector else {
            return .failure(FieldError(field: "sign_off", messageKey: "inspections.error.self_sign_off",
                                       message: "the inspector cannot sign off their own inspection; another supervisor signs it"))
        }
        return .success(replacing(signOff: SupervisorSignOff(supervisor: supervisor, at: moment)))
    }

    func replacing(version: Int? = nil, unit: UnitIdentification? = nil, site: String? = nil, yardLocation: String?? = nil,
                   results: [PointResult]? = nil, signOff: SupervisorSignOff?? = nil) -> ConveyanceInspection {
        ConveyanceInspection(id: id, version: version ?? self.version, checklistKey: checklistKey, checklistVersion: checklistVersion,
                             conveyance: conveyance, unit: unit ?? self.unit, site: site ?? self.site,
                             yardLocation: yardLocation ?? self.yardLocation, inspectedAt: inspectedAt, inspector: inspector,
                             results: results ?? self.results, signOff: signOff ?? self.signOff)
    }
}

/// A supervisor's signature on an inspection (MSC 5.5).
public struct SupervisorSignOff: Hashable, Sendable, Codable {
    public let supervisor: UserID
    public let at: Date
    public init(supervisor: UserID, at: Date) {
        self.supervisor = supervisor
        self.at = at
    }
}

/// A point that failed: the unit is on hold, and the app proposes an incident naming it.
public struct FailedPoint: Hashable, Sendable, Codable {
    public let pointKey: String
    public let order: Int
    public let note: String
}

/// The result of an inspection's points.
public enum InspectionOutcome: Hashable, Sendable {
    case passed
    /// At least one point failed; the unit may not be loaded or released.
    case onHold(failedPoints: [FailedPoint])

    public var failedPoints: [FailedPoint] {
        if case .onHold(let points) = self { return points }
        return []
    }
}

/// Where an inspection stands; raw values are what the database and API carry.
public enum InspectionStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case awaitingSignOff = "awaiting_sign_off"
    case passed
    case onHold = "on_hold"

    public var nameKey: String { "inspections.status.\(rawValue)" }
}
