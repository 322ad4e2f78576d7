import Foundation
import Testing
@testable import TrustlaneCore

@Suite("iCalendar and deadlines")
struct ICalendarTests {
    @Test func textValuesAreEscapedAndLongLinesFoldedWithoutSplittingCharacters() {
        #expect(ICalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "Kepatuhan ", count: 6) + "ééééééééééééééééééééééééééééé"
        let folded = ICalendar.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1 && lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == long)
    }

    @Test func documentHasAllDayEventsWithStableUIDs() {
        let event = ICalendar.Event(uid: "clock-1@trustlane", day: ProgramDay("2026-12-31")!, summary: "Validation due", url: "https://t.example/c/1")
        let text = ICalendar(name: "Deadlines", events: [event]).text(now: Date(timeIntervalSince1970: 0))
        #expect(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101"))
        #expect(text.contains("DTSTAMP:19700101T000000Z") && text.contains("UID:clock-1@trustlane"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }

    @Test func digestSplitsOverdueFromUpcomingAndNamesTheISOWeek() {
        let company = CompanyID()
        func deadline(_ day: String, _ subject: String) -> Deadline {
            Deadline(kind: .correctiveAction, itemID: subject, companyID: company, companyName: "Batik", day: ProgramDay(day)!, subject: subject, link: "/")
        }
        let today = ProgramDay("2026-12-04")!
        let digest = DeadlineDigest(deadlines: [deadline("2026-12-01", "late"), deadline("2026-12-04", "today"), deadline("2026-12-18", "edge"),
                                                deadline("2026-12-19", "later"), deadline("2026-12-01", "late")],
                                    today: today, newNotifications: 0)
        #expect(digest.overdue.map(\.subject) == ["late"], "duplicates removed")
        #expect(digest.upcoming.map(\.subject) == ["today", "edge"])
        #expect(DeadlineDigest.week(of: today) == "2026-W49")
        #expect(DeadlineDigest.week(of: ProgramDay("2027-01-01")!) == "2026-W53")
        #expect(DeadlineDigest(deadlines: [], today: today, newNotifications: 0).isEmpty)
    }
}
