import Foundation

/// The deadlines and waiting periods of a membership.
public enum ClockKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// CBP's target to certify or reject: 90 days from the application.
    case certificationDecision = "certification_decision"
    /// The initial validation: within 365 days of certification.
    case validationDue = "validation_due"
    /// This year's annual profile review: inside the window closing on the anniversary.
    case annualReview = "annual_review"
    /// Revalidation: 4 years after the last validation.
    case revalidation
    /// The company's answer to a suspension.
    case suspensionResponse = "suspension_response"
    /// The window to appeal a rejection, failed validation, suspension or removal.
    case appealFiling = "appeal_filing"
    /// The target to decide a filed appeal: 180 days.
    case appealDecision = "appeal_decision"
    /// After a removal: the first day the company may apply again.
    case reapplication

    /// Who has to act before the due date.
    public var actingSide: ClockSide {
        switch self {
        case .certificationDecision, .validationDue, .revalidation, .appealDecision: .program
        case .annualReview, .suspensionResponse, .appealFiling, .reapplication: .company
        }
    }

    /// A deadline someone must meet, as opposed to a window that may pass unused (appeal
    /// filing) or a wait (reapplication). Only deadlines order the reviewer queue and send
    /// "overdue" notifications.
    public var isDeadline: Bool { self != .appealFiling && self != .reapplication }

    /// Key of the clock's display name in the localization files.
    public var nameKey: String { "clock.\(rawValue)" }
}

/// The side that acts on a clock.
public enum ClockSide: String, Codable, Sendable, Hashable {
    case company
    case program
}

/// A clock's state on a given day.
public enum ClockState: String, CaseIterable, Codable, Sendable, Hashable {
    /// More than `dueSoonDays` left (or, for a wait, not over yet).
    case ok
    /// Between 0 and `dueSoonDays` days left; the due day itself is still on time.
    case dueSoon = "due_soon"
    /// The due day has passed.
    case overdue
    /// Done (or, for a wait, over).
    case met
}

/// One clock of one membership on one day.
public struct MembershipClock: Codable, Sendable, Hashable {
    public let kind: ClockKind
    /// The day the clock started counting (day 0).
    public let startedOn: ProgramDay
    /// The last day on time: on it `daysLeft` is 0 and the clock is not yet overdue.
    public let dueOn: ProgramDay
    /// Days from today to `dueOn`: negative once overdue.
    public let daysLeft: Int
    public let state: ClockState
    /// The day it was met, when it was.
    public let metOn: ProgramDay?
    /// For the annual review: the window it counts in.
    public let window: AnnualReviewWindow?

    public init(kind: ClockKind, startedOn: ProgramDay, dueOn: ProgramDay, daysLeft: Int, state: ClockState,
                metOn: ProgramDay? = nil, window: AnnualReviewWindow? = nil) {
        self.kind = kind
        self.startedOn = startedOn
        self.dueOn = dueOn
        self.daysLeft = daysLeft
        self.state = state
        self.metOn = metOn
        self.window = window
    }

    /// Still to be met (ok, due soon or overdue).
    public var isRunning: Bool { state != .met }
}
