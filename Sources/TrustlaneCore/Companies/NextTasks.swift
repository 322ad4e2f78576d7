import Foundation

/// What a company should do next, from everything its home page reads: running clocks on the
/// company's side, open Musts, the reviewer's open requests, corrective actions, evidence that
/// expires, the risk assessment. Ordered the way a coordinator works: overdue first (the oldest
/// first), then by deadline, then the undated by weight.
public struct NextTask: Sendable, Hashable {
    /// In order of weight for undated tasks (first is heaviest).
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case clock
        case overdueActions = "overdue_actions"
        case evidenceExpired = "evidence_expired"
        case openRequests = "open_requests"
        case riskAssessmentMissing = "risk_assessment_missing"
        case riskAssessmentOld = "risk_assessment_old"
        case openMusts = "open_musts"
        case actionsDue = "actions_due"
        case evidenceExpiring = "evidence_expiring"
        case openProfile = "open_profile"
        case checkEligibility = "check_eligibility"
        /// Localization key of the task's sentence (`home.task.<kind>`).
        public var textKey: String { "home.task.\(rawValue)" }
    }

    public let kind: Kind
    /// The day it is due, when it has one.
    public let due: ProgramDay?
    /// How many things the task stands for (open Musts, overdue actions ...); 1 for a clock.
    public let count: Int
    public let entityType: EntityType?
    public let clock: ClockKind?

    public init(_ kind: Kind, due: ProgramDay? = nil, count: Int = 1, entityType: EntityType? = nil, clock: ClockKind? = nil) {
        self.kind = kind
        self.due = due
        self.count = count
        self.entityType = entityType
        self.clock = clock
    }

    public func isOverdue(today: ProgramDay) -> Bool {
        if kind == .overdueActions || kind == .evidenceExpired { return true }
        return due.map { $0 < today } ?? false
    }

    /// Days until it is due (negative when past), nil without a day.
    public func daysLeft(today: ProgramDay) -> Int? { due.map { today.days(until: $0) } }

    /// The tasks worth showing (nothing with a zero count), overdue first, then by day, then the
    /// undated by weight.
    public static func ordered(_ tasks: [NextTask], today: ProgramDay) -> [NextTask] {
        let weight = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        return tasks.filter { $0.count > 0 }.sorted { a, b in
            let (aOver, bOver) = (a.isOverdue(today: today), b.isOverdue(today: today))
            if aOver != bOver { return aOver }
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (weight[a.kind] ?? 0, a.entityType?.code ?? "") < (weight[b.kind] ?? 0, b.entityType?.code ?? "")
            }
        }
    }
}
