import Foundation

/// Whether a person's training calls for a reminder (issue 17: "reminders through the
/// notification machinery"), from the last day they stay current on every topic of their role
/// (`Curriculum.currentThrough`, kept beside each person): due within the warning window,
/// overdue, or never trained on a topic their role requires. A person current beyond the window
/// needs none.
///
/// Each stage names the period it belongs to, so a reminder goes once per stage of one
/// recurrence and not on every pass of the clock: the same due day stays "due soon" until it
/// passes, then "overdue" until the person is trained again and their due day moves.
public enum TrainingReminder: Hashable, Sendable {
    /// Current until `until`, which is within `TrainingStanding.warningDays`.
    case dueSoon(until: ProgramDay)
    /// The recurrence ran out after `until`.
    case overdue(until: ProgramDay)
    /// A required topic was never passed.
    case notYetTrained

    /// The reminder for a person with a role, or nil when they are current beyond the window.
    public static func of(currentUntil: ProgramDay?, today: ProgramDay) -> TrainingReminder? {
        guard let until = currentUntil else { return .notYetTrained }
        if until < today { return .overdue(until: until) }
        if until <= today.adding(days: TrainingStanding.warningDays) { return .dueSoon(until: until) }
        return nil
    }

    public var isOverdue: Bool {
        switch self { case .dueSoon: false; case .overdue, .notYetTrained: true }
    }

    /// The stage and its period, for the person's dedupe key: `due_soon:2027-03-01`,
    /// `overdue:2027-03-01`, `never`.
    public var period: String {
        switch self {
        case .dueSoon(let until): "due_soon:\(until)"
        case .overdue(let until): "overdue:\(until)"
        case .notYetTrained: "never"
        }
    }
}
