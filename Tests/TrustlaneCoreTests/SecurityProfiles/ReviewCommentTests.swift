import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Reviewer threads")
struct ReviewCommentTests {
    let company = ProfileFixtures.companyID
    let reviewerID = UserID()
    let memberID = UserID()

    func post(_ kind: ReviewCommentKind, _ criterion: CriterionID = "1.2", side: ReviewSide, replyTo: ReviewCommentID? = nil,
              minutes: Double, closed: Bool = false) -> ReviewComment {
        ReviewComment(profileID: ProfileFixtures.profileID, snapshotID: SnapshotID(), criterionID: criterion, kind: kind,
                      body: "\(kind.rawValue) text", authorID: side == .reviewer ? reviewerID : memberID,
                      authorName: side == .reviewer ? "Rina (CBP)" : "Dewi", side: side, replyTo: replyTo,
                      createdAt: ProfileFixtures.now.addingTimeInterval(minutes * 60),
                      closedAt: closed ? ProfileFixtures.now.addingTimeInterval(3600) : nil, closedBy: closed ? reviewerID : nil)
    }

    @Test func kindsHaveSnakeCaseRawValues() {
        #expect(ReviewCommentKind.allCases.map(\.rawValue) == ["comment", "request_for_information", "response", "acceptance"])
    }

    @Test func sideComesFromMembershipThenReviewerRole() {
        let reviewer = Actor(userID: reviewerID, platformRoles: [.reviewer])
        let member = Actor(userID: memberID, companyRoles: [company: .coordinator])
        let reviewerWhoIsAMember = Actor(userID: UserID(), platformRoles: [.reviewer], companyRoles: [company: .officer])
        let stranger = Actor(userID: UserID(), companyRoles: [CompanyID(): .officer])

        #expect(ReviewCommentRules.side(of: reviewer, company: company) == .reviewer)
        #expect(ReviewCommentRules.side(of: member, company: company) == .company)
        #expect(ReviewCommentRules.side(of: reviewerWhoIsAMember, company: company) == .company)
        #expect(ReviewCommentRules.side(of: stranger, company: company) == nil)
        #expect(ReviewCommentRules.side(of: .anonymous, company: company) == nil)
    }

    @Test func whoMayPostWhichKind() {
        #expect(ReviewCommentRules.allowedKinds(side: .reviewer, role: nil) == [.comment, .requestForInformation, .acceptance])
        for role in [CompanyRole.officer, .coordinator, .contributor, .consultant] {
            #expect(ReviewCommentRules.allowedKinds(side: .company, role: role) == [.comment, .response])
        }
        #expect(ReviewCommentRules.allowedKinds(side: .company, role: .viewer).isEmpty)
        #expect(ReviewCommentRules.allowedKinds(side: nil, role: nil).isEmpty)
    }

