import Foundation

/// Calendar days (due dates, evidence expiry) as UTC midnight `Date`s, and day arithmetic on them.
/// A day is "YYYY-MM-DD" in forms, files and the API.
enum ProfileDays {
    /// Parses `YYYY-MM-DD` into UTC midnight; `nil` for anything else.
    static func parse(_ text: String) -> Date? { CatalogDate.parse(text) }

    /// Formats a day as `YYYY-MM-DD`.
    static func format(_ date: Date) -> String { CatalogDate.format(date) }

    /// The UTC midnight starting the day the instant falls in.
    static func day(of date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }

    /// Whole days from one day to another (negative when `to` is earlier).
    static func days(from: Date, to: Date) -> Int {
        Int(((day(of: to).timeIntervalSince1970 - day(of: from).timeIntervalSince1970) / 86_400).rounded())
    }
}
