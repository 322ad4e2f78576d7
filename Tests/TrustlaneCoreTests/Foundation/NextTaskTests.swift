import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 14: the company's next tasks, overdue first, then by deadline, then by weight.
@Suite struct NextTaskTests {
    let today = ProgramDay("2026-06-01")!

    @Test func overdueFirstThenByDayThenUndatedByWeight() {
        let tasks = [
            NextTask(.openMusts, count: 12),
            NextTask(.clock, due: ProgramDay("2026-07-01"), entityType: .importer, clock: .annualReview),
            NextTask(.evidenceExpiring, due: ProgramDay("2026-06-10"), count: 2),
            NextTask(.overdueActions, count: 1),
            NextTask(.clock, due: ProgramDay("2026-05-20"), entityType: .highwayCarrier, clock: .suspensionResponse),
            NextTask(.openRequests, count: 3),
            NextTask(.actionsDue, due: nil, count: 0),
        ]
        let ordered = NextTask.ordered(tasks, today: today)
        #expect(ordered.map(\.kind) == [.clock, .overdueActions, .evidenceExpiring, .clock, .openRequests, .openMusts])
        #expect(ordered[0].entityType == .highwayCarrier && ordered[0].isOverdue(today: today))
        #expect(ordered[0].daysLeft(today: today) == -12)
        #expect(ordered[2].daysLeft(today: today) == 9)
        #expect(!ordered.contains { $0.kind == .actionsDue }, "nothing with a zero count")
    }
}