    @Test func companyCannotRequestInformationAndReviewerCannotRespond() {
        let thread = ReviewThread(criterionID: "1.2", comments: [])
        #expect {
            try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .requestForInformation, body: "Why?"),
                                            side: .company, role: .officer, thread: thread)
        } throws: { error in
            (error as? ValidationFailure)?.keys == ["profile.error.review_kind_not_allowed"]
        }
        #expect(throws: ValidationFailure.self) {
            try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .response, body: "Here"),
                                            side: .reviewer, role: nil, thread: thread)
        }
    }

    @Test func requestThenResponseThenClose() throws {
        let request = post(.requestForInformation, side: .reviewer, minutes: 0)
        var thread = ReviewThread(criterionID: "1.2", comments: [request])
        #expect(thread.status(of: request) == .open)
        #expect(thread.openRequests.map(\.id) == [request.id])

        let valid = try ReviewCommentRules.validate(
            ReviewCommentDraft(criterionID: "1.2", kind: .response, body: "  Policy attached.  ", replyTo: request.id),
            side: .company, role: .contributor, thread: thread)
        #expect(valid.body == "Policy attached.")
        let response = ReviewComment(profileID: ProfileFixtures.profileID, snapshotID: nil, draft: valid, authorID: memberID,
                                     authorName: "Dewi", createdAt: ProfileFixtures.now.addingTimeInterval(60))
        thread = ReviewThread(criterionID: "1.2", comments: [response, request])
        #expect(thread.comments.map(\.id) == [request.id, response.id]) // oldest first
        #expect(thread.status(of: request) == .answered)
        #expect(thread.responses(to: request.id).map(\.id) == [response.id])
        #expect(ReviewCommentRules.mayClose(request, side: .reviewer))
        #expect(!ReviewCommentRules.mayClose(request, side: .company))

        var closed = request
        closed.closedAt = ProfileFixtures.now.addingTimeInterval(120)
        closed.closedBy = reviewerID
        thread = ReviewThread(criterionID: "1.2", comments: [closed, response])
        #expect(thread.status(of: closed) == .closed)
        #expect(!ReviewCommentRules.mayClose(closed, side: .reviewer))
    }

    @Test func responseMustAnswerAnOpenRequestOfTheSameCriterion() {
        let request = post(.requestForInformation, side: .reviewer, minutes: 0)
        let comment = post(.comment, side: .reviewer, minutes: 1)
        let closedRequest = post(.requestForInformation, side: .reviewer, minutes: 2, closed: true)
        let thread = ReviewThread(criterionID: "1.2", comments: [request, comment, closedRequest])
        func keys(_ replyTo: ReviewCommentID?, body: String? = "Answer") -> [String] {
            do {
                _ = try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .response, body: body,
                                                                       replyTo: replyTo),
                                                    side: .company, role: .officer, thread: thread)
                return []
            } catch {
                return error.keys
            }
        }
        #expect(keys(request.id).isEmpty)
        #expect(keys(nil) == ["profile.error.review_response_needs_request"])
        #expect(keys(comment.id) == ["profile.error.review_response_needs_request"])
        #expect(keys(ReviewCommentID()) == ["profile.error.review_response_needs_request"])
        #expect(keys(closedRequest.id) == ["profile.error.review_request_closed"])
        #expect(keys(request.id, body: " ") == ["profile.error.review_body_required"])
    }

    @Test func viewerCannotPostAtAll() {
        #expect(throws: ValidationFailure.self) {
            try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .comment, body: "Hi"),
                                            side: .company, role: .viewer, thread: ReviewThread(criterionID: "1.2", comments: []))
        }
    }

    @Test func internalNotesAreReviewerOnlyCommentsHiddenFromTheCompany() throws {
        let thread = ReviewThread(criterionID: "1.2", comments: [])
        let note = try ReviewCommentRules.validate(
            ReviewCommentDraft(criterionID: "1.2", kind: .comment, body: "Check their CCTV log", isInternal: true),
            side: .reviewer, role: nil, thread: thread)
        #expect(note.isInternal)

        func keys(_ draft: ReviewCommentDraft, _ side: ReviewSide, _ role: CompanyRole?) -> [String] {
            do {
                _ = try ReviewCommentRules.validate(draft, side: side, role: role, thread: thread)
                return []
            } catch {
                return error.keys
            }
        }
        #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .comment, body: "x", isInternal: true), .company, .officer)
            == ["profile.error.review_internal_not_allowed"])
        #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .requestForInformation, body: "x", isInternal: true),
                     .reviewer, nil) == ["profile.error.review_internal_not_allowed"])

        let internalNote = ReviewComment(profileID: ProfileFixtures.profileID, snapshotID: nil, draft: note, authorID: reviewerID,
                                         authorName: "Rina", createdAt: ProfileFixtures.now)
        let visible = post(.comment, side: .reviewer, minutes: 1)
        let full = ReviewThread(criterionID: "1.2", comments: [internalNote, visible])
        #expect(full.visibleComments(to: .reviewer).count == 2)
        #expect(full.visibleComments(to: .company).map(\.id) == [visible.id])
        #expect(throws: ValidationFailure.self) {
            try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .comment, body: "?",
                                                               replyTo: internalNote.id),
                                            side: .company, role: .officer, thread: full)
        }
    }

    @Test func onlyReviewersAcceptAndTheBodyIsOptional() throws {
        let thread = ReviewThread(criterionID: "1.2", comments: [])
        let accepted = try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: "  "),
                                                       side: .reviewer, role: nil, thread: thread)
        #expect(accepted.kind == .acceptance && accepted.body.isEmpty && accepted.replyTo == nil)
        #expect(ReviewCommentKind.acceptance.defaultBodyKey == "review.default_body.acceptance")
        let withText = try ReviewCommentRules.validate(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: "Seal log is fine."),
                                                       side: .reviewer, role: nil, thread: thread)
        #expect(withText.body == "Seal log is fine.")
        func keys(_ draft: ReviewCommentDraft, _ side: ReviewSide?, _ role: CompanyRole?) -> [String] {
            do {
                _ = try ReviewCommentRules.validate(draft, side: side, role: role, thread: thread)
                return []
            } catch {
                return error.keys
            }
        }
        for role in CompanyRole.allCases {
            #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: nil), .company, role)
                == ["profile.error.review_kind_not_allowed"])
        }
        #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: nil), nil, nil) == ["profile.error.review_kind_not_allowed"])
        #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: "ok", isInternal: true), .reviewer, nil)
            == ["profile.error.review_internal_not_allowed"])
        #expect(keys(ReviewCommentDraft(criterionID: "1.2", kind: .acceptance, body: String(repeating: "x", count: 5_001)), .reviewer, nil)
            == ["profile.error.too_long"])
    }

    @Test func theLatestOfAcceptanceAndRequestWins() {
        #expect(ReviewThread(criterionID: "1.2", comments: []).reviewState == .notReviewed)
        #expect(ReviewThread(criterionID: "1.2", comments: [post(.comment, side: .reviewer, minutes: 0)]).reviewState == .notReviewed)

        let accepted = post(.acceptance, side: .reviewer, minutes: 1)
        #expect(ReviewThread(criterionID: "1.2", comments: [accepted]).reviewState == .accepted)
        #expect(ReviewThread(criterionID: "1.2", comments: [accepted]).acceptance?.id == accepted.id)

        let request = post(.requestForInformation, side: .reviewer, minutes: 2)
        let reopened = ReviewThread(criterionID: "1.2", comments: [accepted, request])
        #expect(reopened.reviewState == .informationRequested && reopened.acceptance == nil)

        let response = post(.response, side: .company, replyTo: request.id, minutes: 3)
        #expect(ReviewThread(criterionID: "1.2", comments: [accepted, request, response]).reviewState == .answered)

        let again = post(.acceptance, side: .reviewer, minutes: 4)
        #expect(ReviewThread(criterionID: "1.2", comments: [request, response, accepted, again]).reviewState == .accepted)
        // a comment after the acceptance does not take it back
        let remark = post(.comment, side: .company, minutes: 5)
        #expect(ReviewThread(criterionID: "1.2", comments: [request, response, again, remark]).reviewState == .accepted)
        // a closed request with no acceptance leaves the criterion to review
        #expect(ReviewThread(criterionID: "1.2", comments: [post(.requestForInformation, side: .reviewer, minutes: 0, closed: true)])
            .reviewState == .notReviewed)
    }

    @Test func reviewSummaryCountsEveryCriterionOnce() {
        let comments = [
            post(.acceptance, "1.1", side: .reviewer, minutes: 0),
            post(.requestForInformation, "1.2", side: .reviewer, minutes: 1),
            post(.requestForInformation, "1.2", side: .reviewer, minutes: 2),
            post(.acceptance, "5.1", side: .reviewer, minutes: 3),
            post(.requestForInformation, "5.1", side: .reviewer, minutes: 4),
            post(.acceptance, "9.9", side: .reviewer, minutes: 5), // not in the snapshot
        ]
        let summary = CriterionReviewSummary(criteria: ["1.1", "1.2", "5.1", "7.1", "7.2"], comments: comments)
        #expect(summary.state(of: "1.1") == .accepted)
        #expect(summary.state(of: "1.2") == .informationRequested)
        #expect(summary.state(of: "5.1") == .informationRequested)
        #expect(summary.state(of: "7.1") == .notReviewed)
        #expect(summary.count(.accepted) == 1 && summary.count(.informationRequested) == 2 && summary.count(.answered) == 0)
        #expect(summary.count(.notReviewed) == 2)
        #expect(summary.openRequests == 3)
    }
}
