import Foundation

/// Whether a security profile may be submitted: by a role `AccessPolicy` lets take
/// `submitProfile` (the company's officer), after confirming the declaration, with every
/// applicable Must answered. A Must answered "not applicable to our business model" counts as
/// answered (CBP's MSC for U.S. customs brokers, March 2020: brokers let CTPAT know when a
/// criterion does not apply), unless a reviewer rejected that very answer. Pure: the caller
/// passes the actor's role in the company, the declaration checkbox, the current statuses and
/// the state of the not-applicable claims (`NotApplicableClaims.states`).
public enum SubmissionRules {
    /// Every reason the submission is blocked, in the order a person fixes them; empty when
    /// it may go ahead.
    public static func blockers(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                                statuses: [CriterionID: AnswerStatus],
                                claims: [CriterionID: NotApplicableClaimState] = [:]) -> [SubmissionBlocker] {
        var blockers: [SubmissionBlocker] = []
        if !(role.map(AccessPolicy.companyRoles(for: .submitProfile).contains) ?? false) { blockers.append(.notOfficer) }
        if !declarationConfirmed { blockers.append(.declarationNotConfirmed) }
        if scope.criteria.isEmpty { blockers.append(.emptyProfile) }
        var unanswered: [CriterionID] = []
        var rejected: [CriterionID] = []
        for item in scope.criteria where item.isMust {
            switch statuses[item.id] ?? .unanswered {
            case .unanswered: unanswered.append(item.id)
            case .notApplicable where claims[item.id] == .rejected: rejected.append(item.id)
            default: break
            }
        }
        if !unanswered.isEmpty { blockers.append(.unansweredMusts(unanswered)) }
        if !rejected.isEmpty { blockers.append(.rejectedNotApplicableClaims(rejected)) }
        return blockers
    }

    /// The same check from stored answers.
    public static func blockers(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                                answers: [CriterionID: CriterionAnswer],
                                decisions: [CriterionID: NotApplicableDecision] = [:]) -> [SubmissionBlocker] {
        blockers(role: role, declarationConfirmed: declarationConfirmed, scope: scope,
                 statuses: answers.mapValues(\.status),
                 claims: NotApplicableClaims.states(scope: scope, answers: answers, decisions: decisions))
    }

    /// Throws every blocker as field errors, for callers that throw.
    public static func require(role: CompanyRole?, declarationConfirmed: Bool, scope: ProfileScope,
                               statuses: [CriterionID: AnswerStatus],
                               claims: [CriterionID: NotApplicableClaimState] = [:]) throws(ValidationFailure) {
        let found = blockers(role: role, declarationConfirmed: declarationConfirmed, scope: scope, statuses: statuses, claims: claims)
        if !found.isEmpty { throw ValidationFailure(found.map(\.fieldError)) }
    }
}
