import Foundation

/// What a post in a reviewer thread is. Raw values are snake_case.
public enum ReviewCommentKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A remark, from either side.
    case comment
    /// A reviewer asks the company for more information on the criterion.
    case requestForInformation = "request_for_information"
    /// The company answers a request for information.
    case response
    /// A reviewer accepts the criterion as submitted. A later request for information on the
    /// same criterion takes the acceptance back (the latest wins).
    case acceptance

    /// Key of the kind's display name in the localization files.
    public var nameKey: String { "review_comment_kind.\(rawValue)" }

    /// Key of the text shown for a post of this kind whose body was left empty (only an
    /// acceptance may be posted without a body).
    public var defaultBodyKey: String { "review.default_body.\(rawValue)" }
}

/// Which side of the review a person posts from.
public enum ReviewSide: String, Codable, Sendable, Hashable {
    /// A program reviewer.
    case reviewer
    /// A member of the company whose profile is reviewed.
    case company
}

/// Where a request for information stands, derived from its thread.
public enum InformationRequestStatus: String, Codable, Sendable, Hashable {
    /// No response yet.
    case open
    /// The company responded; the reviewer has not closed it.
    case answered
    /// The reviewer closed it.
    case closed
}

/// One post in the thread about one criterion of a security profile. Reviewers comment on what
/// the company submitted (`snapshotID`); posts are never edited, a request is closed by
/// setting `closedAt` and `closedBy`. An internal post is a reviewers' note the company never sees.
public struct ReviewComment: Hashable, Sendable, Identifiable {
    public let id: ReviewCommentID
    public let profileID: SecurityProfileID
    /// The submission the post refers to, when there is one.
    public let snapshotID: SnapshotID?
    public let criterionID: CriterionID
    public let kind: ReviewCommentKind
    public let body: String
    public let authorID: UserID
    /// The author's display name when posted.
    public let authorName: String
    public let side: ReviewSide
    /// A reviewers-only note, hidden from the company.
    public let isInternal: Bool
    /// For a response, the request it answers; for a comment, optionally the post it replies to.
    public let replyTo: ReviewCommentID?
    public let createdAt: Date
    /// When a reviewer closed this request; `nil` while open or answered, and for other kinds.
    public var closedAt: Date?
    public var closedBy: UserID?

    public init(id: ReviewCommentID = ReviewCommentID(), profileID: SecurityProfileID, snapshotID: SnapshotID? = nil,
                criterionID: CriterionID, kind: ReviewCommentKind, body: String, authorID: UserID,
                authorName: String, side: ReviewSide, isInternal: Bool = false, replyTo: ReviewCommentID? = nil,
                createdAt: Date, closedAt: Date? = nil, closedBy: UserID? = nil) {
        self.id = id
        self.profileID = profileID
        self.snapshotID = snapshotID
        self.criterionID = criterionID
        self.kind = kind
        self.body = body
        self.authorID = authorID
        self.authorName = authorName
        self.side = side
        self.isInternal = isInternal
        self.replyTo = replyTo
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.closedBy = closedBy
    }

    /// A post from a validated draft.
    public init(id: ReviewCommentID = ReviewCommentID(), profileID: SecurityProfileID, snapshotID: SnapshotID?,
                draft: ValidatedReviewComment, authorID: UserID, authorName: String, createdAt: Date) {
        self.init(id: id, profileID: profileID, snapshotID: snapshotID, criterionID: draft.criterionID, kind: draft.kind,
                  body: draft.body, authorID: authorID, authorName: authorName, side: draft.side,
                  isInternal: draft.isInternal, replyTo: draft.replyTo, createdAt: createdAt)
    }

    /// Whether this is a request for information.
    public var isRequest: Bool { kind == .requestForInformation }

    /// Whether this is a reviewer's acceptance of the criterion.
    public var isAcceptance: Bool { kind == .acceptance }
}
