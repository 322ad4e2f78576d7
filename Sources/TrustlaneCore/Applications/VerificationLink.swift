import Foundation

/// A revocable link that lets anyone holding it confirm a member's status (name, entity type,
/// status, date). Only a digest of the token is kept; the token is shown once, at issue.
public struct VerificationLink: Codable, Sendable, Hashable, Identifiable {
    public let id: VerificationLinkID
    public let applicationID: MembershipApplicationID
    public let companyID: CompanyID
    /// SHA-256 of the token, hex (`SecureToken.digest`).
    public let tokenDigest: String
    public let createdAt: Date
    public let createdBy: UserID
    /// `nil` for a link that lasts until revoked.
    public let expiresAt: Date?
    public private(set) var revokedAt: Date?

    /// The prefix of every verification token, so leaked ones are recognisable.
    public static let tokenPrefix = "tlv_"

    /// Issues a link for a member in good standing; returns it with the token to show once.
    public static func issue(for application: MembershipApplication, by actor: LifecycleActor, at now: Date,
                             settings: ProgramSettings = .standard,
                             token: String = SecureToken.generate(prefix: tokenPrefix))
        -> Result<(link: VerificationLink, token: String), TransitionRefusal> {
        guard actor.role == .officer || actor.role == .coordinator, let user = actor.userID else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company officer or the security coordinator can issue a verification link"))
        }
        guard application.status.isMemberInGoodStanding else {
            return .failure(TransitionRefusal(.wrongState, "Only a certified member can issue a verification link"))
        }
        let expires = settings.verificationLinkDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }
        let link = VerificationLink(id: VerificationLinkID(), applicationID: application.id, companyID: application.companyID,
                                    tokenDigest: SecureToken.digest(token), createdAt: now, createdBy: user,
                                    expiresAt: expires, revokedAt: nil)
        return .success((link, token))
    }

    /// Whether `token` is this link's token (compared in constant time).
    public func matches(_ token: String) -> Bool {
        SecureToken.constantTimeEquals(SecureToken.digest(token), tokenDigest)
    }

    /// Not revoked and not expired at `now`.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// Revokes the link; revoking twice is `alreadyDone`.
    public func revoke(by actor: LifecycleActor, at now: Date) -> Result<VerificationLink, TransitionRefusal> {
        guard actor.role == .officer || actor.role == .coordinator else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company officer or the security coordinator can revoke a verification link"))
        }
        if revokedAt != nil { return .failure(TransitionRefusal(.alreadyDone, "Already revoked")) }
        var next = self
        next.revokedAt = now
        return .success(next)
    }
}
