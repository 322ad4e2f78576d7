import Foundation
import Testing
@testable import TrustlaneCore

/// Each condition of each transition, refused with a message a person can act on.
@Suite("Lifecycle: conditions and refusals")
struct LifecycleRefusalTests {
    typealias F = LifecycleFixtures

    @Test func applyingNeedsTheAcceptedPartnerAgreement() {
        var context = F.favourableContext()
        context.partnerAgreementAccepted = false
        let refusal = F.refusal(.apply, F.application(in: .eligibilityConfirmed), by: F.officer, context: context)
        #expect(refusal?.reason == .agreementNotAccepted)
        #expect(refusal?.message.hasPrefix("Accept the partner agreement") == true)
    }

    @Test func certificationNeedsASubmittedProfile() {
        var context = F.favourableContext()
        #expect(F.refusal(.certify, F.application(in: .applied), by: F.reviewer, context: context)?.message
                == "Certification needs a submitted security profile")
        context.hasSubmittedProfileSnapshot = false
        let refusal = F.refusal(.certify, F.application(in: .underReview), by: F.reviewer, context: context)
        #expect(refusal?.reason == .profileNotSubmitted)
        #expect(refusal?.message == "Certification needs a submitted security profile")
        #expect(F.refusal(.submitProfile, F.application(in: .applied), by: F.officer, context: context)?.reason == .profileNotSubmitted)
        #expect(F.refusal(.resubmit, F.application(in: .informationRequested), by: F.officer, context: context)?.reason
                == .profileNotSubmitted)
    }

    @Test func alreadyCertifiedIsADistinctRefusal() {
        let refusal = F.refusal(.certify, F.application(in: .certified), by: F.reviewer, context: F.favourableContext())
        #expect(refusal?.reason == .alreadyDone)
        #expect(refusal?.isAlreadyDone == true)
        #expect(refusal?.message == "Already certified")
    }

    @Test func openInformationRequestsBlockResubmissionAndCertification() {
        var context = F.favourableContext()
        context.openInformationRequests = 2
        let resubmit = F.refusal(.resubmit, F.application(in: .informationRequested), by: F.officer, context: context)
        #expect(resubmit?.reason == .openInformationRequests)
        #expect(resubmit?.message == "2 information requests are still open: answer them first")
        #expect(F.refusal(.certify, F.application(in: .underReview), by: F.reviewer, context: context)?.reason == .openInformationRequests)
    }

    @Test func reviewDecisionsBelongToTheAssignedReviewer() throws {
        let app = F.application(in: .underReview, preparedFor: .certify) // assigned to F.reviewer, vetted
        let context = F.favourableContext()
        #expect(F.refusal(.certify, app, by: F.otherReviewer, context: context)?.reason == .notAssignedReviewer)
        #expect(F.refusal(.reject(reasons: ["x"]), app, by: F.otherReviewer, context: context)?.reason == .notAssignedReviewer)
        // reassignment hands it over
        let reassigned = try F.take(.assignReviewer(F.otherReviewerID), app, by: F.administrator, context: context)
        #expect(reassigned.notifications[0].audiences == [.assignedReviewer])
        #expect(reassigned.notifications[0].reviewerID == F.otherReviewerID)
        #expect(try F.take(.certify, reassigned.application, by: F.otherReviewer, context: context).to == .certified)
        #expect(F.refusal(.assignReviewer(F.otherReviewerID), reassigned.application, by: .system, context: context)?.reason
                == .alreadyDone)
    }

    @Test func decisionsNeedReasons() {
        let context = F.favourableContext()
        #expect(F.refusal(.reject(reasons: [" ", ""]), F.application(in: .underReview), by: F.reviewer, context: context)?.reason
                == .reasonsRequired)
        let request = F.refusal(.requestInformation(items: []), F.application(in: .underReview), by: F.reviewer, context: context)
        #expect(request?.message == "List the information the company must provide")
        #expect(F.refusal(.recordValidation(.failed(reasons: [])), F.application(in: .validationPlanned), by: F.reviewer,
                          context: context)?.reason == .reasonsRequired)
        let annual = F.application(in: .certified, preparedFor: .rejectAnnualReview)
        #expect(F.refusal(.rejectAnnualReview(reasons: []), annual, by: F.reviewer, context: context)?.reason == .reasonsRequired)
    }

    @Test func validationResultRules() {
        let app = F.application(in: .validationPlanned)
        var context = F.favourableContext()
        #expect(F.refusal(.recordValidation(.passed(.one)), app, by: F.reviewer, context: context)?.reason == .invalidTier)
        context.openRequiredActions = 1
        #expect(F.refusal(.recordValidation(.passed(.two)), app, by: F.reviewer, context: context)?.message
                == "1 required action is still open: close it before validating")
        context.openRequiredActions = 0
        context.bestPracticesRecorded = 0
        let tierThree = F.refusal(.recordValidation(.passed(.three)), app, by: F.reviewer, context: context)
        #expect(tierThree?.reason == .notEnoughBestPractices)
        #expect(tierThree?.message == "Tier III needs at least 1 best practice recorded; 0 recorded")
        let strict = MembershipLifecycle(settings: ProgramSettings(tierThreeMinimumBestPractices: 3))
        context.bestPracticesRecorded = 2
        #expect(F.refusal(.recordValidation(.passed(.three)), app, by: F.reviewer, context: context, lifecycle: strict)?.reason
                == .notEnoughBestPractices)
        context.bestPracticesRecorded = 3
        #expect(F.refusal(.recordValidation(.passed(.three)), app, by: F.reviewer, context: context, lifecycle: strict) == nil)
    }

    @Test func aValidatedMemberNeedsARevalidationBeforeANewResult() {
        let app = F.application(in: .validated) // no revalidation under way
        #expect(F.refusal(.recordValidation(.passed(.three)), app, by: F.reviewer, context: F.favourableContext())?.reason
                == .revalidationNotStarted)
        #expect(F.refusal(.recordValidation(.passed(.two)), app, by: F.reviewer, context: F.favourableContext())?.reason
                == .alreadyDone)
        var running = app
        running.revalidationInProgress = true
        #expect(F.refusal(.startRevalidation(F.validationPlan(purpose: .revalidation)), running, by: F.reviewer,
                          context: F.favourableContext())?.reason == .alreadyDone)
    }

    @Test func validationPlansMustFollowCertification() {
        let app = F.application(in: .certified) // certified 2024-07-15
        let context = F.favourableContext()
        let sameDay = F.validationPlan(startsOn: F.day(2024, 7, 15))
        let refusal = F.refusal(.planValidation(sameDay), app, by: F.reviewer, context: context)
        #expect(refusal?.reason == .invalidPlan)
        #expect(refusal?.message == "The validation must start after 2024-07-15, the day of certification")
        #expect(F.refusal(.planValidation(F.validationPlan(startsOn: F.day(2024, 7, 16))), app, by: F.reviewer, context: context) == nil)
        #expect(F.refusal(.planValidation(F.validationPlan(purpose: .revalidation)), app, by: F.reviewer, context: context)?.reason
                == .invalidPlan)
        // a revalidation starts after the last validation (2025-03-01)
        let early = F.validationPlan(purpose: .revalidation, startsOn: F.day(2025, 3, 1))
        #expect(F.refusal(.startRevalidation(early), F.application(in: .validated), by: F.reviewer, context: context)?.reason
                == .invalidPlan)
    }

    /// Issue 11: CBP asks about unpaid final debt "at the time of the initial application or
    /// annual renewal", so the annual review asks again.
    @Test func theAnnualReviewAsksAgainAboutUnpaidDebtToCBP() {
        let app = F.application(in: .certified)
        let context = F.favourableContext(now: F.at(2025, 5, 1))
        let undeclared = F.refusal(.submitAnnualReview(noUnpaidDebt: nil), app, by: F.officer, context: context)
        #expect(undeclared?.reason == .unpaidDebtToCBP && undeclared?.message.contains("noUnpaidDebt") == true)
        let owing = F.refusal(.submitAnnualReview(noUnpaidDebt: false), app, by: F.officer, context: context)
        #expect(owing?.reason == .unpaidDebtToCBP && owing?.message.contains("cannot renew") == true)
        let outcome = try? F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context)
        #expect(outcome?.application.annualReview?.status == .submitted && outcome?.event.details["no_unpaid_debt"] == "true")
    }

    @Test func annualReviewOnlyInsideTheWindow() {
        let app = F.application(in: .certified) // anniversary 2025-07-15, window 2025-04-16 ... 2025-07-15
        var context = F.favourableContext(now: F.at(2025, 4, 15, 23, 59, 59))
        let early = F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context)
        #expect(early?.reason == .outsideAnnualWindow)
        #expect(early?.message == "The annual review can be submitted only from 2025-04-16 to 2025-07-15 (anniversary 2025-07-15)")
        context.now = F.at(2025, 4, 16, 0, 0, 0)
        #expect(F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context) == nil)
        context.now = F.at(2025, 7, 16, 0, 0, 0)
        #expect(F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context)?.reason == .outsideAnnualWindow)
    }

    @Test func annualReviewRepeatsAndDecisions() throws {
        var app = F.application(in: .validated)
        let context = F.favourableContext()
        #expect(F.refusal(.approveAnnualReview, app, by: F.reviewer, context: context)?.reason == .annualReviewNotSubmitted)
        app = try F.take(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context).application
        #expect(F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context)?.reason == .alreadyDone)
        app = try F.take(.approveAnnualReview, app, by: F.reviewer, context: context).application
        #expect(F.refusal(.approveAnnualReview, app, by: F.reviewer, context: context)?.reason == .alreadyDone)
        #expect(F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: context)?.reason == .annualReviewAlreadyApproved)
        #expect(F.refusal(.rejectAnnualReview(reasons: ["late"]), app, by: F.reviewer, context: context)?.reason
                == .annualReviewNotSubmitted)
    }

    @Test func suspensionDeadlineMustBeAfterToday() {
        let app = F.application(in: .certified)
        let today = F.refusal(.suspend(reason: .unresponsive, responseDeadline: F.day(2025, 6, 1)), app, by: F.reviewer,
                              context: F.favourableContext())
        #expect(today?.reason == .invalidDeadline)
        #expect(F.refusal(.suspend(reason: .unresponsive, responseDeadline: F.day(2025, 6, 2)), app, by: F.reviewer,
                          context: F.favourableContext()) == nil)
        let custom = MembershipLifecycle(settings: ProgramSettings(suspensionResponseDays: 30))
        let outcome = try? custom.attempt(.suspend(reason: .unresponsive, responseDeadline: nil), from: app, by: F.reviewer,
                                          context: F.favourableContext()).get()
        #expect(outcome?.application.dates.suspensionResponseDueOn == F.day(2025, 7, 1))
    }

    @Test func inconsistentRecordsAreRefusedNotCrashed() {
        var app = F.application(in: .certified)
        app.dates.certifiedAt = nil
        #expect(F.refusal(.submitAnnualReview(noUnpaidDebt: true), app, by: F.officer, context: F.favourableContext())?.reason == .missingHistory)
        #expect(F.refusal(.planValidation(F.validationPlan()), app, by: F.reviewer, context: F.favourableContext())?.reason
                == .missingHistory)
        var appeal = F.application(in: .appealFiled)
        appeal.previousStatus = nil
        #expect(F.refusal(.decideAppeal(.upheld), appeal, by: F.reviewer, context: F.favourableContext())?.reason == .missingHistory)
        var rejected = F.application(in: .rejected)
        rejected.dates.rejectedAt = nil
        #expect(F.refusal(.fileAppeal, rejected, by: F.officer, context: F.favourableContext())?.reason == .missingHistory)
    }

    @Test func refusalAsFieldError() {
        let refusal = F.refusal(.certify, F.application(in: .underReview), by: F.officer, context: F.favourableContext())!
        #expect(refusal.fieldError.messageKey == "lifecycle.refusal.role_not_permitted")
        #expect(refusal.fieldError.arguments["transition"] == "certify")
    }
}
