import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Answer rules")
struct AnswerRulesTests {
    func validate(_ id: CriterionID, _ status: AnswerStatus, narrative: String? = nil, reason: String? = nil,
                  responsible: String? = nil, conditions: ConditionAnswers = ConditionAnswers()) throws(ValidationFailure)
        -> ValidatedAnswerEdit {
        let edit = AnswerEdit(criterionID: id, status: status, narrative: narrative, notApplicableReason: reason,
                              responsible: responsible, baseVersion: 0)
        return try AnswerRules.validate(edit, criterion: ProfileFixtures.criterion(id), conditions: conditions)
    }

    func failure(_ body: () throws(ValidationFailure) -> ValidatedAnswerEdit) -> ValidationFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func meetsWithNarrativeIsAcceptedAndTrimmed() throws {
        let valid = try validate("1.2", .meets, narrative: "  Policy signed by the CEO.\r\nReviewed yearly.  ",
                                 responsible: " Dewi Lestari ")
        #expect(valid.narrative == "Policy signed by the CEO.\nReviewed yearly.")
        #expect(valid.responsible == "Dewi Lestari")
        #expect(valid.notApplicableReason.isEmpty)
    }

    @Test(arguments: [AnswerStatus.meets, .partly])
    func meetsAndPartlyRequireANarrative(status: AnswerStatus) {
        let error = failure { () throws(ValidationFailure) in try validate("1.2", status, narrative: "   ") }
        #expect(error?.fields == ["narrative"])
        #expect(error?.keys == ["profile.error.narrative_required"])
        #expect(error?.errors.first?.message.contains("narrative is required") == true)
    }

    @Test func notYetAndUnansweredNeedNoNarrative() throws {
        #expect(try validate("1.2", .notYet).narrative == "")
        #expect(try validate("1.2", .unanswered).status == .unanswered)
    }

    @Test func narrativeOfTenThousandCharactersIsTheLimit() throws {
        #expect(try validate("1.2", .meets, narrative: String(repeating: "a", count: 10_000)).narrative.count == 10_000)
        let error = failure { () throws(ValidationFailure) in
            try validate("1.2", .meets, narrative: String(repeating: "a", count: 10_001))
        }
        #expect(error?.keys == ["profile.error.too_long"])
        #expect(error?.errors.first?.arguments["max"] == "10000")
        #expect(error?.errors.first?.message == "Use at most 10000 characters.")
    }

    @Test func controlCharactersAreRefusedButLineBreaksAndTabsAreNot() throws {
        #expect(try validate("1.2", .meets, narrative: "a\tb\nc").narrative == "a\tb\nc")
        let error = failure { () throws(ValidationFailure) in
            try validate("1.2", .meets, narrative: "bad\u{0000}text", responsible: "Dewi\nLestari")
        }
        #expect(error?.fields == ["narrative", "responsible"])
        #expect(error?.keys == ["profile.error.control_characters", "profile.error.control_characters"])
    }

    @Test func notApplicableRequiresAReason() {
        let error = failure { () throws(ValidationFailure) in try validate("1.1", .notApplicable, reason: " ") }
        #expect(error?.fields == ["not_applicable_reason"])
        #expect(error?.keys == ["profile.error.not_applicable_reason_required"])
    }

    @Test func shouldMayBeNotApplicableWithAReason() throws {
        let valid = try validate("1.1", .notApplicable, reason: "We have no premises.")
        #expect(valid.status == .notApplicable)
        #expect(valid.notApplicableReason == "We have no premises.")
    }

    @Test func reasonIsDroppedForOtherStatuses() throws {
        #expect(try validate("1.1", .notYet, reason: "left over").notApplicableReason == "")
    }

    @Test func mustWithoutConditionCannotBeNotApplicable() {
        let error = failure { () throws(ValidationFailure) in try validate("1.2", .notApplicable, reason: "Not us") }
        #expect(error?.fields == ["status"])
        #expect(error?.keys == ["profile.error.must_not_applicable"])
        #expect(error?.errors.first?.message.contains("1.2 is a Must") == true)
        #expect(!AnswerRules.allowsNotApplicable(ProfileFixtures.criterion("1.2"), conditions: ConditionAnswers()))
    }

