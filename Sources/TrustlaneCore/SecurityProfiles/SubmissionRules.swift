import Foundation

/// Whether a security profile may be submitted: by a role `AccessPolicy` lets take
/// `submitProfile` (the company's officer), after confirming the declaration, with every
/// applicable Must answered. Pure: the caller passes the actor's role in the company, the
/// declaration checkbox and the current statuses.
public enum SubmissionRules {
    /// Every reason the submission is blocked, in the order a person fixes them; empty when
    /// it may go ahead.
    public static func blockers(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                                statuses: [CriterionID: AnswerStatus]) -> [SubmissionBlocker] {
        var blockers: [SubmissionBlocker] = []
        if !(role.map(AccessPolicy.companyRoles(for: .submitProfile).contains) ?? false) { blockers.append(.notOfficer) }
        if !declarationConfirmed { blockers.append(.declarationNotConfirmed) }
        if scope.criteria.isEmpty { blockers.append(.emptyProfile) }
        var unanswered: [CriterionID] = []
        var notApplicable: [CriterionID] = []
        for item in scope.criteria where item.isMust {
            switch statuses[item.id] ?? .unanswered {
            case .unanswered: unanswered.append(item.id)
            case .notApplicable: notApplicable.append(item.id)
            default: break
            }
        }
        if !unanswered.isEmpty { blockers.append(.unansweredMusts(unanswered)) }
        if !notApplicable.isEmpty { blockers.append(.mustsMarkedNotApplicable(notApplicable)) }
        return blockers
    }

    /// The same check from stored answers.
    public static func blockers(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                                answers: [CriterionID: CriterionAnswer]) -> [SubmissionBlocker] {
        blockers(role: role, declarationConfirmed: declarationConfirmed, scope: scope,
                 statuses: answers.mapValues(\.status))
    }

    /// Throws every blocker as field errors, for callers that throw.
    public static func require(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                               statuses: [CriterionID: AnswerStatus]) throws(ValidationFailure) {
        let found = blockers(role: role, declarationConfirmed: declarationConfirmed, scope: scope, statuses: statuses)
        if !found.isEmpty { throw ValidationFailure(found.map(\.fieldError)) }
    }
}
