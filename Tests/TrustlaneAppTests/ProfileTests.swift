import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct SecurityProfile {
        struct Fixture {
            let company: CompanyModel
            let officer: UserModel
            let browser: TestClient.Browser
        }

        static func fixture(_ client: TestClient, types: [EntityType] = [.importer], role: CompanyRole = .officer) async throws -> Fixture {
            let company = try await client.makeCompany("Harborline Imports", country: "US", types: types)
            let officer = try await client.makeUser("\(role.rawValue)@example.com", name: "Olivia Officer")
            try await client.addMember(officer, to: company, role: role)
            return Fixture(company: company, officer: officer, browser: try await client.signIn(officer.email))
        }

        static func pdf(_ text: String = "evidence") -> Data { Data("%PDF-1.4\n% \(text)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8) }

        static func multipart(_ fields: [(String, String)], file: (name: String, data: Data)?, csrf: String?) -> (HTTPHeaders, ByteBuffer) {
            Multipart.form(fields, files: file.map { [("file", $0.name, "application/octet-stream", $0.data)] } ?? [], csrf: csrf)
        }

        @Test func openingCreatesOneAnswerPerApplicableCriterion() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, types: [.highwayCarrier, .mexicanLongHaulCarrier])
                let first = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser)
                #expect(first.text.contains("id=\"open-profile-form\""))
                let opened = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser,
                                                   form: [("entity_types", "HC"), ("entity_types", "MLH")])
                #expect(opened.status == .seeOther)
                let expected = try #require(client.app.catalogs.latest()).index.criteria(for: [.highwayCarrier, .mexicanLongHaulCarrier]).count
                #expect(try await client.count(ProfileAnswerModel.self) == expected)
                let page = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser)
                #expect(page.status == .ok && page.text.contains("id=\"open-musts\"") && page.text.contains("7.37"))
                let again = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser, form: [("entity_types", "HC")])
                #expect(again.status == .conflict)
            }
        }

        @Test func answersFollowTheRulesKeepHistoryAndRefuseStaleEdits() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let context = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let must = try #require(context.scope.criteria.first { $0.isMust && $0.criterion.condition == nil })
                let path = "/companies/\(f.company.companyID)/profile/criteria/\(must.id.rawValue)"
                // Changed deliberately (issue 11): a Must may be "not applicable to our business model",
                // but only with a reason (the reviewer then decides; see NotApplicableClaimReview)
                let na = try await client.post(path, as: f.browser, form: [("status", "not_applicable"), ("not_applicable_reason", "  "), ("base_version", "0")])
                #expect(na.status == .badRequest && na.text.contains("data-field=\"not_applicable_reason\"") && !na.text.contains("data-field=\"status\""))
                // meets needs a narrative
                let empty = try await client.post(path, as: f.browser, form: [("status", "meets"), ("narrative", ""), ("base_version", "0")])
                #expect(empty.status == .badRequest && empty.text.contains("data-field=\"narrative\""))
                let saved = try await client.post(path, as: f.browser, form: [("status", "meets"), ("narrative", "Guards check every truck at the gate."),
                                                                             ("responsible", "Security lead"), ("base_version", "0")])
                #expect(saved.status == .seeOther)
                // a second person, still on version 0, is told who saved in between
                let stale = try await client.post(path, as: f.browser, form: [("status", "partly"), ("narrative", "Something else entirely."), ("base_version", "0")])
                #expect(stale.status == .conflict && stale.text.contains("Olivia Officer"))
                let row = try #require(try await ProfileAnswerModel.query(on: client.db).filter(\.$criterionID == must.id.rawValue).first())
                #expect(row.status == "meets" && row.version == 1)
                _ = try await client.post(path, as: f.browser, form: [("status", "meets"), ("narrative", "Guards check every truck and trailer at the gate."), ("base_version", "1")])
                let history = try await ProfileAnswerHistoryModel.query(on: client.db).filter(\.$criterionID == must.id.rawValue).count()
                #expect(history == 2)
                let page = try await client.get(path, as: f.browser)
                let inserted = page.text.components(separatedBy: "<ins>").dropFirst().map { $0.prefix { $0 != "<" } }.joined()
                #expect(inserted.contains("trailer"), "the history shows the added words: \(inserted)")
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "profile.answer_saved").count() == 2)
            }
        }

        @Test func evidenceIsStoredOnceLinkedAndBadUploadsAreRefused() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let context = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let criterion = try #require(context.scope.criteria.first)
                let url = "/companies/\(f.company.companyID)/profile/evidence"
                func upload(_ name: String, _ data: Data, title: String = "Security policy", criterion: String? = nil) async throws -> TestingHTTPResponse {
                    var fields = [("title", title), ("expiry_date", "2030-01-31")]
                    if let criterion { fields.append(("criterion_id", criterion)) }
                    let (headers, body) = Self.multipart(fields, file: (name, data), csrf: f.browser.csrf)
                    return try await client.send(.POST, url, browser: f.browser, headers: headers, body: body)
                }
                let ok = try await upload("policy.pdf", Self.pdf(), criterion: criterion.id.rawValue)
                #expect(ok.status == .seeOther)
                let file = try #require(try await EvidenceFileModel.query(on: client.db).first())
                #expect(file.sha256 == DiskEvidenceStore.digest(Self.pdf()) && file.contentType == "application/pdf")
                #expect(await client.app.evidenceStore.exists(file.sha256))
                #expect(try await EvidenceLinkModel.query(on: client.db).filter(\.$criterionID == criterion.id.rawValue).count() == 1)
                let answer = try #require(try await ProfileAnswerModel.query(on: client.db).filter(\.$criterionID == criterion.id.rawValue).first())
                #expect(answer.version == 1, "linking evidence is a new version of the answer")
                // refused: an executable, a PNG named .pdf, no title, an empty name
                let files = try await client.count(EvidenceFileModel.self)
                for (name, data, title) in [("tool.exe", Data([0x4D, 0x5A, 0x90, 0x00, 0x03]), "x"), ("photo.pdf", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]), "x"),
                                            ("policy.pdf", Self.pdf(), ""), ("", Self.pdf(), "x")] {
                    let refused = try await upload(name, data, title: title)
                    #expect(refused.status == .badRequest, "\(name) \(title)")
                    #expect(refused.text.contains("class=\"field-error\"") || refused.text.contains("flash-error"), "\(name) says why")
                }
                #expect(try await client.count(EvidenceFileModel.self) == files)
                // a path in the name is stripped
                _ = try await upload("../../etc/passwd.pdf", Self.pdf("second"), title: "Second")
                let cleaned = try await EvidenceFileModel.query(on: client.db).filter(\.$title == "Second").first()
                #expect(cleaned?.fileName == "passwd.pdf")
                // download serves the bytes; another company gets 404
                let downloaded = try await client.get("/companies/\(f.company.companyID)/profile/evidence/\(file.id!)", as: f.browser)
                #expect(downloaded.status == .ok && downloaded.body.readableBytes == Self.pdf().count)
                let other = try await client.makeCompany("Other Co", country: "MX")
                let stranger = try await client.makeUser("stranger@example.com")
                try await client.addMember(stranger, to: other, role: .officer)
                let strangerBrowser = try await client.signIn(stranger.email)
                #expect(try await client.get("/companies/\(f.company.companyID)/profile/evidence/\(file.id!)", as: strangerBrowser).status == .notFound)
                #expect(try await client.get("/companies/\(other.companyID)/profile/evidence/\(file.id!)", as: strangerBrowser).status == .notFound)
                #expect(try await client.get("/companies/\(f.company.companyID)/profile", as: strangerBrowser).status == .notFound)
            }
        }

        @Test func onlyTheOfficerSubmitsOnceEveryMustIsAnsweredAndChangesAreFlaggedAfterwards() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let coordinator = try await client.makeUser("coordinator@example.com")
                try await client.addMember(coordinator, to: f.company, role: .coordinator)
                let service = ProfileService(app: client.app)
                var context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let submitPath = "/companies/\(f.company.companyID)/profile/submit"
                let blocked = try await client.post(submitPath, as: f.browser, form: [("declaration", "yes")])
                #expect(blocked.status == .badRequest && blocked.text.contains("id=\"blockers\""))
                let coordinatorBrowser = try await client.signIn(coordinator.email)
                #expect(try await client.post(submitPath, as: coordinatorBrowser, form: [("declaration", "yes")]).status == .forbidden)
                // answer every condition "yes" and every criterion "meets"
                let conditions = Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "yes") })
                try await service.setConditions(context, fields: conditions, by: nil)
                context = try await service.require(company: f.company.companyID)
                for scoped in context.scope.criteria {
                    try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: "Done for \(scoped.id.rawValue).",
                                                                           baseVersion: 0), by: f.officer.userID)
                }
                let undeclared = try await client.post(submitPath, as: f.browser, form: [])
                #expect(undeclared.status == .badRequest && undeclared.text.contains("data-field=\"declaration\""))
                let submitted = try await client.post(submitPath, as: f.browser, form: [("declaration", "yes")])
                #expect(submitted.status == .seeOther)
                let snapshot = try #require(try await ProfileSnapshotModel.query(on: client.db).first())
                let decoded = try ProfileSnapshot.decode(Data(snapshot.content.utf8))
                #expect(decoded.entries.count == context.scope.criteria.count && decoded.isIntact)
                // edit one answer after submitting: it is flagged as changed since the submission
                let first = try #require(context.scope.criteria.first)
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: first.id, status: .partly, narrative: "Working on it.", baseVersion: 1),
                                             by: f.officer.userID)
                let page = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser)
                #expect(page.text.components(separatedBy: "class=\"tag changed\"").count - 1 == 1)
                // the snapshot itself never changes
                let again = try #require(try await ProfileSnapshotModel.query(on: client.db).first())
                #expect(again.digest == snapshot.digest && again.content == snapshot.content)
                // tampering with a stored snapshot is detected when it is read
                again.content = again.content.replacingOccurrences(of: "Done for", with: "Not done for")
                try await again.save(on: client.db)
                #expect(throws: (any Error).self) { _ = try ProfileSnapshot.decode(Data(again.content.utf8)) }
            }
        }

        @Test func reviewersReadSubmissionsAskForInformationAndTheCompanyResponds() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let reviewer = try await client.makeUser("reviewer@example.com", name: "Rosa Reviewer", reviewer: true)
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let criterion = try #require(context.scope.criteria.first)
                let reviewerBrowser = try await client.signIn(reviewer.email)
                // reviewers do not read drafts
                let draft = try await client.get("/companies/\(f.company.companyID)/profile", as: reviewerBrowser)
                #expect(draft.status == .seeOther && draft.location?.hasSuffix("/profile/snapshots") == true)
                // where they are sent names the company it belongs to, with the way back to it
                let submissions = try await client.get("/companies/\(f.company.companyID)/profile/snapshots", as: reviewerBrowser)
                #expect(submissions.status == .ok)
                #expect(submissions.text.contains("<a href=\"/companies/\(f.company.companyID)\" id=\"back-to-company\">← Harborline Imports</a>"))
                #expect(try await client.get("/companies/\(f.company.companyID)/profile.csv", as: reviewerBrowser).status == .notFound)
                let path = "/companies/\(f.company.companyID)/profile/criteria/\(criterion.id.rawValue)/comments"
                let request = try await client.post(path, as: reviewerBrowser, form: [("kind", "request_for_information"), ("body", "Please upload the guard logs.")])
                #expect(request.status == .seeOther)
                let note = try await client.post(path, as: reviewerBrowser, form: [("kind", "comment"), ("body", "Internal: looks weak."), ("internal", "true")])
                #expect(note.status == .seeOther)
                // the company sees the request, not the internal note, and answers it
                let page = try await client.get("/companies/\(f.company.companyID)/profile/criteria/\(criterion.id.rawValue)", as: f.browser)
                #expect(page.text.contains("Please upload the guard logs.") && !page.text.contains("looks weak"))
                let requestRow = try #require(try await ReviewCommentModel.query(on: client.db).filter(\.$kind == "request_for_information").first())
                let overview = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser)
                #expect(overview.text.contains("1 open request"))
                let response = try await client.post(path, as: f.browser, form: [("kind", "response"), ("reply_to", requestRow.id!.uuidString), ("body", "Uploaded, see evidence.")])
                #expect(response.status == .seeOther)
                #expect(try await ReviewCommentModel.find(requestRow.id, on: client.db)?.status == "answered")
                // a company member cannot post a reviewer's request
                let forged = try await client.post(path, as: f.browser, form: [("kind", "request_for_information"), ("body", "x")])
                #expect(forged.status == .badRequest)
            }
        }

        @Test func profilePageQueriesStayBoundedAndExportsWork() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, types: [.importer, .highwayCarrier])
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["IMP", "HC"], catalogID: nil, by: nil)
                let path = "/companies/\(f.company.companyID)/profile"
                let few = try await client.pageQueries(path, as: f.browser).queries
                for scoped in context.scope.criteria.prefix(40) {
                    try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .partly, narrative: "In progress.", baseVersion: 0),
                                                 by: f.officer.userID)
                }
                let many = try await client.pageQueries(path, as: f.browser).queries
                if !usingPostgres { #expect(few == many && many <= 12, "queries: \(few) → \(many)") }
                let csv = try await client.get("/companies/\(f.company.companyID)/profile.csv", as: f.browser)
                #expect(csv.status == .ok && csv.text.hasPrefix("criterion_id,") && csv.text.components(separatedBy: "\r\n").count == context.scope.criteria.count + 2)
                let gaps = try await client.get("/companies/\(f.company.companyID)/profile/gaps.csv", as: f.browser)
                #expect(gaps.status == .ok && gaps.text.contains("partly"))
                let json = try await client.get("/companies/\(f.company.companyID)/profile.json", as: f.browser)
                #expect(json.status == .ok && json.text.contains("\"percentComplete\""))
                let printable = try await client.get("/companies/\(f.company.companyID)/profile/print", as: f.browser)
                #expect(printable.status == .ok && printable.text.contains("1. "))
            }
        }

        @Test func theAPIWalksFromEmptyProfileToSubmission() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let token = try await client.token(for: f.officer)
                let base = "/api/v1/companies/\(f.company.companyID)/profile"
                let opened = try await client.api(.POST, base, token: token, json: #"{"entityTypes": ["IMP"]}"#)
                #expect(opened.status == .created)
                let profile = try JSONDecoder.iso.decode(ProfileResponse.self, from: Data(opened.text.utf8))
                let conditions = profile.pendingConditions.map { "\"\($0)\": true" }.joined(separator: ",")
                _ = try await client.api(.PUT, "\(base)/conditions", token: token, json: "{\"conditions\": {\(conditions)}}")
                let current = try JSONDecoder.iso.decode(ProfileResponse.self, from: Data(try await client.api(.GET, base, token: token).text.utf8))
                for answer in current.answers {
                    let saved = try await client.api(.PUT, "\(base)/answers/\(answer.criterionId)", token: token,
                                                     json: "{\"status\": \"meets\", \"narrative\": \"We do this.\", \"baseVersion\": \(answer.version)}")
                    #expect(saved.status == .ok, "\(answer.criterionId): \(saved.text.prefix(200))")
                }
                let stale = try await client.api(.PUT, "\(base)/answers/\(current.answers[0].criterionId)", token: token,
                                                 json: #"{"status": "partly", "narrative": "x", "baseVersion": 0}"#)
                #expect(stale.status == .conflict)
                let bad = try await client.api(.PUT, "\(base)/answers/\(current.answers[0].criterionId)", token: token, json: #"{"status": "sort of", "baseVersion": 1}"#)
                #expect(bad.status == .badRequest && bad.text.contains("\"field\":\"status\""))
                let submitted = try await client.api(.POST, "\(base)/submissions", token: token, json: #"{"declaration": true}"#)
                #expect(submitted.status == .created)
                let list = try await client.api(.GET, "\(base)/submissions", token: token)
                #expect(list.text.contains("\"sequence\":1"))
            }
        }
    }
}
