import Foundation
import Testing
@testable import TrustlaneCore

/// Seal numbers, classes, received batches as ranges, the seal log's state machine and random issue.
@Suite("Seals")
struct SealTests {
    typealias S = SealFixtures

    @Test func sealNumbersAreNormalisedAndLimitedToFifteen() throws {
        #expect(try SealNumber("tl-000 123").rawValue == "TL000123")
        #expect(try SealNumber("TL000123") == SealNumber(" tl 000-123 "))
        #expect(throws: SealNumber.ParseError.tooLong(16)) { try SealNumber("ABCDEFGH12345678") }
        #expect(throws: SealNumber.ParseError.invalidCharacter("/")) { try SealNumber("TL/000123") }
        #expect(throws: SealNumber.ParseError.empty) { try SealNumber(" - ") }
        var errors: [FieldError] = []
        #expect(SealNumber.parse("ABCDEFGH12345678", into: &errors) == nil)
        #expect(errors.first?.messageKey == "seals.error.number_too_long" && errors.first?.arguments["max"] == "15")
    }

    @Test func onlyClassHMeetsCTPAT() {
        #expect(SealClass(text: "h") == .highSecurity && SealClass(text: "high_security") == .highSecurity)
        #expect(SealClass.allCases.filter(\.meetsCTPAT) == [.highSecurity])
        #expect(SealType.keylessPadlock.dcsaCode == "KLP" && SealType.cable.dcsaCode == nil)
    }

    @Test func aRangeCountsContainsAndDetectsOverlap() throws {
        let batch = S.range("TL000100", "TL000199")
        #expect(batch.count == 100 && batch.description == "TL000100-TL000199")
        #expect(batch.contains(S.seal("TL000150")) && batch.contains(S.seal("tl-000199")))
        #expect(!batch.contains(S.seal("TL000200")) && !batch.contains(S.seal("TL00150")) && !batch.contains(S.seal("TX000150")))
        #expect(batch.offset(of: S.seal("TL000100")) == 0)
        #expect(Array(batch.numbers.prefix(2)) == [S.seal("TL000100"), S.seal("TL000101")])
        #expect(batch.overlaps(S.range("TL000199", "TL000250")))
        #expect(!batch.overlaps(S.range("TL000200", "TL000250")))
        #expect(!batch.overlaps(S.range("TX000100", "TX000199")))
        #expect(throws: SealRange.ParseError.backwards) { try SealRange(first: S.seal("TL000199"), last: S.seal("TL000100")) }
        #expect(throws: SealRange.ParseError.prefixesDiffer("TL", "TX")) { try SealRange(first: S.seal("TL000100"), last: S.seal("TX000199")) }
        #expect(throws: SealRange.ParseError.widthsDiffer(6, 4)) { try SealRange(first: S.seal("TL000100"), last: S.seal("TL0199")) }
        #expect(throws: SealRange.ParseError.noDigits(S.seal("TLAB"))) { try SealRange(first: S.seal("TLAB"), last: S.seal("TL0199")) }
    }

    @Test func aReceiptIsRefusedForOverlapClassAndExpiredCertificate() throws {
        let today = ProgramDay("2026-12-05")!
        let first = try SealBatch.validate(.init(firstNumber: "TL000100", lastNumber: "TL000199", sealClass: "H", sealType: "bolt",
                                                 maker: "Example Seals", certificateExpires: "2027-06-30"), existing: [], receivedOn: today).get()
        #expect(first.range.count == 100 && first.sealType == .bolt)
        let refused = SealBatch.validate(.init(firstNumber: "TL000150", lastNumber: "TL000249", sealClass: "S", sealType: "zip tie",
                                               maker: " ", certificateExpires: "2026-12-04"), existing: [first], receivedOn: today)
        #expect(Set(refused.failureKeys) == ["seals.error.range_overlap", "seals.error.class_not_h", "seals.error.type", "error.required",
                                             "seals.error.certificate_expired"])
    }

    @Test func theLogMovesForwardAndRefusesIllegalMoves() throws {
        let seal = S.seal("TL000123")
        var state = SealState.received
        for event in [SealEvent.issue, .affix, .verify, .arrive] { state = try state.applying(event, seal: seal).get() }
        #expect(state == .arrived)
        #expect(SealState.issued.next(on: .returnToStock) == .received)
        let skipped = SealState.received.applying(.affix, seal: seal)
        #expect(skipped.failure?.messageKey == "seals.error.transition")
        #expect(skipped.failure?.arguments["allowed"] == "issue, void, report_damaged, report_lost")
        #expect(SealState.void.applying(.issue, seal: seal).failure?.messageKey == "seals.error.transition_final")
        #expect(SealState.affixed.next(on: .returnToStock) == nil, "an affixed seal never goes back to stock")
        for final in SealState.allCases where final.isFinal { #expect(final.allowedEvents.isEmpty) }
    }

    @Test func sealsAreIssuedAtRandomNotInSequence() throws {
        let stock = Array(S.range("TL000100", "TL000199").numbers)
        var generator = SeededGenerator(state: 42)
        let picked = try SealIssuer.pick(5, from: stock, using: &generator).get()
        #expect(Set(picked).count == 5 && picked.allSatisfy(stock.contains))
        #expect(picked != Array(stock.prefix(5)), "not the first five in order")
        var same = SeededGenerator(state: 42)
        #expect(try SealIssuer.pick(5, from: stock.reversed(), using: &same).get() == picked, "the pick depends on the generator only")
        var again = SeededGenerator(state: 7)
        let firstPicks = (0..<50).map { _ in try! SealIssuer.pick(from: stock, using: &again).get()[0] }
        #expect(Set(firstPicks).count > 25, "draws spread over the stock")
        #expect(SealIssuer.pick(3, from: Array(stock.prefix(2))).failure?.messageKey == "seals.error.no_stock")
    }
}
