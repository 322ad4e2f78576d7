import Foundation
import Testing
@testable import TrustlaneCore

/// A Must declared "not applicable to our business model" (CBP's MSC for U.S. customs brokers,
/// March 2020) is a claim the reviewer accepts or rejects.
@Suite("Not-applicable claims on Musts")
struct NotApplicableClaimTests {
    let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": true]))

    func claim(_ id: CriterionID = "1.2", version: Int = 2) -> CriterionAnswer {
        ProfileFixtures.answer(id, .notApplicable, reason: "We are a broker; we never handle the cargo.", version: version)
    }

    func decision(_ verdict: NotApplicableVerdict, on version: Int = 2, _ id: CriterionID = "1.2") -> NotApplicableDecision {
        NotApplicableDecision(criterionID: id, answerVersion: version, verdict: verdict,
                              reason: verdict == .rejected ? "You run a bonded warehouse." : "", decidedAt: ProfileFixtures.now)
    }

    func failure(_ body: () throws(ValidationFailure) -> ValidatedNotApplicableDecision) -> ValidationFailure? {
        do { _ = try body(); return nil } catch { return error }
    }

    @Test func onlyAMustAnsweredNotApplicableIsAClaim() {
        #expect(NotApplicableClaims.isClaim(ProfileFixtures.criterion("1.2"), status: .notApplicable))
        #expect(!NotApplicableClaims.isClaim(ProfileFixtures.criterion("1.2"), status: .meets))
        #expect(!NotApplicableClaims.isClaim(ProfileFixtures.criterion("1.1"), status: .notApplicable)) // a Should
    }

    @Test func aClaimAwaitsTheReviewerUntilDecidedOnThatVersion() {
        let must = ProfileFixtures.criterion("1.2")
        #expect(NotApplicableClaims.state(of: claim(), criterion: must, decision: nil) == .awaitingReview)
        #expect(NotApplicableClaims.state(of: claim(), criterion: must, decision: decision(.accepted)) == .accepted)
        #expect(NotApplicableClaims.state(of: claim(), criterion: must, decision: decision(.rejected)) == .rejected)
    }

    @Test func changingTheAnswerAfterADecisionSetsTheDecisionAside() {
        let must = ProfileFixtures.criterion("1.2")
        // The company saved the claim again (new reason, version 3): a new claim awaits a new decision.
        #expect(NotApplicableClaims.state(of: claim(version: 3), criterion: must, decision: decision(.rejected)) == .awaitingReview)
        #expect(NotApplicableClaims.state(of: claim(version: 3), criterion: must, decision: decision(.accepted)) == .awaitingReview)
        // Answered otherwise: no claim at all.
        let met = ProfileFixtures.answer("1.2", .meets, narrative: "Done", version: 3)
        #expect(NotApplicableClaims.state(of: met, criterion: must, decision: decision(.rejected)) == nil)
    }

    @Test func progressFlagsAwaitingClaimsAndCountsRejectedOnesAsOpen() throws {
        var answers: [CriterionID: CriterionAnswer] = ["1.2": claim(), "5.1": claim("5.1"),
                                                       "9.1": ProfileFixtures.answer("9.1", .meets, narrative: "ok")]
        let awaiting = ProfileProgress(scope: scope, answers: answers)
        #expect(awaiting.awaitingReview.map(\.id) == ["1.2", "5.1"])
        #expect(awaiting.openMusts.isEmpty)
        #expect(awaiting.overall.complete == 3 && awaiting.overall.awaitingClaims == 2)
        #expect(awaiting.claims == ["1.2": .awaitingReview, "5.1": .awaitingReview])

        let decided = ProfileProgress(scope: scope, answers: answers,
                                      decisions: ["1.2": decision(.accepted), "5.1": decision(.rejected, "5.1")])
        #expect(decided.awaitingReview.isEmpty)
        #expect(decided.openMusts.map(\.id) == ["5.1"])
        #expect(decided.overall.complete == 2 && decided.overall.rejectedClaims == 1)
        #expect(decided.overall[.notApplicable] == 2)

        answers["5.1"] = ProfileFixtures.answer("5.1", .notYet, version: 3)
        let answeredAgain = ProfileProgress(scope: scope, answers: answers, decisions: ["5.1": decision(.rejected, "5.1")])
        #expect(answeredAgain.claims["5.1"] == nil && answeredAgain.overall.rejectedClaims == 0)
    }

