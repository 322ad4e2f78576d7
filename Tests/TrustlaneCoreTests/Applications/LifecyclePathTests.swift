import Foundation
import Testing
@testable import TrustlaneCore

/// Whole legal paths, step by step, checking what each step records.
@Suite("Lifecycle: legal paths")
struct LifecyclePathTests {
    typealias F = LifecycleFixtures

    @Test func applicationToValidatedTierII() throws {
        // setup
        var app = try MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible,
                                                  earlier: [], now: F.at(2025, 1, 2)).get()
        var context = F.favourableContext(now: F.at(2025, 1, 2))
        #expect(app.status == .eligibilityConfirmed)

        // apply: the officer accepts the partner agreement, recorded who and when
        var outcome = try F.take(.apply, app, by: F.officer, context: context)
        app = outcome.application
        #expect(app.status == .applied)
        #expect(app.agreementAcceptedBy == F.officerID)
        #expect(app.agreementVersion == "2024-01")
        #expect(app.dates.appliedAt == F.at(2025, 1, 2))
        #expect(outcome.before.dates.appliedAt == nil)
        #expect(outcome.notifications[0].audiences == [.companyOfficers, .allReviewers])

        context.now = F.at(2025, 1, 10)
        app = try F.take(.submitProfile, app, by: F.officer, context: context).application
        #expect(app.status == .profileSubmitted && app.dates.profileSubmittedAt == context.now)

        context.now = F.at(2025, 1, 12)
        app = try F.take(.startReview, app, by: F.reviewer, context: context).application
        #expect(app.status == .underReview && app.assignedReviewerID == F.reviewerID)

        context.now = F.at(2025, 1, 20)
        outcome = try F.take(.requestInformation(items: ["  Seal log  ", ""]), app, by: F.reviewer, context: context)
        app = outcome.application
        #expect(app.status == .informationRequested && app.decisionReasons == ["Seal log"])
        #expect(outcome.notifications[0].messageKey == "notification.request_information")
        #expect(outcome.notifications[0].englishText == "The reviewer asks for more information: Seal log")

        context.now = F.at(2025, 2, 1)
        app = try F.take(.resubmit, app, by: F.officer, context: context).application
        #expect(app.status == .resubmitted && app.dates.resubmittedAt == context.now)

        context.now = F.at(2025, 2, 15)
        // Issue 11: certification waits for CBP's background vetting.
        #expect(F.refusal(.certify, app, by: F.reviewer, context: context)?.reason == .vettingNotComplete)
        app = try F.take(.completeVetting, app, by: F.reviewer, context: context).application
        #expect(app.status == .resubmitted && app.dates.vettingCompletedAt == context.now)
        #expect(F.refusal(.completeVetting, app, by: F.reviewer, context: context)?.reason == .alreadyDone)
        #expect(F.refusal(.completeVetting, app, by: F.officer, context: context)?.reason == .roleNotPermitted)
        outcome = try F.take(.certify, app, by: F.reviewer, context: context)
        app = outcome.application
        #expect(app.status == .certified && app.tier == .one && app.dates.certifiedAt == context.now)
        #expect(outcome.notifications[0].audiences.contains(.monitoringPartners))

        // plan validation, record a required action, the company answers, the reviewer closes it
        context.now = F.at(2025, 3, 1)
        let plan = F.validationPlan(startsOn: F.day(2025, 4, 1))
        app = try F.take(.planValidation(plan), app, by: F.reviewer, context: context).application
        #expect(app.status == .validationPlanned && app.currentValidationID == plan.id)

