import Foundation
import Testing
@testable import TrustlaneCore

/// MSC 11.2's periodic re-investigation: who is missing a cleared check, overdue, due soon or
/// current, by the position's interval, and the order a list shows them in.
@Suite struct RescreeningScheduleTests {
    let today = ProgramDay("2027-03-10")!

    @Test func aStandardPositionIsNotOnTheScheduleAndASensitiveOneIsDueByItsInterval() throws {
        #expect(RescreeningSchedule.entry(sensitivity: .standard, lastCleared: ProgramDay("2020-01-01"), today: today) == nil)
        #expect(RescreeningSchedule.periodicSensitivities == [.sensitive])
        let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: nil, today: today)?.status == .missing)
        // Due on the day the interval ends: today is due soon, the day before is overdue.
        let dueToday = today.adding(months: -months)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: dueToday, today: today) == .init(status: .dueSoon, lastCleared: dueToday, due: today))
        let dueYesterday = today.adding(days: -1).adding(months: -months)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: dueYesterday, today: today)?.status == .overdue)
        let edge = today.adding(days: RescreeningSchedule.warningDays)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: edge.adding(months: -months), today: today)?.status == .dueSoon)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: edge.adding(days: 1).adding(months: -months), today: today)?.status == .current)
        #expect(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: today, today: today)?.due == today.adding(months: months))
    }

    @Test func theListShowsMissingThenOverdueDueSoonAndCurrentEachByDueDay() {
        let entries: [RescreeningSchedule.Entry] = [
            .init(status: .current, lastCleared: nil, due: ProgramDay("2028-01-01")),
            .init(status: .overdue, lastCleared: nil, due: ProgramDay("2027-02-01")),
            .init(status: .missing, lastCleared: nil, due: nil),
            .init(status: .overdue, lastCleared: nil, due: ProgramDay("2026-12-01")),
            .init(status: .dueSoon, lastCleared: nil, due: ProgramDay("2027-04-01")),
        ]
        let sorted = entries.sorted(by: RescreeningSchedule.precedes)
        #expect(sorted.map(\.status) == [.missing, .overdue, .overdue, .dueSoon, .current])
        #expect(sorted[1].due == ProgramDay("2026-12-01"))
    }
}
