import Foundation

/// The outcome of asking the policy.
public enum AccessDecision: Equatable, Sendable {
    case allowed
    /// Nobody is signed in: sign in first.
    case unauthenticated
    /// Signed in, but the target is not theirs to know about. Answered as 404 so that ids
    /// of other companies cannot be probed.
    case notFound
    /// Signed in and allowed to see the target, but not to do this to it.
    case forbidden
}

/// Who may do what, in one place. Pure: actor + action + target company -> decision.
/// Every route calls it through the web layer's access guard.
public enum AccessPolicy {
    /// Company roles allowed to take each company-scoped action.
    static let companyRoles: [Action: Set<CompanyRole>] = [
        .viewCompany: Set(CompanyRole.allCases),
        .listMembers: Set(CompanyRole.allCases),
        .editCompany: [.officer, .coordinator, .consultant],
        .inviteMember: [.officer, .coordinator],
        .viewCompanyAudit: [.officer],
        .viewEligibility: Set(CompanyRole.allCases),
        .answerEligibility: [.officer, .coordinator, .consultant],
        .viewProfile: Set(CompanyRole.allCases),
        .viewProfileDraft: Set(CompanyRole.allCases),
        .editProfile: [.officer, .coordinator, .contributor, .consultant],
        .submitProfile: [.officer],
        .upgradeProfileCatalog: [.officer],
        .manageEvidence: [.officer, .coordinator, .contributor, .consultant],
        .manageCorrectiveActions: [.officer, .coordinator, .contributor, .consultant],
        .viewReviewThread: Set(CompanyRole.allCases),
        // Nobody reviews their own company: a member, whatever their platform roles, is refused.
        .reviewProfile: [],
        .reviewMembership: [],
        .respondToReview: [.officer, .coordinator, .consultant],
        .viewMembership: Set(CompanyRole.allCases),
        // The lifecycle's own rules decide which transition each role may take.
        .changeMembership: [.officer, .coordinator, .consultant],
        .viewRiskAssessment: Set(CompanyRole.allCases),
        .editRiskAssessment: [.officer, .coordinator, .contributor, .consultant],
        .manageStatusVerification: [.officer, .coordinator],
        .viewBusinessPartners: Set(CompanyRole.allCases),
        .manageBusinessPartners: [.officer, .coordinator, .contributor, .consultant],
        // The dock's record: kept by the company's own people; a consultant reads it.
        .viewInspections: Set(CompanyRole.allCases),
        .recordInspections: [.officer, .coordinator, .contributor],
        .superviseInspections: [.officer, .coordinator],
        .viewSeals: Set(CompanyRole.allCases),
        // Seals are handled at the dock by the company's own people; a consultant reads them.
        .manageSeals: [.officer, .coordinator, .contributor],
        // Shipments are kept at the dock like inspections and seals; a consultant reads them. An
        // override lets a blocked unit leave: the supervising roles only, as for sign-off.
        .viewShipments: Set(CompanyRole.allCases),
        .recordShipments: [.officer, .coordinator, .contributor],
        .overrideShipmentRelease: [.officer, .coordinator],
        // Incidents may name people (an anonymous report about a colleague): read by the
        // supervising roles and the consultant guiding the investigation; anyone working for the
        // company may report one; the security coordinator (and the officer) runs the register.
        .viewIncidents: [.officer, .coordinator, .consultant],
        .reportIncidents: [.officer, .coordinator, .contributor],
        .manageIncidents: [.officer, .coordinator],
        // Training records are read by everyone in the company (people check what they are due);
        // kept by the supervising roles and the consultant who often delivers the sessions.
        .viewTraining: Set(CompanyRole.allCases),
        .manageTraining: [.officer, .coordinator, .consultant],
        // The gate's logs name visitors and drivers: read by the people who keep them and the
        // consultant, not by viewers; kept by the guard (a contributor) and the supervisors; the
        // badge and key inventory is the supervisors' (who may enter is their decision).
        .viewGateLogs: [.officer, .coordinator, .contributor, .consultant],
        .recordGateLogs: [.officer, .coordinator, .contributor],
        .manageBadges: [.officer, .coordinator],
        // The validation pack samples incidents, training and gate logs: no wider than the
        // narrowest of their readers (incidents: officer, coordinator, consultant). Retention and
        // legal hold are the supervisors' decision, as for inspections.
        .viewValidationPacks: [.officer, .coordinator, .consultant],
        .manageRecordRetention: [.officer, .coordinator],
        // Taking a file out of an incident or a training record is the supervisors' decision too.
        .removeRecordFiles: [.officer, .coordinator],
    ]

    /// Company-scoped actions a program reviewer may take on any company (read-only). The draft
    /// (`viewProfileDraft`) is not among them: a reviewer with no role in the company reads the
    /// submitted snapshots and the review thread only, and a draft answers as if it did not exist.
    /// Nor is `viewRiskAssessment`: the risk workspace is the company's working analysis; what
    /// reaches CBP is what the company submits (the profile, whose criteria 2.1-2.4 describe the
    /// assessment, with the report attached as evidence when the company chooses).
    static let reviewerCompanyActions: Set<Action> = [
        .viewCompany, .listMembers, .viewEligibility, .viewProfile, .viewReviewThread, .reviewProfile,
        .viewMembership, .changeMembership, .reviewMembership,
    ]