    @Test func gapsListRejectedClaimsAndKeepAwaitingOnesApart() {
        let answers: [CriterionID: CriterionAnswer] = [
            "1.1": ProfileFixtures.answer("1.1", .notApplicable, reason: "Should; no claim"),
            "1.2": claim(), "5.1": claim("5.1"), "9.1": ProfileFixtures.answer("9.1", .meets, narrative: "ok"),
        ]
        let gaps = GapAnalysis(scope: scope, answers: answers, decisions: ["5.1": decision(.rejected, "5.1")])
        #expect(gaps.items.map(\.id) == ["5.1", "9.2"])
        #expect(gaps.items.first?.claim == .rejected && gaps.musts.map(\.id) == ["5.1"])
        #expect(gaps.awaitingReview.map(\.id) == ["1.2"] && gaps.awaitingReview.first?.claim == .awaitingReview)
        let csv = gaps.csv()
        #expect(csv.contains(",not_applicable,,,0,0,rejected,We are a broker; we never handle the cargo.\r\n"))
        #expect(csv.contains("1.2,Must,Security Vision,Criterion 1.2,IMP,not_applicable,,,0,0,awaiting_review,"))
    }

    @Test func reviewerRejectsWithAReasonAndAcceptsWithOrWithout() throws {
        let entry = SnapshotEntry(criterionID: "1.2", status: .notApplicable, notApplicableReason: "Broker")
        let must = ProfileFixtures.criterion("1.2")
        let accepted = try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: " Accepted ", reason: nil),
                                                        criterion: must, submitted: entry)
        #expect(accepted.verdict == .accepted && accepted.reason.isEmpty)
        let rejected = try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: "rejected", reason: " You store cargo. "),
                                                        criterion: must, submitted: entry)
        #expect(rejected.verdict == .rejected && rejected.reason == "You store cargo.")
    }

    @Test func badDecisionsNameTheirField() {
        let entry = SnapshotEntry(criterionID: "1.2", status: .notApplicable, notApplicableReason: "Broker")
        let must = ProfileFixtures.criterion("1.2")
        let noReason = failure { () throws(ValidationFailure) in
            try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: "rejected", reason: "  "), criterion: must, submitted: entry)
        }
        #expect(noReason?.fields == ["reason"] && noReason?.keys == ["profile.error.claim_rejection_reason_required"])
        let unknown = failure { () throws(ValidationFailure) in
            try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: "maybe", reason: nil), criterion: must, submitted: entry)
        }
        #expect(unknown?.fields == ["decision"] && unknown?.errors.first?.message.contains("accepted, rejected") == true)
        let tooLong = failure { () throws(ValidationFailure) in
            try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: "rejected",
                                                   reason: String(repeating: "x", count: NotApplicableClaims.reasonMaxLength + 1)),
                                             criterion: must, submitted: entry)
        }
        #expect(tooLong?.fields == ["reason"] && tooLong?.keys == ["profile.error.too_long"])
    }

    @Test func onlyASubmittedMustClaimCanBeDecided() {
        let must = ProfileFixtures.criterion("1.2")
        for entry in [nil, SnapshotEntry(criterionID: "1.2", status: .meets, narrative: "Done")] as [SnapshotEntry?] {
            let error = failure { () throws(ValidationFailure) in
                try NotApplicableClaims.validate(.init(criterionID: "1.2", decision: "accepted", reason: nil), criterion: must, submitted: entry)
            }
            #expect(error?.fields == ["criterion"] && error?.keys == ["profile.error.claim_nothing_to_decide"])
        }
        let should = failure { () throws(ValidationFailure) in
            try NotApplicableClaims.validate(.init(criterionID: "1.1", decision: "accepted", reason: nil),
                                             criterion: ProfileFixtures.criterion("1.1"),
                                             submitted: SnapshotEntry(criterionID: "1.1", status: .notApplicable, notApplicableReason: "x"))
        }
        #expect(should?.fields == ["criterion"])
    }
}
