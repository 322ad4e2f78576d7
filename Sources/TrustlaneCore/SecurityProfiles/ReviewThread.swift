import Foundation

/// The posts about one criterion, oldest first, with the status of each request for information.
public struct ReviewThread: Sendable {
    public let criterionID: CriterionID
    /// The posts in the order they were made.
    public let comments: [ReviewComment]
    private let answeredRequestIDs: Set<ReviewCommentID>

    /// Builds the thread of one criterion from posts (others are ignored), in any order.
    public init(criterionID: CriterionID, comments: some Sequence<ReviewComment>) {
        self.criterionID = criterionID
        self.comments = comments.filter { $0.criterionID == criterionID }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        self.answeredRequestIDs = Set(self.comments.compactMap { $0.kind == .response ? $0.replyTo : nil })
    }

    /// Every thread of a profile, by criterion id.
    public static func threads(_ comments: some Sequence<ReviewComment>) -> [CriterionID: ReviewThread] {
        Dictionary(grouping: comments, by: \.criterionID).mapValues { ReviewThread(criterionID: $0[0].criterionID, comments: $0) }
    }

    /// The posts one side may read: the company never sees reviewers' internal notes.
    public func visibleComments(to side: ReviewSide) -> [ReviewComment] {
        side == .reviewer ? comments : comments.filter { !$0.isInternal }
    }

    /// The post with this id.
    public func comment(_ id: ReviewCommentID) -> ReviewComment? { comments.first { $0.id == id } }

    /// The requests for information, oldest first.
    public var requests: [ReviewComment] { comments.filter(\.isRequest) }

    /// The status of a request: closed once a reviewer closed it, answered once the company
    /// responded, open before.
    public func status(of request: ReviewComment) -> InformationRequestStatus {
        if request.closedAt != nil { return .closed }
        return answeredRequestIDs.contains(request.id) ? .answered : .open
    }

    /// The responses to a request, oldest first.
    public func responses(to requestID: ReviewCommentID) -> [ReviewComment] {
        comments.filter { $0.kind == .response && $0.replyTo == requestID }
    }

    /// Requests waiting for the company.
    public var openRequests: [ReviewComment] { requests.filter { status(of: $0) == .open } }

    /// Requests the company answered that the reviewer has not closed.
    public var answeredRequests: [ReviewComment] { requests.filter { status(of: $0) == .answered } }
}
