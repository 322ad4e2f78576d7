import Foundation
import Testing
@testable import TrustlaneCore

/// The release gate: a shipment leaves only with a complete inspection without open failures and
/// every seal through VVTT, or on a named supervisor's override with a reason.
@Suite("Shipment release gate")
struct ReleaseGateTests {
    typealias F = InspectionFixtures
    typealias S = SealFixtures
    let seal = SealFixtures.seal("TL000123")

    func verified(_ seal: SealNumber, failing: Set<VVTTStep> = []) -> [SealNumber: VVTTResult] {
        [seal: try! VVTTValidator.validate(S.vvtt(failing: failing, numberRead: seal.rawValue), seal: seal).get()]
    }

    @Test func aSignedCleanInspectionAndVerifiedSealRelease() throws {
        let inspection = try F.inspection().signedOff(by: F.supervisor, at: F.moment).get()
        let input = ReleaseGate.Input(inspection: inspection, requiresSignOff: true, seals: [seal], vvtt: verified(seal))
        #expect(ReleaseGate.blocks(input).isEmpty)
        #expect(try ReleaseGate.decide(input).get() == .release)
        // An override offered where none is needed is not recorded.
        #expect(try ReleaseGate.decide(input, overrideBy: F.supervisor, supervisorName: "Rina", reason: "rush").get() == .release)
    }

    @Test func everyReasonIsListed() throws {
        let held = try F.inspection(failing: ["doors": "Hinge bolts replaced"])
        let other = SealFixtures.seal("TL000124")
        let input = ReleaseGate.Input(inspection: held, requiresSignOff: true, seals: [seal, other], vvtt: verified(seal, failing: [.twistAndTurn]))
        let blocks = ReleaseGate.blocks(input)
        #expect(blocks == [.openFailures([FailedPoint(pointKey: "doors", order: 6, note: "Hinge bolts replaced")]), .inspectionAwaitingSignOff,
                           .sealFailedVVTT(seal, [.twistAndTurn]), .sealNotVerified(other)])
        #expect(try ReleaseGate.decide(input).get() == .blocked(blocks))
        #expect(blocks.map(\.message.messageKey) == ["shipments.block.open_failures", "shipments.block.awaiting_sign_off",
                                                     "shipments.block.seal_failed_vvtt", "shipments.block.seal_not_verified"])
        let empty = ReleaseGate.Input(inspection: nil, requiresSignOff: false, seals: [], vvtt: [:])
        #expect(ReleaseGate.blocks(empty) == [.noInspection, .noSeal])
    }

    @Test func anOverrideNeedsANamedSupervisorAndAReason() throws {
        let input = ReleaseGate.Input(inspection: try F.inspection(), requiresSignOff: true, seals: [seal], vvtt: verified(seal))
        let noReason = ReleaseGate.decide(input, overrideBy: F.supervisor, supervisorName: "Rina Putri", reason: "  ")
        #expect(noReason.failureFields == ["reason"])
        let noName = ReleaseGate.decide(input, overrideBy: nil, supervisorName: "", reason: "Supervisor on leave; signed on paper")
        #expect(noName.failureFields == ["supervisor", "supervisor_name"])
        let decision = try ReleaseGate.decide(input, overrideBy: F.supervisor, supervisorName: "Rina Putri",
                                              reason: "Signed on paper; the system was down", at: F.moment).get()
        guard case .releaseByOverride(let override, let overriding) = decision else { Issue.record("not an override: \(decision)"); return }
        #expect(override.supervisorName == "Rina Putri" && override.at == F.moment)
        #expect(overriding == [.inspectionAwaitingSignOff])
        #expect(decision.mayRelease)
    }

    // MARK: Less-than-truckload (MSC 6.3, unverified: see LessThanTruckloadLock)

    func ltl(seals: [SealNumber], lock: String?) throws -> ReleaseGate.Input {
        ReleaseGate.Input(inspection: try F.inspection(), requiresSignOff: false, seals: seals, vvtt: seals.isEmpty ? [:] : verified(seals[0]),
                          lessThanTruckload: true, lock: lock.map { LessThanTruckloadLock(lockID: $0, recordedAt: F.moment) })
    }

    @Test func aLessThanTruckloadShipmentWithNeitherLockNorSealIsRefusedWithItsOwnReason() throws {
        let blocks = ReleaseGate.blocks(try ltl(seals: [], lock: nil))
        #expect(blocks == [.lessThanTruckloadNoLockNoSeal], "one reason naming both, instead of the plain 'no seal'")
        #expect(blocks[0].message.message.contains("neither a high-security lock recorded for its pickups nor an ISO 17712 seal"))
        #expect(try ReleaseGate.decide(try ltl(seals: [], lock: nil)).get() == .blocked(blocks))
    }

    @Test func aLessThanTruckloadShipmentIsReleasedOnLockThenSeal() throws {
        #expect(ReleaseGate.blocks(try ltl(seals: [seal], lock: "ABUS 83/45 K-7781")).isEmpty)
        #expect(try ReleaseGate.decide(try ltl(seals: [seal], lock: "ABUS 83/45 K-7781")).get() == .release)
    }

    @Test func aLessThanTruckloadShipmentNeedsBothTheLockAndTheSeal() throws {
        // Still on its lock: the seal at the last loading point is missing.
        let onLock = ReleaseGate.blocks(try ltl(seals: [], lock: "K-7781"))
        #expect(onLock == [.lessThanTruckloadNoSeal(lockID: "K-7781")])
        #expect(onLock[0].message.arguments["lock"] == "K-7781")
        // Sealed, but no lock recorded for the pickups before.
        #expect(ReleaseGate.blocks(try ltl(seals: [seal], lock: nil)) == [.lessThanTruckloadNoLock])
        // A full load is not asked for a lock.
        let full = ReleaseGate.Input(inspection: try F.inspection(), requiresSignOff: false, seals: [seal], vvtt: verified(seal))
        #expect(ReleaseGate.blocks(full).isEmpty)
    }

    @Test func aLockNumberIsCheckedAndKeptUpperCase() {
        var errors: [FieldError] = []
        #expect(LessThanTruckloadLock.parseID("  abus  83/45 k-7781 ", into: &errors) == "ABUS 83/45 K-7781")
        #expect(LessThanTruckloadLock.parseID("", into: &errors) == nil && errors.isEmpty)
        #expect(LessThanTruckloadLock.parseID("lock#1", into: &errors) == nil)
        #expect(errors.map(\.messageKey) == ["shipments.error.lock_id"])
        errors = []
        _ = LessThanTruckloadLock.parseID(String(repeating: "A", count: 41), into: &errors)
        #expect(errors.map(\.messageKey) == ["error.too_long"])
    }
}
