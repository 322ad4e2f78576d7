import Foundation

/// Validation, revalidation and the annual profile review.
extension MembershipLifecycle {
    func validationStep(_ transition: LifecycleTransition, _ state: MembershipApplication, _ actor: LifecycleActor,
                        _ context: LifecycleContext) -> Result<Step, TransitionRefusal> {
        var next = state
        var details: [String: String] = [:]
        switch transition {
        case .planValidation(let plan), .startRevalidation(let plan):
            let isRevalidation = transition.kind == .startRevalidation
            guard let certifiedAt = state.dates.certifiedAt else { return .failure(.missingHistory("a certification date")) }
            let after = isRevalidation ? (state.dates.lastValidatedAt ?? certifiedAt) : certifiedAt
            let errors = plan.problems(after: ProgramDay(after, calendar: calendar),
                                       expectedPurpose: isRevalidation ? .revalidation : .initial)
            guard errors.isEmpty else { return .failure(.invalidPlan(errors)) }
            if isRevalidation { next.revalidationInProgress = true } else { next.status = .validationPlanned }
            next.currentValidationID = plan.id
            next.dates.validationPlannedAt = context.now
            details["validation_id"] = plan.id.description
            details["site_visit"] = plan.siteVisit ? "true" : "false"
        case .recordValidation(let result):
            if state.status == .validated && !state.revalidationInProgress { return .failure(.revalidationNotStarted) }
            switch ValidationOutcome.decide(result, openRequiredActions: context.openRequiredActions,
                                            bestPractices: context.bestPracticesRecorded, entityType: state.entityType, settings: settings) {
            case .failure(let refusal):
                return .failure(refusal)
            case .success(.validated(let tier)):
                next.status = .validated
                next.tier = tier
                next.dates.lastValidatedAt = context.now
                next.decisionReasons = []
                details["tier"] = tier.rawValue
            case .success(.failed(let reasons)):
                // A failed validation (or revalidation) leaves only the Tier I benefits.
                next.status = .validationFailed
                next.tier = .one
                next.dates.validationFailedAt = context.now
                next.decisionReasons = reasons
                next.lastDecisionBy = actor.userID
                details["reasons"] = reasons.joined(separator: "\n")
            }
            next.revalidationInProgress = false
            if let id = state.currentValidationID { details["validation_id"] = id.description }
        default:
            preconditionFailure("not a validation step: \(transition.kind)")
        }
        return .success(Step(application: next, details: details))
    }

    func annualReviewStep(_ transition: LifecycleTransition, _ state: MembershipApplication, _ actor: LifecycleActor,
                          _ context: LifecycleContext) -> Result<Step, TransitionRefusal> {
        var next = state
        var details: [String: String] = [:]
        switch transition {
        case .submitAnnualReview:
            guard let window = currentAnnualWindow(state, now: context.now) else {
                return .failure(.missingHistory("a certification date"))
            }
            guard window.contains(ProgramDay(context.now, calendar: calendar)) else {
                return .failure(.outsideAnnualWindow(window))
            }
            if let cycle = state.annualReview, cycle.anniversary == window.anniversary, cycle.status == .approved {
                return .failure(.annualReviewAlreadyApproved)
            }
            guard context.hasSubmittedProfileSnapshot else { return .failure(.profileNotSubmitted(.submitAnnualReview)) }
            if case .submitAnnualReview(let noUnpaidDebt) = transition, noUnpaidDebt != true {
                return .failure(.unpaidDebtToCBP(declared: noUnpaidDebt != nil))
            }
            details["no_unpaid_debt"] = "true"
            next.annualReview = AnnualReviewCycle(anniversary: window.anniversary, status: .submitted, submittedAt: context.now)
            details["anniversary"] = window.anniversary.description
        case .approveAnnualReview, .rejectAnnualReview:
            guard var cycle = state.annualReview, cycle.status == .submitted else {
                return .failure(.annualReviewNotSubmitted)
            }
            if case .rejectAnnualReview(let reasons) = transition {
                let reasons = Self.cleaned(reasons)
                guard !reasons.isEmpty else { return .failure(.reasonsRequired(.rejectAnnualReview)) }
                cycle.status = .returned
                cycle.returnReasons = reasons
                details["reasons"] = reasons.joined(separator: "\n")
            } else {
                cycle.status = .approved
                cycle.returnReasons = []
            }
            cycle.decidedAt = context.now
            next.annualReview = cycle
            details["anniversary"] = cycle.anniversary.description
        default:
            preconditionFailure("not an annual review step: \(transition.kind)")
        }
        return .success(Step(application: next, details: details))
    }
}
