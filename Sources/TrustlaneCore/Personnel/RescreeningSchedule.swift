import Foundation

/// Where a person in a position screened periodically stands (MSC 11.2: background checks by
/// position sensitivity, with periodic re-investigation). The interval is the position's
/// `PositionSensitivity.rescreenMonths`: Trustlane's starting default, since CBP leaves it to the
/// company (unverified); the warning window is Trustlane's too.
public enum RescreeningStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// No cleared background check on record.
    case missing
    /// The due day has passed.
    case overdue
    /// Due within `RescreeningSchedule.warningDays`.
    case dueSoon = "due_soon"
    /// Cleared and not yet due.
    case current

    public var nameKey: String { "people.rescreen_status.\(rawValue)" }
    /// The standing tag's class it reads as (the training standings' colours).
    public var tagKey: String {
        switch self {
        case .missing: "never"
        case .overdue: "overdue"
        case .dueSoon: "due_soon"
        case .current: "current"
        }
    }
}

public enum RescreeningSchedule {
    /// Days ahead of the due day a person is listed as due soon.
    public static let warningDays = 60

    /// One person's place on the schedule.
    public struct Entry: Sendable, Equatable {
        public let status: RescreeningStatus
        /// The last cleared check, if any.
        public let lastCleared: ProgramDay?
        /// When the next check is due; nil while none is cleared (it is due now).
        public let due: ProgramDay?
    }

    /// The positions screened periodically.
    public static var periodicSensitivities: [PositionSensitivity] { PositionSensitivity.allCases.filter { $0.rescreenMonths != nil } }

    /// Where the person stands today; nil for a position screened at hiring only.
    public static func entry(sensitivity: PositionSensitivity, lastCleared: ProgramDay?, today: ProgramDay) -> Entry? {
        guard sensitivity.rescreenMonths != nil else { return nil }
        guard let due = sensitivity.rescreenDue(lastCleared: lastCleared) else { return Entry(status: .missing, lastCleared: nil, due: nil) }
        let status: RescreeningStatus = due < today ? .overdue : due <= today.adding(days: warningDays) ? .dueSoon : .current
        return Entry(status: status, lastCleared: lastCleared, due: due)
    }

    /// The order a list shows: missing, then overdue, due soon and current, each by due day
    /// (earliest first).
    public static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        let order = RescreeningStatus.allCases
        let (i, j) = (order.firstIndex(of: a.status)!, order.firstIndex(of: b.status)!)
        if i != j { return i < j }
        switch (a.due, b.due) {
        case let (x?, y?): return x < y
        default: return false
        }
    }
}
