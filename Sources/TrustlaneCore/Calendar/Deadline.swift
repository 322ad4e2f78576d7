import Foundation

/// One date a person should know about, across the companies and applications they can see:
/// a membership clock, a corrective action's due date, an evidence file's expiry, a finding's
/// response date. The calendar feed and the weekly digest are both made of these.
public struct Deadline: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A running membership clock (certification decision, validation, annual review ...).
        case clock
        /// An open corrective action's due date.
        case correctiveAction = "corrective_action"
        /// The day an evidence file expires.
        case evidenceExpiry = "evidence_expiry"
        /// The date a validation finding is to be answered by.
        case findingResponse = "finding_response"
        /// Business partners due for reassessment on a day (one item per company and day: an
        /// importer's 3,000 suppliers would otherwise flood the calendar); `subject` is the count.
        case partnerReassessment = "partner_reassessment"
        /// A business partner's open corrective action (MSC 3.6).
        case partnerAction = "partner_action"
    }

    public let kind: Kind
    /// Stable identity of the item (for calendar UIDs): the application and clock, the action ...
    public let itemID: String
    public let companyID: CompanyID
    public let companyName: String
    public let day: ProgramDay
    /// For a clock, its kind; for an action or file, its title; for a finding, its criterion.
    public let subject: String
    public let entityType: EntityType?
    /// The page of the item (a path).
    public let link: String

    public init(kind: Kind, itemID: String, companyID: CompanyID, companyName: String, day: ProgramDay, subject: String,
                entityType: EntityType? = nil, link: String) {
        self.kind = kind
        self.itemID = itemID
        self.companyID = companyID
        self.companyName = companyName
        self.day = day
        self.subject = subject
        self.entityType = entityType
        self.link = link
    }

    /// The calendar UID: the same item keeps the same UID whatever its date.
    public var uid: String { "\(kind.rawValue)-\(itemID)@trustlane" }

    /// Sorted by day, then company, then subject; duplicates (the same item seen twice, by a
    /// member who is also the assigned reviewer) removed.
    public static func ordered(_ deadlines: some Sequence<Deadline>) -> [Deadline] {
        var seen: Set<String> = []
        return deadlines.filter { seen.insert($0.uid).inserted }
            .sorted { ($0.day, $0.companyName, $0.subject) < ($1.day, $1.companyName, $1.subject) }
    }
}

/// What a weekly digest tells a person: what is overdue, what falls due within the horizon.
public struct DeadlineDigest: Sendable, Hashable {
    public let overdue: [Deadline]
    public let upcoming: [Deadline]
    /// In-app notifications received since the last digest.
    public let newNotifications: Int

    /// Splits `deadlines` on `today`: before it overdue, from it to `horizonDays` later upcoming.
    public init(deadlines: [Deadline], today: ProgramDay, horizonDays: Int = 14, newNotifications: Int) {
        let ordered = Deadline.ordered(deadlines)
        overdue = ordered.filter { $0.day < today }
        let end = today.adding(days: horizonDays)
        upcoming = ordered.filter { $0.day >= today && $0.day <= end }
        self.newNotifications = newNotifications
    }

    /// Nothing to say: no email is sent.
    public var isEmpty: Bool { overdue.isEmpty && upcoming.isEmpty && newNotifications == 0 }

    /// The ISO week `day` falls in, as `2026-W49`: one digest per person per week.
    public static func week(of day: ProgramDay) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: day.startDate())
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
    }
}
