import Foundation

/// Why a lifecycle transition was not taken, with an English message the person can act on and
/// a localization key with parameters for pages. Nothing is recorded when a transition is refused.
public struct TransitionRefusal: Error, Sendable, Hashable {
    /// The reason codes, stable for the API.
    public enum Reason: String, CaseIterable, Codable, Sendable, Hashable {
        /// The transition would land where the application already is (double click, two tabs):
        /// the web layer treats it as success and repeats nothing.
        case alreadyDone = "already_done"
        /// The actor's role may not take this transition.
        case roleNotPermitted = "role_not_permitted"
        /// The transition is not possible from the current status.
        case wrongState = "wrong_state"
        /// The application is assigned to another reviewer.
        case notAssignedReviewer = "not_assigned_reviewer"
        /// No submitted security profile snapshot.
        case profileNotSubmitted = "profile_not_submitted"
        /// The partner agreement was not accepted.
        case agreementNotAccepted = "agreement_not_accepted"
        /// Information requests are still open.
        case openInformationRequests = "open_information_requests"
        /// Required actions of the validation are still open.
        case openRequiredActions = "open_required_actions"
        /// Tier III needs more best practices recorded.
        case notEnoughBestPractices = "not_enough_best_practices"
        /// CBP does not offer Tier III to this entity type.
        case tierNotOffered = "tier_not_offered"
        /// A passed validation must set Tier II or Tier III.
        case invalidTier = "invalid_tier"
        /// The decision needs reasons (or requested items) and has none.
        case reasonsRequired = "reasons_required"
        /// The validation plan has problems.
        case invalidPlan = "invalid_plan"
        /// The annual review can only be submitted inside its window.
        case outsideAnnualWindow = "outside_annual_window"
        /// This cycle's annual review is already approved.
        case annualReviewAlreadyApproved = "annual_review_already_approved"
        /// No annual review is waiting for a decision.
        case annualReviewNotSubmitted = "annual_review_not_submitted"
        /// No revalidation is under way for a validated member.
        case revalidationNotStarted = "revalidation_not_started"
        /// The response deadline is not after today.
        case invalidDeadline = "invalid_deadline"
        /// The appeal window has closed.
        case appealWindowClosed = "appeal_window_closed"
        /// An appeal of this decision was already decided.
        case appealAlreadyDecided = "appeal_already_decided"
        /// The reviewer who took the decision may not decide its appeal.
        case sameReviewerDecidesAppeal = "same_reviewer_decides_appeal"
        /// A date or status this transition needs was never recorded (inconsistent data).
        case missingHistory = "missing_history"
        /// The eligibility check did not pass.
        case notEligible = "not_eligible"
        /// The company has an open application for this entity type already.
        case applicationAlreadyOpen = "application_already_open"
        /// The annual review needs the declaration that no final debt to CBP is unpaid.
        case unpaidDebtToCBP = "unpaid_debt_to_cbp"
        /// Certification waits for CBP's background vetting to be recorded as complete.
        case vettingNotComplete = "vetting_not_complete"
        /// A reinstatement needs the agreed plan, its time frame and the consent to unannounced visits.
        case reinstatementTermsMissing = "reinstatement_terms_missing"
        /// A removed company must wait before applying again.
        case reapplicationTooSoon = "reapplication_too_soon"
        /// Another request changed the application at the same moment, twice in a row.
        case concurrentChange = "concurrent_change"
    }

    public let reason: Reason
    /// English, for the API and logs; pages use `messageKey`.
    public let message: String
    /// `lifecycle.refusal.<reason>`.
    public let messageKey: String
    /// Values for the placeholders of the localized text.
    public let parameters: [String: String]

    public init(_ reason: Reason, _ message: String, parameters: [String: String] = [:]) {
        self.reason = reason
        self.message = message
        self.messageKey = "lifecycle.refusal.\(reason.rawValue)"
        self.parameters = parameters
    }

    /// A repeated transition: the web layer shows success and changes nothing.
    public var isAlreadyDone: Bool { reason == .alreadyDone }

    /// The refusal as a field error, for forms.
    public var fieldError: FieldError {
        FieldError(field: "transition", messageKey: messageKey, message: message, arguments: parameters)
    }
}
