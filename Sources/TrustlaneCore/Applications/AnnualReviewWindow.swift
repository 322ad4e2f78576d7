import Foundation

/// The days in which one year's annual security profile review counts: from
/// `annualReviewWindowDays` (90) days before a certification anniversary to the anniversary
/// itself, both days included. Only submissions and edits inside the window count.
///
/// Anniversaries are counted from the certification day, each one computed afresh from it, so
/// a member certified on February 29 has its anniversary on February 28 in common years and on
/// February 29 again in leap years.
public struct AnnualReviewWindow: Sendable, Hashable, Codable {
    /// The certification anniversary: the window's last day.
    public let anniversary: ProgramDay
    /// Which anniversary (1 for the first year after certification).
    public let year: Int
    /// The first day edits count.
    public let opensOn: ProgramDay
    /// The last day edits count (the anniversary).
    public var closesOn: ProgramDay { anniversary }

    /// The window of the `year`-th anniversary of a certification day.
    public init(certifiedOn: ProgramDay, year: Int, settings: ProgramSettings = .standard) {
        self.year = year
        anniversary = certifiedOn.adding(years: year)
        opensOn = anniversary.adding(days: -settings.annualReviewWindowDays)
    }

    /// Whether `day` is inside the window (first and last day included).
    public func contains(_ day: ProgramDay) -> Bool { opensOn <= day && day <= anniversary }

    /// Whether the window is open on `day`.
    public func isOpen(on day: ProgramDay) -> Bool { contains(day) }

    /// The window `day` falls in, if any.
    public static func containing(_ day: ProgramDay, certifiedOn: ProgramDay,
                                  settings: ProgramSettings = .standard) -> AnnualReviewWindow? {
        candidates(around: day, certifiedOn: certifiedOn, settings: settings).first { $0.contains(day) }
    }

    /// Whether an edit made at `date` counts for an annual review (it falls inside a window).
    public static func isInsideAnnualWindow(_ date: Date, certifiedAt: Date, settings: ProgramSettings = .standard,
                                            calendar: Calendar = .programUTC) -> Bool {
        containing(ProgramDay(date, calendar: calendar), certifiedOn: ProgramDay(certifiedAt, calendar: calendar),
                   settings: settings) != nil
    }

    /// The cycle that `today` belongs to: the latest window that has opened by today, or the
    /// first one while none has. Between a closing and the next opening, the closed window is
    /// still current (so a missed review shows as overdue until the next window opens).
    public static func current(certifiedOn: ProgramDay, today: ProgramDay,
                               settings: ProgramSettings = .standard) -> AnnualReviewWindow {
        candidates(around: today, certifiedOn: certifiedOn, settings: settings)
            .last { $0.opensOn <= today } ?? AnnualReviewWindow(certifiedOn: certifiedOn, year: 1, settings: settings)
    }

    /// Windows of the anniversaries near `day`, in order (windows are shorter than a year, so
    /// the year before, of and after `day` cover every case).
    private static func candidates(around day: ProgramDay, certifiedOn: ProgramDay,
                                   settings: ProgramSettings) -> [AnnualReviewWindow] {
        let yearsSince = day.year - certifiedOn.year
        return (max(1, yearsSince - 1)...max(1, yearsSince + 1)).map {
            AnnualReviewWindow(certifiedOn: certifiedOn, year: $0, settings: settings)
        }
    }
}
