import Foundation

/// The program's decision on a Must that a company declared not applicable to its business model.
public enum NotApplicableVerdict: String, CaseIterable, Codable, Sendable, Hashable {
    /// The reviewer agrees the criterion does not apply to this business model.
    case accepted
    /// The reviewer disagrees: the criterion applies, and the company must answer it again.
    case rejected

    /// Key of the verdict's display name in the localization files.
    public var nameKey: String { "not_applicable_verdict.\(rawValue)" }
}

/// Where a company's "not applicable to our business model" claim on a Must stands.
public enum NotApplicableClaimState: String, CaseIterable, Codable, Sendable, Hashable {
    /// Submitted or about to be; no decision on this version of the answer yet.
    case awaitingReview = "awaiting_review"
    /// The reviewer accepted the claim for this version of the answer.
    case accepted
    /// The reviewer rejected the claim: a gap until the company answers the criterion again.
    case rejected

    /// Key of the state's display name in the localization files.
    public var nameKey: String { "not_applicable_claim.\(rawValue)" }
}

/// A reviewer's decision on one claim. It is bound to the version of the answer that was
/// submitted (`answerVersion`): once the company saves the answer again, the decision no longer
/// applies (a new claim awaits a new decision; any other answer is no claim at all).
public struct NotApplicableDecision: Hashable, Sendable {
    public let criterionID: CriterionID
    /// The version of the company's answer the reviewer decided on (the one submitted).
    public let answerVersion: Int
    public let verdict: NotApplicableVerdict
    /// Why; required for a rejection, an optional note for an acceptance.
    public let reason: String
    public let decidedBy: UserID?
    public let decidedAt: Date

    public init(criterionID: CriterionID, answerVersion: Int, verdict: NotApplicableVerdict, reason: String = "",
                decidedBy: UserID? = nil, decidedAt: Date) {
        self.criterionID = criterionID
        self.answerVersion = answerVersion
        self.verdict = verdict
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    /// Whether this decision is about this version of the answer.
    public func applies(to answerVersion: Int) -> Bool { self.answerVersion == answerVersion }
}

/// A reviewer's decision as typed, before validation.
public struct NotApplicableDecisionDraft: Hashable, Sendable {
    public var criterionID: CriterionID
    /// `accepted` or `rejected`, as the form or the API sent it.
    public var decision: String?
    public var reason: String?

    public init(criterionID: CriterionID, decision: String?, reason: String?) {
        self.criterionID = criterionID
        self.decision = decision
        self.reason = reason
    }
}

/// A decision that passed `NotApplicableClaims.validate`.
public struct ValidatedNotApplicableDecision: Hashable, Sendable {
    public let criterionID: CriterionID
    public let verdict: NotApplicableVerdict
    public let reason: String
}

/// "Not applicable to our business model" on a Must.
///
/// CBP's Minimum Security Criteria for U.S. customs brokers (March 2020) say brokers "simply need
/// to let CTPAT know when a specific criterion is not applicable" to their business model. So a
/// Must in the profile's scope may be answered `notApplicable` with a reason (`AnswerRules`), and
/// that answer is a claim the program decides: it counts as answered for submission, and is
/// flagged "awaiting the reviewer" in progress and gaps until a reviewer accepts it. A rejection
/// makes it a gap (and blocks the next submission) until the company saves the answer again.
/// A Must whose applicability condition the company answered "no" is not a claim: it is out of
/// the profile's scope altogether.
public enum NotApplicableClaims {
    /// Longest decision reason, in characters.
    public static let reasonMaxLength = 2_000

    /// Whether an answer is a claim that needs the program's decision: a Must answered not applicable.
    public static func isClaim(_ criterion: Criterion, status: AnswerStatus) -> Bool {
        criterion.level == .must && status == .notApplicable
    }

    /// The state of one answer's claim; `nil` when the answer is no claim. A decision counts only
    /// when it was made on this very version of the answer.
    public static func state(of answer: CriterionAnswer, criterion: Criterion,
                             decision: NotApplicableDecision?) -> NotApplicableClaimState? {
        guard isClaim(criterion, status: answer.status) else { return nil }
        guard let decision, decision.criterionID == answer.criterionID, decision.applies(to: answer.version) else {
            return .awaitingReview
        }
        return decision.verdict == .accepted ? .accepted : .rejected
    }

    /// The state of every claim in the profile's scope (answers missing count as unanswered, so
    /// no claim), keyed by criterion id; criteria without a claim are left out.
    public static func states(scope: ProfileScope, answers: [CriterionID: CriterionAnswer],
                              decisions: [CriterionID: NotApplicableDecision]) -> [CriterionID: NotApplicableClaimState] {
        var states: [CriterionID: NotApplicableClaimState] = [:]
        for scoped in scope.criteria where scoped.isMust {
            guard let answer = answers[scoped.id],
                  let state = state(of: answer, criterion: scoped.criterion, decision: decisions[scoped.id]) else { continue }
            states[scoped.id] = state
        }
        return states
    }

    /// Checks a reviewer's decision on the criterion as last submitted (`submitted`: its entry in
    /// the newest snapshot, `nil` when it has none). Fields: `decision`, `reason`, `criterion`.
    public static func validate(_ draft: NotApplicableDecisionDraft, criterion: Criterion,
                                submitted: SnapshotEntry?) throws(ValidationFailure) -> ValidatedNotApplicableDecision {
        var errors: [FieldError] = []
        let raw = draft.decision?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() ?? ""
        let verdict = NotApplicableVerdict(rawValue: raw)
        if verdict == nil {
            errors.append(ProfileMessage.claimDecisionInvalid.fieldError(
                "decision", ["allowed": NotApplicableVerdict.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        let reason = ProfileText.check(draft.reason, field: "reason", max: reasonMaxLength, multiline: true,
                                       required: verdict == .rejected ? .claimRejectionReasonRequired : nil, into: &errors)
        if draft.criterionID != criterion.id {
            errors.append(ProfileMessage.criterionNotInProfile.fieldError("criterion", ["criterion": draft.criterionID.rawValue]))
        } else if submitted.map({ !isClaim(criterion, status: $0.status) }) ?? true {
            errors.append(ProfileMessage.claimNothingToDecide.fieldError("criterion", ["criterion": criterion.id.rawValue]))
        }
        guard errors.isEmpty, let verdict else { throw ValidationFailure(errors) }
        return ValidatedNotApplicableDecision(criterionID: criterion.id, verdict: verdict, reason: reason)
    }
}