    @Test(arguments: [nil, true] as [Bool?])
    func mustWithConditionNotAnsweredNoCannotBeNotApplicable(answer: Bool?) {
        var conditions = ConditionAnswers()
        conditions["keeps_seal_inventory"] = answer
        let error = failure { () throws(ValidationFailure) in
            try validate("5.1", .notApplicable, reason: "No seals", conditions: conditions)
        }
        #expect(error?.keys == ["profile.error.must_condition_not_no"])
        #expect(error?.errors.first?.arguments["question"] == ProfileFixtures.seals.question)
    }

    @Test func mustWhoseConditionIsAnsweredNoMayBeNotApplicable() throws {
        let conditions = ConditionAnswers(["keeps_seal_inventory": false])
        let valid = try validate("5.1", .notApplicable, reason: "We keep no seals.", conditions: conditions)
        #expect(valid.status == .notApplicable)
        // ... and the "no" takes the criterion out of the profile anyway.
        #expect(!ProfileFixtures.scope([.importer], conditions).contains("5.1"))
    }

    @Test func everyProblemIsReportedAtOnce() {
        let error = failure { () throws(ValidationFailure) in
            try validate("1.2", .notApplicable, narrative: String(repeating: "x", count: 10_001), reason: nil,
                         responsible: String(repeating: "y", count: 201))
        }
        #expect(error?.fields == ["status", "narrative", "not_applicable_reason", "responsible"])
    }

    @Test func evidenceIsDeduplicatedInOrder() throws {
        let first = EvidenceID()
        let second = EvidenceID()
        let edit = AnswerEdit(criterionID: "1.2", status: .meets, narrative: "x", evidenceIDs: [first, second, first],
                              baseVersion: 3)
        let valid = try AnswerRules.validate(edit, criterion: ProfileFixtures.criterion("1.2"), conditions: ConditionAnswers())
        #expect(valid.evidenceIDs == [first, second])
        #expect(valid.baseVersion == 3)
    }

    @Test func scopeRefusesCriteriaOfOtherEntityTypes() {
        let scope = ProfileFixtures.scope([.importer])
        let edit = AnswerEdit(criterionID: "5.3", status: .meets, narrative: "x", baseVersion: 0)
        #expect {
            try AnswerRules.validate(edit, in: scope)
        } throws: { error in
            (error as? ValidationFailure)?.keys == ["profile.error.criterion_not_in_profile"]
        }
    }

    @Test func scopeAllowsEditingACriterionExcludedByANo() throws {
        let conditions = ConditionAnswers(["uses_security_cameras": false])
        let scope = ProfileFixtures.scope([.importer], conditions)
        let edit = AnswerEdit(criterionID: "9.1", status: .notApplicable, notApplicableReason: "No cameras", baseVersion: 0)
        #expect(try AnswerRules.validate(edit, in: scope).status == .notApplicable)
    }

    @Test func bundledCatalogMustWithConditionFollowsTheCompanysAnswer() throws {
        let index = try ProfileFixtures.bundledIndex()
        let cameras = try #require(index.criterion("9.13"))
        let plainMust = try #require(index.criterion("1.3"))
        #expect(cameras.level == .must && cameras.condition?.id == "uses_security_cameras")

        #expect(!AnswerRules.allowsNotApplicable(cameras, conditions: ConditionAnswers()))
        #expect(!AnswerRules.allowsNotApplicable(cameras, conditions: ConditionAnswers(["uses_security_cameras": true])))
        #expect(AnswerRules.allowsNotApplicable(cameras, conditions: ConditionAnswers(["uses_security_cameras": false])))
        #expect(!AnswerRules.allowsNotApplicable(plainMust, conditions: ConditionAnswers(["uses_security_cameras": false])))
    }
}
