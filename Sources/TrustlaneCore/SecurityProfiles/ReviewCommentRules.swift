import Foundation

/// A post as typed, before validation.
public struct ReviewCommentDraft: Hashable, Sendable {
    public var criterionID: CriterionID
    public var kind: ReviewCommentKind
    public var body: String?
    public var replyTo: ReviewCommentID?
    /// A reviewers-only note.
    public var isInternal: Bool

    public init(criterionID: CriterionID, kind: ReviewCommentKind, body: String?, replyTo: ReviewCommentID? = nil,
                isInternal: Bool = false) {
        self.criterionID = criterionID
        self.kind = kind
        self.body = body
        self.replyTo = replyTo
        self.isInternal = isInternal
    }
}

/// A post that passed `ReviewCommentRules.validate`.
public struct ValidatedReviewComment: Hashable, Sendable {
    public let criterionID: CriterionID
    public let kind: ReviewCommentKind
    public let body: String
    public let side: ReviewSide
    public let replyTo: ReviewCommentID?
    public let isInternal: Bool
}

/// Who may post what in a reviewer thread. Reviewers comment, request information and accept a
/// criterion; company members other than viewers comment and respond to requests; only
/// reviewers close requests and post internal notes (comments the company never sees). An
/// acceptance may have no body (pages show `ReviewCommentKind.defaultBodyKey` then).
public enum ReviewCommentRules {
    /// Longest post, in characters.
    public static let bodyMaxLength = 5_000

    /// The side a person posts from on a company's profile; the access policy decides it
    /// (`AccessPolicy.reviewSide`).
    public static func side(of actor: Actor, company: CompanyID) -> ReviewSide? {
        AccessPolicy.reviewSide(of: actor, company: company)
    }

    /// The kinds a person may post.
    public static func allowedKinds(side: ReviewSide?, role: CompanyRole?) -> Set<ReviewCommentKind> {
        switch side {
        case .reviewer: return [.comment, .requestForInformation, .acceptance]
        case .company:
            guard let role, role != .viewer else { return [] }
            return [.comment, .response]
        case nil: return []
        }
    }

    /// Checks a post against the author's side and role and the thread it joins. Fields: `kind`,
    /// `body`, `reply_to`, `internal`, `criterion`.
    public static func validate(_ draft: ReviewCommentDraft, side: ReviewSide?, role: CompanyRole?,
                                thread: ReviewThread) throws(ValidationFailure) -> ValidatedReviewComment {
        guard let side, allowedKinds(side: side, role: role).contains(draft.kind) else {
            throw ValidationFailure([ProfileMessage.reviewKindNotAllowed.fieldError("kind", ["kind": draft.kind.rawValue])])
        }
        var errors: [FieldError] = []
        if draft.isInternal && (side != .reviewer || draft.kind != .comment) {
            errors.append(ProfileMessage.reviewInternalNotAllowed.fieldError("internal"))
        }
        let body = ProfileText.check(draft.body, field: "body", max: bodyMaxLength, multiline: true,
                                     required: draft.kind == .acceptance ? nil : .reviewBodyRequired, into: &errors)
        var replyTo = draft.replyTo
        switch draft.kind {
        case .response:
            if let requestID = draft.replyTo, let request = thread.comment(requestID), request.isRequest,
               request.criterionID == draft.criterionID {
                if thread.status(of: request) == .closed {
                    errors.append(ProfileMessage.reviewRequestClosed.fieldError("reply_to"))
                }
            } else {
                errors.append(ProfileMessage.reviewResponseNeedsRequest.fieldError("reply_to"))
            }
        case .requestForInformation, .acceptance:
            replyTo = nil
        case .comment:
            // The company may not reply to (or learn of) a reviewers' internal note.
            if let id = draft.replyTo, !thread.visibleComments(to: side).contains(where: { $0.id == id }) {
                errors.append(ProfileMessage.reviewReplyUnknown.fieldError("reply_to"))
            }
        }
        if thread.criterionID != draft.criterionID {
            errors.append(ProfileMessage.criterionNotInProfile.fieldError("criterion", ["criterion": draft.criterionID.rawValue]))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return ValidatedReviewComment(criterionID: draft.criterionID, kind: draft.kind, body: body, side: side,
                                      replyTo: replyTo, isInternal: draft.isInternal)
    }

    /// Whether a person may close a request: reviewers only, and only a request not yet closed.
    public static func mayClose(_ request: ReviewComment, side: ReviewSide?) -> Bool {
        side == .reviewer && request.isRequest && request.closedAt == nil
    }
}
