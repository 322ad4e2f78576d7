import Foundation

/// Suspension, reinstatement, removal and appeals.
extension MembershipLifecycle {
    func sanctionStep(_ transition: LifecycleTransition, _ state: MembershipApplication, _ actor: LifecycleActor,
                      _ context: LifecycleContext) -> Result<Step, TransitionRefusal> {
        var next = state
        var details: [String: String] = [:]
        let today = ProgramDay(context.now, calendar: calendar)
        switch transition {
        case .suspend(let reason, let deadline):
            let due = deadline ?? today.adding(days: settings.suspensionResponseDays)
            guard due > today else { return .failure(.invalidDeadline(due)) }
            next.status = .suspended
            next.sanctionReason = reason
            next.dates.suspendedAt = context.now
            next.dates.suspensionResponseDueOn = due
            next.lastDecisionBy = actor.userID
            // A suspension voids the validation planned or under way; it is planned anew after reinstatement.
            next.revalidationInProgress = false
            next.currentValidationID = nil
            details["sanction_reason"] = reason.rawValue
            details["response_due_on"] = due.description
        case .reinstate(let terms):
            let missing = terms?.missing(today: today) ?? ["corrective_action_plan", "plan_completed_by", "unannounced_visits"]
            guard missing.isEmpty, let terms else { return .failure(.reinstatementTermsMissing(missing)) }
            next.reinstatementTerms = terms
            details["plan_completed_by"] = terms.planCompletedBy?.description ?? ""
            next.status = state.standingStatus
            next.tier = state.tier ?? .one
            next.sanctionReason = nil
            next.dates.reinstatedAt = context.now
        case .remove(let reason, let mayReapplyOn):
            let reapply = mayReapplyOn ?? today.adding(years: settings.reapplyAfterRemovalYears)
            guard reapply > today else { return .failure(.invalidDeadline(reapply)) }
            next.reapplyAllowedOn = reapply
            details["may_reapply_on"] = reapply.description
            next.status = .removed
            next.sanctionReason = reason
            next.dates.removedAt = context.now
            next.lastDecisionBy = actor.userID
            next.revalidationInProgress = false
            next.currentValidationID = nil
            details["sanction_reason"] = reason.rawValue
        case .fileAppeal:
            guard let decidedAt = state.dates.decisionDate(for: state.status) else {
                return .failure(.missingHistory("the date of the decision appealed"))
            }
            if let decided = state.dates.appealDecidedAt, decided >= decidedAt { return .failure(.appealAlreadyDecided) }
            let lastDay = Self.appealLastDay(decidedOn: ProgramDay(decidedAt, calendar: calendar),
                                             status: state.status, reason: state.sanctionReason, settings: settings)
            guard today <= lastDay else { return .failure(.appealWindowClosed(lastDay: lastDay)) }
            next.status = .appealFiled
            next.dates.appealFiledAt = context.now
            next.appealDecision = nil
            details["appealed_status"] = state.status.rawValue
        case .decideAppeal(let decision):
            guard let appealed = state.previousStatus, appealed.isAppealable else {
                return .failure(.missingHistory("the status appealed"))
            }
            if settings.appealNeedsAnotherReviewer, state.lastDecisionBy != nil, state.lastDecisionBy == actor.userID {
                return .failure(.sameReviewerDecidesAppeal)
            }
            next.status = decision == .upheld ? appealed : Self.statusAfterOverturning(appealed, state)
            if decision == .overturned {
                switch appealed {
                case .rejected:
                    next.tier = nil
                    next.decisionReasons = []
                case .suspended, .removed:
                    next.sanctionReason = nil
                    next.dates.reinstatedAt = context.now
                default:
                    break
                }
            }
            next.appealDecision = decision
            next.dates.appealDecidedAt = context.now
            details["decision"] = decision.rawValue
            details["appealed_status"] = appealed.rawValue
        default:
            preconditionFailure("not a sanction step: \(transition.kind)")
        }
        return .success(Step(application: next, details: details))
    }

    /// Where an overturned decision leads: the step before it, so the reviewer decides again
    /// (a rejection returns to review, a failed validation to its plan), or back to the
    /// member's standing for a suspension or removal.
    static func statusAfterOverturning(_ appealed: MembershipStatus, _ state: MembershipApplication) -> MembershipStatus {
        switch appealed {
        case .rejected: .underReview
        case .validationFailed: .validationPlanned
        default: state.standingStatus
        }
    }

    /// The last day an appeal of a decision taken on `decidedOn` may be filed: 30 days for a
    /// suspension or removal for false information, 90 otherwise (settings).
    public static func appealLastDay(decidedOn: ProgramDay, status: MembershipStatus, reason: SanctionReason?,
                                     settings: ProgramSettings) -> ProgramDay {
        let falseInformation = (status == .suspended || status == .removed) && reason == .falseInformation
        return decidedOn.adding(days: falseInformation ? settings.falseInformationAppealDays : settings.appealDays)
    }
}
