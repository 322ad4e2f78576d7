import Foundation
@testable import TrustlaneCore

/// People, days and applications in every status, shared by the lifecycle tests.
enum LifecycleFixtures {
    static let officerID = UserID()
    static let coordinatorID = UserID()
    static let consultantID = UserID()
    static let reviewerID = UserID()
    static let otherReviewerID = UserID()
    static let administratorID = UserID()
    static let companyID = CompanyID()

    static let officer = LifecycleActor(role: .officer, userID: officerID)
    static let coordinator = LifecycleActor(role: .coordinator, userID: coordinatorID)
    static let consultant = LifecycleActor(role: .consultant, userID: consultantID)
    static let reviewer = LifecycleActor(role: .reviewer, userID: reviewerID)
    static let otherReviewer = LifecycleActor(role: .reviewer, userID: otherReviewerID)
    static let administrator = LifecycleActor(role: .administrator, userID: administratorID)

    /// One actor per lifecycle role.
    static let actors: [LifecycleActor] = [officer, coordinator, consultant, reviewer, administrator, .system]

    /// A UTC instant.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0, _ second: Int = 0) -> Date {
        Calendar.programUTC.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> ProgramDay { ProgramDay(year: year, month: month, day: day)! }

    /// "Now" of the exhaustive tests: inside the first annual review window of `certifiedAt`.
    static let now = at(2025, 6, 1)
    static let certifiedAt = at(2024, 7, 15)
    static let lastValidatedAt = at(2025, 3, 1)
    static let recentDecision = at(2025, 5, 25)

    /// Every guard satisfied.
    static func favourableContext(now: Date = now) -> LifecycleContext {
        LifecycleContext(now: now, hasSubmittedProfileSnapshot: true, partnerAgreementAccepted: true,
                         partnerAgreementVersion: "2024-01", openInformationRequests: 0, openRequiredActions: 0,
                         bestPracticesRecorded: 2)
    }

    static func validationPlan(purpose: ValidationPurpose = .initial, startsOn: ProgramDay = day(2025, 7, 1)) -> ValidationPlan {
        ValidationPlan(purpose: purpose, siteVisit: true,
                       sites: [ValidationSite(name: "Main warehouse", country: CountryCode("US")!, visitOn: startsOn),
                               ValidationSite(name: "Supplier plant", country: CountryCode("MX")!, visitOn: startsOn.adding(days: 2))],
                       startsOn: startsOn, endsOn: startsOn.adding(days: 3))
    }

    /// A plausible application in `status`, prepared so that a transition of `kind` that the
    /// rules allow from there meets all its conditions.
    static func application(in status: MembershipStatus, preparedFor kind: TransitionKind? = nil) -> MembershipApplication {
        var app = MembershipApplication(companyID: companyID, entityType: .importer, status: status)
        var dates = MembershipDates()
        if status != .eligibilityConfirmed {
            dates.appliedAt = at(2024, 4, 1)
            app.agreementAcceptedBy = officerID
            app.agreementVersion = "2024-01"
        }
        if ![.eligibilityConfirmed, .applied].contains(status) { dates.profileSubmittedAt = at(2024, 4, 10) }
        if ![.eligibilityConfirmed, .applied, .profileSubmitted].contains(status) {
            dates.reviewStartedAt = at(2024, 4, 12)
            app.assignedReviewerID = reviewerID
        }
        switch status {
        case .informationRequested:
            dates.informationRequestedAt = at(2024, 5, 1)
            app.decisionReasons = ["Evidence for 3.4"]
        case .resubmitted:
            dates.informationRequestedAt = at(2024, 5, 1)
            dates.resubmittedAt = at(2024, 5, 20)
        case .rejected:
            dates.rejectedAt = recentDecision
            app.decisionReasons = ["Criteria not met"]
            app.lastDecisionBy = otherReviewerID
        case .certified, .validationPlanned, .validationFailed:
            dates.certifiedAt = certifiedAt
            app.tier = .one
            if status == .validationPlanned { dates.validationPlannedAt = at(2025, 5, 1) }
            if status == .validationFailed {
                dates.validationFailedAt = recentDecision
                app.decisionReasons = ["Seal controls missing"]
                app.lastDecisionBy = otherReviewerID
            }
        case .validated, .suspended, .removed, .appealFiled:
            dates.certifiedAt = certifiedAt
            dates.lastValidatedAt = lastValidatedAt
            app.tier = .two
            if status == .suspended {
                dates.suspendedAt = recentDecision
                dates.suspensionResponseDueOn = day(2025, 8, 23)
                app.sanctionReason = .criteriaNotMet
                app.lastDecisionBy = otherReviewerID
            }
            if status == .removed {
                dates.removedAt = recentDecision
                app.sanctionReason = .criteriaNotMet
                app.lastDecisionBy = otherReviewerID
            }
            if status == .appealFiled {
                dates.suspendedAt = at(2025, 5, 1)
                dates.appealFiledAt = at(2025, 5, 20)
                app.sanctionReason = .criteriaNotMet
                app.previousStatus = .suspended
                app.lastDecisionBy = otherReviewerID
            }
        case .withdrawn:
            dates.withdrawnAt = recentDecision
        default:
            break
        }
        // CBP's background vetting is done before certification (and for the certify sample).
        if dates.certifiedAt != nil || kind == .certify { dates.vettingCompletedAt = at(2024, 5, 25) }
        app.dates = dates
        if kind == .approveAnnualReview || kind == .rejectAnnualReview, status.isMemberInGoodStanding {
            app.annualReview = AnnualReviewCycle(anniversary: day(2025, 7, 15), status: .submitted, submittedAt: at(2025, 5, 30))
        }
        if kind == .recordValidation, status == .validated { app.revalidationInProgress = true }
        return app
    }

