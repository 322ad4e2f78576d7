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
}
