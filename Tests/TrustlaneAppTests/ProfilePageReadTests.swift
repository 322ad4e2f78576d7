import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// The profile page's reads (`ProfileQueries.page(company:on:)`): on SQLite one statement of
/// eight parts, on PostgreSQL the single queries. Either way the page gets what each single
/// query gets, of the current profile and the company only.
extension AppTests {
    @Suite struct ProfilePageReads {
        static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }

        /// Rows of every part for `profile` (its company `company`), each kind named after `tag`.
        static func seed(_ db: any Database, company: UUID, profile: UUID, criteria: [CriterionID], tag: String) async throws {
            // Evidence titled against the order of insertion: the read must sort by title.
            for (index, title) in ["\(tag) zebra policy", "\(tag) alpha seal log"].enumerated() {
                let file = EvidenceFileModel()
                file.id = UUID()
                file.$company.id = company
                file.title = title
                file.fileName = "f\(index).pdf"
                file.sha256 = String(repeating: String(index), count: 64)
                file.size = 10
                file.contentType = "application/pdf"
                file.expiresAt = index == 0 ? day("2026-01-31") : nil
                file.uploadedAt = day("2026-01-01")
                try await file.create(on: db)
                let link = EvidenceLinkModel()
                link.profileID = profile
                link.criterionID = criteria[0].rawValue
                link.evidenceID = try file.requireID()
                link.linkedAt = day("2026-01-02")
                try await link.create(on: db)
            }
            // Requests for information: two open on the first criterion, one open on the second;
            // an internal note and an answered request do not count.
            for (criterion, status, isInternal) in [(criteria[0], "open", false), (criteria[0], "open", false), (criteria[1], "open", false),
                                                    (criteria[1], "open", true), (criteria[1], "closed", false)] {
                let comment = ReviewCommentModel()
                comment.profileID = profile
                comment.criterionID = criterion.rawValue
                comment.kind = "request_for_information"
                comment.status = status
                comment.body = "\(tag): please show the log"
                comment.isInternal = isInternal
                comment.createdAt = day("2026-02-01")
                try await comment.create(on: db)
            }
            // Decisions on the second criterion, the newer (sequence 2) written first.
            for (sequence, verdict) in [(2, "accepted"), (1, "rejected")] {
                let decision = NotApplicableDecisionModel()
                decision.profileID = profile
                decision.criterionID = criteria[1].rawValue
                decision.sequence = sequence
                decision.answerVersion = sequence
                decision.verdict = verdict
                decision.reason = "\(tag) decision \(sequence)"
                decision.decidedAt = day("2026-03-0\(sequence)")
                try await decision.create(on: db)
            }
        }

        static func companyRows(_ db: any Database, company: UUID, tag: String) async throws {
            // Actions due in the other order than written.
            for (title, due) in [("\(tag) due later", "2026-09-30"), ("\(tag) due first", "2026-04-30")] {
                let action = CorrectiveActionModel()
                action.$company.id = company
                action.title = title
                action.owner = "Olivia"
                action.dueDate = day(due)
                action.status = "open"
                action.notes = ""
                action.criteria = "1.1"
                action.source = "manual"
                action.version = 1
                action.createdAt = day("2026-01-01")
                action.updatedAt = day("2026-01-01")
                try await action.create(on: db)
            }
            for assessed in ["2026-06-01", "2026-01-15"] {
                let assessment = RiskAssessmentModel()
                assessment.companyID = company
                assessment.title = "\(tag) \(assessed)"
                assessment.assessedOn = assessed
                assessment.nextReviewOn = "2027-" + assessed.dropFirst(5)
                assessment.method = "{}"
                assessment.createdAt = day("2026-01-01")
                assessment.updatedAt = day("2026-01-01")
                try await assessment.create(on: db)
            }
        }

        @Test func onePageReadGivesWhatEachQueryGivesOfTheCurrentProfileOnly() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let company = f.company.companyID
                let service = ProfileService(app: client.app)
                let db = client.db
                let sql = db as! any SQLDatabase

