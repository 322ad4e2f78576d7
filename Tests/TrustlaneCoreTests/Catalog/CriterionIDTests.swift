import Testing
@testable import TrustlaneCore

@Suite("Criterion ids")
struct CriterionIDTests {
    @Test func parsesCategoryAndSequence() throws {
        let text = " 7.37 "

        let id = try #require(CriterionID(text))

        #expect(id.parts == [7, 37])
        #expect(id.rawValue == "7.37")
        #expect(id.categoryNumber == 7)
    }

    @Test(arguments: ["", "3", "3.", ".4", "3..4", "3.a", "+3.4", "3.-4", "3,4", "1234567.1"])
    func rejectsMalformedIDs(_ text: String) {
        #expect(CriterionID(text) == nil)
    }

    @Test(arguments: ["3.10", "1.0", "12.1", "7.37.2", "999999.1"])
    func canonicalTextReadsTheSameAsItsParts(_ text: String) throws {
        let id = try #require(CriterionID(text))
        let parts = text.split(separator: ".").map { Int($0)! }
        #expect(id == CriterionID(parts: parts) && id.rawValue == text && !id.isLocal)
    }

    @Test func sortsNumericallyNotAlphabetically() {
        let ids: [CriterionID] = ["3.10", "10.1", "3.9", "3.1", "9.16", "3.2"]

        #expect(ids.sorted().map(\.rawValue) == ["3.1", "3.2", "3.9", "3.10", "9.16", "10.1"])
    }

    @Test func leadingZerosDoNotMakeADifferentID() throws {
        let padded = "3.04", plain = "3.4"

        let id = try #require(CriterionID(padded))

        #expect(id == CriterionID(plain))
        #expect(id.rawValue == "3.4")
        #expect(Set([id, try #require(CriterionID(plain))]).count == 1)
    }

    @Test func localIDsCannotBeMistakenForCBPNumbers() throws {
        func parse(_ text: String) -> CriterionID? { CriterionID(text) } // a literal argument would be read as a literal id
        let local = try #require(parse(" tl-5-c "))

        #expect(local.isLocal && local.rawValue == "TL-5-C" && local.categoryNumber == 5)
        #expect(local != parse("5.3"))
        #expect(parse("TL-5-3") == nil && parse("TL-5") == nil && parse("TL-5-AB") == nil && parse("TL-x-A") == nil && parse("XL-5-A") == nil)
        let ids: [CriterionID] = ["TL-5-A", "6.1", "5.30", "TL-4-B", "5.3", "TL-5-B"]
        #expect(ids.sorted().map(\.rawValue) == ["TL-4-B", "5.3", "5.30", "TL-5-A", "TL-5-B", "6.1"])
        #expect(CriterionID(localCategory: 12, sequence: 1).rawValue == "TL-12-A")
        #expect(local.sortKey == "005.L003" && CriterionID(parts: [5, 3]).sortKey == "005.003")
    }
}