    /// Actions taken for the program on a company, never by one of its members (membership wins
    /// over a platform role, so nobody reviews their own company).
    static let programSideActions: Set<Action> = [.reviewProfile, .reviewMembership]

    /// Program-side actions an administrator who is not a reviewer takes too: the reviewer's
    /// workspace of an application (where administrators assign reviewers). Commenting on,
    /// accepting and closing requests on a profile stay a reviewer's.
    static let administratorProgramActions: Set<Action> = [.reviewMembership]

    /// Actions that only a company role takes, whatever the platform roles: the submission
    /// carries the declaration, which is the company officer's to make, so an administrator
    /// outside the company is refused at the guard.
    static let companyRoleOnlyActions: Set<Action> = [.submitProfile, .upgradeProfileCatalog]

    /// Platform-scoped actions open to reviewers as well as administrators.
    static let reviewerPlatformActions: Set<Action> = [.listAllCompanies, .viewReviewQueue, .viewProgramOverview]

    public static func decide(_ actor: Actor, _ action: Action, company: CompanyID? = nil) -> AccessDecision {
        switch action.scope {
        case .open:
            return .allowed
        case .account:
            return actor.isSignedIn ? .allowed : .unauthenticated
        case .platform:
            guard actor.isSignedIn else { return .unauthenticated }
            if actor.isAdministrator { return .allowed }
            if actor.isReviewer && reviewerPlatformActions.contains(action) { return .allowed }
            return .forbidden
        case .company:
            guard actor.isSignedIn else { return .unauthenticated }
            guard let company else { return .notFound }
            let role = actor.role(in: company)
            if programSideActions.contains(action) {
                if role != nil { return .forbidden }
                if actor.isReviewer && reviewerCompanyActions.contains(action) { return .allowed }
                if actor.isAdministrator { return administratorProgramActions.contains(action) ? .allowed : .forbidden }
                return .notFound
            }
            if actor.isAdministrator && !companyRoleOnlyActions.contains(action) { return .allowed }
            if actor.isReviewer && reviewerCompanyActions.contains(action) { return .allowed }
            guard let role else { return actor.isAdministrator ? .forbidden : .notFound }
            return companyRoles[action, default: []].contains(role) ? .allowed : .forbidden
        }
    }

    /// The company roles that may take a company-scoped action (platform roles aside). Rules
    /// elsewhere in Core that need "who may" ask here rather than naming a role again.
    public static func companyRoles(for action: Action) -> Set<CompanyRole> {
        companyRoles[action, default: []]
    }

    /// The side a person takes in the review thread of a company's profile: `company` for one of
    /// its members (membership wins over a reviewer role), `reviewer` for whoever may review it
    /// (`reviewProfile`), `nil` for anyone else.
    public static func reviewSide(of actor: Actor, company: CompanyID) -> ReviewSide? {
        if actor.role(in: company) != nil { return .company }
        return decide(actor, .reviewProfile, company: company) == .allowed ? .reviewer : nil
    }

    /// The one role a signed-in person takes lifecycle transitions in for a company: a member
    /// acts for the company (in their company role, even a reviewer who is also a member);
    /// otherwise a reviewer, then an administrator. `nil` for nobody, and for contributors and
    /// viewers, who take no transition. Which transition each role may take is the lifecycle's.
    public static func lifecycleActor(for actor: Actor, company: CompanyID) -> LifecycleActor? {
        guard let user = actor.userID else { return nil }
        if let role = actor.role(in: company) { return LifecycleActor(companyRole: role, userID: user) }
        if actor.isReviewer { return LifecycleActor(platformRole: .reviewer, userID: user) }
        if actor.isAdministrator { return LifecycleActor(platformRole: .administrator, userID: user) }
        return nil
    }

    /// Company roles ordered by reach: a person grants only roles up to their own.
    static func rank(_ role: CompanyRole) -> Int {
        switch role {
        case .officer: return 3
        case .coordinator, .consultant: return 2
        case .contributor: return 1
        case .viewer: return 0
        }
    }

    /// The company roles `actor` may hand out in `company` (by invitation or otherwise).
    /// Administrators and officers grant every role; a coordinator or consultant grants roles up
    /// to a coordinator's (never officer); anyone else grants none. Empty when the actor may not
    /// invite at all.
    public static func grantableRoles(by actor: Actor, in company: CompanyID) -> Set<CompanyRole> {
        guard decide(actor, .inviteMember, company: company) == .allowed else { return [] }
        if actor.isAdministrator { return Set(CompanyRole.allCases) }
        guard let own = actor.role(in: company) else { return [] }
        return Set(CompanyRole.allCases.filter { rank($0) <= rank(own) })
    }

    /// Whether `actor` may grant `role` in `company`.
    public static func mayGrant(_ role: CompanyRole, by actor: Actor, in company: CompanyID) -> Bool {
        grantableRoles(by: actor, in: company).contains(role)
    }
}
