import Foundation

/// The result a reviewer records at the end of a validation.
public enum ValidationResult: Sendable, Hashable {
    /// Passed, at Tier II or Tier III.
    case passed(Tier)
    /// Failed, with the reasons the company reads.
    case failed(reasons: [String])
}

/// How an appeal was decided.
public enum AppealDecision: String, CaseIterable, Codable, Sendable, Hashable {
    /// The appealed decision stands.
    case upheld
    /// The appealed decision is reversed.
    case overturned
}

/// Everything that can happen to a membership application. `MembershipLifecycle.attempt` says
/// whether it may happen now, by whom, and what it records.
public enum LifecycleTransition: Sendable, Hashable {
    /// The company officer applies, accepting the partner agreement (voluntary participation).
    case apply
    /// The company officer submits the security profile snapshot.
    case submitProfile
    /// A reviewer, administrator or the platform assigns (or reassigns) the reviewer in charge.
    case assignReviewer(UserID)
    /// A reviewer starts reviewing the submitted snapshot, becoming the assigned reviewer if none is.
    case startReview
    /// The assigned reviewer asks the company for more information (the items, non-empty).
    case requestInformation(items: [String])
    /// The company officer resubmits after answering every information request.
    case resubmit
    /// The assigned reviewer certifies: Tier I.
    /// A reviewer records that CBP's background vetting of the company is complete (6 U.S.C.
    /// 964(b): certification includes a background investigation and a documentation review).
    /// Certification waits for it (issue 11).
    case completeVetting
    case certify
    /// The assigned reviewer denies certification, with reasons.
    case reject(reasons: [String])
    /// A reviewer plans the initial validation of a certified member.
    case planValidation(ValidationPlan)
    /// A reviewer records the validation's result, which sets the tier.
    case recordValidation(ValidationResult)
    /// The company officer submits the annual profile review, inside the window, declaring again
    /// that the company owes CBP no unpaid final debt (`true`): CBP's eligibility pages ask it "at
    /// the time of the initial application or annual renewal" (issue 11).
    case submitAnnualReview(noUnpaidDebt: Bool?)
    /// A reviewer approves the submitted annual review.
    case approveAnnualReview
    /// A reviewer returns the submitted annual review with reasons.
    case rejectAnnualReview(reasons: [String])
    /// A reviewer starts the revalidation of a validated member (who stays validated meanwhile).
    case startRevalidation(ValidationPlan)
    /// A reviewer suspends a member; the deadline defaults to `ProgramSettings.suspensionResponseDays`.
    case suspend(reason: SanctionReason, responseDeadline: ProgramDay?)
    /// A reviewer lifts a suspension once the company agreed a corrective action plan with a time
    /// frame and consented to unannounced visits: the member returns to the standing of its tier.
    case reinstate(ReinstatementTerms?)
    /// A reviewer removes (expels) a member, naming the first day it may apply again. The
    /// statute gives no period ("an appropriate period of time", 6 U.S.C. 967(b)): without a date
    /// Trustlane's default (`reapplyAfterRemovalYears`) applies.
    case remove(reason: SanctionReason, mayReapplyOn: ProgramDay? = nil)
    /// The company officer withdraws from the program.
    case withdraw
    /// The company officer appeals a rejection, failed validation, suspension or removal.
    case fileAppeal
    /// A reviewer (other than the one who decided, by default) decides the appeal.
    case decideAppeal(AppealDecision)

    /// The transition's kind, without its details: stored as the event kind.
    public var kind: TransitionKind {
        switch self {
        case .apply: .apply
        case .submitProfile: .submitProfile
        case .assignReviewer: .assignReviewer
        case .startReview: .startReview
        case .requestInformation: .requestInformation
        case .resubmit: .resubmit
        case .completeVetting: .completeVetting
        case .certify: .certify
        case .reject: .reject
        case .planValidation: .planValidation
        case .recordValidation: .recordValidation
        case .submitAnnualReview: .submitAnnualReview
        case .approveAnnualReview: .approveAnnualReview
        case .rejectAnnualReview: .rejectAnnualReview
        case .startRevalidation: .startRevalidation
        case .suspend: .suspend
        case .reinstate: .reinstate
        case .remove: .remove
        case .withdraw: .withdraw
        case .fileAppeal: .fileAppeal
        case .decideAppeal: .decideAppeal
        }
    }
}

/// The kinds of `LifecycleTransition`, with snake_case raw values for storage and the API.
public enum TransitionKind: String, CaseIterable, Codable, Sendable, Hashable {
    case apply
    case submitProfile = "submit_profile"
    case assignReviewer = "assign_reviewer"
    case startReview = "start_review"
    case requestInformation = "request_information"
    case resubmit
    case completeVetting = "complete_vetting"
    case certify
    case reject
    case planValidation = "plan_validation"
    case recordValidation = "record_validation"
    case submitAnnualReview = "submit_annual_review"
    case approveAnnualReview = "approve_annual_review"
    case rejectAnnualReview = "reject_annual_review"
    case startRevalidation = "start_revalidation"
    case suspend
    case reinstate
    case remove
    case withdraw
    case fileAppeal = "file_appeal"
    case decideAppeal = "decide_appeal"

    /// What the transition does, as the end of "Only X can ...".
    public var englishVerbPhrase: String {
        switch self {
        case .apply: "apply to the program"
        case .submitProfile: "submit the security profile"
        case .assignReviewer: "assign a reviewer"
        case .startReview: "start a review"
        case .requestInformation: "request more information"
        case .resubmit: "resubmit the security profile"
        case .completeVetting: "record that vetting is complete"
        case .certify: "certify"
        case .reject: "reject an application"
        case .planValidation: "plan a validation"
        case .recordValidation: "record a validation result"
        case .submitAnnualReview: "submit the annual profile review"
        case .approveAnnualReview: "approve an annual review"
        case .rejectAnnualReview: "return an annual review"
        case .startRevalidation: "start a revalidation"
        case .suspend: "suspend a member"
        case .reinstate: "reinstate a member"
        case .remove: "remove a member"
        case .withdraw: "withdraw from the program"
        case .fileAppeal: "file an appeal"
        case .decideAppeal: "decide an appeal"
        }
    }
}
