import Foundation

/// Filters of the corrective action list: by status, overdue only, and by criterion. An empty
/// filter keeps everything. Read from query parameters with `init(query:)`.
public struct CorrectiveActionFilter: Hashable, Sendable {
    /// Statuses to keep; empty keeps all.
    public var statuses: Set<CorrectiveActionStatus>
    /// Keep only overdue actions.
    public var overdueOnly: Bool
    /// Keep only actions addressing this criterion.
    public var criterionID: CriterionID?

    public init(statuses: Set<CorrectiveActionStatus> = [], overdueOnly: Bool = false, criterionID: CriterionID? = nil) {
        self.statuses = statuses
        self.overdueOnly = overdueOnly
        self.criterionID = criterionID
    }

    /// Reads `status=open,in_progress` (or `open` / `closed` shorthands), `overdue=1|true|yes`
    /// and `criterion=3.4`. Unknown values are ignored rather than refused: a filter link with
    /// a stale value still shows a list.
    public init(query: [String: String]) {
        var statuses: Set<CorrectiveActionStatus> = []
        for part in (query["status"] ?? "").split(separator: ",") {
            let text = String(part)
            if text.trimmingCharacters(in: .whitespaces).lowercased() == "closed" {
                statuses.formUnion([.done, .cancelled])
            } else if text.trimmingCharacters(in: .whitespaces).lowercased() == "active" {
                statuses.formUnion([.open, .inProgress])
            } else if let status = CorrectiveActionStatus(text: text) {
                statuses.insert(status)
            }
        }
        let overdue = (query["overdue"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        self.init(statuses: statuses, overdueOnly: ["1", "true", "yes", "on"].contains(overdue),
                  criterionID: query["criterion"].flatMap(CriterionID.init))
    }

    /// Whether nothing is filtered.
    public var isEmpty: Bool { statuses.isEmpty && !overdueOnly && criterionID == nil }

    /// Whether the action passes every filter.
    public func matches(_ action: CorrectiveAction, now: Date) -> Bool {
        matches(status: action.status, dueDate: action.dueDate, criterionIDs: action.criterionIDs, now: now)
    }

    /// Whether an action read as a row (its status, due day and criteria) passes every filter.
    public func matches(status: CorrectiveActionStatus, dueDate: Date, criterionIDs: [CriterionID], now: Date) -> Bool {
        if !statuses.isEmpty && !statuses.contains(status) { return false }
        if overdueOnly && !CorrectiveAction.isOverdue(status: status, dueDate: dueDate, now: now) { return false }
        if let criterionID, !criterionIDs.contains(criterionID) { return false }
        return true
    }

    /// The matching actions, overdue first, then by due day, then title.
    public func apply(_ actions: [CorrectiveAction], now: Date) -> [CorrectiveAction] {
        actions.filter { matches($0, now: now) }.sorted { lhs, rhs in
            let lhsOverdue = lhs.isOverdue(now: now)
            let rhsOverdue = rhs.isOverdue(now: now)
            if lhsOverdue != rhsOverdue { return lhsOverdue }
            if lhs.dueDate != rhs.dueDate { return lhs.dueDate < rhs.dueDate }
            return lhs.title < rhs.title
        }
    }
}
