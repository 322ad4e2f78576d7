import Foundation

/// Day arithmetic for assessment and due dates, in UTC so a date means the same day on every
/// server.
enum RiskCalendar {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(Double(days) * 86_400)
    }

    static func adding(years: Int, to date: Date) -> Date {
        calendar.date(byAdding: .year, value: years, to: date) ?? date.addingTimeInterval(Double(years) * 365 * 86_400)
    }

    /// Midnight UTC of the date's day.
    static func day(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    /// `YYYY-MM-DD` of a UTC day, for messages.
    static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
