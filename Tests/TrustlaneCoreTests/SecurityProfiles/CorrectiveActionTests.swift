import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Corrective actions")
struct CorrectiveActionTests {
    let scope = ProfileFixtures.scope([.importer])

    func action(_ status: CorrectiveActionStatus = .open, due: String = "2025-06-15", criteria: [CriterionID] = ["1.2"],
                title: String = "Fix") -> CorrectiveAction {
        CorrectiveAction(companyID: ProfileFixtures.companyID, profileID: ProfileFixtures.profileID, title: title, ownerName: "Budi",
                         dueDate: ProfileFixtures.day(due), status: status, criterionIDs: criteria)
    }

    @Test func rawValuesAreSnakeCase() {
        #expect(CorrectiveActionStatus.allCases.map(\.rawValue) == ["open", "in_progress", "done", "cancelled"])
        #expect(CorrectiveActionStatus(text: "In-Progress") == .inProgress)
    }

    @Test func allowedTransitions() {
        #expect(CorrectiveActionStatus.open.allowedNext == [.inProgress, .done, .cancelled])
        #expect(CorrectiveActionStatus.inProgress.allowedNext == [.open, .done, .cancelled])
        #expect(CorrectiveActionStatus.done.allowedNext == [.inProgress])
        #expect(CorrectiveActionStatus.cancelled.allowedNext == [.open])
        for status in CorrectiveActionStatus.allCases { #expect(!status.canMove(to: status)) }
    }

    @Test func refusedTransitionSaysWhatIsAllowed() throws {
        #expect(try CorrectiveActionStatus.open.transition(to: .done) == .done)
        #expect {
            try CorrectiveActionStatus.done.transition(to: .cancelled)
        } throws: { error in
            let found = (error as? ValidationFailure)?.errors.first
            return found?.messageKey == "profile.error.action_transition" && found?.field == "status"
                && found?.message == "A corrective action cannot go from done to cancelled; from done it can go to: in_progress."
        }
    }

    @Test func overdueOnlyAfterTheDueDayEnds() {
        let dueToday = action(due: "2025-06-15")
        #expect(!dueToday.isOverdue(now: ProfileFixtures.day("2025-06-15").addingTimeInterval(86_399)))
        #expect(dueToday.isOverdue(now: ProfileFixtures.day("2025-06-16")))
    }

    @Test(arguments: [CorrectiveActionStatus.done, .cancelled])
    func closedActionsAreNeverOverdue(status: CorrectiveActionStatus) {
        #expect(!action(status, due: "2020-01-01").isOverdue(now: ProfileFixtures.now))
    }

    @Test func validDraftIsTrimmedAndParsed() throws {
        let draft = CorrectiveActionDraft(title: "  Install fence ", details: "Quote from A\r\nand B", ownerName: "Budi",
                                          dueDate: "2025-09-30", criterionIDs: ["9.1", "1.2", "9.1", ""])
        let valid = try draft.validate(in: scope)
        #expect(valid.title == "Install fence")
        #expect(valid.details == "Quote from A\nand B")
        #expect(valid.dueDate == ProfileFixtures.day("2025-09-30"))
        #expect(valid.criterionIDs == ["1.2", "9.1"])

        let created = CorrectiveAction(companyID: ProfileFixtures.companyID, profileID: ProfileFixtures.profileID, draft: valid, by: ProfileFixtures.officer,
                                       at: ProfileFixtures.now)
        #expect(created.status == .open)
        #expect(created.version == 1)
        #expect(ProgramDay.text(created.dueDate) == "2025-09-30")
    }

    @Test func draftRequiresTitleOwnerDueDateAndCriteria() {
        #expect {
            try CorrectiveActionDraft(title: " ", ownerName: "", dueDate: nil, criterionIDs: []).validate(in: scope)
        } throws: { error in
            let failure = error as? ValidationFailure
            return failure?.fields == ["title", "owner", "due_date", "criteria"]
                && failure?.keys == ["profile.error.action_title_required", "profile.error.action_owner_required",
                                     "profile.error.action_due_required", "profile.error.action_criteria_required"]
        }
    }

    @Test func draftRefusesLongTitleBadDateAndForeignCriteria() {
        #expect {
            try CorrectiveActionDraft(title: String(repeating: "t", count: 201), ownerName: "Budi", dueDate: "2025-02-30",
                                      criterionIDs: ["5.3", "banana"]).validate(in: scope)
        } throws: { error in
            let failure = error as? ValidationFailure
            return failure?.keys == ["profile.error.too_long", "profile.error.action_due_invalid",
                                     "profile.error.action_unknown_criteria"]
                && failure?.message(for: "criteria")?.arguments["criteria"] == "5.3, banana"
        }
        #expect(throws: Never.self) {
            try CorrectiveActionDraft(title: String(repeating: "t", count: 200), ownerName: "Budi", dueDate: "2025-02-28",
                                      criterionIDs: ["1.2"]).validate(in: scope)
        }
    }

    @Test func filtersByStatusOverdueAndCriterion() {
        let late = action(.inProgress, due: "2025-06-01", criteria: ["1.2"], title: "Late")
        let soon = action(.open, due: "2025-07-01", criteria: ["9.1"], title: "Soon")
        let done = action(.done, due: "2025-05-01", criteria: ["9.1"], title: "Done")
        let all = [soon, done, late]
        let now = ProfileFixtures.now

        #expect(CorrectiveActionFilter().apply(all, now: now).map(\.title) == ["Late", "Done", "Soon"])
        #expect(CorrectiveActionFilter(overdueOnly: true).apply(all, now: now).map(\.title) == ["Late"])
        #expect(CorrectiveActionFilter(statuses: [.open]).apply(all, now: now).map(\.title) == ["Soon"])
        #expect(CorrectiveActionFilter(criterionID: "9.1").apply(all, now: now).map(\.title) == ["Done", "Soon"])
        #expect(CorrectiveActionFilter(statuses: [.done], criterionID: "1.2").apply(all, now: now).isEmpty)
    }

    @Test func filterReadsQueryParameters() {
        let filter = CorrectiveActionFilter(query: ["status": "open,in-progress,bogus", "overdue": "1", "criterion": "9.1"])
        #expect(filter.statuses == [.open, .inProgress])
        #expect(filter.overdueOnly)
        #expect(filter.criterionID == "9.1")
        #expect(CorrectiveActionFilter(query: ["status": "closed"]).statuses == [.done, .cancelled])
        #expect(CorrectiveActionFilter(query: [:]).isEmpty)
    }
}

@Suite("Corrective actions outside the profile")
struct CorrectiveActionWithoutScopeTests {
    @Test func actionFromAnotherFindingNeedsNoCriterion() throws {
        let valid = try CorrectiveActionDraft(title: "Retrain guards", ownerName: "Budi", dueDate: "2025-08-01")
            .validate(in: nil)
        #expect(valid.criterionIDs.isEmpty)
        let action = CorrectiveAction(companyID: ProfileFixtures.companyID, profileID: nil, draft: valid,
                                      by: ProfileFixtures.officer, at: ProfileFixtures.now)
        #expect(action.profileID == nil)
    }

    @Test func criteriaStillNeedTheRightForm() {
        #expect {
            try CorrectiveActionDraft(title: "x", ownerName: "Budi", dueDate: "2025-08-01", criterionIDs: ["9.1", "nine"])
                .validate(in: nil)
        } throws: { error in
            (error as? ValidationFailure)?.message(for: "criteria")?.arguments["criteria"] == "nine"
        }
    }
}
