import Foundation
import Testing
@testable import TrustlaneCore

/// `ProgramDay` is the one day type; its `Date` helpers replace the catalog's, the profile's and
/// the risk assessment's own day helpers.
@Suite struct ProgramDayDatesTests {
    let noonMarch1 = Date(timeIntervalSince1970: 1_740_830_400) // 2025-03-01 12:00 UTC

    @Test func textAndDateRoundTripThroughUTCMidnight() throws {
        #expect(ProgramDay.text(noonMarch1) == "2025-03-01")
        let midnight = try #require(ProgramDay.date("2025-03-01"))
        #expect(midnight == Date(timeIntervalSince1970: 1_740_787_200))
        #expect(ProgramDay.date(" 2025-03-01 ") == midnight)
        #expect(ProgramDay.start(of: noonMarch1) == midnight)
    }

    @Test func impossibleOrMalformedDaysDoNotParse() {
        for text in ["2025-02-29", "2025-13-01", "2025-3-01", "25-03-01", "2025/03/01", "2025-03-0a", ""] {
            #expect(ProgramDay.date(text) == nil, "\(text)")
        }
        #expect(ProgramDay.date("2024-02-29") != nil)
    }

    @Test func daysCountWholeCalendarDaysWhateverTheTime() {
        let lateMarch2 = Date(timeIntervalSince1970: 1_740_959_999) // 2025-03-02 23:59:59 UTC
        #expect(ProgramDay.days(from: noonMarch1, to: lateMarch2) == 1)
        #expect(ProgramDay.days(from: lateMarch2, to: noonMarch1) == -1)
        #expect(ProgramDay.days(from: noonMarch1, to: noonMarch1.addingTimeInterval(3600)) == 0)
    }

    @Test func addingKeepsTheTimeOfDayAndFebruary29LandsOn28() throws {
        #expect(ProgramDay.adding(days: 30, to: noonMarch1) == noonMarch1.addingTimeInterval(30 * 86_400))
        let leap = try #require(ProgramDay.date("2024-02-29"))
        #expect(ProgramDay.text(ProgramDay.adding(years: 1, to: leap)) == "2025-02-28")
        #expect(ProgramDay.text(ProgramDay.adding(years: 1, to: leap)) == ProgramDay(2024, 2, 29).adding(years: 1).description)
    }

    @Test func theHelpersAgreeWithProgramDay() throws {
        let day = try #require(ProgramDay("2025-03-01"))
        #expect(ProgramDay.date(day.description) == day.startDate())
        #expect(ProgramDay(noonMarch1) == day)
        #expect(ProgramDay.days(from: day.startDate(), to: day.adding(days: 90).startDate()) == day.days(until: day.adding(days: 90)))
    }
}

private extension ProgramDay {
    init(_ year: Int, _ month: Int, _ day: Int) { self.init(year: year, month: month, day: day)! }
}

@Suite("Time-ordered ids")
struct TimeOrderedUUIDTests {
    @Test func idsAreVersionSevenAndSortByTheirTime() {
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        let ids = (0..<200).map { UUID.timeOrdered(at: base.addingTimeInterval(Double($0) * 0.25)) }
        for id in ids {
            let text = id.uuidString
            #expect(Array(text)[14] == "7")
            #expect("89AB".contains(Array(text)[19]))
        }
        // Stored as text, as the databases keep them: the order of the strings is the order of making.
        let texts = ids.map(\.uuidString)
        #expect(texts == texts.sorted(), "made in order, sorted differently")
        #expect(Set(ids).count == ids.count)
    }

    @Test func aBatchOfOneInstantIsAscendingAcrossItsCounterAndRandomBlocks() {
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        var batch = TimeOrderedUUIDs(at: base)
        // More than one block of random bytes (1,024 ids) and past the 18-bit counter of one millisecond.
        let ids = (0..<(262_144 + 3_000)).map { _ in batch.next() }
        let texts = ids.map(\.uuidString)
        #expect(texts == texts.sorted(), "a batch made in order sorts differently")
        #expect(Set(ids).count == ids.count)
        for text in [texts[0], texts[1_500], texts[262_143], texts[262_144], texts.last!] {
            #expect(Array(text)[14] == "7", "\(text) is not version 7")
            #expect("89AB".contains(Array(text)[19]), "\(text) is not of RFC 9562's variant")
        }
        // The time prefix is the instant's; the counter's overflow steps it one millisecond on.
        let millis = UInt64(1_780_000_000_000)
        func prefix(_ text: String) -> String { String(text.replacingOccurrences(of: "-", with: "").prefix(12)) }
        #expect(prefix(texts[0]) == String(millis, radix: 16, uppercase: true).leftPadded(12))
        #expect(prefix(texts[262_143]) == prefix(texts[0]))
        #expect(prefix(texts[262_144]) == String(millis + 1, radix: 16, uppercase: true).leftPadded(12))
        // The random tails differ (56 bits each): not one repeated block.
        #expect(Set(texts.prefix(2_048).map { $0.suffix(12) }).count > 2_000)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
