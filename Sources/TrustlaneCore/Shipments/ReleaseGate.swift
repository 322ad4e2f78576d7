import Foundation

/// Why a shipment may not be released yet.
public enum ReleaseBlock: Hashable, Sendable {
    /// No inspection is recorded for the shipment's unit.
    case noInspection
    /// The company requires a supervisor's sign-off and the latest version has none.
    case inspectionAwaitingSignOff
    /// The latest version of the inspection has failed points (the unit is on hold).
    case openFailures([FailedPoint])
    /// No seal is recorded on the shipment.
    case noSeal
    /// A seal has no VVTT check recorded.
    case sealNotVerified(SealNumber)
    /// A seal's VVTT check found a problem at these steps.
    case sealFailedVVTT(SealNumber, [VVTTStep])
    /// A less-than-truckload shipment with neither a lock recorded for its pickups nor a seal.
    case lessThanTruckloadNoLockNoSeal
    /// A less-than-truckload shipment sealed with no lock recorded for the pickups before it.
    case lessThanTruckloadNoLock
    /// A less-than-truckload shipment still on its lock: no seal at the last loading point yet.
    case lessThanTruckloadNoSeal(lockID: String)

    /// The reason worded for a page (key and arguments) and the API (English).
    public var message: FieldError {
        switch self {
        case .noInspection:
            return FieldError(field: "inspection", messageKey: "shipments.block.no_inspection",
                              message: "the unit has no inspection recorded; inspect it before release")
        case .inspectionAwaitingSignOff:
            return FieldError(field: "inspection", messageKey: "shipments.block.awaiting_sign_off",
                              message: "the inspection waits for a supervisor's sign-off")
        case .openFailures(let points):
            let keys = points.map(\.pointKey).joined(separator: ", ")
            return FieldError(field: "inspection", messageKey: "shipments.block.open_failures",
                              message: "the inspection has \(points.count) failed point(s) (\(keys)); the unit is on hold",
                              arguments: ["count": String(points.count), "points": keys])
        case .noSeal:
            return FieldError(field: "seals", messageKey: "shipments.block.no_seal",
                              message: "no seal is recorded on the shipment; affix an ISO 17712 high-security seal")
        case .sealNotVerified(let seal):
            return FieldError(field: "seals", messageKey: "shipments.block.seal_not_verified",
                              message: "seal \(seal) has no VVTT check recorded", arguments: ["seal": seal.rawValue])
        case .sealFailedVVTT(let seal, let steps):
            let names = steps.map(\.rawValue).joined(separator: ", ")
            return FieldError(field: "seals", messageKey: "shipments.block.seal_failed_vvtt",
                              message: "seal \(seal) failed its VVTT check at \(names)", arguments: ["seal": seal.rawValue, "steps": names])
        case .lessThanTruckloadNoLockNoSeal:
            return FieldError(field: "seals", messageKey: "shipments.block.ltl_no_lock_no_seal",
                              message: "a less-than-truckload shipment has neither a high-security lock recorded for its pickups nor an ISO 17712 seal; record the lock used while picking up, then affix the seal at the last loading point")
        case .lessThanTruckloadNoLock:
            return FieldError(field: "lock_id", messageKey: "shipments.block.ltl_no_lock",
                              message: "a less-than-truckload shipment was sealed with no high-security lock recorded for the pickups before the seal (MSC 6.3); a supervisor may release it by override with a reason")
        case .lessThanTruckloadNoSeal(let lock):
            return FieldError(field: "seals", messageKey: "shipments.block.ltl_no_seal",
                              message: "the less-than-truckload shipment is on lock \(lock); affix an ISO 17712 high-security seal at the last loading point before release",
                              arguments: ["lock": lock])
        }
    }
}

/// A supervisor's decision to release a shipment despite its blocks: who, and why. Audited by the app.
public struct ReleaseOverride: Hashable, Sendable {
    public let supervisor: UserID
    public let supervisorName: String
    public let reason: String
    public let at: Date
}

/// What the release gate decided.
public enum ReleaseDecision: Hashable, Sendable {
    case release
    /// Released despite `overriding`, on a supervisor's named decision.
    case releaseByOverride(ReleaseOverride, overriding: [ReleaseBlock])
    case blocked([ReleaseBlock])

    public var mayRelease: Bool {
        if case .blocked = self { return false }
        return true
    }
}

