import Foundation

/// A corrective action a company opens from a gap (or from another finding, such as a risk
/// assessment): what will be done, by whom, by when, and for which criteria. Stored with a
/// version for stale-edit checks like answers.
public struct CorrectiveAction: Hashable, Sendable, Identifiable {
    public let id: CorrectiveActionID
    /// The company doing the work.
    public let companyID: CompanyID
    /// The security profile whose gap it addresses; `nil` for actions from elsewhere.
    public let profileID: SecurityProfileID?
    public var title: String
    public var details: String
    /// The owner's name (a person, not necessarily a user of Trustlane).
    public var ownerName: String
    /// The due day, as UTC midnight.
    public var dueDate: Date
    public var status: CorrectiveActionStatus
    /// The criteria the action addresses, sorted by id.
    public var criterionIDs: [CriterionID]
    public var version: Int
    public var updatedBy: UserID?
    public var updatedAt: Date?

    public init(id: CorrectiveActionID = CorrectiveActionID(), companyID: CompanyID, profileID: SecurityProfileID?,
                title: String, details: String = "", ownerName: String, dueDate: Date, status: CorrectiveActionStatus = .open,
                criterionIDs: [CriterionID], version: Int = 1, updatedBy: UserID? = nil, updatedAt: Date? = nil) {
        self.id = id
        self.companyID = companyID
        self.profileID = profileID
        self.title = title
        self.details = details
        self.ownerName = ownerName
        self.dueDate = ProgramDay.start(of: dueDate)
        self.status = status
        self.criterionIDs = Array(Set(criterionIDs)).sorted()
        self.version = version
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// A new open action from a validated draft (version 1).
    public init(id: CorrectiveActionID = CorrectiveActionID(), companyID: CompanyID, profileID: SecurityProfileID?,
                draft: ValidatedCorrectiveAction, by user: UserID, at date: Date) {
        self.init(id: id, companyID: companyID, profileID: profileID, title: draft.title, details: draft.details, ownerName: draft.ownerName,
                  dueDate: draft.dueDate, criterionIDs: draft.criterionIDs, version: 1, updatedBy: user, updatedAt: date)
    }

    /// Overdue: still open or in progress after its due day has ended (UTC). On the due day
    /// itself it is not overdue yet.
    public func isOverdue(now: Date) -> Bool {
        Self.isOverdue(status: status, dueDate: dueDate, now: now)
    }

    /// The same rule for an action read as a row: its status and due day.
    public static func isOverdue(status: CorrectiveActionStatus, dueDate: Date, now: Date) -> Bool {
        !status.isClosed && ProgramDay.days(from: dueDate, to: now) > 0
    }

    /// How many actions address each criterion, all of them and those still open (an action
    /// counts once per criterion).
    public static func countsPerCriterion(_ actions: [CorrectiveAction]) -> (all: [CriterionID: Int], open: [CriterionID: Int]) {
        var all: [CriterionID: Int] = [:]
        var open: [CriterionID: Int] = [:]
        for action in actions {
            for id in Set(action.criterionIDs) {
                all[id, default: 0] += 1
                if !action.status.isClosed { open[id, default: 0] += 1 }
            }
        }
        return (all, open)
    }

    /// Whether the action addresses the criterion.
    public func addresses(_ criterionID: CriterionID) -> Bool { criterionIDs.contains(criterionID) }
}
