import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct MembershipClockEdges {
        static func clock(_ client: TestClient, _ f: LifecycleFixture, _ kind: ClockKind) async throws -> ClockResponse? {
            let response = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/memberships", token: f.officerToken)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            struct Item: Decodable { let entityType: String; let clocks: [ClockResponse] }
            let items = try decoder.decode([Item].self, from: Data(response.text.utf8))
            return items.first { $0.entityType == f.type.code }?.clocks.first { $0.kind == kind.rawValue }
        }

        @Test func certificationTargetOnDays89_90_91() async throws {
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let start = ProgramDay("2026-01-05")!
                client.app.clock = .fixed(.day(start.description))
                let f = try await LifecycleFixture.make(client)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                for (day, left, state) in [(89, 1, "due_soon"), (90, 0, "due_soon"), (91, -1, "overdue")] {
                    client.app.clock = .fixed(.day(start.adding(days: day).description))
                    let officer = try await client.signIn(f.officer.email)
                    let clock = try #require(try await Self.clock(client, f, .certificationDecision))
                    #expect(clock.dueOn == start.adding(days: 90).description)
                    #expect(clock.daysLeft == left && clock.state == state, "day \(day): \(clock)")
                    let page = try await client.get("/companies/\(f.companyID)/membership", as: officer)
                    #expect(page.text.contains(#"data-clock="certification_decision" data-state="\#(state)" data-days-left="\#(left)""#))
                }
                // The reviewer queue shows the same deadline.
                let queue = try await client.api(.GET, "/api/v1/review/queue", token: f.reviewerToken)
                #expect(queue.text.contains(#""nextDueOn":"\#(start.adding(days: 90))""#) && queue.text.contains(#""daysLeft":-1"#))
            }
        }

        @Test func annualReviewCountsOnlyInsideItsWindowFirstAndLastDayIncluded() async throws {
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let certifiedOn = ProgramDay("2025-06-10")!
                let anniversary = certifiedOn.adding(years: 1)
                let opens = anniversary.adding(days: -90)
                let reviewers = (try await client.makeUser("r1@example.com", reviewer: true), try await client.makeUser("r2@example.com", reviewer: true))
                var fixtures: [LifecycleFixture] = []
                for name in ["Early Carrier", "First Day Carrier", "Last Day Carrier", "Late Carrier"] {
                    client.app.clock = .fixed(.day(certifiedOn.description))
                    let f = try await LifecycleFixture.make(client, name: name, reviewers: reviewers)
                    try await f.certify()
                    fixtures.append(f)
                }
                let submit = #"{"kind":"submit_annual_review","noUnpaidDebt":true}"#
                client.app.clock = .fixed(.day(opens.adding(days: -1).description))
                let early = try await fixtures[0].api(submit, as: fixtures[0].officerToken, expect: .conflict)
                #expect(early.text.contains("outside_annual_window"))

                client.app.clock = .fixed(.day(opens.description))
                let clock = try #require(try await Self.clock(client, fixtures[1], .annualReview))
                #expect(clock.startedOn == opens.description && clock.dueOn == anniversary.description && clock.daysLeft == 90)
                try await fixtures[1].api(submit, as: fixtures[1].officerToken)
                #expect(try await Self.clock(client, fixtures[1], .annualReview)?.state == "met")

                client.app.clock = .fixed(.day(anniversary.description))
                #expect(try await Self.clock(client, fixtures[2], .annualReview)?.daysLeft == 0)
                try await fixtures[2].api(submit, as: fixtures[2].officerToken)

                client.app.clock = .fixed(.day(anniversary.adding(days: 1).description))
                #expect(try await Self.clock(client, fixtures[3], .annualReview)?.state == "overdue")
                let late = try await fixtures[3].api(submit, as: fixtures[3].officerToken, expect: .conflict)
                #expect(late.text.contains("outside_annual_window"))
            }
        }

        @Test func clockPassNotifiesOnceAndKeepsTheQueueKeyFresh() async throws {
            try await withTrustlane(configure: { $0.programSettings.certificationClockStart = .application }) { client in
                let start = ProgramDay("2026-01-05")!
                client.app.clock = .fixed(.day(start.description))
                let f = try await LifecycleFixture.make(client)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                client.app.clock = .fixed(.day(start.adding(days: 91).description))
                let first = try await ClockPass(app: client.app).run()
                #expect(first.notifications >= 1)
                let rows = try await client.count(NotificationRecordCount.self)
                let again = try await ClockPass(app: client.app).run()
                #expect(again.notifications == 0)
                #expect(try await client.count(NotificationRecordCount.self) == rows)
                let audited = try await AuditEntryModel.query(on: client.db).filter(\.$action == "lifecycle.clock").count()
                #expect(audited == first.notifications)

                // The reviewer's inbox holds the overdue notice; the navigation counts it; reading clears it.
                let reviewer = try await client.signIn(f.reviewer.email)
                let inbox = try await client.get("/notifications", as: reviewer)
                #expect(inbox.status == .ok && inbox.text.contains("notification.clock.certification_decision.overdue"))
                #expect(inbox.text.contains("id=\"unread-count\""))
                try await client.post("/notifications/read-all", as: reviewer)
                #expect(!(try await client.get("/notifications", as: reviewer)).text.contains("id=\"unread-count\""))
                let api = try await client.api(.GET, "/api/v1/notifications", token: f.reviewerToken)
                #expect(api.status == .ok && api.text.contains(#""unread":0"#))
            }
        }
    }
}