/// Whether a shipment may be marked released: its unit's latest inspection complete (signed off
/// where the company requires it) with no open failure, and every seal on it passed VVTT
/// (MSC 5.3, 6.7); a less-than-truckload shipment also had a lock recorded for its pickups
/// before its seal (MSC 6.3, unverified: `LessThanTruckloadLock`). Otherwise the reasons, all of them; a supervisor may override them with a
/// named decision and a reason.
public enum ReleaseGate {
    /// The facts the gate reads.
    public struct Input: Hashable, Sendable {
        /// The latest version of the unit's inspection, if any.
        public var inspection: ConveyanceInspection?
        public var requiresSignOff: Bool
        public var seals: [SealNumber]
        /// The latest VVTT check of each seal.
        public var vvtt: [SealNumber: VVTTResult]
        /// A less-than-truckload move (MSC 6.3, see `LessThanTruckloadLock` for what is unverified):
        /// a lock during the pickups, then the seal at the last loading point.
        public var lessThanTruckload: Bool
        /// The lock recorded for the pickups (the app refuses one recorded after the seal).
        public var lock: LessThanTruckloadLock?

        public init(inspection: ConveyanceInspection?, requiresSignOff: Bool, seals: [SealNumber], vvtt: [SealNumber: VVTTResult],
                    lessThanTruckload: Bool = false, lock: LessThanTruckloadLock? = nil) {
            self.inspection = inspection
            self.requiresSignOff = requiresSignOff
            self.seals = seals
            self.vvtt = vvtt
            self.lessThanTruckload = lessThanTruckload
            self.lock = lock
        }
    }

    /// Every reason the shipment may not be released, in a fixed order (inspection, then seals).
    public static func blocks(_ input: Input) -> [ReleaseBlock] {
        var blocks: [ReleaseBlock] = []
        if let inspection = input.inspection {
            let failed = inspection.outcome.failedPoints
            if !failed.isEmpty { blocks.append(.openFailures(failed)) }
            if !inspection.isComplete(requiresSignOff: input.requiresSignOff) { blocks.append(.inspectionAwaitingSignOff) }
        } else {
            blocks.append(.noInspection)
        }
        if input.lessThanTruckload {
            // Lock then seal: the seal alone, the lock alone, or neither each say what is missing.
            switch (input.lock, input.seals.isEmpty) {
            case (nil, true): blocks.append(.lessThanTruckloadNoLockNoSeal)
            case (nil, false): blocks.append(.lessThanTruckloadNoLock)
            case (let lock?, true): blocks.append(.lessThanTruckloadNoSeal(lockID: lock.lockID))
            case (_?, false): break
            }
        } else if input.seals.isEmpty {
            blocks.append(.noSeal)
        }
        for seal in input.seals {
            guard let check = input.vvtt[seal] else {
                blocks.append(.sealNotVerified(seal))
                continue
            }
            if !check.passed { blocks.append(.sealFailedVVTT(seal, check.failedSteps)) }
        }
        return blocks
    }

    /// The decision. With blocks, an override releases only when it names the supervisor and
    /// gives a reason; a malformed override is refused with its fields named. Without blocks the
    /// override is not needed and not recorded.
    public static func decide(_ input: Input, overrideBy supervisor: UserID? = nil, supervisorName: String? = nil,
                              reason: String? = nil, at moment: Date = Date()) -> Result<ReleaseDecision, ValidationFailure> {
        let blocks = self.blocks(input)
        guard !blocks.isEmpty else { return .success(.release) }
        let asked = supervisor != nil || !(supervisorName ?? "").allSatisfy(\.isWhitespace) || !(reason ?? "").allSatisfy(\.isWhitespace)
        guard asked else { return .success(.blocked(blocks)) }
        var errors: [FieldError] = []
        if supervisor == nil { errors.append(.required("supervisor")) }
        let name = Check.text(supervisorName, field: "supervisor_name", max: 120, into: &errors)
        let why = Check.text(reason, field: "reason", max: 1000, use: .freeText, into: &errors)
        guard errors.isEmpty, let supervisor, let name, let why else { return .failure(ValidationFailure(errors)) }
        return .success(.releaseByOverride(ReleaseOverride(supervisor: supervisor, supervisorName: name, reason: why, at: moment),
                                           overriding: blocks))
    }
}
