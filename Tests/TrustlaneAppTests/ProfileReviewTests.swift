import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct ProfileCriterionReview {
        /// A profile answered in full and submitted by the officer; the reviewer signed in.
        struct Submitted {
            let f: SecurityProfile.Fixture
            let reviewer: TestClient.Browser
            let criteria: [CriterionID]
            let snapshotPath: String

            func comments(_ criterion: CriterionID) -> String {
                "/companies/\(f.company.companyID)/profile/criteria/\(criterion.rawValue)/comments"
            }
        }

        static func submitted(_ client: TestClient) async throws -> Submitted {
            let f = try await SecurityProfile.fixture(client)
            let reviewer = try await client.makeUser("reviewer@example.com", name: "Rosa Reviewer", reviewer: true)
            let service = ProfileService(app: client.app)
            var context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
            try await service.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "yes") }), by: nil)
            context = try await service.require(company: f.company.companyID)
            for scoped in context.scope.criteria {
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: "Done for \(scoped.id.rawValue).",
                                                                       baseVersion: 0), by: f.officer.userID)
            }
            let submitted = try await client.post("/companies/\(f.company.companyID)/profile/submit", as: f.browser, form: [("declaration", "yes")])
            #expect(submitted.status == .seeOther)
            let snapshot = try #require(try await ProfileSnapshotModel.query(on: client.db).first())
            let criteria = try ProfileSnapshot.decode(Data(snapshot.content.utf8)).entries.map(\.criterionID)
            return Submitted(f: f, reviewer: try await client.signIn(reviewer.email), criteria: criteria,
                             snapshotPath: "/companies/\(f.company.companyID)/profile/snapshots/\(snapshot.id!)")
        }

        /// The summary counts and open requests shown at the top of the snapshot page.
        static func counts(_ page: String) -> [String: Int] {
            var counts: [String: Int] = [:]
            for state in CriterionReviewState.allCases.map(\.rawValue) {
                guard let range = page.range(of: "data-review-count=\"\(state)\" data-count=\"") else { continue }
                counts[state] = Int(page[range.upperBound...].prefix { $0.isNumber })
            }
            if let range = page.range(of: "data-open-requests=\"") { counts["open_requests"] = Int(page[range.upperBound...].prefix { $0.isNumber }) }
            return counts
        }

        /// The state tag of one criterion's entry on the snapshot page.
        static func state(_ page: String, _ criterion: CriterionID) -> String? {
            guard let start = page.range(of: "id=\"s-\(criterion.rawValue)\"") else { return nil }
            let rest = page[start.upperBound...]
            guard let tag = rest.range(of: "data-review-state=\"") else { return nil }
            return String(rest[tag.upperBound...].prefix { $0 != "\"" })
        }

        @Test func reviewerAcceptsAsksAndTheSnapshotShowsTheReviewState() async throws {
            try await withTrustlane { client in
                var now = Date.day("2026-04-01")
                func tick() { now = now.addingTimeInterval(60); client.app.clock = .fixed(now) }
                client.app.clock = .fixed(now)
                let s = try await Self.submitted(client)
                let (a, b) = (s.criteria[0], s.criteria[1])
                let total = s.criteria.count

                // Nothing reviewed yet; the page reads the review in a fixed number of queries.
                let fresh = try await client.get(s.snapshotPath, as: s.reviewer)
                #expect(Self.counts(fresh.text) == ["accepted": 0, "information_requested": 0, "answered": 0, "not_reviewed": total, "open_requests": 0])
                let fewQueries = try await QueryCounter.shared.measure { _ = try await client.get(s.snapshotPath, as: s.reviewer) }

                // The reviewer accepts A (no text needed; a double click records one), asks about B.
                let criterionPage = try await client.get("/companies/\(s.f.company.companyID)/profile/criteria/\(a.rawValue)", as: s.reviewer)
                #expect(criterionPage.text.contains("id=\"accept-form\""))
                tick()
                #expect(try await client.post(s.comments(a), as: s.reviewer, form: [("kind", "acceptance")]).status == .seeOther)
                tick()
                #expect(try await client.post(s.comments(a), as: s.reviewer, form: [("kind", "acceptance"), ("body", "")]).status == .seeOther)
                #expect(try await ReviewCommentModel.query(on: client.db).filter(\.$kind == "acceptance").count() == 1)
                tick()
                #expect(try await client.post(s.comments(b), as: s.reviewer, form: [("kind", "request_for_information"),
                                                                                 ("body", "Send the seal log.")]).status == .seeOther)
                tick()
                #expect(try await client.post(s.comments(a), as: s.reviewer, form: [("kind", "comment"), ("body", "NOTE-4471 weak CCTV"),
                                                                                 ("internal", "true")]).status == .seeOther)

                let reviewed = try await client.get(s.snapshotPath, as: s.reviewer)
                #expect(Self.counts(reviewed.text) == ["accepted": 1, "information_requested": 1, "answered": 0, "not_reviewed": total - 2,
                                                       "open_requests": 1])
                #expect(Self.state(reviewed.text, a) == "accepted" && Self.state(reviewed.text, b) == "information_requested")
                let manyQueries = try await QueryCounter.shared.measure { _ = try await client.get(s.snapshotPath, as: s.reviewer) }
                if !usingPostgres { #expect(fewQueries == manyQueries, "queries: \(fewQueries) → \(manyQueries)") }
                let accepted = try await client.get("/companies/\(s.f.company.companyID)/profile/criteria/\(a.rawValue)", as: s.reviewer)
                #expect(accepted.text.contains("Criterion accepted as submitted.") && !accepted.text.contains("id=\"accept-form\""))

                // The company sees the acceptance state, never the internal note, and cannot accept.
                let companyView = try await client.get(s.snapshotPath, as: s.f.browser)
                #expect(companyView.status == .ok && Self.state(companyView.text, a) == "accepted" && !companyView.text.contains("NOTE-4471"))
                let companyCriterion = try await client.get("/companies/\(s.f.company.companyID)/profile/criteria/\(a.rawValue)", as: s.f.browser)
                #expect(companyCriterion.text.contains("data-review-state=\"accepted\"") && !companyCriterion.text.contains("NOTE-4471"))
                #expect(!companyCriterion.text.contains("id=\"accept-form\""))
                let forged = try await client.post(s.comments(b), as: s.f.browser, form: [("kind", "acceptance"), ("body", "We accept ourselves")])
                #expect(forged.status == .badRequest || forged.status == .forbidden)
                #expect(try await ReviewCommentModel.query(on: client.db).filter(\.$kind == "acceptance").count() == 1)

                // A later request on A takes the acceptance back; accepting B settles its open request.
                tick()
                #expect(try await client.post(s.comments(a), as: s.reviewer, form: [("kind", "request_for_information"),
                                                                                 ("body", "The CCTV retention changed?")]).status == .seeOther)
                tick()
                #expect(try await client.post(s.comments(b), as: s.reviewer, form: [("kind", "acceptance"), ("body", "Seal log seen on site.")])
                    .status == .seeOther)
                let later = try await client.get(s.snapshotPath, as: s.reviewer)
                #expect(Self.state(later.text, a) == "information_requested" && Self.state(later.text, b) == "accepted")
                #expect(Self.counts(later.text) == ["accepted": 1, "information_requested": 1, "answered": 0, "not_reviewed": total - 2,
                                                    "open_requests": 1])
                let bRequest = try #require(try await ReviewCommentModel.query(on: client.db).filter(\.$criterionID == b.rawValue)
                    .filter(\.$kind == "request_for_information").first())
                #expect(bRequest.status == "closed")
                let audited = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(audited.filter { $0 == "review.acceptance" }.count == 2 && audited.contains("review.request_closed"))
            }
        }

        @Test func acceptingNeedsASubmission() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let context = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let criterion = try #require(context.scope.criteria.first)
                let browser = try await client.signIn(reviewer.email)
                let page = try await client.get("/companies/\(f.company.companyID)/profile/criteria/\(criterion.id.rawValue)", as: browser)
                #expect(page.status == .ok && !page.text.contains("id=\"accept-form\""))
                let refused = try await client.post("/companies/\(f.company.companyID)/profile/criteria/\(criterion.id.rawValue)/comments", as: browser,
                                                    form: [("kind", "acceptance")])
                #expect(refused.status == .badRequest)
                #expect(try await ReviewCommentModel.query(on: client.db).count() == 0)
            }
        }
    }
}
