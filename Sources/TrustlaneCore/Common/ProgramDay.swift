import Foundation

/// A calendar day as the program counts deadlines: a year, month and day in UTC, with no time.
///
/// Every clock works in whole days: "due within 90 days" means the 90th day after the start day
/// is the last day on time. Stored and sent as `YYYY-MM-DD`.
public struct ProgramDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day that contains `date` in `calendar` (UTC unless told otherwise).
    /// The UTC day an instant falls in, by arithmetic on the days since 1970 (Hinnant's
    /// civil-from-days): pages print many dates, and `Calendar` costs microseconds each.
    public init(_ date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shifted + 2) / 5 + 1
        month = shifted < 10 ? shifted + 3 : shifted - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    public init(_ date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    /// A day from its parts; `nil` for impossible days (`2025-02-29`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (1...9999).contains(year) else { return nil }
        // From 1583 on, Foundation's Gregorian calendar follows the Gregorian leap rule, so the
        // check is arithmetic (Calendar costs microseconds a call, and coverage makes thousands).
        if year >= 1583 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = month == 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            guard day <= length else { return nil }
            self.year = year
            self.month = month
            self.day = day
            return
        }
        let calendar = Calendar.programUTC
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The last day a `ProgramDay` can hold: "no end" where a day is needed.
    public static let farFuture = ProgramDay(year: 9999, month: 12, day: 31)!

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    public init?(_ text: String) {
        let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
              pieces.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let year = Int(pieces[0]), let month = Int(pieces[1]), let day = Int(pieces[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    /// `YYYY-MM-DD`, zero-padded by hand: `String(format:)` goes through Foundation's locale-aware
    /// formatter, which showed as a seventh of the risk page's time.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// Midnight at the start of the day in `calendar`.
    public func startDate(calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The instant the day starts in UTC.
    public func startDate() -> Date {
        guard year >= Self.gregorianFrom else { return startDate(calendar: .programUTC) }
        return Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400)
    }

    /// From this year on Foundation's Gregorian calendar follows the Gregorian rules, so days
    /// are counted by arithmetic (Calendar costs microseconds a call; a calendar feed or a
    /// roster makes thousands). Earlier days keep the calendar's Julian reckoning.
    static let gregorianFrom = 1583

    /// Days since 1970-01-01 by Hinnant's days-from-civil (Gregorian years only).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> ProgramDay {
        let calendar = Calendar.programUTC
        // Clamped to about ±2,700 years so that no setting or input can overflow the calendar.
        let clamped = min(max(count, -1_000_000), 1_000_000)
        if year >= Self.gregorianFrom {
            let later = ProgramDay(Date(timeIntervalSince1970: Double(daysSinceEpoch + clamped) * 86_400))
            if later.year >= Self.gregorianFrom { return later }
        }
        return ProgramDay(calendar.date(byAdding: .day, value: clamped, to: startDate(calendar: calendar))!, calendar: calendar)
    }

    /// The same day `count` years later. A February 29 lands on February 28 in common years
    /// (Foundation's rule, kept on purpose: the anniversary never slips into March).
    public func adding(years count: Int) -> ProgramDay {
        let calendar = Calendar.programUTC
        let clamped = min(max(count, -2_700), 2_700)
        return ProgramDay(calendar.date(byAdding: .year, value: clamped, to: startDate(calendar: calendar))!, calendar: calendar)
    }

    /// Whole days from this day to `other`: 1 for tomorrow, negative for the past.
    public func days(until other: ProgramDay) -> Int {
        if year >= Self.gregorianFrom && other.year >= Self.gregorianFrom { return other.daysSinceEpoch - daysSinceEpoch }
        let calendar = Calendar.programUTC
        return calendar.dateComponents([.day], from: startDate(calendar: calendar), to: other.startDate(calendar: calendar)).day ?? 0
    }

    public static func < (lhs: ProgramDay, rhs: ProgramDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ProgramDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not a YYYY-MM-DD day"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC: the one calendar every program clock counts days in.
    public static let programUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }()
}
