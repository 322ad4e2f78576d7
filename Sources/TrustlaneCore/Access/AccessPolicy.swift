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
        .editProfile: [.officer, .coordinator, .contributor, .consultant],
        .submitProfile: [.officer],
        .manageEvidence: [.officer, .coordinator, .contributor, .consultant],
        .manageCorrectiveActions: [.officer, .coordinator, .contributor, .consultant],
        .viewReviewThread: Set(CompanyRole.allCases),
        .reviewProfile: [],
        .respondToReview: [.officer, .coordinator, .consultant],
        .viewMembership: Set(CompanyRole.allCases),
        // The lifecycle's own rules decide which transition each role may take.
        .changeMembership: [.officer, .coordinator, .consultant],
        .viewRiskAssessment: Set(CompanyRole.allCases),
        .editRiskAssessment: [.officer, .coordinator, .contributor, .consultant],
        .manageStatusVerification: [.officer, .coordinator],
    ]

    /// Company-scoped actions a program reviewer may take on any company (read-only).
    static let reviewerCompanyActions: Set<Action> = [
        .viewCompany, .listMembers, .viewEligibility, .viewProfile, .viewReviewThread, .reviewProfile,
        .viewMembership, .changeMembership, .viewRiskAssessment,
    ]

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
            if actor.isAdministrator { return .allowed }
            if actor.isReviewer && reviewerCompanyActions.contains(action) { return .allowed }
            guard let role = actor.role(in: company) else { return .notFound }
            return companyRoles[action, default: []].contains(role) ? .allowed : .forbidden
        }
    }
}
