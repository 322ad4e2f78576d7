import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Answer statuses")
struct AnswerStatusTests {
    @Test func rawValuesAreSnakeCase() {
        #expect(AnswerStatus.allCases.map(\.rawValue) == ["unanswered", "meets", "partly", "not_yet", "not_applicable"])
    }

    @Test func parsesWhatPeopleType() {
        #expect(AnswerStatus(text: " Not-Yet ") == .notYet)
        #expect(AnswerStatus(text: "not applicable") == .notApplicable)
        #expect(AnswerStatus(text: "MEETS") == .meets)
        #expect(AnswerStatus(text: "maybe") == nil)
    }

    @Test func answeredCompleteAndGap() {
        #expect(AnswerStatus.allCases.filter(\.isComplete) == [.meets, .notApplicable])
        #expect(AnswerStatus.allCases.filter(\.isGap) == [.unanswered, .partly, .notYet])
        #expect(AnswerStatus.allCases.filter(\.requiresNarrative) == [.meets, .partly])
    }

    @Test func newCriterionIsUnansweredAtVersionZero() {
        let answer = CriterionAnswer.unanswered("1.2")
        #expect(answer.status == .unanswered)
        #expect(answer.version == 0)
        #expect(answer.updatedBy == nil)
    }

    @Test func applyingAnEditBumpsTheVersionAndStampsWhoAndWhen() throws {
        let edit = AnswerEdit(criterionID: "1.2", status: .meets, narrative: "We do.", baseVersion: 0)
        let valid = try AnswerRules.validate(edit, criterion: ProfileFixtures.criterion("1.2"), conditions: ConditionAnswers())

        let saved = CriterionAnswer.unanswered("1.2").applying(valid, by: ProfileFixtures.officer, at: ProfileFixtures.now)

        #expect(saved.version == 1)
        #expect(saved.status == .meets)
        #expect(saved.updatedBy == ProfileFixtures.officer)
        #expect(saved.updatedAt == ProfileFixtures.now)
        #expect(!saved.hasSameContent(as: .unanswered("1.2")))
    }

    @Test func answerRoundTripsThroughJSONWithCriterionIDAsText() throws {
        let answer = ProfileFixtures.answer("3.10", .partly, narrative: "Half", evidence: [EvidenceID()], version: 4)

        let data = try JSONEncoder().encode(answer)
        let text = String(decoding: data, as: UTF8.self)
        let back = try JSONDecoder().decode(CriterionAnswer.self, from: data)

        #expect(text.contains("\"criterion_id\":\"3.10\""))
        #expect(text.contains("\"status\":\"partly\""))
        #expect(back == answer)
    }

    @Test func decodingRefusesABadCriterionID() {
        let json = #"{"criterion_id":"x.1","status":"meets","version":1}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CriterionAnswer.self, from: Data(json.utf8)) }
    }
}
