import Foundation

/// The kind of an `EligibilityOutcome`, for storage and filters.
public enum EligibilityStatus: String, CaseIterable, Sendable, Hashable, Codable {
    case eligible
    case notEligible = "not_eligible"
    case needsInvitation = "needs_invitation"
    case incomplete
}
