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
}
