import Foundation
import Testing
@testable import TrustlaneCore

/// Recording an inspection: every point answered once, failures explained and holding the unit,
/// the unit identified as its kind requires, sign-off, corrections as new versions.
@Suite("Inspection records")
struct InspectionRecordTests {
    typealias F = InspectionFixtures

    @Test func aCompleteInspectionPassesInTheChecklistsOrder() throws {
        var draft = F.containerDraft("csqu 305438 3")
        draft.answers.reverse()
        draft.answers[0].outcome = "not_applicable"
        let inspection = try InspectionValidator.validate(draft, checklist: F.container7, inspector: F.inspector, inspectedAt: F.moment).get()
        #expect(inspection.version == 1 && inspection.checklistKey == "container-7-point" && inspection.checklistVersion == 1)
        #expect(inspection.unit.containerNumber?.rawValue == "CSQU3054383")
        #expect(inspection.results.map(\.pointKey) == F.container7.points.map(\.key))
        #expect(inspection.results.last?.outcome == .notApplicable)
        #expect(inspection.outcome == .passed)
        #expect(inspection.status(requiresSignOff: false) == .passed)
        #expect(inspection.status(requiresSignOff: true) == .awaitingSignOff)
    }

    @Test func aFailedPointHoldsTheUnitAndListsWhatFailed() throws {
        let inspection = try F.inspection(failing: ["floor": "New boards near the doors, screws fresh"])
        #expect(inspection.status(requiresSignOff: false) == .onHold)
        #expect(inspection.outcome.failedPoints == [FailedPoint(pointKey: "floor", order: 4, note: "New boards near the doors, screws fresh")])
    }

    @Test func everyPointMustBeAnsweredExactlyOnceAndAFailNeedsANote() {
        var draft = F.containerDraft()
        draft.answers.removeAll { $0.pointKey == "floor" }
        draft.answers.append(.init(pointKey: "doors", outcome: "pass"))
        draft.answers.append(.init(pointKey: "engine", outcome: "pass"))
        draft.answers[0] = .init(pointKey: "front_wall", outcome: "fail", note: " ")
        draft.answers[1] = .init(pointKey: "left_side", outcome: "ok")
        let result = InspectionValidator.validate(draft, checklist: F.container7, inspector: F.inspector, inspectedAt: F.moment)
        guard case .failure(let failure) = result else { Issue.record("accepted a bad inspection"); return }
        #expect(failure.message(for: "point.floor")?.messageKey == "inspections.error.point_unanswered")
        #expect(failure.message(for: "point.doors")?.messageKey == "inspections.error.point_answered_twice")
        #expect(failure.errors.contains { $0.messageKey == "inspections.error.point_unknown" && $0.arguments["value"] == "engine" })
        #expect(failure.message(for: "point.front_wall")?.messageKey == "inspections.error.fail_needs_note")
        #expect(failure.message(for: "point.left_side")?.messageKey == "inspections.error.outcome")
        #expect(failure.errors.count == 5)
    }

    @Test func theUnitIsIdentifiedAsItsKindRequires() throws {
        var noNumber = F.containerDraft()
        noNumber.containerNumber = nil
        noNumber.site = nil
        let refused = InspectionValidator.validate(noNumber, checklist: F.container7, inspector: F.inspector, inspectedAt: F.moment)
        #expect(refused.failureFields == ["container_number", "site"])

        let wrongDigit = InspectionValidator.validate(F.containerDraft("CSQU3054384"), checklist: F.container7, inspector: F.inspector, inspectedAt: F.moment)
        #expect(wrongDigit.failureKeys == ["inspections.error.container_check_digit"])

        let legacy = try #require(InspectionChecklists.bundled.checklist("truck-trailer-17-point"))
        var truck = InspectionDraft(tractorPlate: "b  9012 kx", site: "Laredo yard", answers: F.answers(legacy))
        #expect(InspectionValidator.validate(truck, checklist: legacy, inspector: F.inspector, inspectedAt: F.moment).failureFields == ["trailer_plate"])
        truck.trailerPlate = "TR-4471"
        let recorded = try InspectionValidator.validate(truck, checklist: legacy, inspector: F.inspector, inspectedAt: F.moment).get()
        #expect(recorded.unit.tractorPlate == "B 9012 KX" && recorded.unit.label == "B 9012 KX / TR-4471")
    }

