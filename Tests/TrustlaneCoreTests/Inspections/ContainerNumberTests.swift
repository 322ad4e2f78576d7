import Foundation
import Testing
@testable import TrustlaneCore

/// ISO 6346 container numbers: the check digit catches a mistyped number at the dock.
@Suite("Container numbers (ISO 6346)")
struct ContainerNumberTests {
    @Test func publishedExamplesAreAcceptedAndNormalised() throws {
        // CSQU3054383 is the standard's own worked example; MWCU6059784 is prefixlist.com's.
        let standard = try ContainerNumber("CSQU3054383")
        #expect(standard.ownerCode == "CSQ" && standard.category == .freightContainer)
        #expect(standard.serialNumber == "305438" && standard.checkDigit == 3)
        #expect(standard.printed == "CSQU 305438 3")
        #expect(try ContainerNumber("MWCU6059784").checkDigit == 4)
        // Spaces, hyphens and lower case as people type them.
        #expect(try ContainerNumber("csqu 305438-3").rawValue == "CSQU3054383")
        #expect(try ContainerNumber(" CSQU-305438-3 ") == standard)
    }

    @Test func checkDigitSkipsMultiplesOfElevenAndTenBecomesZero() {
        #expect(ContainerNumber.letterValue("A") == 10)
        #expect(ContainerNumber.letterValue("B") == 12, "11 is skipped")
        #expect(ContainerNumber.letterValue("K") == 21)
        #expect(ContainerNumber.letterValue("L") == 23, "22 is skipped")
        #expect(ContainerNumber.letterValue("U") == 32)
        #expect(ContainerNumber.letterValue("V") == 34, "33 is skipped")
        #expect(ContainerNumber.letterValue("Z") == 38)
        #expect(ContainerNumber.letterValue("1") == nil)
        #expect(ContainerNumber.checkDigit(forFirstTen: "CSQU305438") == 3)
        // MSKU000008 sums to a remainder of 10 (computed here, not a published number): check digit 0.
        #expect(ContainerNumber.checkDigit(forFirstTen: "MSKU000008") == 0)
        #expect((try? ContainerNumber("MSKU0000080"))?.checkDigit == 0)
        #expect(ContainerNumber.checkDigit(forFirstTen: "CSQX305438") == nil, "X is no category")
    }

    @Test func aWrongCheckDigitNamesTheExpectedOne() {
        #expect(throws: ContainerNumber.ParseError.wrongCheckDigit(given: 4, expected: 3)) { try ContainerNumber("CSQU3054384") }
        var errors: [FieldError] = []
        #expect(ContainerNumber.parse("CSQU3054384", into: &errors) == nil)
        #expect(errors.first?.field == "container_number")
        #expect(errors.first?.messageKey == "inspections.error.container_check_digit")
        #expect(errors.first?.arguments["expected"] == "3")
        #expect(errors.first?.message.contains("its check digit is 3") == true)
    }

    @Test func eachMalformedShapeGetsItsOwnError() {
        #expect(throws: ContainerNumber.ParseError.wrongLength(10, completed: "CSQU3054383")) { try ContainerNumber("CSQU305438") }
        #expect(throws: ContainerNumber.ParseError.wrongLength(12, completed: nil)) { try ContainerNumber("CSQU30543831") }
        #expect(throws: ContainerNumber.ParseError.badCategory("X")) { try ContainerNumber("CSQX3054383") }
        #expect(throws: ContainerNumber.ParseError.ownerCodeNotLetters("C5Q")) { try ContainerNumber("C5QU3054383") }
        #expect(throws: ContainerNumber.ParseError.serialNotDigits("30543B")) { try ContainerNumber("CSQU30543B3") }
        #expect(throws: ContainerNumber.ParseError.checkDigitNotADigit("X")) { try ContainerNumber("CSQU305438X") }
        #expect(throws: ContainerNumber.ParseError.invalidCharacter("/")) { try ContainerNumber("CSQU/3054383") }
        #expect(throws: ContainerNumber.ParseError.empty) { try ContainerNumber(" - ") }
        var errors: [FieldError] = []
        _ = ContainerNumber.parse("CSQU305438", into: &errors)
        #expect(errors.first?.messageKey == "inspections.error.container_check_digit_missing")
        #expect(errors.first?.arguments["completed"] == "CSQU3054383")
    }

    @Test func blankIsRequiredOnlyWhenAsked() {
        var errors: [FieldError] = []
        #expect(ContainerNumber.parse("  ", required: false, into: &errors) == nil)
        #expect(errors.isEmpty)
        #expect(ContainerNumber.parse(nil, into: &errors) == nil)
        #expect(errors == [.required("container_number")])
    }

    @Test func roundTripsThroughJSONAndRefusesABadNumber() throws {
        let number = try ContainerNumber("MWCU6059784")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == "[\"MWCU6059784\"]")
        #expect(try JSONDecoder().decode([ContainerNumber].self, from: data) == [number])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ContainerNumber].self, from: Data("[\"MWCU6059785\"]".utf8)) }
    }
}
