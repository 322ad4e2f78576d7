import Foundation
import Testing
@testable import TrustlaneCore

/// Re-screening reminders: who is reminded (due within the window or overdue, never current or
/// missing), once per person and due day, and the bound the clock pass reads candidates by.
@Suite struct RescreeningReminderTests {
    let today = ProgramDay("2027-03-10")!

    @Test func dueSoonAndOverdueAreRemindedCurrentAndMissingAreNot() throws {
        let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
        func reminder(_ lastCleared: ProgramDay?) -> RescreeningReminder? {
            RescreeningReminder.of(RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: lastCleared, today: today))
        }
        let soon = today.adding(days: 30)
        #expect(reminder(soon.adding(months: -months)) == .dueSoon(due: soon))
        let late = today.adding(days: -3)
        #expect(reminder(late.adding(months: -months)) == .overdue(due: late))
        #expect(reminder(late.adding(months: -months))?.messageKey == "notification.rescreening_overdue")
        #expect(reminder(soon.adding(months: -months))?.messageKey == "notification.rescreening_due")
        #expect(reminder(today.adding(days: RescreeningSchedule.warningDays + 1).adding(months: -months)) == nil)
        #expect(reminder(nil) == nil)
        #expect(RescreeningReminder.of(RescreeningSchedule.entry(sensitivity: .standard, lastCleared: late, today: today)) == nil)
    }

    @Test func theKeyNamesThePersonAndTheDueDayAloneSoTheStageDoesNotRemindAgain() {
        let person = UUID()
        let due = ProgramDay("2027-04-01")!
        let key = RescreeningReminder.dedupeKey(person: person, due: due)
        #expect(key == "rescreening_due:\(person.uuidString.lowercased()):2027-04-01")
        // The same due day seen due soon and then overdue is one reminder.
        #expect(RescreeningReminder.dedupeKey(person: person, due: RescreeningReminder.dueSoon(due: due).due)
                == RescreeningReminder.dedupeKey(person: person, due: RescreeningReminder.overdue(due: due).due))
        #expect(RescreeningReminder.dedupeKey(person: person, due: due.adding(months: 24)) != key)
    }

    @Test func theCandidateBoundTakesEveryCheckDueWithinTheWindowEvenAtAMonthsEnd() throws {
        let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
        #expect(RescreeningReminder.clearedBefore(sensitivity: .standard, today: today) == nil)
        // Every last cleared day whose due day is within the window lies before the bound.
        for day in ["2027-01-31", "2027-02-28", "2028-02-29", "2027-12-31", "2027-03-10"] {
            let now = ProgramDay(day)!
            let bound = try #require(RescreeningReminder.clearedBefore(sensitivity: .sensitive, today: now))
            for offset in [-400, -1, 0, 1, RescreeningSchedule.warningDays] {
                let due = now.adding(days: offset)
                for back in 0...3 {
                    let cleared = due.adding(days: -back).adding(months: -months)
                    guard let entry = RescreeningSchedule.entry(sensitivity: .sensitive, lastCleared: cleared, today: now),
                          RescreeningReminder.of(entry) != nil else { continue }
                    #expect(cleared < bound, "\(day): cleared \(cleared), bound \(bound)")
                }
            }
        }
    }
}
