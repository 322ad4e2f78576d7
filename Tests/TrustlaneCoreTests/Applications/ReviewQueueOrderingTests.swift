import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Reviewer queue order")
struct ReviewQueueOrderingTests {
    typealias F = LifecycleFixtures

    func applicant(appliedOn date: Date, status: MembershipStatus = .underReview) -> MembershipApplication {
        var app = MembershipApplication(companyID: F.companyID, entityType: .importer, status: status)
        app.dates.appliedAt = date
        app.dates.profileSubmittedAt = date // the certification clock counts from the submitted profile
        return app
    }

    @Test func nearestDeadlineFirstOverdueOnTopThenAppliedDate() {
        let now = F.at(2025, 6, 1)
        let overdueMost = applicant(appliedOn: F.at(2025, 1, 1))    // due 2025-04-01
        let overdue = applicant(appliedOn: F.at(2025, 2, 1))        // due 2025-05-02
        let soon = applicant(appliedOn: F.at(2025, 3, 10))          // due 2025-06-08
        var appeal = F.application(in: .appealFiled)                // decision due 2025-11-16
        appeal.dates.appliedAt = F.at(2020, 1, 1)
        let nothingRunning = applicant(appliedOn: F.at(2019, 1, 1), status: .eligibilityConfirmed)
        let sameDueLaterApplied = applicant(appliedOn: F.at(2025, 3, 10, 18)) // same due day, applied later that day

        let sorted = ReviewQueueOrdering.sorted([nothingRunning, appeal, soon, sameDueLaterApplied, overdue, overdueMost], now: now)
        #expect(sorted.map(\.id) == [overdueMost, overdue, soon, sameDueLaterApplied, appeal, nothingRunning].map(\.id))
    }

    @Test func metClocksAndWindowsDoNotCount() {
        var rejected = F.application(in: .rejected) // appeal filing window only: not a reviewer deadline
        rejected.dates.rejectedAt = F.at(2025, 5, 25)
        let clocks = MembershipClocks().clocks(for: rejected, now: F.now)
        #expect(ReviewQueueOrdering.nextDeadline(clocks) == nil)
        let key = ReviewQueueOrdering.key(for: F.application(in: .suspended), clocks: MembershipClocks().clocks(for: F.application(in: .suspended), now: F.now))
        #expect(key.nextDueKind == .suspensionResponse && key.nextDueOn == F.day(2025, 8, 23))
    }

    @Test func tiesFallBackToTheIdSoPagesAreStable() {
        let a = ReviewQueueOrdering.Key(nextDueOn: nil, appliedAt: nil, applicationID: MembershipApplicationID(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!))
        let b = ReviewQueueOrdering.Key(nextDueOn: nil, appliedAt: nil, applicationID: MembershipApplicationID(UUID(uuidString: "00000000-0000-0000-0000-000000000002")!))
        #expect(a < b && !(b < a))
    }
}
