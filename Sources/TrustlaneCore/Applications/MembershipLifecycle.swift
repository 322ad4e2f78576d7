import Foundation

/// The membership lifecycle as a pure state machine: who may take which transition from which
/// status, what must be true, and what it records. No clock of its own, no storage.
///
/// `attempt` checks, in this order: the actor's role, whether the transition was already done
/// (a repeat lands where the application already is), the current status, then the
/// transition's own conditions. The first failing check is the refusal.
public struct MembershipLifecycle: Sendable {
    public let settings: ProgramSettings
    /// The calendar days are counted in (UTC).
    public let calendar: Calendar

    public init(settings: ProgramSettings = .standard, calendar: Calendar = .programUTC) {
        self.settings = settings
        self.calendar = calendar
    }

    /// The roles that may take a transition of this kind.
    public static func roles(for kind: TransitionKind) -> Set<LifecycleActor.Role> {
        switch kind {
        case .submitProfile, .resubmit:
            // Submitting the profile (again): whoever the access policy lets submit it.
            Set(AccessPolicy.companyRoles(for: .submitProfile).compactMap(LifecycleActor.Role.init(companyRole:)))
        case .apply, .submitAnnualReview, .withdraw, .fileAppeal:
            [.officer]
        case .assignReviewer:
            [.reviewer, .administrator, .system]
        case .startReview, .requestInformation, .completeVetting, .certify, .reject, .planValidation, .recordValidation,
             .approveAnnualReview, .rejectAnnualReview, .startRevalidation, .suspend, .reinstate, .remove, .decideAppeal:
            [.reviewer]
        }
    }

    /// The statuses a transition of this kind may start from.
    public static func sources(for kind: TransitionKind) -> Set<MembershipStatus> {
        let members: Set<MembershipStatus> = [.certified, .validationPlanned, .validated, .validationFailed]
        switch kind {
        case .apply: return [.eligibilityConfirmed]
        case .submitProfile: return [.applied]
        case .assignReviewer:
            return Set(MembershipStatus.allCases).subtracting([.eligibilityConfirmed, .rejected, .removed, .withdrawn])
        case .startReview: return [.profileSubmitted]
        case .requestInformation, .certify: return [.underReview, .resubmitted]
        case .completeVetting: return [.underReview, .informationRequested, .resubmitted]
        case .resubmit: return [.informationRequested]
        case .reject: return [.underReview, .informationRequested, .resubmitted]
        case .planValidation: return [.certified, .validationFailed]
        case .recordValidation: return [.validationPlanned, .validated]
        case .submitAnnualReview, .approveAnnualReview, .rejectAnnualReview, .suspend: return members
        case .startRevalidation: return [.validated]
        case .reinstate: return [.suspended]
        case .remove: return members.union([.suspended])
        case .withdraw: return members.union(MembershipStatus.allCases.filter(\.isApplicant))
        case .fileAppeal: return Set(MembershipStatus.allCases.filter(\.isAppealable))
        case .decideAppeal: return [.appealFiled]
        }
    }

