import Foundation

/// One transition that happened, as the audit trail and the application's history keep it.
/// Persistence appends one per successful `MembershipLifecycle.attempt`, in the same
/// transaction as the application's new fields.
public struct LifecycleEvent: Codable, Sendable, Hashable {
    public let kind: TransitionKind
    public let applicationID: MembershipApplicationID
    public let companyID: CompanyID
    public let occurredAt: Date
    public let actorRole: LifecycleActor.Role
    /// `nil` for the platform.
    public let actorUserID: UserID?
    public let fromStatus: MembershipStatus
    public let toStatus: MembershipStatus
    /// The tier after the transition.
    public let tier: Tier?
    /// Details by snake_case key: `reasons` (one per line), `reviewer_id`, `decision`,
    /// `sanction_reason`, `response_due_on`, `validation_id`, `agreement_version`, `anniversary`.
    public let details: [String: String]

    public init(kind: TransitionKind, applicationID: MembershipApplicationID, companyID: CompanyID, occurredAt: Date,
                actorRole: LifecycleActor.Role, actorUserID: UserID?, fromStatus: MembershipStatus,
                toStatus: MembershipStatus, tier: Tier?, details: [String: String] = [:]) {
        self.kind = kind
        self.applicationID = applicationID
        self.companyID = companyID
        self.occurredAt = occurredAt
        self.actorRole = actorRole
        self.actorUserID = actorUserID
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.tier = tier
        self.details = details
    }

    /// The audit action name: `lifecycle.<kind>`.
    public var auditAction: String { "lifecycle.\(kind.rawValue)" }
}
