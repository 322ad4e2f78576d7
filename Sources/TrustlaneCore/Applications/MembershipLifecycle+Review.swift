import Foundation

/// The company's steps (apply, submit, resubmit, withdraw) and the review up to the
/// certification decision.
extension MembershipLifecycle {
    func companyStep(_ transition: LifecycleTransition, _ state: MembershipApplication, _ actor: LifecycleActor,
                     _ context: LifecycleContext) -> Result<Step, TransitionRefusal> {
        var next = state
        var details: [String: String] = [:]
        switch transition {
        case .apply:
            guard context.partnerAgreementAccepted else { return .failure(.agreementNotAccepted) }
            next.status = .applied
            next.dates.appliedAt = context.now
            next.agreementAcceptedBy = actor.userID
            next.agreementVersion = context.partnerAgreementVersion
            if let version = context.partnerAgreementVersion { details["agreement_version"] = version }
        case .submitProfile:
            guard context.hasSubmittedProfileSnapshot else { return .failure(.profileNotSubmitted(.submitProfile)) }
            next.status = .profileSubmitted
            next.dates.profileSubmittedAt = context.now
        case .resubmit:
            guard context.hasSubmittedProfileSnapshot else { return .failure(.profileNotSubmitted(.resubmit)) }
            guard context.openInformationRequests == 0 else {
                return .failure(.openInformationRequests(context.openInformationRequests))
            }
            next.status = .resubmitted
            next.dates.resubmittedAt = context.now
        case .withdraw:
            next.status = .withdrawn
            next.dates.withdrawnAt = context.now
            next.revalidationInProgress = false
        default:
            preconditionFailure("not a company step: \(transition.kind)")
        }
        return .success(Step(application: next, details: details))
    }

    func reviewStep(_ transition: LifecycleTransition, _ state: MembershipApplication, _ actor: LifecycleActor,
                    _ context: LifecycleContext) -> Result<Step, TransitionRefusal> {
        var next = state
        var details: [String: String] = [:]
        // Review decisions belong to the assigned reviewer; reassignment is the way to hand over.
        if transition.kind != .assignReviewer, let assigned = state.assignedReviewerID, assigned != actor.userID {
            return .failure(.notAssignedReviewer)
        }
        switch transition {
        case .assignReviewer(let reviewer):
            next.assignedReviewerID = reviewer
            details["reviewer_id"] = reviewer.description
        case .startReview:
            next.status = .underReview
            next.assignedReviewerID = actor.userID
            next.dates.reviewStartedAt = context.now
            details["reviewer_id"] = actor.userID?.description
        case .requestInformation(let items):
            let items = Self.cleaned(items)
            guard !items.isEmpty else { return .failure(.reasonsRequired(.requestInformation)) }
            next.status = .informationRequested
            next.dates.informationRequestedAt = context.now
            next.decisionReasons = items
            details["reasons"] = items.joined(separator: "\n")
        case .completeVetting:
            next.dates.vettingCompletedAt = context.now
        case .certify:
            guard context.hasSubmittedProfileSnapshot else { return .failure(.profileNotSubmitted(.certify)) }
            guard context.openInformationRequests == 0 else {
                return .failure(.openInformationRequests(context.openInformationRequests))
            }
            guard state.dates.vettingCompletedAt != nil else { return .failure(.vettingNotComplete) }
            next.status = .certified
            next.tier = .one
            next.dates.certifiedAt = context.now
            next.decisionReasons = []
            next.lastDecisionBy = actor.userID
        case .reject(let reasons):
            let reasons = Self.cleaned(reasons)
            guard !reasons.isEmpty else { return .failure(.reasonsRequired(.reject)) }
            next.status = .rejected
            next.dates.rejectedAt = context.now
            next.decisionReasons = reasons
            next.lastDecisionBy = actor.userID
            details["reasons"] = reasons.joined(separator: "\n")
        default:
            preconditionFailure("not a review step: \(transition.kind)")
        }
        return .success(Step(application: next, details: details))
    }

    /// Reasons trimmed, empty ones dropped.
    static func cleaned(_ reasons: [String]) -> [String] {
        reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
