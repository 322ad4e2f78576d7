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

    // Changed deliberately (issue 11, rules-to-correct row 23): a Must may be declared not
    // applicable to the business model with a reason, as CBP tells customs brokers to do; the
    // reviewer then decides the claim (`NotApplicableClaimTests`). Before, it was refused.
    @Test func mustWithoutConditionMayBeNotApplicableToTheBusinessModelWithAReason() throws {
        let valid = try validate("1.2", .notApplicable, reason: " We are a customs broker; we stuff no containers. ")
        #expect(valid.status == .notApplicable)
        #expect(valid.notApplicableReason == "We are a customs broker; we stuff no containers.")
        #expect(NotApplicableClaims.isClaim(ProfileFixtures.criterion("1.2"), status: valid.status))
    }

    @Test(arguments: [nil, true] as [Bool?])
    func mustWithConditionNotAnsweredNoMayBeClaimedNotApplicable(answer: Bool?) throws {
        var conditions = ConditionAnswers()
        conditions["keeps_seal_inventory"] = answer
        let valid = try validate("5.1", .notApplicable, reason: "Seals are the carrier's business", conditions: conditions)
        #expect(valid.status == .notApplicable)
    }

    @Test(arguments: ["", "   ", nil] as [String?])
    func mustClaimedNotApplicableNeedsAReason(reason: String?) {
        let error = failure { () throws(ValidationFailure) in try validate("1.2", .notApplicable, reason: reason) }
        #expect(error?.fields == ["not_applicable_reason"])
        #expect(error?.keys == ["profile.error.not_applicable_reason_required"])
        #expect(error?.errors.first?.message.contains("business model") == true)
    }

    @Test func mustReasonIsBounded() {
        let error = failure { () throws(ValidationFailure) in
            try validate("1.2", .notApplicable, reason: String(repeating: "r", count: AnswerRules.reasonMaxLength + 1))
        }
        #expect(error?.fields == ["not_applicable_reason"])
        #expect(error?.keys == ["profile.error.too_long"])
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
        // (No "status" error any more: a Must may be claimed not applicable.)
        #expect(error?.fields == ["narrative", "not_applicable_reason", "responsible"])
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

    @Test func bundledCatalogMustIsAClaimUnlessItsConditionTookItOut() throws {
        let index = try ProfileFixtures.bundledIndex()
        let cameras = try #require(index.criterion("9.13"))
        #expect(cameras.level == .must && cameras.condition?.id == "uses_security_cameras")
        let edit = AnswerEdit(criterionID: "9.13", status: .notApplicable, notApplicableReason: "Broker office, no cargo", baseVersion: 0)
        for answer in [nil, true, false] as [Bool?] {
            var conditions = ConditionAnswers()
            conditions["uses_security_cameras"] = answer
            let scope = ProfileScope(index: index, entityTypes: [.importer], conditions: conditions)
            #expect(try AnswerRules.validate(edit, in: scope).status == .notApplicable)
            // "no" takes it out of scope (no claim to decide); otherwise it is a claim in scope.
            let saved = CriterionAnswer(criterionID: "9.13", status: .notApplicable, notApplicableReason: "Broker office, no cargo", version: 1)
            let claims = NotApplicableClaims.states(scope: scope, answers: ["9.13": saved], decisions: [:])
            #expect(claims["9.13"] == (answer == false ? nil : .awaitingReview))
        }
    }
}
