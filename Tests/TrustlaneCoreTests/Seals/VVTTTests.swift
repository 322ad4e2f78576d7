import Foundation
import Testing
@testable import TrustlaneCore

/// VVTT (MSC 6.7): four steps in order, and the number read must be the seal's and the documents'.
@Suite("VVTT seal verification")
struct VVTTTests {
    typealias S = SealFixtures
    let seal = S.seal("TL000123")

    @Test func fourStepsInOrderRecordACheck() throws {
        let result = try VVTTValidator.validate(S.vvtt(numberRead: "tl 000123"), seal: seal, documentNumbers: [seal]).get()
        #expect(result.passed && result.steps.map(\.step) == VVTTStep.allCases)
        let failed = try VVTTValidator.validate(S.vvtt(failing: [.tug], numberRead: "TL000123"), seal: seal).get()
        #expect(!failed.passed && failed.failedSteps == [.tug])
    }

    @Test func aSkippedRepeatedOrOutOfOrderStepIsRefused() {
        var skipped = S.vvtt(numberRead: "TL000123")
        skipped.steps.remove(at: 2)
        #expect(VVTTValidator.validate(skipped, seal: seal).failureKeys == ["seals.error.vvtt_step_skipped"])
        #expect(VVTTValidator.validate(skipped, seal: seal).failureFields == ["steps"])

        var swapped = S.vvtt(numberRead: "TL000123")
        swapped.steps.swapAt(0, 1)
        #expect(VVTTValidator.validate(swapped, seal: seal).failureKeys == ["seals.error.vvtt_out_of_order"])

        var repeated = S.vvtt(numberRead: "TL000123")
        repeated.steps.append(repeated.steps[3])
        #expect(VVTTValidator.validate(repeated, seal: seal).failureKeys == ["seals.error.vvtt_step_repeated"])

        var backInTime = S.vvtt(numberRead: "TL000123")
        backInTime.steps[3].at = S.start.addingTimeInterval(-60)
        #expect(VVTTValidator.validate(backInTime, seal: seal).failureKeys == ["seals.error.vvtt_time"])

        var unknown = S.vvtt(numberRead: "TL000123")
        unknown.steps[1].step = "verify"
        #expect(VVTTValidator.validate(unknown, seal: seal).failureKeys.contains("seals.error.vvtt_step"))
    }

    @Test func aNumberThatIsNotTheSealsOrTheDocumentsIsRefused() {
        let mismatch = VVTTValidator.validate(S.vvtt(numberRead: "TL000124"), seal: seal)
        #expect(mismatch.failureKeys == ["seals.error.vvtt_number_mismatch"])
        #expect(VVTTValidator.validate(S.vvtt(numberRead: "TL000123"), seal: seal, documentNumbers: [S.seal("TL000999")]).failureKeys
                == ["seals.error.vvtt_not_on_documents"])
        #expect(VVTTValidator.validate(S.vvtt(numberRead: " "), seal: seal).failureKeys == ["error.required"])
    }

    @Test func theBillOfLadingNumbersAreMatchedAgainstTheAffixedSeals() throws {
        let affixed = [S.seal("TL000123"), S.seal("TL000124")]
        #expect(try SealDocumentMatch.compare(affixed: affixed, documentText: "tl-000124; TL000123").get().matches)
        let off = try SealDocumentMatch.compare(affixed: affixed, documentText: "TL000123, TL000125\nTL000123").get()
        #expect(off.missingFromDocuments == [S.seal("TL000124")] && off.notAffixed == [S.seal("TL000125")] && !off.matches)
        #expect(SealDocumentMatch.compare(affixed: affixed, documentText: "  ").failureKeys == ["error.required"])
        #expect(SealDocumentMatch.compare(affixed: affixed, documentText: "TL000123, TL#9").failureKeys == ["seals.error.number_character"])
    }

    @Test func aSealOnTheDocumentsButNotOnTheUnitAndTheOtherWayRoundAreWarnedAbout() throws {
        let affixed = [S.seal("TL000123"), S.seal("TL000124")]
        let off = try #require(SealDocumentMatch.stored(affixed: affixed, documentText: "TL000123, TL000125"))
        #expect(off.warnings.map(\.messageKey) == ["shipments.warning.seal_not_affixed", "shipments.warning.seal_not_on_documents"])
        #expect(off.warnings.map { $0.arguments["seal"] } == ["TL000125", "TL000124"])
        #expect(off.warnings[0].message.contains("TL000125 is on the bill of lading / manifest but is not affixed"))
        #expect(off.warnings[1].message.contains("TL000124 is affixed to this shipment but is not on the bill of lading / manifest"))
        #expect(try #require(SealDocumentMatch.stored(affixed: affixed, documentText: "TL000124\nTL000123")).warnings.isEmpty)
        // Nothing entered yet: nothing to compare, no warning.
        #expect(SealDocumentMatch.stored(affixed: affixed, documentText: nil) == nil)
        #expect(SealDocumentMatch.stored(affixed: affixed, documentText: " ") == nil)
    }
}
