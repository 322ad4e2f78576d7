import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 14: an acceptance counts for the submission it was made on; what is unchanged since can
/// be accepted again in one step; the decision panel lists what stands open.
@Suite("Review of one submission")
struct SubmissionReviewTests {
    let reviewer = UserID()

    func snapshot(_ entries: [SnapshotEntry], minutes: Double = 0) -> ProfileSnapshot {
        ProfileSnapshot(profileID: ProfileFixtures.profileID, companyID: ProfileFixtures.companyID, catalogID: "test",
                        entityTypes: [.importer], conditions: ConditionAnswers(), submittedBy: ProfileFixtures.officer,
                        submittedAt: ProfileFixtures.now.addingTimeInterval(minutes * 60), entries: entries)
    }

    func post(_ kind: ReviewCommentKind, _ criterion: CriterionID, on snapshot: ProfileSnapshot, minutes: Double) -> ReviewComment {
        ReviewComment(profileID: ProfileFixtures.profileID, snapshotID: snapshot.id, criterionID: criterion, kind: kind, body: "",
                      authorID: reviewer, authorName: "Rina", side: .reviewer, createdAt: ProfileFixtures.now.addingTimeInterval(minutes * 60))
    }

    @Test func acceptanceOfAnEarlierSubmissionDoesNotCountForALaterOne() {
        let first = snapshot([SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "Policy signed")])
        let second = snapshot([SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "Policy signed")], minutes: 10)
        let accepted = post(.acceptance, "1.1", on: first, minutes: 1)
        let thread = ReviewThread(criterionID: "1.1", comments: [accepted])
        #expect(thread.reviewState(on: first.id) == .accepted)
        #expect(thread.reviewState(on: second.id) == .notReviewed)
        #expect(thread.reviewState == .accepted, "without a submission, the latest verdict")
        let summary = CriterionReviewSummary(criteria: ["1.1"], comments: [accepted], on: second.id)
        #expect(summary.count(.accepted) == 0 && summary.count(.notReviewed) == 1)
    }

    @Test func onlyUnchangedEntriesAcceptedEarlierAreCarriedForward() {
        let first = snapshot([
            SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "Policy signed"),
            SnapshotEntry(criterionID: "1.2", status: .meets, narrative: "Seals logged"),
            SnapshotEntry(criterionID: "1.3", status: .meets, narrative: "Guards trained"),
            SnapshotEntry(criterionID: "1.4", status: .partly, narrative: "Cameras planned"),
        ])
        let second = snapshot([
            SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "Policy signed"),
            SnapshotEntry(criterionID: "1.2", status: .meets, narrative: "Seals logged twice a day"),
            SnapshotEntry(criterionID: "1.3", status: .meets, narrative: "Guards trained"),
            SnapshotEntry(criterionID: "1.4", status: .partly, narrative: "Cameras planned"),
        ], minutes: 10)
        let posts = [
            post(.acceptance, "1.1", on: first, minutes: 1),
            post(.acceptance, "1.2", on: first, minutes: 2),
            post(.acceptance, "1.3", on: first, minutes: 3),
            post(.requestForInformation, "1.3", on: first, minutes: 4),  // a request after the acceptance takes it back
        ]
        #expect(UnchangedSinceAcceptance.snapshotsNeeded(for: second.id, comments: posts) == [first.id])
        #expect(UnchangedSinceAcceptance.criteria(in: second, comments: posts, earlier: [first.id: first]) == ["1.1"])
        #expect(UnchangedSinceAcceptance.criteria(in: second, comments: posts, earlier: [:]).isEmpty, "unknown submissions count as changed")
        let again = posts + [post(.acceptance, "1.1", on: second, minutes: 11)]
        #expect(UnchangedSinceAcceptance.criteria(in: second, comments: again, earlier: [first.id: first]).isEmpty, "already accepted on this one")
    }

    @Test func decisionSummaryListsOnlyWhatStandsOpen() {
        let current = snapshot([SnapshotEntry(criterionID: "1.1", status: .meets), SnapshotEntry(criterionID: "1.2", status: .meets)])
        let review = CriterionReviewSummary(criteria: ["1.1", "1.2"], comments: [post(.acceptance, "1.1", on: current, minutes: 1),
                                                                                 post(.requestForInformation, "1.2", on: current, minutes: 2)],
                                            on: current.id)
        let summary = DecisionSummary(submission: 2, criteria: 2, review: review, openFindings: 0, overdueActions: 3, overdueClocks: 0)
        #expect(summary.concerns.map(\.concern) == [.criteriaNotAccepted, .openRequests, .overdueActions])
        #expect(summary.concerns.map(\.count) == [1, 1, 3])
        #expect(summary.accepted == 1 && !summary.isClear)
        let none = DecisionSummary(submission: nil, criteria: 0, review: nil, openFindings: 0, overdueActions: 0, overdueClocks: 0)
        #expect(none.concerns.map(\.concern) == [.noSubmission])
        let clear = DecisionSummary(submission: 1, criteria: 1,
                                    review: CriterionReviewSummary(criteria: ["1.1"], comments: [post(.acceptance, "1.1", on: current, minutes: 1)], on: current.id),
                                    openFindings: 0, overdueActions: 0, overdueClocks: 0)
        #expect(clear.isClear)
    }

    @Test func barChartEscapesLabelsAndScalesToTheLargest() {
        let chart = BarChart(title: "By <country>", bars: [BarChart.Bar(key: "MX", label: "<script>", value: 10),
                                                          BarChart.Bar(key: "ID", label: "Indonesia", value: 5),
                                                          BarChart.Bar(key: "NL", label: "Netherlands", value: 0)])
        let svg = chart.svg
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;") && svg.contains("By &lt;country&gt;"))
        #expect(svg.contains("data-key=\"MX\" data-value=\"10\"") && svg.contains("data-key=\"NL\" data-value=\"0\""))
        // The largest bar spans the whole bar area (520 - 190 - 70 = 260), half the value half of it.
        #expect(svg.contains("width=\"260\"") && svg.contains("width=\"130\""))
    }
}
