import Foundation

/// What a permitted transition does: the application's new state, the event to record, and
/// the notifications to queue. Persistence saves all three in one transaction or none.
public struct TransitionOutcome: Sendable, Hashable {
    public let transition: LifecycleTransition
    /// The application as it was.
    public let before: MembershipApplication
    /// The application as it is now: store every field.
    public let application: MembershipApplication
    public let event: LifecycleEvent
    /// Notification intents, each with a stable dedupe key.
    public let notifications: [NotificationIntent]

    public init(transition: LifecycleTransition, before: MembershipApplication, application: MembershipApplication,
                event: LifecycleEvent, notifications: [NotificationIntent]) {
        self.transition = transition
        self.before = before
        self.application = application
        self.event = event
        self.notifications = notifications
    }

    /// The status before.
    public var from: MembershipStatus { before.status }
    /// The status after.
    public var to: MembershipStatus { application.status }

    /// The fields that changed, for the audit entry.
    public var changes: [FieldChange] {
        AuditRecord.changes(before: before.auditSnapshot, after: application.auditSnapshot)
    }
}
