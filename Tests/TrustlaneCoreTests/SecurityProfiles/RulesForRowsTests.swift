import Foundation
import Testing
@testable import TrustlaneCore

/// The Core rules the app now calls on rows it reads (instead of its own copies): overdue,
/// the action list's filter, open actions per criterion, closing a request, inline evidence.
@Suite struct RulesForRowsTests {
    typealias F = ProfileFixtures

    func action(_ status: CorrectiveActionStatus, due: String, criteria: [CriterionID], title: String = "Fix") -> CorrectiveAction {
        CorrectiveAction(companyID: F.companyID, profileID: nil, title: title, ownerName: "Budi",
                         dueDate: F.day(due), status: status, criterionIDs: criteria)
    }

    @Test func overdueFromStatusAndDueDayMatchesTheActionsOwnRule() {
        for status in CorrectiveActionStatus.allCases {
            for due in ["2025-06-14", "2025-06-15", "2025-06-16"] {
                let action = action(status, due: due, criteria: ["1.2"])
                #expect(CorrectiveAction.isOverdue(status: status, dueDate: F.day(due), now: F.now) == action.isOverdue(now: F.now))
            }
        }
        #expect(CorrectiveAction.isOverdue(status: .open, dueDate: F.day("2025-06-14"), now: F.now))
        #expect(!CorrectiveAction.isOverdue(status: .open, dueDate: F.day("2025-06-15"), now: F.now))
        #expect(!CorrectiveAction.isOverdue(status: .done, dueDate: F.day("2025-06-14"), now: F.now))
    }

    @Test func filterMatchesRowFactsAsItMatchesActions() {
        let filter = CorrectiveActionFilter(query: ["status": "in_progress", "overdue": "1"])

        #expect(filter.matches(status: .inProgress, dueDate: F.day("2025-06-01"), criterionIDs: [], now: F.now))
        #expect(!filter.matches(status: .open, dueDate: F.day("2025-06-01"), criterionIDs: [], now: F.now))
        #expect(!filter.matches(status: .inProgress, dueDate: F.day("2025-07-01"), criterionIDs: [], now: F.now))
        #expect(CorrectiveActionFilter(criterionID: "9.1").matches(status: .open, dueDate: F.now, criterionIDs: ["1.2", "9.1"], now: F.now))
    }

    @Test func openActionsPerCriterionCountEachActionOncePerCriterion() {
        let counts = CorrectiveAction.countsPerCriterion([
            action(.open, due: "2025-06-01", criteria: ["1.2", "9.1"]),
            action(.done, due: "2025-06-01", criteria: ["1.2"]),
            action(.inProgress, due: "2025-06-01", criteria: ["1.2"]),
        ])

        #expect(counts.all == ["1.2": 3, "9.1": 1])
        #expect(counts.open == ["1.2": 2, "9.1": 1])
    }

    @Test func evidenceTypesAreFoundByTheirStoredMediaType() {
        for type in EvidenceFileType.allCases { #expect(EvidenceFileType(mimeType: type.mimeType) == type) }
        #expect(EvidenceFileType(mimeType: "image/svg+xml") == nil)
        #expect(EvidenceFileType(mimeType: "application/pdf")?.isInlineSafe == true)
        #expect(EvidenceFileType(mimeType: EvidenceFileType.docx.mimeType)?.isInlineSafe == false)
    }

    @Test func anAssessmentDayIsOverAYearOldTheDayAfterItsLatestReviewDay() {
        let now = ProgramDay.date("2026-03-02")!
        #expect(AssessmentDocument.isOverAYearOld(assessedOn: "2025-03-01", asOf: now))
        #expect(!AssessmentDocument.isOverAYearOld(assessedOn: "2025-03-02", asOf: now))
        #expect(!AssessmentDocument.isOverAYearOld(assessedOn: "not a day", asOf: now))
        #expect(AssessmentDocument.isOverAYearOld(assessedOn: "2025-03-01", asOf: now)
            == AssessmentDocument.isOverAYearOld(assessedOn: ProgramDay.date("2025-03-01")!, asOf: now))
    }
}