    @Test func aReeferNeedsTheEightPointList() throws {
        var draft = F.containerDraft()
        draft.refrigerated = true
        #expect(InspectionValidator.validate(draft, checklist: F.container7, inspector: F.inspector, inspectedAt: F.moment).failureKeys
                == ["inspections.error.reefer_checklist"])
        let reefer = try #require(InspectionChecklists.bundled.checklist("refrigerated-8-point"))
        draft.answers = F.answers(reefer)
        let recorded = try InspectionValidator.validate(draft, checklist: reefer, inspector: F.inspector, inspectedAt: F.moment).get()
        #expect(recorded.unit.refrigerated && recorded.results.count == 8)
    }

    @Test func aSupervisorOtherThanTheInspectorSignsOffOnce() throws {
        let inspection = try F.inspection()
        #expect(inspection.signedOff(by: F.inspector, at: F.moment).failure?.messageKey == "inspections.error.self_sign_off")
        let signed = try inspection.signedOff(by: F.supervisor, at: F.moment).get()
        #expect(signed.isComplete(requiresSignOff: true) && !inspection.isComplete(requiresSignOff: true))
        #expect(signed.status(requiresSignOff: true) == .passed)
        #expect(signed.signedOff(by: UserID(), at: F.moment).failure?.messageKey == "inspections.error.already_signed")
    }

    @Test func aCorrectionIsTheNextVersionAndKeepsTheOriginal() throws {
        let original = try F.inspection(failing: ["floor": "Raised section at the front"]).signedOff(by: F.supervisor, at: F.moment).get()
        let corrector = UserID()
        let later = F.moment.addingTimeInterval(3600)
        let correction = try InspectionCorrection.make(original: original, latestVersion: 1, draft: F.containerDraft(), checklist: F.container7,
                                                       reason: "The raised section is the factory gooseneck tunnel", by: corrector, at: later).get()
        #expect(correction.supersededVersion == 1 && correction.version == 2)
        #expect(correction.changedPoints == ["floor"] && !correction.detailsChanged)
        #expect(correction.corrected.id == original.id && correction.corrected.inspector == F.inspector)
        #expect(correction.corrected.inspectedAt == original.inspectedAt)
        #expect(correction.corrected.signOff == nil, "the supervisor signs the corrected version again")
        #expect(correction.corrected.outcome == .passed && original.outcome != .passed)

        let stale = InspectionCorrection.make(original: original, latestVersion: 2, draft: F.containerDraft(), checklist: F.container7,
                                              reason: "again", by: corrector, at: later)
        #expect(stale.failureKeys == ["inspections.error.stale_version"])
        let noReason = InspectionCorrection.make(original: original, latestVersion: 1, draft: F.containerDraft(), checklist: F.container7,
                                                 reason: "  ", by: corrector, at: later)
        #expect(noReason.failureFields == ["reason"])
        let unchanged = InspectionCorrection.make(original: correction.corrected, latestVersion: 2, draft: F.containerDraft(),
                                                  checklist: F.container7, reason: "nothing", by: corrector, at: later)
        #expect(unchanged.failureKeys == ["inspections.error.correction_no_change"])
    }

    @Test func settingsReadAPercentFromZeroToHundred() {
        #expect((try? InspectionSettings.validate(requiresSupervisorSignOff: true, reinspectionPercent: " 10 ").get())?.reinspectionPercent == 10)
        #expect(InspectionSettings.validate(requiresSupervisorSignOff: false, reinspectionPercent: "150").failureKeys == ["inspections.error.percent"])
        #expect(InspectionSettings.validate(requiresSupervisorSignOff: false, reinspectionPercent: "").failureKeys == ["error.required"])
    }
}

extension Result where Failure == ValidationFailure {
    var failureFields: [String] {
        if case .failure(let failure) = self { return failure.errors.map(\.field) }
        return []
    }

    var failureKeys: [String] {
        if case .failure(let failure) = self { return failure.errors.map(\.messageKey) }
        return []
    }
}

extension Result where Failure == FieldError {
    var failure: FieldError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
