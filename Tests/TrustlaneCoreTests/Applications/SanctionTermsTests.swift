import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 11: reinstatement on CBP's terms, and a reapplication date the reviewer sets.
@Suite("Sanctions on CBP's terms")
struct SanctionTermsTests {
    typealias F = LifecycleFixtures

    func suspended() throws -> MembershipApplication {
        try F.take(.suspend(reason: .securityIncident, responseDeadline: nil), F.application(in: .validated), by: F.reviewer,
                   context: F.favourableContext()).application
    }

    @Test func reinstatementIsRefusedWithoutThePlanItsTimeFrameAndTheConsent() throws {
        let app = try suspended()
        let context = F.favourableContext()
        let none = F.refusal(.reinstate(nil), app, by: F.reviewer, context: context)
        #expect(none?.reason == .reinstatementTermsMissing)
        #expect(none?.parameters["fields"] == "corrective_action_plan, plan_completed_by, unannounced_visits")
        let noConsent = ReinstatementTerms(correctiveActionPlan: "Replace the lock and audit weekly.", planCompletedBy: ProgramDay("2030-01-31")!,
                                           consentsToUnannouncedVisits: false)
        #expect(F.refusal(.reinstate(noConsent), app, by: F.reviewer, context: context)?.message.hasSuffix("missing: unannounced_visits") == true)
        let past = ReinstatementTerms(correctiveActionPlan: "Replace the lock and audit weekly.", planCompletedBy: ProgramDay(F.now),
                                      consentsToUnannouncedVisits: true)
        #expect(F.refusal(.reinstate(past), app, by: F.reviewer, context: context)?.parameters["fields"] == "plan_completed_by")
        // With the terms: reinstated, and the terms are kept with the application.
        let outcome = try F.take(.reinstate(F.terms), app, by: F.reviewer, context: context)
        #expect(outcome.to == .validated && outcome.application.reinstatementTerms == F.terms)
    }

    @Test func theReviewerSetsWhenARemovedCompanyMayApplyAgain() throws {
        let context = F.favourableContext()
        let today = ProgramDay(context.now)
        // Without a date: Trustlane's default, one year, whatever the reason (no five-year rule).
        let removed = try F.take(.remove(reason: .falseInformation), F.application(in: .validated), by: F.reviewer, context: context).application
        #expect(removed.reapplyAllowedOn == today.adding(years: 1))
        // A date the reviewer chose wins, and decides when a new application is accepted.
        let chosen = today.adding(days: 200)
        let removedUntil = try F.take(.remove(reason: .falseInformation, mayReapplyOn: chosen), F.application(in: .validated), by: F.reviewer,
                                      context: context).application
        #expect(removedUntil.reapplyAllowedOn == chosen)
        let tooSoon = MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible, earlier: [removedUntil],
                                                  now: chosen.adding(days: -1).startDate())
        #expect(tooSoon.refusalReason == .reapplicationTooSoon)
        #expect(MembershipApplication.start(companyID: F.companyID, entityType: .importer, eligibility: .eligible, earlier: [removedUntil], now: chosen.startDate()).refusalReason == nil)
        // A date that is not after today is refused.
        #expect(F.refusal(.remove(reason: .criteriaNotMet, mayReapplyOn: today), F.application(in: .validated), by: F.reviewer, context: context)?.reason == .invalidDeadline)
    }
}
