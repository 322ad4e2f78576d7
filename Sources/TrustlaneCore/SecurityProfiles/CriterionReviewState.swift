import Foundation

/// Where the reviewer's review of one criterion stands, derived from its thread.
public enum CriterionReviewState: String, CaseIterable, Codable, Sendable, Hashable {
    /// The reviewer accepted it, and asked nothing since.
    case accepted
    /// A request for information waits for the company's response.
    case informationRequested = "information_requested"
    /// The company responded; the reviewer has not accepted or closed yet.
    case answered
    /// No acceptance and no request still running (nothing yet, or only comments or closed requests).
    case notReviewed = "not_reviewed"

    /// Key of the state's display name in the localization files.
    public var nameKey: String { "review_state.\(rawValue)" }
}

extension ReviewThread {
    /// The latest acceptance, if no request for information was made after it (the latest wins).
    public var acceptance: ReviewComment? {
        let verdicts = comments.filter { $0.isAcceptance || $0.isRequest }
        guard let last = verdicts.last, last.isAcceptance else { return nil }
        return last
    }

    /// The review state: accepted when the latest acceptance is newer than every request; else
    /// information requested while a request is open; else answered while a response waits for
    /// the reviewer; else not reviewed.
    public var reviewState: CriterionReviewState {
        if acceptance != nil { return .accepted }
        if !openRequests.isEmpty { return .informationRequested }
        if !answeredRequests.isEmpty { return .answered }
        return .notReviewed
    }
}

/// The review of a submitted profile at a glance: the state of each criterion and the counts.
public struct CriterionReviewSummary: Hashable, Sendable {
    /// The state of every criterion reviewed (criteria without a thread are `notReviewed`).
    public let states: [CriterionID: CriterionReviewState]
    /// Criteria per state, over the criteria given (every state present, zero included).
    public let counts: [CriterionReviewState: Int]
    /// Open requests for information, over the criteria given.
    public let openRequests: Int

    /// Summarizes the posts of a profile over `criteria` (the criteria of the snapshot under review).
    public init(criteria: some Sequence<CriterionID>, comments: some Sequence<ReviewComment>) {
        let threads = ReviewThread.threads(comments)
        var states: [CriterionID: CriterionReviewState] = [:]
        var counts = Dictionary(uniqueKeysWithValues: CriterionReviewState.allCases.map { ($0, 0) })
        var open = 0
        for id in criteria {
            let thread = threads[id]
            let state = thread?.reviewState ?? .notReviewed
            states[id] = state
            counts[state, default: 0] += 1
            open += thread?.openRequests.count ?? 0
        }
        self.states = states
        self.counts = counts
        self.openRequests = open
    }

    /// The state of one criterion.
    public func state(of criterion: CriterionID) -> CriterionReviewState { states[criterion] ?? .notReviewed }

    /// How many criteria are in a state.
    public func count(_ state: CriterionReviewState) -> Int { counts[state] ?? 0 }
}
