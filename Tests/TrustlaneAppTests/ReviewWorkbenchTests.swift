import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14: the reviewer's workbench on a resubmitted profile: acceptances belong to the
    /// submission they were made on, "accept all unchanged" carries forward only what did not
    /// change, each criterion shows its change since the previous submission and where to go next.
    @Suite struct ReviewWorkbench {
        @Test func acceptancesCarryForwardOnlyForUnchangedCriteria() async throws {
            try await withTrustlane { client in
                var now = Date.day("2026-04-01")
                func tick() { now = now.addingTimeInterval(60); client.app.clock = .fixed(now) }
                client.app.clock = .fixed(now)
                let s = try await ProfileCriterionReview.submitted(client)
                let company = s.f.company.companyID
                let (a, b, c) = (s.criteria[0], s.criteria[1], s.criteria[2])
                for criterion in [a, b] {
                    tick()
                    #expect(try await client.post(s.comments(criterion), as: s.reviewer, form: [("kind", "acceptance")]).status == .seeOther)
                }
                #expect(ProfileCriterionReview.counts(try await client.get(s.snapshotPath, as: s.reviewer).text)["accepted"] == 2)

                // The company changes B's narrative and submits again.
                tick()
                let service = ProfileService(app: client.app)
                let context = try await service.require(company: company)
                let answer = try #require(try await service.answers(context).0[b])
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: b, status: .meets, narrative: "Seals now checked by two guards.",
                                                                       baseVersion: answer.version), by: s.f.officer.userID)
                tick()
                #expect(try await client.post("/companies/\(company)/profile/submit", as: s.f.browser, form: [("declaration", "yes")]).status == .seeOther)
                let second = try #require(try await ProfileSnapshotModel.query(on: client.db).filter(\.$sequence == 2).first())
                let secondPath = "/companies/\(company)/profile/snapshots/\(second.id!)"

                // On submission 2 nothing is accepted yet; A can be carried forward, B cannot (it changed).
                let page = try await client.get(secondPath, as: s.reviewer).text
                #expect(ProfileCriterionReview.counts(page)["accepted"] == 0)
                #expect(page.contains("id=\"accept-unchanged\"") && page.contains("data-count=\"1\""))
                #expect(page.contains("id=\"review-first\""))

                // The criterion pages say what changed since submission 1.
                let bPage = try await client.get("/companies/\(company)/profile/criteria/\(b.rawValue)", as: s.reviewer).text
                #expect(bPage.contains("id=\"change-since\" data-changed=\"narrative\""))
                #expect(bPage.contains("id=\"narrative-diff\"") && bPage.contains("<ins>"))
                #expect(bPage.contains("id=\"accepted-earlier\""))
                #expect(bPage.contains("accesskey=\"u\"") && bPage.contains("id=\"accept-next\""))
                let aPage = try await client.get("/companies/\(company)/profile/criteria/\(a.rawValue)", as: s.reviewer).text
                #expect(aPage.contains("id=\"change-since\" data-changed=\"none\""))

                // The company may not carry acceptances forward; the reviewer may.
                let refused = try await client.post("/companies/\(company)/profile/review/accept-unchanged", as: s.f.browser, form: [])
                #expect(refused.status == .forbidden)
                tick()
                let carried = try await client.post("/companies/\(company)/profile/review/accept-unchanged", as: s.reviewer, form: [])
                #expect(carried.status == .seeOther)
                let after = try await client.get(secondPath, as: s.reviewer).text
                #expect(ProfileCriterionReview.counts(after)["accepted"] == 1)
                #expect(ProfileCriterionReview.state(after, a) == "accepted")
                #expect(ProfileCriterionReview.state(after, b) == "not_reviewed")
                #expect(after.contains("id=\"nothing-unchanged\""), "nothing left to carry forward")
                let audit = try await AuditEntryModel.query(on: client.db).filter(\.$action == "review.accept_unchanged").all()
                #expect(audit.count == 1)
                // Doing it again adds nothing.
                _ = try await client.post("/companies/\(company)/profile/review/accept-unchanged", as: s.reviewer, form: [])
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "review.accept_unchanged").count() == 1)

                // "Accept and go on" lands on the next criterion not accepted on submission 2.
                tick()
                let onward = try await client.post(s.comments(b), as: s.reviewer, form: [("kind", "acceptance"), ("next", c.rawValue)])
                #expect(onward.headers.first(name: .location)?.contains("/criteria/\(c.rawValue)") == true)
                #expect(ProfileCriterionReview.state(try await client.get(secondPath, as: s.reviewer).text, b) == "accepted")
            }
        }

        /// A request on one criterion reaches the company's inbox and email, naming the company,
        /// the criterion and linking to it; an internal note reaches nobody.
        @Test func aRequestOnOneCriterionNotifiesTheCompany() async throws {
            try await withTrustlane { client in
                let s = try await ProfileCriterionReview.submitted(client)
                let criterion = s.criteria[0]
                #expect(try await client.post(s.comments(criterion), as: s.reviewer,
                                              form: [("kind", "request_for_information"), ("body", "Send the seal log of May")]).status == .seeOther)
                #expect(try await client.post(s.comments(criterion), as: s.reviewer,
                                              form: [("kind", "comment"), ("body", "INTERNAL-ONLY note"), ("internal", "true")]).status == .seeOther)
                let inbox = try await client.get("/notifications", as: s.f.browser).text
                #expect(inbox.contains("data-key=\"notification.criterion_request\""))
                #expect(inbox.contains("<strong class=\"notification-company\">Harborline Imports</strong>"))
                #expect(inbox.contains("criterion \(criterion.rawValue)") && inbox.contains("Send the seal log of May"))
                #expect(inbox.contains("/profile/criteria/\(criterion.rawValue)#review-thread"))
                #expect(!inbox.contains("INTERNAL-ONLY"))
                let emails = try await NotificationModelCount.count(client.db, key: "notification.criterion_request", channel: "email")
                #expect(emails == 1)
            }
        }

        @Test func queueShowsAgeTabsAndExportsWhatItShows() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client, name: "Queue Age Co")
                _ = try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                try await f.submitProfileSnapshot()
                client.app.clock = .fixed(.day("2026-04-16"))
                let reviewer = try await client.signIn(f.reviewer.email)
                let queue = try await client.get("/review", as: reviewer).text
                #expect(queue.contains("id=\"queue-mine\"") && queue.contains("id=\"queue-unassigned\""))
                #expect(queue.contains("data-age=\"45\""), "applied 45 days ago, against the 90-day target")
                let csv = try await client.get("/review/queue.csv", as: reviewer)
                #expect(csv.status == .ok && csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("company,country,entity_type,status") == true)
                #expect(lines.contains { $0.hasPrefix("Queue Age Co,") && $0.contains(",45,") })

                let overview = try await client.get("/review/overview", as: reviewer).text
                for chart in ["chart-states", "chart-entity-types", "chart-countries", "chart-overdue-age"] {
                    #expect(overview.contains("id=\"\(chart)\""), "\(chart)")
                }
                #expect(overview.contains("<svg") && !overview.contains("<script"))
                let totals = try await client.get("/review/overview.csv", as: reviewer).text
                #expect(totals.contains("entity_type,\(f.type.code),1"))

                // A company member reads neither.
                let officer = try await client.signIn(f.officer.email)
                #expect(try await client.get("/review/queue.csv", as: officer).status == .forbidden)
                #expect(try await client.get("/review/overview.csv", as: officer).status == .forbidden)
            }
        }
    }
}

