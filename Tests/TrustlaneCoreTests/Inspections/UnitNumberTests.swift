import Foundation
import Testing
@testable import TrustlaneCore

/// Where a container number is asked for, an air unit's IATA ULD id is taken instead (format
/// unverified against IATA's rules: see ULDNumber), and a container number is still checked.
@Suite("Unit numbers: ISO 6346 or IATA ULD")
struct UnitNumberTests {
    func parse(_ text: String) -> (UnitNumber?, [FieldError]) {
        var errors: [FieldError] = []
        let number = UnitNumber.parse(text, into: &errors)
        return (number, errors)
    }

    @Test func aULDIdIsReadAsTypedAndKeptInOneForm() throws {
        let five = try #require(parse("AKE12345DL").0?.uld)
        #expect(five.typeCode == "AKE" && five.serialNumber == "12345" && five.ownerCode == "DL")
        #expect(parse("ake 0001-xh").0 == .uld(try ULDNumber(normalised: "AKE0001XH")), "IATA's own data-model example, four digits")
        #expect(parse("PMC 12345 9W").0?.rawValue == "PMC123459W", "an owner code may start with a digit")
    }

    @Test func aContainerNumberIsStillAContainerNumberWithItsCheckDigit() {
        #expect(parse("CSQU 305438 3").0 == .container(try! ContainerNumber("CSQU3054383")))
        let (wrong, errors) = parse("CSQU3054384")
        #expect(wrong == nil && errors.map(\.messageKey) == ["inspections.error.container_check_digit"])
    }

    @Test func aBadULDIdIsRefusedNamingTheFormat() {
        let cases: [(String, String)] = [
            ("AKE123DL", "inspections.error.uld_serial"),
            ("AKE12345DLX", "inspections.error.uld_owner"),   // a three-character owner code: refused (see ULDNumber)
            ("AKE1234567", "inspections.error.uld_owner"),    // two digits are no airline code
            ("AKE12A45DL", "inspections.error.uld_serial"),
            ("AK112345DL", "inspections.error.unit_number_length"),
        ]
        for (text, key) in cases {
            let (number, errors) = parse(text)
            #expect(number == nil, "\(text) accepted")
            #expect(errors.map(\.messageKey) == [key], "\(text): \(errors.map(\.messageKey))")
            #expect(errors.first?.field == "container_number")
            #expect(errors.first?.message.contains("AKE12345DL") == true, "\(text): the message shows the format")
        }
    }

    @Test func anInspectionOfAnAirUnitRecordsItsULDId() throws {
        let draft = InspectionDraft(containerNumber: "AKE 12345 DL", site: "CGK cargo terminal", answers: InspectionFixtures.answers(InspectionFixtures.container7))
        let inspection = try InspectionValidator.validate(draft, checklist: InspectionFixtures.container7, inspector: InspectionFixtures.inspector,
                                                          inspectedAt: InspectionFixtures.moment).get()
        #expect(inspection.unit.unitNumber?.uld?.rawValue == "AKE12345DL")
        #expect(inspection.unit.containerNumber == nil && inspection.unit.label == "AKE12345DL")
        #expect(UnitNumber.stored("AKE12345DL") == inspection.unit.unitNumber)
    }
}
