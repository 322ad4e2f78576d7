import Foundation

/// The state of a profile's requests for information at a glance: how many wait for the
/// company, how many wait for the reviewer, which criteria have open ones, and since when.
public struct ReviewRequestSummary: Hashable, Sendable {
    /// Requests with no response yet.
    public let open: Int
    /// Requests answered and not closed.
    public let answered: Int
    /// Requests closed.
    public let closed: Int
    /// Open requests per criterion.
    public let openByCriterion: [CriterionID: Int]
    /// When the oldest open request was made.
    public let oldestOpenAt: Date?

    /// Summarizes all posts of a profile.
    public init(comments: some Sequence<ReviewComment>) {
        var open = 0
        var answered = 0
        var closed = 0
        var byCriterion: [CriterionID: Int] = [:]
        var oldest: Date?
        for thread in ReviewThread.threads(comments).values {
            for request in thread.requests {
                switch thread.status(of: request) {
                case .open:
                    open += 1
                    byCriterion[request.criterionID, default: 0] += 1
                    oldest = min(oldest ?? request.createdAt, request.createdAt)
                case .answered: answered += 1
                case .closed: closed += 1
                }
            }
        }
        self.open = open
        self.answered = answered
        self.closed = closed
        self.openByCriterion = byCriterion
        self.oldestOpenAt = oldest
    }

    /// The criteria with open requests, sorted by id.
    public var criteriaWithOpenRequests: [CriterionID] { openByCriterion.keys.sorted() }
}