    /// Samples of every transition, with valid details.
    static let transitions: [LifecycleTransition] = [
        .apply, .submitProfile, .assignReviewer(otherReviewerID), .startReview,
        .requestInformation(items: ["Seal log for 2024"]), .resubmit, .completeVetting, .certify, .reject(reasons: ["Criteria not met"]),
        .planValidation(validationPlan()), .recordValidation(.passed(.two)), .recordValidation(.passed(.three)),
        .recordValidation(.failed(reasons: ["Seal controls missing"])), .submitAnnualReview(noUnpaidDebt: true), .approveAnnualReview,
        .rejectAnnualReview(reasons: ["Risk assessment not updated"]), .startRevalidation(validationPlan(purpose: .revalidation)),
        .suspend(reason: .securityIncident, responseDeadline: nil), .reinstate(terms), .remove(reason: .criteriaNotMet), .withdraw,
        .fileAppeal, .decideAppeal(.upheld), .decideAppeal(.overturned),
    ]

    static let lifecycle = MembershipLifecycle()

    /// Applies a transition that must succeed, returning the new application.
    /// Complete reinstatement terms: a plan, its last day well after the fixtures' dates, consent.
    static let terms = ReinstatementTerms(correctiveActionPlan: "Replace the yard lock and audit seal stock weekly.",
                                          planCompletedBy: ProgramDay("2030-01-31")!, consentsToUnannouncedVisits: true)

    static func take(_ transition: LifecycleTransition, _ app: MembershipApplication, by actor: LifecycleActor,
                     context: LifecycleContext, lifecycle: MembershipLifecycle = lifecycle) throws -> TransitionOutcome {
        try lifecycle.attempt(transition, from: app, by: actor, context: context).get()
    }

    /// The refusal of a transition that must be refused.
    static func refusal(_ transition: LifecycleTransition, _ app: MembershipApplication, by actor: LifecycleActor,
                        context: LifecycleContext, lifecycle: MembershipLifecycle = lifecycle) -> TransitionRefusal? {
        if case .failure(let refusal) = lifecycle.attempt(transition, from: app, by: actor, context: context) { return refusal }
        return nil
    }
}

extension Result where Failure == TransitionRefusal {
    /// The refusal's reason, `nil` on success.
    var refusalReason: TransitionRefusal.Reason? {
        if case .failure(let refusal) = self { return refusal.reason }
        return nil
    }

    var refusalMessage: String? {
        if case .failure(let refusal) = self { return refusal.message }
        return nil
    }
}
