import Foundation

/// Whether a person on the re-screening schedule calls for a reminder to the company's security
/// coordinators (issue 17: "people whose re-screening is due within a window or overdue get
/// reminders"): due within `RescreeningSchedule.warningDays`, or overdue. A person with no cleared
/// check at all is the hiring checklist's business (it shows the check missing), not a reminder.
///
/// One reminder per person per due day: the stage is named in the text, but the period the
/// reminder belongs to is the due day alone, so a person first reminded while due soon is not
/// reminded again when the day passes, and a new cleared check (a new due day) starts anew.
public enum RescreeningReminder: Hashable, Sendable {
    case dueSoon(due: ProgramDay)
    case overdue(due: ProgramDay)

    /// The reminder for a place on the schedule, or nil (current, missing, or not periodic).
    public static func of(_ entry: RescreeningSchedule.Entry?) -> RescreeningReminder? {
        guard let entry, let due = entry.due else { return nil }
        switch entry.status {
        case .dueSoon: return .dueSoon(due: due)
        case .overdue: return .overdue(due: due)
        case .missing, .current: return nil
        }
    }

    public var due: ProgramDay {
        switch self { case .dueSoon(let due), .overdue(let due): due }
    }

    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }

    /// The notification's message key.
    public var messageKey: String { isOverdue ? "notification.rescreening_overdue" : "notification.rescreening_due" }

    /// The dedupe key of a person's reminder: the person and the due day, nothing else.
    public static func dedupeKey(person: UUID, due: ProgramDay) -> String {
        "rescreening_due:\(person.uuidString.lowercased()):\(due)"
    }

    /// A day after every last cleared check whose next one falls due within the window today, for
    /// a position's interval: a loose bound for reading candidates (a month's end rounds days), each
    /// then placed exactly by `RescreeningSchedule.entry`. Nil for a position screened at hiring only.
    public static func clearedBefore(sensitivity: PositionSensitivity, today: ProgramDay) -> ProgramDay? {
        guard let months = sensitivity.rescreenMonths else { return nil }
        return today.adding(days: RescreeningSchedule.warningDays + 4).adding(months: -months)
    }
}
