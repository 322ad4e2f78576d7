import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Submission rules")
struct SubmissionRulesTests {
    let scope = ProfileFixtures.scope([.importer]) // Musts 1.2, 5.1, 9.1
    let complete = ProfileFixtures.statuses([("1.2", .meets), ("5.1", .partly), ("9.1", .notYet)])

    @Test func officerWithDeclarationAndEveryMustAnsweredMaySubmit() {
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: complete).isEmpty)
    }

    @Test(arguments: [CompanyRole.coordinator, .contributor, .viewer, .consultant])
    func onlyTheOfficerSubmits(role: CompanyRole) {
        let blockers = SubmissionRules.blockers(role: role, declarationConfirmed: true, scope: scope, statuses: complete)
        #expect(blockers == [.notOfficer])
        #expect(blockers[0].fieldError.messageKey == "profile.error.submit_not_officer")
        #expect(blockers[0].fieldError.field == "role")
    }

    @Test func nonMemberIsNotTheOfficer() {
        #expect(SubmissionRules.blockers(role: nil, declarationConfirmed: true, scope: scope, statuses: complete) == [.notOfficer])
    }

    @Test func declarationMustBeConfirmed() {
        let blockers = SubmissionRules.blockers(role: .officer, declarationConfirmed: false, scope: scope, statuses: complete)
        #expect(blockers == [.declarationNotConfirmed])
        #expect(blockers[0].fieldError.field == "declaration")
    }

    @Test func unansweredMustsBlockAndAreNamed() {
        let statuses = ProfileFixtures.statuses([("1.2", .meets)])
        let blockers = SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses)
        #expect(blockers == [.unansweredMusts(["5.1", "9.1"])])
        let error = blockers[0].fieldError
        #expect(error.arguments == ["count": "2", "criteria": "5.1, 9.1"])
        #expect(error.message == "Answer every Must before submitting; 2 still unanswered: 5.1, 9.1.")
    }

    @Test func unansweredShouldsDoNotBlock() {
        // 1.1 and 9.2 are Shoulds, left unanswered in `complete`.
        #expect(complete["1.1"] == nil)
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: complete).isEmpty)
    }

    // Changed deliberately (issue 11): a Must in scope marked not applicable used to block the
    // submission; now it is a claim for the reviewer and counts as answered, so a broker can submit.
    @Test func mustClaimedNotApplicableAwaitingTheReviewerDoesNotBlock() {
        let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": true]))
        var statuses = complete
        statuses["9.1"] = .notApplicable
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses).isEmpty)
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses,
                                         claims: ["9.1": .awaitingReview]).isEmpty)
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses,
                                         claims: ["9.1": .accepted]).isEmpty)
    }

    @Test func mustWhoseClaimWasRejectedBlocksUntilAnsweredAgain() throws {
        let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": true]))
        var answers: [CriterionID: CriterionAnswer] = [:]
        for (id, status) in complete { answers[id] = ProfileFixtures.answer(id, status, narrative: "ok") }
        answers["9.1"] = ProfileFixtures.answer("9.1", .notApplicable, reason: "No cameras at a broker's desk", version: 2)
        let rejected = NotApplicableDecision(criterionID: "9.1", answerVersion: 2, verdict: .rejected, reason: "You run a yard",
                                             decidedAt: ProfileFixtures.now)
        let blockers = SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, answers: answers,
                                                decisions: ["9.1": rejected])
        #expect(blockers == [.rejectedNotApplicableClaims(["9.1"])])
        #expect(blockers.first?.fieldError.field == "answers")
        #expect(blockers.first?.fieldError.messageKey == "profile.error.submit_rejected_claims")
        // Answered again (a new version): the rejection no longer applies.
        answers["9.1"] = ProfileFixtures.answer("9.1", .meets, narrative: "Cameras at the gate", version: 3)
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, answers: answers,
                                         decisions: ["9.1": rejected]).isEmpty)
    }

    @Test func mustExcludedByANoNeedsNoAnswer() {
        let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": false]))
        let statuses = ProfileFixtures.statuses([("1.2", .meets), ("5.1", .meets)])
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses).isEmpty)
    }

    @Test func everyBlockingReasonIsReturnedTogether() {
        let blockers = SubmissionRules.blockers(role: .contributor, declarationConfirmed: false, scope: scope, statuses: [:])
        #expect(blockers == [.notOfficer, .declarationNotConfirmed, .unansweredMusts(["1.2", "5.1", "9.1"])])
        #expect(throws: ValidationFailure.self) {
            try SubmissionRules.require(role: .contributor, declarationConfirmed: false, scope: scope, statuses: [:])
        }
    }

    @Test func emptyProfileCannotBeSubmitted() {
        let blockers = SubmissionRules.blockers(role: .officer, declarationConfirmed: true,
                                                scope: ProfileFixtures.scope([]), statuses: [:])
        #expect(blockers == [.emptyProfile])
    }

    @Test func bundledImporterProfileNeedsEveryApplicableMust() throws {
        let index = try ProfileFixtures.bundledIndex()
        let scope = ProfileScope(index: index, entityTypes: [.importer], conditions: ConditionAnswers(["handles_cargo": false]))
        var statuses: [CriterionID: AnswerStatus] = [:]
        for item in scope.criteria where item.isMust { statuses[item.id] = .meets }
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses).isEmpty)

        let firstMust = try #require(scope.musts.first)
        statuses[firstMust.id] = nil
        #expect(SubmissionRules.blockers(role: .officer, declarationConfirmed: true, scope: scope, statuses: statuses)
            == [.unansweredMusts([firstMust.id])])
        #expect(!scope.contains("7.1")) // handles_cargo "no" took 7.1 out
    }
}
