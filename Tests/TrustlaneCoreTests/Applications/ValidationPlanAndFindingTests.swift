import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Validation plans, findings and outcome")
struct ValidationPlanAndFindingTests {
    typealias F = LifecycleFixtures
    let validationID = ValidationID()

    @Test func planRules() {
        let after = F.day(2025, 1, 10)
        let good = F.validationPlan(startsOn: F.day(2025, 2, 1))
        #expect(good.problems(after: after).isEmpty)
        #expect(good.countries.map(\.code) == ["MX", "US"])
        #expect(good.sites.map(\.isForeign) == [false, true])

        var noSites = good
        noSites.sites = []
        #expect(noSites.problems(after: after).map(\.field) == ["sites"])
        var desk = noSites
        desk.siteVisit = false
        #expect(desk.problems(after: after).isEmpty)
        var deskWithSites = good
        deskWithSites.siteVisit = false
        #expect(deskWithSites.problems(after: after).map(\.messageKey) == ["validation.error.sites_without_visit"])

        var backwards = good
        backwards.endsOn = F.day(2025, 1, 31)
        #expect(backwards.problems(after: after).map(\.field).contains("ends_on"))
        var strayVisit = good
        strayVisit.sites[1].visitOn = F.day(2025, 3, 1)
        #expect(strayVisit.problems(after: after).map(\.field) == ["sites[1].visit_on"])
        var blankName = good
        blankName.sites[0].name = "  "
        #expect(blankName.problems(after: after).map(\.field) == ["sites[0].name"])
    }

    @Test func requiredActionsNeedAFutureDueDate() {
        let now = F.at(2025, 4, 1)
        let missing = ValidationFinding.record(validationID: validationID, criterion: "3.4", kind: .requiredAction,
                                               text: "Fix it", responseDueOn: nil, at: now)
        #expect(missing.failedFields == ["response_due_on"])
        let past = ValidationFinding.record(validationID: validationID, criterion: "3.4", kind: .requiredAction,
                                            text: "Fix it", responseDueOn: F.day(2025, 4, 1), at: now)
        #expect(past.failedFields == ["response_due_on"])
        let badCriterion = ValidationFinding.record(validationID: validationID, criterion: "three", kind: .recommendation,
                                                    text: "", responseDueOn: nil, at: now)
        #expect(badCriterion.failedFields == ["criterion", "text"])
        let practice = ValidationFinding.record(validationID: validationID, criterion: " 7.37 ", kind: .bestPractice,
                                                text: "Biometric access", responseDueOn: nil, at: now)
        #expect(practice.failedFields.isEmpty)
        #expect((try? practice.get())?.criterion == "7.37")
    }

    @Test func findingStatusFlow() throws {
        let now = F.at(2025, 4, 1)
        var finding = try ValidationFinding.record(validationID: validationID, criterion: "3.4", kind: .requiredAction,
                                                   text: "Screen partners", responseDueOn: F.day(2025, 5, 1), at: now).get()
        #expect(!finding.isOverdue(on: F.day(2025, 5, 1)) && finding.isOverdue(on: F.day(2025, 5, 2)))
        #expect(finding.close(by: F.reviewer, at: now).refusalReason == .wrongState) // not answered yet
        #expect(finding.respond("done", by: F.reviewer, at: now).refusalReason == .roleNotPermitted)
        #expect(finding.respond("  ", by: F.officer, at: now).refusalReason == .reasonsRequired)
        finding = try finding.respond("Procedure attached", by: F.consultant, at: now).get()
        #expect(finding.status == .responded && finding.respondedBy == F.consultantID)
        #expect(!finding.isOverdue(on: F.day(2025, 6, 1)))
        finding = try finding.reopen(by: F.reviewer).get()
        #expect(finding.status == .open)
        finding = try finding.respond("Signed procedure attached", by: F.officer, at: now).get()
        #expect(finding.close(by: F.officer, at: now).refusalReason == .roleNotPermitted)
        finding = try finding.close(by: F.reviewer, at: now).get()
        #expect(finding.status == .closed && finding.closedBy == F.reviewerID)
        #expect(finding.close(by: F.reviewer, at: now).refusalReason == .alreadyDone)
        #expect(finding.respond("more", by: F.officer, at: now).refusalReason == .wrongState)
    }

    @Test func bestPracticesNeedNoAnswerRecommendationsCloseWithout() throws {
        let now = F.at(2025, 4, 1)
        let practice = try ValidationFinding.record(validationID: validationID, criterion: "7.37", kind: .bestPractice,
                                                    text: "Biometric access", responseDueOn: nil, at: now).get()
        #expect(practice.respond("thanks", by: F.officer, at: now).refusalReason == .wrongState)
        let recommendation = try ValidationFinding.record(validationID: validationID, criterion: "5.1", kind: .recommendation,
                                                          text: "Consider CCTV", responseDueOn: nil, at: now).get()
        #expect(try recommendation.close(by: F.reviewer, at: now).get().status == .closed)
    }

    @Test func outcomeSetsTheTier() throws {
        let now = F.at(2025, 4, 1)
        let open = try ValidationFinding.record(validationID: validationID, criterion: "3.4", kind: .requiredAction,
                                                text: "Screen partners", responseDueOn: F.day(2025, 5, 1), at: now).get()
        let closed = try open.respond("done", by: F.officer, at: now).get().close(by: F.reviewer, at: now).get()
        let practice = try ValidationFinding.record(validationID: validationID, criterion: "7.37", kind: .bestPractice,
                                                    text: "Biometric access", responseDueOn: nil, at: now).get()
        let recommendation = try ValidationFinding.record(validationID: validationID, criterion: "5.1", kind: .recommendation,
                                                          text: "Consider CCTV", responseDueOn: nil, at: now).get()

        #expect(ValidationOutcome.highestTier(findings: [open, practice]) == nil)
        #expect(ValidationOutcome.highestTier(findings: [closed, recommendation]) == .two)
        #expect(ValidationOutcome.highestTier(findings: [closed, practice, recommendation]) == .three)
        #expect(ValidationOutcome.highestTier(findings: [closed, practice], settings: ProgramSettings(tierThreeMinimumBestPractices: 2)) == .two)
        #expect(try ValidationOutcome.decide(.passed(.three), findings: [closed, practice]).get() == .validated(.three))
        #expect(try ValidationOutcome.decide(.failed(reasons: [" Seals ", ""]), findings: [open]).get() == .failed(reasons: ["Seals"]))
        #expect(ValidationOutcome.decide(.passed(.two), findings: [open]).refusalReason == .openRequiredActions)
        // a responded but unclosed required action is still open
        let responded = try open.respond("done", by: F.officer, at: now).get()
        #expect(ValidationOutcome.decide(.passed(.two), findings: [responded]).refusalReason == .openRequiredActions)
        #expect(F.favourableContext().counting(findings: [responded, practice, practice]).openRequiredActions == 1)
        #expect(F.favourableContext().counting(findings: [responded, practice, practice]).bestPracticesRecorded == 2)
    }
}

private extension Result where Failure == ValidationFailure {
    var failedFields: [String] {
        if case .failure(let failure) = self { return failure.errors.map(\.field) }
        return []
    }
}