                // An archived profile of the same company, and another company's profile, with rows of every kind.
                let archived = try await service.open(company: company, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let criteria = archived.scope.criteria.prefix(3).map(\.id)
                try await Self.seed(db, company: company.rawValue, profile: archived.id, criteria: criteria, tag: "archived")
                try await sql.raw("UPDATE security_profiles SET archived_at = \(bind: Self.day("2026-01-10")) WHERE id = \(bind: archived.id)").run()
                let other = try await client.makeCompany("Other Imports", country: "US", types: [.importer])
                let otherProfile = try await service.open(company: other.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                try await Self.seed(db, company: other.id!, profile: otherProfile.id, criteria: criteria, tag: "other")
                try await Self.companyRows(db, company: other.id!, tag: "other")

                // The current profile: two answers saved (a save sets its evidence links), then rows of every kind.
                let context = try await service.open(company: company, entityTypes: ["IMP"], catalogID: nil, by: nil)
                #expect(context.id != archived.id)
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: criteria[0], status: .meets, narrative: "Seals logged at the gate.",
                                                                       baseVersion: 0), by: f.officer.userID)
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: criteria[2], status: .partly,
                                                                       narrative: "Half the trailers.", baseVersion: 0), by: f.officer.userID)
                try await Self.seed(db, company: company.rawValue, profile: context.id, criteria: criteria, tag: "current")
                try await Self.companyRows(db, company: company.rawValue, tag: "current")

                let read = try #require(try await ProfileQueries(db).page(company: company, on: db))
                #expect(read.company.legalName == "Harborline Imports")
                #expect(read.profile?.id == context.id)
                #expect(read.profile?.catalogID == context.profile.catalogID && read.profile?.entityTypes == context.profile.entityTypes)

                // What the page must show, stated outright (so PostgreSQL's path is checked too)...
                #expect(read.answers.count == context.scope.criteria.count)
                let answers = Dictionary(uniqueKeysWithValues: read.answers.map { ($0.criterion_id, $0) })
                #expect(answers[criteria[0].rawValue]?.narrative == "Seals logged at the gate." && answers[criteria[0].rawValue]?.version == 1)
                #expect(answers[criteria[2].rawValue]?.status == "partly")
                #expect(answers[criteria[1].rawValue]?.version == 0 && answers[criteria[1].rawValue]?.updated_by == nil)
                #expect(read.links.map(\.title) == ["current alpha seal log", "current zebra policy"])
                #expect(read.links.first { $0.title == "current zebra policy" }?.expires_at == Self.day("2026-01-31"))
                #expect(read.requests == [criteria[0].rawValue: 2, criteria[1].rawValue: 1])
                #expect(read.actions.map(\.title) == ["current due first", "current due later"])
                #expect(read.decisions.count == 1)
                #expect(read.decisions[criteria[1]]?.verdict == .accepted && read.decisions[criteria[1]]?.reason == "current decision 2")
                #expect(read.assessment?.assessedOn == "2026-06-01" && read.assessment?.nextReviewOn == "2027-06-01")

                // ...and the same as each single query gives.
                let queries = ProfileQueries(db)
                let single = try await queries.answers(profile: context.id)
                #expect(Set(single.map { "\($0.criterion_id)|\($0.status)|\($0.narrative)|\($0.version)|\(String(describing: $0.updated_at))" })
                    == Set(read.answers.map { "\($0.criterion_id)|\($0.status)|\($0.narrative)|\($0.version)|\(String(describing: $0.updated_at))" }))
                #expect(try await queries.links(profile: context.id).map(\.evidence_id) == read.links.map(\.evidence_id))
                #expect(try await queries.openRequests(profile: context.id) == read.requests)
                #expect(try await queries.actions(company: company).map(\.id) == read.actions.map(\.id))
                #expect(try await NotApplicableDecisionModel.latest(profile: context.id, on: db) == read.decisions)
                #expect(try await RiskQueries.latestAssessment(company: company, on: db)?.id == read.assessment?.id)

                // A company without a profile reads as such; an unknown one reads as nothing.
                let bare = try await client.makeCompany("Bare Imports", country: "US", types: [.importer])
                let bareRead = try #require(try await ProfileQueries(db).page(company: bare.companyID, on: db))
                #expect(bareRead.profile == nil && bareRead.answers.isEmpty && bareRead.actions.isEmpty && bareRead.company.legalName == "Bare Imports")
                #expect(try await ProfileQueries(db).page(company: CompanyID(UUID()), on: db) == nil)

                // The page shows the newer assessment, and nothing of the other company.
                let page = try await client.get("/companies/\(company)/profile", as: f.browser)
                #expect(page.status == .ok && page.text.contains("id=\"latest-assessment\""))
                #expect(page.text.contains("2026-06-01") && !page.text.contains("2026-01-15") && !page.text.contains("other due") && !page.text.contains("other zebra"))
            }
        }
    }
}
