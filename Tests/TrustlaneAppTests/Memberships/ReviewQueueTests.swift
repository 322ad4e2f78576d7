import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct ReviewQueue {
        @Test func queueIsSortedByNearestDeadlineFilterableAndBoundedInQueries() async throws {
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let reviewers = (try await client.makeUser("q1@example.com", name: "Quinn Reviewer", reviewer: true),
                                 try await client.makeUser("q2@example.com", reviewer: true))
                var fixtures: [LifecycleFixture] = []
                for (index, day) in ["2026-02-01", "2026-01-10", "2026-01-20"].enumerated() {
                    client.app.clock = .fixed(.day(day))
                    let f = try await LifecycleFixture.make(client, name: "Queue Co \(index)", reviewers: reviewers)
                    try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                    fixtures.append(f)
                }
                client.app.clock = .fixed(.day("2026-03-01"))
                let reviewer = try await client.signIn(reviewers.0.email)
                let page = try await client.get("/review", as: reviewer)
                let order = ["Queue Co 1", "Queue Co 2", "Queue Co 0"].map { page.text.range(of: $0)?.lowerBound }
                #expect(order.allSatisfy { $0 != nil })
                #expect(order[0]! < order[1]! && order[1]! < order[2]!)

                let filtered = try await client.api(.GET, "/api/v1/review/queue?state=applied&entityType=HC&country=MX&reviewer=unassigned",
                                                    token: fixtures[0].reviewerToken)
                #expect(filtered.status == .ok && filtered.text.contains(#""total":3"#))
                #expect(try await client.api(.GET, "/api/v1/review/queue?country=US", token: fixtures[0].reviewerToken).text.contains(#""total":0"#))
                let bad = try await client.api(.GET, "/api/v1/review/queue?state=sleeping&per=0", token: fixtures[0].reviewerToken)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"state""#) && bad.text.contains(#""field":"per""#))

                let few = try await client.pageQueries("/review", as: reviewer).queries
                for index in 3..<9 {
                    let f = try await LifecycleFixture.make(client, name: "Queue Co \(index)", reviewers: reviewers)
                    try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                }
                let many = try await client.pageQueries("/review", as: reviewer).queries
                if !usingPostgres { #expect(few == many && many <= 12, "queue queries: \(few) → \(many)") }
                let overviewFew = try await QueryCounter.shared.measure { _ = try await client.get("/review/overview", as: reviewer) }
                #expect(overviewFew <= 12)

                let overview = try await client.get("/review/overview", as: reviewer)
                #expect(overview.status == .ok && overview.text.contains("by-country") && overview.text.contains("id=\"overdue\""))
                // Queue Co 1 applied on 2026-01-10: its 90-day target passed on 2026-04-10.
                client.app.clock = .fixed(.day("2026-04-15"))
                let api = try await client.api(.GET, "/api/v1/review/overview", token: fixtures[0].reviewerToken)
                #expect(api.status == .ok && api.text.contains(#""applied":9"#) && api.text.contains(#""overdueTotal":1"#))
                #expect(api.text.contains("Queue Co 1") && !api.text.contains("Queue Co 2"))
            }
        }

        @Test func theOverviewCountsTheOverdueByAgeAtEachBucketsEdges() async throws {
            // The buckets follow one another from the first day overdue: their sum is the total.
            let ages = ReviewQueueQueries.overdueAges
            #expect(ages.first?.lowerBound == 1 && ages.last?.upperBound == Int.max)
            #expect(zip(ages, ages.dropFirst()).allSatisfy { $0.upperBound + 1 == $1.lowerBound })
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let reviewers = (try await client.makeUser("edge1@example.com", reviewer: true), try await client.makeUser("edge2@example.com", reviewer: true))
                let today = ProgramDay("2026-06-01")!
                // Days overdue of each application (0: due today, not overdue; nil: no target).
                let overdue: [Int?] = [0, 1, 30, 31, 90, 91, 180, 181, 400, nil]
                let sql = client.db as! any SQLDatabase
                for (index, days) in overdue.enumerated() {
                    let f = try await LifecycleFixture.make(client, name: "Edge Co \(index)", reviewers: reviewers)
                    try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                    let due = days.map { today.adding(days: -$0).description }
                    try await sql.raw("UPDATE membership_applications SET next_due_on = \(bind: due) WHERE company_id = \(bind: f.company.id!)").run()
                }
                let overview = try await ReviewQueueQueries(client.db).overview(today: today)
                #expect(overview.overdueByAge == [2, 2, 2, 2])
                #expect(overview.overdueTotal == 8)
                #expect(overview.overdue.count == 8)
            }
        }

        @Test func assignmentAndReassignmentNameAReviewer() async throws {
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let f = try await LifecycleFixture.make(client)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                try await f.api(#"{"kind":"assign_reviewer","reviewerId":"\#(f.reviewer.id!.uuidString)"}"#)
                #expect(try await f.application().assignedReviewerID == f.reviewer.userID)
                try await f.api(#"{"kind":"assign_reviewer","reviewerId":"\#(f.otherReviewer.id!.uuidString)"}"#)
                #expect(try await f.application().assignedReviewerID == f.otherReviewer.userID)
                let mine = try await client.api(.GET, "/api/v1/review/queue?reviewer=\(f.otherReviewer.id!.uuidString)", token: f.reviewerToken)
                #expect(mine.text.contains(#""total":1"#))
                let inbox = try await client.api(.GET, "/api/v1/notifications", token: try await client.token(for: f.otherReviewer))
                #expect(inbox.text.contains("notification.assign_reviewer"))
            }
        }
    }
}
