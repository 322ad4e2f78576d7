import Fluent
import TrustlaneCore
import Vapor

/// Where the security profile tells the membership lifecycle that a profile was submitted, in
/// the same transaction as the submission, so the application moves on (submitProfile or
/// resubmit) or nothing is saved. The transition is taken by the person who submitted, in their
/// company role (the one `AccessPolicy` let submit).
enum MembershipHooks {
    static func profileSubmitted(company: CompanyID, snapshotID: UUID, by actor: UserID?, role: CompanyRole?, app: Application,
                                 on db: any Database, now: Date) async throws {
        guard let actor, let role, let submitter = LifecycleActor(companyRole: role, userID: actor) else { return }
        for stored in try await MembershipStore(db).applications(company: company) {
            let transition: LifecycleTransition
            switch stored.application.status {
            case .applied: transition = .submitProfile
            case .informationRequested: transition = .resubmit
            default: continue
            }
            do {
                _ = try await LifecycleService.attempt(transition, company: company, entityType: stored.application.entityType,
                                                       actor: submitter, input: .init(), app: app, on: db, now: now)
            } catch is LifecycleRefused {
                // e.g. information requests still open: the profile is saved, the application
                // waits; the officer resubmits from the membership page once they are answered.
            }
        }
    }
}
