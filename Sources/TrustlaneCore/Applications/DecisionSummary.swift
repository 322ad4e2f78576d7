import Foundation

/// What stands open when a reviewer is about to decide on a membership (certify, reject,
/// suspend, remove): the review of the newest submission, open requests and findings, overdue
/// corrective actions and clocks. The decision panel lists every concern that is not zero, so a
/// company is not certified with most of its criteria unreviewed without the reviewer seeing it.
public struct DecisionSummary: Hashable, Sendable {
    /// One thing still open, with its count.
    public enum Concern: String, CaseIterable, Sendable, Hashable {
        /// Criteria of the newest submission not accepted on it.
        case criteriaNotAccepted = "criteria_not_accepted"
        /// Requests for information without a response.
        case openRequests = "open_requests"
        /// Responses waiting for the reviewer.
        case answeredRequests = "answered_requests"
        /// Findings of the validation under way, not closed.
        case openFindings = "open_findings"
        /// The company's corrective actions past their due date.
        case overdueActions = "overdue_actions"
        /// Membership clocks past their due day.
        case overdueClocks = "overdue_clocks"
        /// Nothing was submitted: there is no profile to decide on.
        case noSubmission = "no_submission"

        /// Key of the concern's sentence in the localization files (argument `count`).
        public var messageKey: String { "decision.concern.\(rawValue)" }
    }

    /// The newest submission's number, if any.
    public let submission: Int?
    /// Criteria in that submission.
    public let criteria: Int
    public let counts: [Concern: Int]

    public init(submission: Int?, criteria: Int, review: CriterionReviewSummary?, openFindings: Int, overdueActions: Int,
                overdueClocks: Int) {
        self.submission = submission
        self.criteria = criteria
        var counts: [Concern: Int] = [:]
        if submission == nil { counts[.noSubmission] = 1 }
        if let review {
            counts[.criteriaNotAccepted] = criteria - review.count(.accepted)
            counts[.openRequests] = review.openRequests
            counts[.answeredRequests] = review.count(.answered)
        }
        counts[.openFindings] = openFindings
        counts[.overdueActions] = overdueActions
        counts[.overdueClocks] = overdueClocks
        self.counts = counts.filter { $0.value > 0 }
    }

    /// The concerns that are not zero, in a fixed order.
    public var concerns: [(concern: Concern, count: Int)] {
        Concern.allCases.compactMap { concern in counts[concern].map { (concern, $0) } }
    }

    /// How many criteria are accepted on the newest submission.
    public var accepted: Int { criteria - (counts[.criteriaNotAccepted] ?? 0) }

    /// Nothing stands open.
    public var isClear: Bool { counts.isEmpty }
}