    /// Tries a transition. On success the outcome holds the new application, the event and the
    /// notifications; on refusal nothing must be saved.
    public func attempt(_ transition: LifecycleTransition, from state: MembershipApplication,
                        by actor: LifecycleActor, context: LifecycleContext) -> Result<TransitionOutcome, TransitionRefusal> {
        let kind = transition.kind
        let roles = Self.roles(for: kind)
        guard roles.contains(actor.role), actor.role == .system || actor.userID != nil else {
            return .failure(.roleNotPermitted(kind, allowed: roles))
        }
        if isAlreadyDone(transition, state, context: context) {
            return .failure(.alreadyDone(kind, state))
        }
        let sources = Self.sources(for: kind)
        guard sources.contains(state.status) else {
            return .failure(.wrongState(kind, state.status, possibleFrom: sources))
        }
        let step: Result<Step, TransitionRefusal>
        switch transition {
        case .apply, .submitProfile, .resubmit, .withdraw:
            step = companyStep(transition, state, actor, context)
        case .assignReviewer, .startReview, .requestInformation, .completeVetting, .certify, .reject:
            step = reviewStep(transition, state, actor, context)
        case .planValidation, .recordValidation, .startRevalidation:
            step = validationStep(transition, state, actor, context)
        case .submitAnnualReview, .approveAnnualReview, .rejectAnnualReview:
            step = annualReviewStep(transition, state, actor, context)
        case .suspend, .reinstate, .remove, .fileAppeal, .decideAppeal:
            step = sanctionStep(transition, state, actor, context)
        }
        return step.map { step in
            var after = step.application
            if after.status != state.status { after.previousStatus = state.status }
            let event = LifecycleEvent(kind: kind, applicationID: state.id, companyID: state.companyID,
                                       occurredAt: context.now, actorRole: actor.role, actorUserID: actor.userID,
                                       fromStatus: state.status, toStatus: after.status, tier: after.tier,
                                       details: step.details)
            return TransitionOutcome(transition: transition, before: state, application: after, event: event,
                                     notifications: NotificationPlan.forTransition(event, before: state, after: after))
        }
    }

    /// The kinds of transition this actor could take now as far as role and status go (the
    /// buttons to show); a shown transition may still be refused by its own conditions.
    public func availableKinds(for state: MembershipApplication, by actor: LifecycleActor) -> [TransitionKind] {
        TransitionKind.allCases.filter { Self.roles(for: $0).contains(actor.role) && Self.sources(for: $0).contains(state.status) }
    }

    /// A repeat of something already done: the transition would land where the application is.
    func isAlreadyDone(_ transition: LifecycleTransition, _ state: MembershipApplication, context: LifecycleContext) -> Bool {
        switch transition {
        case .apply: return state.status == .applied
        case .submitProfile: return state.status == .profileSubmitted
        case .assignReviewer(let reviewer): return state.assignedReviewerID == reviewer
        case .startReview: return state.status == .underReview
        case .requestInformation: return state.status == .informationRequested
        case .resubmit: return state.status == .resubmitted
        case .completeVetting: return state.dates.vettingCompletedAt != nil
        case .certify: return state.status == .certified
        case .reject: return state.status == .rejected
        case .planValidation: return state.status == .validationPlanned
        case .recordValidation(.passed(let tier)):
            return state.status == .validated && state.tier == tier && !state.revalidationInProgress
        case .recordValidation(.failed): return state.status == .validationFailed
        case .submitAnnualReview:
            guard state.status.isMemberInGoodStanding, let cycle = state.annualReview,
                  let window = currentAnnualWindow(state, now: context.now) else { return false }
            return cycle.anniversary == window.anniversary && cycle.status == .submitted
        case .approveAnnualReview: return state.status.isMemberInGoodStanding && state.annualReview?.status == .approved
        case .rejectAnnualReview: return state.status.isMemberInGoodStanding && state.annualReview?.status == .returned
        case .startRevalidation: return state.status == .validated && state.revalidationInProgress
        case .suspend: return state.status == .suspended
        case .reinstate: return state.status == state.standingStatus
        case .remove: return state.status == .removed
        case .withdraw: return state.status == .withdrawn
        case .fileAppeal: return state.status == .appealFiled
        case .decideAppeal(let decision):
            guard state.status != .appealFiled, state.appealDecision == decision,
                  let decided = state.dates.appealDecidedAt, let filed = state.dates.appealFiledAt else { return false }
            return decided >= filed
        }
    }

    /// The annual review window that `now` belongs to for this member; `nil` before certification.
    func currentAnnualWindow(_ state: MembershipApplication, now: Date) -> AnnualReviewWindow? {
        guard let certifiedAt = state.dates.certifiedAt else { return nil }
        return AnnualReviewWindow.current(certifiedOn: ProgramDay(certifiedAt, calendar: calendar),
                                          today: ProgramDay(now, calendar: calendar), settings: settings)
    }

    /// The new application and event details a permitted transition produces.
    struct Step {
        var application: MembershipApplication
        var details: [String: String] = [:]
    }
}
