import Foundation

/// The day rules for code that keeps days as `Date`s (UTC midnight): evidence and due dates,
/// assessment days, catalog effective dates. `ProgramDay` is the one day type; these helpers
/// are the conversions and the day arithmetic on such `Date`s, all in `Calendar.programUTC`.
extension ProgramDay {
    /// `YYYY-MM-DD` of the UTC day `date` falls in.
    public static func text(_ date: Date) -> String { ProgramDay(date).description }

    /// Parses `YYYY-MM-DD` into the UTC midnight starting that day; `nil` for anything else,
    /// including impossible days (`2025-02-29`).
    public static func date(_ text: String) -> Date? { ProgramDay(text)?.startDate() }

    /// The UTC midnight starting the day the instant falls in.
    public static func start(of date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }

    /// Whole days from the day `from` falls in to the day `to` falls in (negative when `to` is
    /// earlier).
    public static func days(from: Date, to: Date) -> Int {
        Int(((start(of: to).timeIntervalSince1970 - start(of: from).timeIntervalSince1970) / 86_400).rounded())
    }

    /// `date` moved by `count` calendar days, keeping its time of day.
    public static func adding(days count: Int, to date: Date) -> Date {
        let clamped = min(max(count, -1_000_000), 1_000_000)
        return Calendar.programUTC.date(byAdding: .day, value: clamped, to: date) ?? date.addingTimeInterval(Double(clamped) * 86_400)
    }

    /// `date` moved by `count` years, keeping its time of day. A February 29 lands on February 28
    /// in common years, as `adding(years:)` does.
    public static func adding(years count: Int, to date: Date) -> Date {
        let clamped = min(max(count, -2_700), 2_700)
        return Calendar.programUTC.date(byAdding: .year, value: clamped, to: date) ?? date.addingTimeInterval(Double(clamped) * 365 * 86_400)
    }
}
