import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 11: a profile answered against ctpat-msc-2020 moves to revision 2 with its answers,
    /// evidence links, review comments, corrective actions and validation findings, nothing lost.
    @Suite struct ProfileUpgrade {
        struct Seeded {
            let f: SecurityProfile.Fixture
            let context: ProfileContext
            let file: UUID
            let finding: FindingID
        }

        /// A highway carrier's profile on the first version with answers on criteria that are
        /// renumbered (3.2), folded into an answered host (5.9 into 5.3), folded into an empty
        /// host (10.5 into 10.2) and kept (1.1); a file on 3.2 and 5.9 (5.3 has it too); a
        /// comment on 5.9; an action on 3.2, 5.9 and 1.1; a validation finding on 10.5.
        static func seed(_ client: TestClient) async throws -> Seeded {
            let f = try await SecurityProfile.fixture(client, types: [.highwayCarrier])
            let service = ProfileService(app: client.app)
            let context = try await service.open(company: f.company.companyID, entityTypes: ["HC"], catalogID: "ctpat-msc-2020", by: nil)
            let file = try await EvidenceService(app: client.app).upload(company: f.company.companyID, fileName: "yard.pdf", content: SecurityProfile.pdf("yard"),
                                                                        title: "Yard inspection log", effectiveDate: nil, expiryDate: nil, by: f.officer.userID)
            let fileID = EvidenceID(try file.requireID())
            let answers: [(CriterionID, AnswerStatus, String, [EvidenceID])] = [
                ("1.1", .meets, "The director signed the statement in March.", []),
                ("3.2", .partly, "Sales staff know the warning signs; drivers not yet.", [fileID]),
                ("5.3", .meets, "Every trailer is inspected before loading.", [fileID]),
                ("5.9", .meets, "Drivers check the 17 points at the gate.", [fileID]),
                ("10.5", .meets, "Visitors are escorted by the receptionist.", []),
            ]
            for (id, status, narrative, evidence) in answers {
                _ = try await service.saveAnswer(context, edit: AnswerEdit(criterionID: id, status: status, narrative: narrative, evidenceIDs: evidence, baseVersion: 0),
                                                 by: f.officer.userID)
            }
            let comment = ReviewCommentModel()
            comment.profileID = context.id
            comment.criterionID = "5.9"
            comment.kind = ReviewCommentKind.requestForInformation.rawValue
            comment.status = "open"
            comment.body = "Send the gate checklist."
            comment.isInternal = false
            comment.createdAt = client.app.clock.now()
            try await comment.create(on: client.db)
            _ = try await CorrectiveActionService(app: client.app).create(
                company: f.company.companyID, profile: context,
                draft: CorrectiveActionDraft(title: "Train the drivers", ownerName: "Olivia Officer", dueDate: "2030-01-31", criterionIDs: ["3.2", "5.9", "1.1"]), by: f.officer.userID)
            // A validation with a finding on 10.5 (rows written directly: the lifecycle is not under test here).
            let sql = client.db as! any SQLDatabase
            let application = UUID(), validation = ValidationID(UUID())
            let now = client.app.clock.now()
            try await sql.insert(into: "membership_applications").columns("id", "company_id", "entity_type", "status", "state", "version", "updated_at")
                .values(SQLBind(application), SQLBind(f.company.companyID.rawValue), SQLBind("HC"), SQLBind("validation_planned"), SQLBind("{}"), SQLBind(1), SQLBind(now)).run()
            try await sql.insert(into: "validations").columns("id", "application_id", "plan", "report_notes", "created_at")
                .values(SQLBind(validation.rawValue), SQLBind(application), SQLBind("{}"), SQLBind(""), SQLBind(now)).run()
            let finding = try ValidationFinding.record(validationID: validation, criterion: "10.5", kind: .requiredAction, text: "Escort log missing",
                                                       responseDueOn: ProgramDay(now.addingTimeInterval(30 * 86_400)), at: now).get()
            try await MembershipStore(client.db).insertFinding(finding, now: now)
            // A reviewer's decision on 3.2's answer (version 1), as if it had been claimed not applicable.
            try await sql.insert(into: "not_applicable_decisions")
                .columns("id", "profile_id", "criterion_id", "sequence", "answer_version", "verdict", "reason", "decided_at")
                .values(SQLBind(UUID()), SQLBind(context.id), SQLBind("3.2"), SQLBind(1), SQLBind(1), SQLBind("accepted"), SQLBind("Brokers hold no cargo."), SQLBind(now)).run()
            return Seeded(f: f, context: try await service.require(company: f.company.companyID), file: try file.requireID(), finding: finding.id)
        }

        @Test func theOfficerPreviewsAndMovesTheProfileWithNothingLost() async throws {
            try await withTrustlane { client in
                let s = try await Self.seed(client)
                let company = s.f.company.companyID
                // The profile page offers the newer version; the preview lists what moves.
                let page = try await client.get("/companies/\(company)/profile", as: s.f.browser)
                #expect(page.text.contains("id=\"newer-catalog\"") && page.text.contains("/profile/upgrade"))
                let preview = try await client.get("/companies/\(company)/profile/upgrade", as: s.f.browser)
                #expect(preview.status == .ok)
                for text in ["3.2", "TL-3-A", "5.9", "10.5", "id=\"upgrade-form\"", "ctpat-msc-2020-r2"] { #expect(preview.text.contains(text), "\(text)") }

                let moved = try await client.post("/companies/\(company)/profile/upgrade", as: s.f.browser, form: [("catalog_id", "ctpat-msc-2020-r2")])
                #expect(moved.status == .seeOther)

                let context = try await ProfileService(app: client.app).require(company: company)
                #expect(context.catalog.id == "ctpat-msc-2020-r2")
                let rows = Dictionary(uniqueKeysWithValues: try await ProfileAnswerModel.query(on: client.db).filter(\.$profile.$id == context.id).all()
                    .map { ($0.criterionID, $0) })
                // Renumbered: the same answer, version and history under the local id.
                #expect(rows["3.2"] == nil && rows["TL-3-A"]?.narrative == "Sales staff know the warning signs; drivers not yet.")
                #expect(rows["TL-3-A"]?.status == "partly" && rows["TL-3-A"]?.version == 1)
                #expect(try await ProfileAnswerHistoryModel.query(on: client.db).filter(\.$criterionID == "TL-3-A").count() == 1)
                // Folded into an answered host: the host keeps its status and gains the words, as a new version.
                let host = try #require(rows["5.3"])
                #expect(rows["5.9"] == nil && host.status == "meets" && host.version == 2)
                #expect(host.narrative.hasPrefix("Every trailer is inspected before loading.") && host.narrative.contains("Drivers check the 17 points at the gate."))
                #expect(host.narrative.contains("[5.9 "))
                // Folded into an empty host: the answer becomes the host's.
                #expect(rows["10.5"] == nil && rows["10.2"]?.narrative == "Visitors are escorted by the receptionist." && rows["10.2"]?.status == "meets")
                // Kept criteria are untouched; every criterion of the new scope has a row, no old id is left.
                #expect(rows["1.1"]?.narrative == "The director signed the statement in March." && rows["1.1"]?.version == 1)
                let scope = Set(context.entry.index.criteria(for: [.highwayCarrier]).map(\.criterion.id.rawValue))
                #expect(Set(rows.keys) == scope)
                // Evidence: the file stays linked to the local id and once to 5.3.
                let links = try await EvidenceLinkModel.query(on: client.db).filter(\.$profileID == context.id).all()
                #expect(Set(links.map(\.criterionID)) == ["TL-3-A", "5.3"])
                #expect(links.allSatisfy { $0.evidenceID == s.file } && links.count == 2)
                // The review thread, the action and the finding follow.
                #expect(try await ReviewCommentModel.query(on: client.db).filter(\.$profileID == context.id).first()?.criterionID == "5.3")
                let actionCriteria = try await CorrectiveActionModel.query(on: client.db).first()?.criteria.split(separator: ",").map(String.init)
                #expect(actionCriteria.map(Set.init) == ["TL-3-A", "5.3", "1.1"] && actionCriteria?.count == 3)
                let sql = client.db as! any SQLDatabase
                struct Finding: Decodable { let criterion_id: String; let state: String }
                let finding = try #require(try await sql.select().column("criterion_id").column("state").from("validation_findings").first(decoding: Finding.self))
                #expect(finding.criterion_id == "10.2" && MembershipStore.decode(ValidationFinding.self, finding.state)?.criterion == "10.2")
                #expect(MembershipStore.decode(ValidationFinding.self, finding.state)?.id == s.finding)
                struct Decision: Decodable { let criterion_id: String }
                let decisions = try await sql.select().column("criterion_id").from("not_applicable_decisions").all(decoding: Decision.self)
                #expect(decisions.map(\.criterion_id) == ["TL-3-A"], "the decision follows the answer it was made on")
                // One audit entry keeps every moved answer as it was.
                let audit = try #require(try await AuditEntryModel.query(on: client.db).filter(\.$action == "profile.catalog_upgraded").first())
                for text in ["ctpat-msc-2020-r2", "Drivers check the 17 points at the gate.", "Visitors are escorted by the receptionist."] {
                    #expect(audit.changes.contains(text), "\(text)")
                }
                // The page shows the local id with its badge and no longer offers an upgrade.
                let after = try await client.get("/companies/\(company)/profile", as: s.f.browser)
                #expect(after.text.contains("TL-3-A") && after.text.contains("tag local-id") && !after.text.contains("id=\"newer-catalog\""))
                // Moving again is refused: nothing replaces revision 2.
                let again = try await client.post("/companies/\(company)/profile/upgrade", as: s.f.browser, form: [("catalog_id", "ctpat-msc-2020-r2")])
                #expect(again.status == .badRequest)
            }
        }

        @Test func onlyTheOfficerMovesTheProfileAndTheAPIDoesTheSame() async throws {
            try await withTrustlane { client in
                let s = try await Self.seed(client)
                let company = s.f.company.companyID
                let coordinator = try await client.makeUser("coordinator@example.com", name: "Carla Coordinator")
                try await client.addMember(coordinator, to: s.f.company, role: .coordinator)
                let coordinatorBrowser = try await client.signIn(coordinator.email)
                // A coordinator sees that a version exists but cannot move the profile.
                let page = try await client.get("/companies/\(company)/profile", as: coordinatorBrowser)
                #expect(page.text.contains("id=\"newer-catalog\"") && !page.text.contains("/profile/upgrade\""))
                #expect(try await client.get("/companies/\(company)/profile/upgrade", as: coordinatorBrowser).status == .forbidden)
                #expect(try await client.post("/companies/\(company)/profile/upgrade", as: coordinatorBrowser, form: [("catalog_id", "ctpat-msc-2020-r2")]).status == .forbidden)
                let coordinatorToken = try await client.token(for: coordinator)
                #expect(try await client.api(.POST, "/api/v1/companies/\(company)/profile/upgrade", token: coordinatorToken, json: #"{"catalogId":"ctpat-msc-2020-r2"}"#).status == .forbidden)
                // An administrator outside the company is refused at the guard as for submission.
                let admin = try await client.makeUser("admin@example.com", name: "Ada Admin", admin: true)
                #expect(try await client.api(.GET, "/api/v1/companies/\(company)/profile/upgrade", token: try await client.token(for: admin)).status == .forbidden)
                // The officer's API: a preview, a refusal naming the field, then the move.
                let token = try await client.token(for: s.f.officer)
                let preview = try await client.api(.GET, "/api/v1/companies/\(company)/profile/upgrade", token: token)
                #expect(preview.status == .ok)
                struct Move: Decodable { let from: String; let to: String; let answered: Bool }
                struct Preview: Decodable { let from: String; let to: String; let renumbered: [Move]; let folded: [Move] }
                let decoded = try JSONDecoder().decode(Preview.self, from: Data(preview.text.utf8))
                #expect(decoded.from == "ctpat-msc-2020" && decoded.to == "ctpat-msc-2020-r2")
                #expect(decoded.renumbered.contains { $0.from == "3.2" && $0.to == "TL-3-A" && $0.answered })
                #expect(decoded.folded.contains { $0.from == "5.9" && $0.to == "5.3" && $0.answered })
                let wrong = try await client.api(.POST, "/api/v1/companies/\(company)/profile/upgrade", token: token, json: #"{"catalogId":"ctpat-msc-2020"}"#)
                #expect(wrong.status == .badRequest && wrong.text.contains("catalog_id"))
                #expect(try await ProfileService(app: client.app).require(company: company).catalog.id == "ctpat-msc-2020", "a refusal changes nothing")
                let done = try await client.api(.POST, "/api/v1/companies/\(company)/profile/upgrade", token: token, json: #"{"catalogId":"ctpat-msc-2020-r2"}"#)
                #expect(done.status == .ok && done.text.contains("TL-3-A"))
                #expect(try await client.api(.GET, "/api/v1/companies/\(company)/profile/upgrade", token: token).status == .notFound)
            }
        }
    
        @Test func theCatalogDiffShowsWhereEveryMovedCriterionWent() async throws {
            try await withTrustlane { client in
                let page = try await client.get("/catalog/diff?old=ctpat-msc-2020&new=ctpat-msc-2020-r2")
                #expect(page.status == .ok && page.text.contains("id=\"mapping\""))
                for text in ["<strong>3.2</strong>", "<strong>TL-3-A</strong>", "<strong>5.9</strong>", "<strong>5.3</strong>"] { #expect(page.text.contains(text), "\(text)") }
                let old = try #require(client.app.catalogs.entry("ctpat-msc-2020")).catalog
                let new = try #require(client.app.catalogs.entry("ctpat-msc-2020-r2")).catalog
                let text = CatalogDiffText.render(CatalogDiff(old: old, new: new), upgrade: CatalogUpgrade(from: old, to: new))
                #expect(text.contains("> 3.2 renumbered to TL-3-A") && text.contains("> 5.9 folded into 5.3") && text.contains("35 renumbered, 16 folded, 0 without a place"))
                // Two versions that do not replace each other show no mapping.
                #expect(!(try await client.get("/catalog/diff?old=ctpat-msc-2020-r2&new=ctpat-msc-2020")).text.contains("id=\"mapping\""))
            }
        }
    }
}
