import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct TrainingReminderTests {
    let today = ProgramDay("2027-03-10")!

    @Test func aReminderOnlyWithinTheWindowOverdueOrNeverTrained() {
        #expect(TrainingReminder.of(currentUntil: nil, today: today) == .notYetTrained)
        #expect(TrainingReminder.of(currentUntil: ProgramDay("2027-03-09"), today: today) == .overdue(until: ProgramDay("2027-03-09")!))
        // Today is still current: due soon, not overdue (as `TrainingStanding`).
        #expect(TrainingReminder.of(currentUntil: today, today: today) == .dueSoon(until: today))
        let edge = today.adding(days: TrainingStanding.warningDays)
        #expect(TrainingReminder.of(currentUntil: edge, today: today) == .dueSoon(until: edge))
        #expect(TrainingReminder.of(currentUntil: edge.adding(days: 1), today: today) == nil)
        #expect(TrainingReminder.of(currentUntil: .farFuture, today: today) == nil)
    }

    @Test func itAgreesWithTheStandingOfOneTopic() {
        // A role of one topic: the person's standing and their reminder say the same on every day around it.
        let last = ProgramDay("2026-02-27")!
        for offset in -40...40 {
            let day = today.adding(days: offset)
            let standing = TrainingStanding.of(last: last, months: 12, today: day)
            let reminder = TrainingReminder.of(currentUntil: Curriculum.currentThrough([.init(topic: .inspectionsAndSeals, months: 12)], latest: [.inspectionsAndSeals: last]),
                                               today: day)
            switch standing {
            case .current: #expect(reminder == nil, "\(day)")
            case .dueSoon: #expect(reminder?.isOverdue == false, "\(day)")
            case .overdue: #expect(reminder?.isOverdue == true, "\(day)")
            case .never: Issue.record("trained once")
            }
        }
    }

    @Test func thePeriodNamesTheStageAndItsDay() {
        #expect(TrainingReminder.dueSoon(until: today).period == "due_soon:2027-03-10")
        #expect(TrainingReminder.overdue(until: today).period == "overdue:2027-03-10")
        #expect(TrainingReminder.notYetTrained.period == "never")
    }
}