        var finding = try ValidationFinding.record(validationID: plan.id, criterion: "3.4", kind: .requiredAction,
                                                   text: "Screen business partners yearly", responseDueOn: F.day(2025, 5, 1),
                                                   at: F.at(2025, 4, 3)).get()
        context.now = F.at(2025, 4, 4)
        #expect(F.refusal(.recordValidation(.passed(.two)), app, by: F.reviewer,
                          context: context.counting(findings: [finding]))?.reason == .openRequiredActions)
        finding = try finding.respond("Screening procedure attached", by: F.coordinator, at: F.at(2025, 4, 20)).get()
        finding = try finding.close(by: F.reviewer, at: F.at(2025, 4, 22)).get()

        context.now = F.at(2025, 4, 23)
        outcome = try F.take(.recordValidation(.passed(.two)), app, by: F.reviewer, context: context.counting(findings: [finding]))
        app = outcome.application
        #expect(app.status == .validated && app.tier == .two && app.dates.lastValidatedAt == context.now)
        #expect(outcome.notifications[0].messageKey == "notification.validated")
        #expect(outcome.event.details["tier"] == "tier_2")
    }

    @Test func annualReviewAndRevalidationKeepTheMemberValidated() throws {
        var app = F.application(in: .validated)
        var context = F.favourableContext(now: F.at(2025, 6, 1)) // inside the window closing 2025-07-15

        app = try F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context).application
        #expect(app.status == .validated)
        #expect(app.annualReview == AnnualReviewCycle(anniversary: F.day(2025, 7, 15), status: .submitted, submittedAt: context.now))
        context.now = F.at(2025, 6, 10)
        app = try F.take(.approveAnnualReview, app, by: F.reviewer, context: context).application
        #expect(app.annualReview?.status == .approved && app.annualReview?.decidedAt == context.now)

        context.now = F.at(2028, 1, 10)
        let plan = F.validationPlan(purpose: .revalidation, startsOn: F.day(2028, 2, 1))
        app = try F.take(.startRevalidation(plan), app, by: F.reviewer, context: context).application
        #expect(app.status == .validated && app.revalidationInProgress && app.tier == .two)

        context.now = F.at(2028, 2, 20)
        let outcome = try F.take(.recordValidation(.passed(.three)), app, by: F.reviewer, context: context)
        #expect(outcome.application.tier == .three && !outcome.application.revalidationInProgress)
        #expect(outcome.application.dates.lastValidatedAt == context.now)
        #expect(outcome.from == .validated && outcome.to == .validated)
    }

    @Test func returnedAnnualReviewCanBeSubmittedAgainInsideTheWindow() throws {
        var app = F.application(in: .certified)
        var context = F.favourableContext(now: F.at(2025, 5, 1))
        app = try F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context).application
        app = try F.take(.rejectAnnualReview(reasons: ["Update the risk assessment"]), app, by: F.reviewer, context: context).application
        #expect(app.annualReview?.status == .returned && app.annualReview?.returnReasons == ["Update the risk assessment"])
        context.now = F.at(2025, 7, 15, 23, 59, 59) // last second of the window's last day
        app = try F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context).application
        #expect(app.annualReview?.status == .submitted)
        // the next year's cycle starts fresh once its window opens
        app = try F.take(.approveAnnualReview, app, by: F.reviewer, context: context).application
        context.now = F.at(2026, 4, 16)
        app = try F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context).application
        #expect(app.annualReview?.anniversary == F.day(2026, 7, 15))
    }

    @Test func suspensionThenReinstatementRestoresTheTier() throws {
        var app = F.application(in: .validated)
        let context = F.favourableContext()
        var outcome = try F.take(.suspend(reason: .securityIncident, responseDeadline: nil), app, by: F.reviewer, context: context)
        app = outcome.application
        #expect(app.status == .suspended && app.tier == .two && app.sanctionReason == .securityIncident)
        #expect(app.dates.suspensionResponseDueOn == F.day(2025, 8, 30)) // 90 days after 2025-06-01
        #expect(outcome.notifications[0].audiences.contains(.monitoringPartners))
        #expect(outcome.notifications[0].englishText == "Membership suspended (IMP); respond by 2025-08-30.")

        outcome = try F.take(.reinstate(F.terms), app, by: F.reviewer, context: context)
        #expect(outcome.to == .validated && outcome.application.tier == .two)
        #expect(outcome.application.sanctionReason == nil && outcome.application.dates.reinstatedAt == context.now)
        // a double click lands where it already is
        #expect(F.refusal(.reinstate(F.terms), outcome.application, by: F.reviewer, context: context)?.reason == .alreadyDone)
    }

    @Test func suspensionAfterFailedValidationReinstatesToTierI() throws {
        var app = F.application(in: .validationFailed)
        let context = F.favourableContext()
        app = try F.take(.suspend(reason: .failedValidation, responseDeadline: F.day(2025, 7, 1)), app, by: F.reviewer,
                         context: context).application
        #expect(app.dates.suspensionResponseDueOn == F.day(2025, 7, 1))
        let outcome = try F.take(.reinstate(F.terms), app, by: F.reviewer, context: context)
        #expect(outcome.to == .certified && outcome.application.tier == .one)
    }

    @Test func suspensionThenRemovalStartsTheReapplicationWait() throws {
        var app = F.application(in: .certified)
        let context = F.favourableContext()
        app = try F.take(.suspend(reason: .unresponsive, responseDeadline: nil), app, by: F.reviewer, context: context).application
        app = try F.take(.remove(reason: .unresponsive), app, by: F.reviewer, context: context).application
        #expect(app.status == .removed && app.dates.removedAt == context.now && app.previousStatus == .suspended)

        let early = MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible,
                                                earlier: [app], now: F.at(2026, 5, 31))
        #expect(early.refusalReason == .reapplicationTooSoon)
        let onTime = MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible,
                                                 earlier: [app], now: F.at(2026, 6, 1, 0, 0, 0))
        #expect(onTime.refusalReason == nil)
    }

    @Test func officerWithdrawsAtAnyStepBeforeADecisionAndAfter() throws {
        for status in [MembershipStatus.applied, .underReview, .certified, .validated] {
            let outcome = try F.take(.withdraw, F.application(in: status), by: F.officer, context: F.favourableContext())
            #expect(outcome.to == .withdrawn && outcome.application.dates.withdrawnAt == F.now)
        }
        #expect(F.refusal(.withdraw, F.application(in: .certified), by: F.coordinator, context: F.favourableContext())?.reason
                == .roleNotPermitted)
        // re-entry means applying anew, which is allowed at once
        let withdrawn = try F.take(.withdraw, F.application(in: .certified), by: F.officer, context: F.favourableContext()).application
        #expect(MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible,
                                            earlier: [withdrawn], now: F.now).refusalReason == nil)
    }

    @Test func oneOpenApplicationPerCompanyAndEntityType() {
        let open = F.application(in: .underReview)
        let sameType = MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible,
                                                   earlier: [open], now: F.now)
        let otherType = MembershipApplication.start(companyID: F.companyID, entityType: .exporter, eligibility: .eligible,
                                                    earlier: [open], now: F.now)
        let ineligible = MembershipApplication.start(companyID: F.companyID, entityType: .exporter,
                                                     eligibility: .notEligible(reasons: ["Owes debt."]), earlier: [], now: F.now)
        #expect(sameType.refusalReason == .applicationAlreadyOpen)
        #expect(otherType.refusalReason == nil)
        #expect(ineligible.refusalReason == .notEligible)
        if case .failure(let refusal) = ineligible {
            #expect(refusal.message == "The eligibility check must pass before applying: Owes debt.")
        }
    }

    @Test func auditChangesListTheFieldsThatMoved() throws {
        let outcome = try F.take(.certify, F.application(in: .underReview, preparedFor: .certify), by: F.reviewer, context: F.favourableContext())
        let fields = Set(outcome.changes.map(\.field))
        #expect(fields == ["status", "tier", "certified_at", "previous_status"])
        #expect(outcome.event.auditAction == "lifecycle.certify")
    }
}
