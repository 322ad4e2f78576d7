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

    /// The acceptance that holds for the submission `snapshot`: the latest acceptance, when it
    /// was made on that submission (a reviewer accepts what was submitted, so an acceptance of an
    /// earlier submission does not count for a later one). With `nil`, any latest acceptance.
    public func acceptance(on snapshot: SnapshotID?) -> ReviewComment? {
        guard let acceptance else { return nil }
        guard let snapshot else { return acceptance }
        return acceptance.snapshotID == snapshot ? acceptance : nil
    }

    /// The review state: accepted when the latest acceptance is newer than every request; else
    /// information requested while a request is open; else answered while a response waits for
    /// the reviewer; else not reviewed.
    public var reviewState: CriterionReviewState { reviewState(on: nil) }

    /// The review state for the submission `snapshot`: as `reviewState`, with an acceptance
    /// counted only when it was made on that submission.
    public func reviewState(on snapshot: SnapshotID?) -> CriterionReviewState {
        if acceptance(on: snapshot) != nil { return .accepted }
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

    /// Summarizes the posts of a profile over `criteria` (the criteria of the snapshot under
    /// review). Given `snapshot`, an acceptance counts only when made on that submission.
    public init(criteria: some Sequence<CriterionID>, comments: some Sequence<ReviewComment>, on snapshot: SnapshotID? = nil) {
        let threads = ReviewThread.threads(comments)
        var states: [CriterionID: CriterionReviewState] = [:]
        var counts = Dictionary(uniqueKeysWithValues: CriterionReviewState.allCases.map { ($0, 0) })
        var open = 0
        for id in criteria {
            let thread = threads[id]
            let state = thread?.reviewState(on: snapshot) ?? .notReviewed
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

/// "Accept all unchanged since the last accepted submission": the criteria of a submission whose
/// latest verdict is an acceptance of an earlier submission, and whose entry is the same in both
/// (status, narrative, reasons, responsible person and evidence, by content hash). A reviewer
/// accepts them again in one step instead of reopening each.
public enum UnchangedSinceAcceptance {
    /// The criteria of `snapshot` that may be accepted again, in the snapshot's order. `earlier`
    /// holds the submissions the acceptances were made on (missing ones count as changed).
    public static func criteria(in snapshot: ProfileSnapshot, comments: some Sequence<ReviewComment>,
                                earlier: [SnapshotID: ProfileSnapshot]) -> [CriterionID] {
        let threads = ReviewThread.threads(comments)
        return snapshot.entries.compactMap { entry in
            guard let acceptance = threads[entry.criterionID]?.acceptance, let accepted = acceptance.snapshotID,
                  accepted != snapshot.id, let before = earlier[accepted]?.entry(for: entry.criterionID),
                  SnapshotComparison.changedFields(before, entry).isEmpty else { return nil }
            return entry.criterionID
        }
    }

    /// The submissions whose entries `criteria(in:comments:earlier:)` needs: those acceptances
    /// were made on, other than `snapshot` itself.
    public static func snapshotsNeeded(for snapshot: SnapshotID, comments: some Sequence<ReviewComment>) -> Set<SnapshotID> {
        var needed: Set<SnapshotID> = []
        for thread in ReviewThread.threads(comments).values {
            if let accepted = thread.acceptance?.snapshotID, accepted != snapshot { needed.insert(accepted) }
        }
        return needed
    }
}
