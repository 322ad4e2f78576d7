import Foundation
import Testing
@testable import TrustlaneCore

/// The bundled MRA data (MSC 3.4) and the question asked of it: does a partner's AEO-type status
/// from this country count as MRA-recognised on this day?
@Suite("Mutual recognition arrangements")
struct MutualRecognitionArrangementsTests {
    let mras = MutualRecognitionArrangements.bundled

    static func day(_ text: String) -> ProgramDay { ProgramDay(text)! }

    @Test func theBundledFileListsTheEighteenArrangementsWithAVersionAndACheckDay() {
        #expect(mras.arrangements.count == 18)
        #expect(mras.version >= 1 && mras.checkedOn == Self.day("2026-12-05"))
        #expect(mras.arrangements.filter { !$0.verified }.map(\.partner) == ["Israel", "Dominican Republic", "Peru"])
        #expect(mras.arrangements.allSatisfy { $0.verified == ($0.verifiedOn != nil) && !$0.sources.isEmpty })
        let eu = mras.arrangements.first { $0.partner == "European Union" }
        #expect(eu?.countries.count == 28, "the 27 member states and EU")
    }

    @Test func countriesMapToTheirArrangement() {
        #expect(mras.arrangement(forCountry: "MX")?.partner == "Mexico")
        #expect(mras.arrangement(forCountry: "mx")?.signed.description == "2014-10")
        #expect(mras.arrangement(forCountry: "ID") == nil, "Indonesia has no MRA with CBP")
        #expect(mras.arrangement(forCountry: "DE")?.partner == "European Union")
        #expect(mras.arrangement(forCountry: "EU")?.partner == "European Union")
        #expect(mras.arrangement(forCountry: "GB")?.partner == "United Kingdom", "the UK is not under the EU's")
    }

    @Test func statusCountsOnlyOnceTheArrangementIsSurelySigned() {
        #expect(!mras.recognises(country: "GT", on: Self.day("2023-04-16")))
        #expect(mras.recognises(country: "GT", on: Self.day("2023-04-17")))
        #expect(!mras.recognises(country: "ID", on: Self.day("2025-01-01")))
        // Known only to the month: the whole signing month is too early.
        #expect(!mras.recognises(country: "MX", on: Self.day("2014-10-31")))
        #expect(mras.recognises(country: "MX", on: Self.day("2014-11-01")))
        #expect(mras.recognises(country: "FR", on: Self.day("2020-01-01")))
        #expect(MutualRecognitionArrangement.Signing("2014-12")?.surelySignedFrom == Self.day("2015-01-01"))
    }

    @Test func aNamedProgramMustBeTheArrangementsOwn() {
        let day = Self.day("2024-06-01")
        #expect(mras.recognises(program: "AEOS", country: "DE", on: day))
        #expect(mras.recognises(program: "aeo-f", country: "NL", on: day))
        #expect(!mras.recognises(program: "AEOC", country: "DE", on: day), "customs simplifications only")
        #expect(mras.recognises(program: "NEEC", country: "MX", on: day))
        #expect(mras.recognises(program: "O.E.A.", country: "CO", on: day), "OEA is AEO in Spanish")
        #expect(mras.recognises(program: "Partners in Protection", country: "CA", on: day))
        #expect(!mras.recognises(program: "CTPAT", country: "CA", on: day))
    }

    @Test func aDataFileWithProblemsIsRefusedWithEachNamed() {
        let yaml = """
        version: 2
        checked_on: "2026-12-05"
        arrangements:
          - partner: Examplia
            countries: [XA, Germany]
            program: Example AEO
            program_codes: [AEO]
            signed: "2020-13"
            verified: true
          - partner: Otherland
            countries: [XA]
            program: AEO
            program_codes: [AEO]
            signed: "2021-05-02"
            verified: false
        """
        do {
            _ = try MutualRecognitionArrangements.load(Data(yaml.utf8), file: "mras.yaml")
            Issue.record("a bad file was accepted")
        } catch {
            #expect(error.problems == [
                "arrangement \"Examplia\": country \"Germany\" is not an upper-case ISO 3166 alpha-2 code",
                "arrangement \"Examplia\": signed \"2020-13\" is not YYYY-MM or YYYY-MM-DD",
                "arrangement \"Examplia\": verified is true but verified_on is missing",
                "arrangement \"Otherland\": country XA is already Examplia's: one arrangement a country",
            ])
        }
        #expect(throws: MutualRecognitionArrangements.LoadError.self) {
            try MutualRecognitionArrangements.load(Data("version: 1\n".utf8), file: "mras.yaml")
        }
    }
}
