import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Questionnaires by link (issue 15, MSC 3.5-3.7): the company sends a single-use, expiring
    /// link shown once; the partner answers it without an account; answers become gaps, partner
    /// corrective actions with due dates and an assessment; a used, expired, unknown link or bad
    /// input saves nothing.
    @Suite struct PartnerQuestionnaires {
        struct Fixture {
            let company: CompanyModel
            let browser: TestClient.Browser
            let partner: String
            var partnerID: UUID { UUID(uuidString: String(partner.split(separator: "/").last!))! }
        }

        static func fixture(_ client: TestClient, role: String = "manufacturer") async throws -> Fixture {
            let f = try await BusinessPartnerRegistry.fixture(client)
            let created = try await client.post(f.base, as: f.browser, form: [("legal_name", "PT Sepatu Jaya"), ("country", "ID"), ("role", role),
                                                                               ("notes", "Secret pricing note")])
            return Fixture(company: f.company, browser: f.browser, partner: try #require(created.headers.first(name: .location)))
        }

        /// Sends a questionnaire from the partner page and returns the link's path (`/q/...`).
        static func send(_ client: TestClient, _ f: Fixture, language: String = "id", days: String = "14") async throws -> (page: String, path: String) {
            let sent = try await client.post(f.partner + "/questionnaires", as: f.browser, form: [("language", language), ("days", days)])
            #expect(sent.status == .ok)
            let page = sent.text
            let range = try #require(page.range(of: #"/q/[A-Za-z0-9_-]+"#, options: .regularExpression))
            return (page, String(page[range]))
        }

        static func sql(_ client: TestClient) -> any SQLDatabase { client.db as! any SQLDatabase }

        struct Stored: Decodable { let token_hash: String; let status: String; let answers: String?; let questions: String }

        static func stored(_ client: TestClient) async throws -> [Stored] {
            try await sql(client).raw("SELECT token_hash, status, answers, questions FROM business_partner_questionnaires").all(decoding: Stored.self)
        }

        static func counts(_ client: TestClient) async throws -> (actions: Int, assessments: Int, files: Int) {
            struct N: Decodable { let n: Int }
            func count(_ table: String) async throws -> Int {
                try await sql(client).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: N.self)?.n ?? -1
            }
            return (try await count("business_partner_actions"), try await count("business_partner_assessments"),
                    try await count("business_partner_questionnaire_files"))
        }

        /// The page's multipart form: every field, then files in slots.
        static func multipart(_ fields: [(String, String)], files: [(slot: Int, name: String, data: Data)], csrf: String?) -> (HTTPHeaders, ByteBuffer) {
            Multipart.form(fields, files: files.map { ("file\($0.slot)", $0.name, "application/octet-stream", $0.data) }, csrf: csrf)
        }

        /// Every question of the page's form answered `yes`, except those given.
        static func answers(_ page: String, except: [String: String] = [:]) throws -> [(String, String)] {
            let regex = try NSRegularExpression(pattern: #"data-question="([a-z]+:[0-9.A-Za-z-]+)""#)
            var ids: [String] = []
            for match in regex.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
                let id = String(page[Range(match.range(at: 1), in: page)!])
                if !ids.contains(id) { ids.append(id) }
            }
            return ids.map { ("answer.\($0)", except[$0] ?? "yes") }
        }

        static func submit(_ client: TestClient, _ path: String, as partner: TestClient.Browser, fields: [(String, String)],
                           files: [(slot: Int, name: String, data: Data)] = []) async throws -> TestingHTTPResponse {
            let (headers, body) = multipart(fields, files: files, csrf: partner.csrf)
            return try await client.send(.POST, path, browser: partner, headers: headers, body: body)
        }

        @Test func thePartnerAnswersInIndonesianWithoutAnAccountAndGapsBecomeActionsWithDueDates() async throws {
            try await withTrustlane { client in
                // Setup: the coordinator sends a questionnaire in Bahasa Indonesia.
                let f = try await Self.fixture(client)
                let (page, path) = try await Self.send(client, f)
                #expect(page.contains("id=\"issued-questionnaire\""))
                let token = String(path.dropFirst(3))
                let rows = try await Self.stored(client)
                #expect(rows.count == 1 && rows[0].token_hash == SecureToken.digest(token) && rows[0].status == "sent")
                #expect(!rows[0].questions.contains(token))
                // The link is shown once: the partner page no longer has it.
                let again = try await client.get(f.partner, as: f.browser).text
                #expect(!again.contains(token) && again.contains("id=\"partner-questionnaire-list\""))

                // Act: the partner opens the link in a fresh browser (no account), in Indonesian.
                let partner = client.browser()
                let form = try await client.get(path, as: partner)
                #expect(form.status == .ok)
                #expect(partner.csrf != nil)
                #expect(form.text.contains("lang=\"id\"") && form.text.contains("Apakah Anda memenuhi ini?"))
                #expect(form.text.contains("Importadora Sol") && form.text.contains("PT Sepatu Jaya"))
                // Nothing else of the company: not its id, its address, the partner's notes, the sign-out form.
                #expect(!form.text.contains(f.company.companyID.description) && !form.text.contains("Somewhere 1"))
                #expect(!form.text.contains("Secret pricing note") && !form.text.contains("/companies/"))

                let criterion = try #require(try Self.answers(form.text).map(\.0).first { $0.hasPrefix("answer.criterion:") }).dropFirst(7)
                var fields = try Self.answers(form.text, except: [String(criterion): "no", "tbml:2": "partly", "social:3": "no"])
                fields.append(("comment.tbml:2", "Hanya untuk pelanggan baru"))
                fields.append(("file1_question", "social:1"))
                let pdf = Data("%PDF-1.4\n% kode etik\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
                let answered = try await Self.submit(client, path, as: partner, fields: fields, files: [(1, "kode-etik.pdf", pdf)])

                // Verify: saved once, three gaps as partner actions with due dates, an assessment.
                #expect(answered.status == .ok)
                #expect(answered.text.contains("id=\"questionnaire-thanks\""))
                let after = try await Self.stored(client)
                #expect(after[0].status == "answered" && after[0].answers?.contains("Hanya untuk pelanggan baru") == true)
                let counts = try await Self.counts(client)
                #expect(counts.actions == 3 && counts.assessments == 1 && counts.files == 1)
                struct Action: Decodable { let title: String; let due_on: String }
                let actions = try await Self.sql(client).raw("SELECT title, due_on FROM business_partner_actions ORDER BY title").all(decoding: Action.self)
                let today = ProgramDay(Date())
                let due = Dictionary(uniqueKeysWithValues: actions.map { (String($0.title.split(separator: " ")[1]), $0.due_on) })
                #expect(due[String(criterion)] == today.adding(days: 30).description)
                #expect(due["tbml:2"] == today.adding(days: 60).description)
                #expect(due["social:3"] == today.adding(days: 30).description)
                struct Assessment: Decodable { let method: String }
                #expect(try await Self.sql(client).raw("SELECT method FROM business_partner_assessments").first(decoding: Assessment.self)?.method == "questionnaire")
                let audit = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(audit.contains("business_partner.questionnaire_sent") && audit.contains("business_partner.questionnaire_answered")
                    && audit.filter { $0 == "business_partner.action_opened" }.count == 3 && audit.contains("business_partner.assessed"))

                // The company reads the answers and downloads the file.
                let partnerPage = try await client.get(f.partner, as: f.browser).text
                let detailRange = try #require(partnerPage.range(of: #"/questionnaires/[0-9a-f-]{36}"#, options: .regularExpression))
                let detailPath = f.partner + String(partnerPage[detailRange])
                let detail = try await client.get(detailPath, as: f.browser)
                #expect(detail.status == .ok && detail.text.contains("Hanya untuk pelanggan baru") && detail.text.contains("kode-etik.pdf"))
                let fileRange = try #require(detail.text.range(of: #"/files/[0-9a-f-]{36}"#, options: .regularExpression))
                let download = try await client.get(detailPath + String(detail.text[fileRange]), as: f.browser)
                #expect(download.status == .ok && download.body.readableBytes == pdf.count)
                // The file is not reachable through the public link, nor by anyone signed out.
                #expect(try await client.get(path + String(detail.text[fileRange]), as: partner).status == .notFound)
                #expect(try await client.get(detailPath + String(detail.text[fileRange]), as: partner).status != .ok)

                // The link reused: 410 and nothing changes.
                let reused = try await Self.submit(client, path, as: partner, fields: try Self.answers(form.text))
                #expect(reused.status == .gone)
                #expect(try await client.get(path, as: partner).status == .gone)
                let unchanged = try await Self.counts(client)
                #expect(unchanged.actions == 3 && unchanged.assessments == 1 && unchanged.files == 1)
                #expect(try await Self.stored(client)[0].answers == after[0].answers)
            }
        }

        @Test func expiredUnknownAndRevokedLinksSaveNothing() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: "highway_carrier")
                let (_, path) = try await Self.send(client, f, language: "es", days: "1")
                let partner = client.browser()
                let form = try await client.get(path, as: partner)
                #expect(form.status == .ok && form.text.contains("¿Cumple con esto?"))
                // Expired: the day passed.
                try await Self.sql(client).raw("UPDATE business_partner_questionnaires SET expires_at = \(bind: Date().addingTimeInterval(-60))").run()
                #expect(try await client.get(path, as: partner).status == .gone)
                let late = try await Self.submit(client, path, as: partner, fields: try Self.answers(form.text))
                #expect(late.status == .gone)
                #expect(try await Self.stored(client)[0].status == "sent")
                #expect(try await Self.counts(client).assessments == 0)
                // Unknown.
                #expect(try await client.get("/q/not-a-real-token", as: partner).status == .notFound)
                #expect(try await Self.submit(client, "/q/not-a-real-token", as: partner, fields: []).status == .notFound)
                // Revoked.
                let (_, second) = try await Self.send(client, f, language: "en")
                let page = try await client.get(f.partner, as: f.browser).text
                let revokeRange = try #require(page.range(of: #"/questionnaires/[0-9a-f-]{36}/revoke"#, options: .regularExpression))
                #expect(try await client.post(f.partner + String(page[revokeRange]), as: f.browser).status == .seeOther)
                #expect(try await client.get(second, as: partner).status == .gone)
                // Bad sending input: 400 naming the field, nothing made.
                let bad = try await client.post(f.partner + "/questionnaires", as: f.browser, form: [("language", "fr"), ("days", "90")])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"language\"") && bad.text.contains("data-field=\"days\""))
                #expect(try await Self.stored(client).count == 2)
            }
        }

        @Test func badAnswersAndADisallowedUploadAreRefusedWholeAndNameEachProblem() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: "warehouse")
                let (_, path) = try await Self.send(client, f, language: "en")
                let partner = client.browser()
                let form = try await client.get(path, as: partner).text
                // An executable named .pdf: refused by its content, the answers not saved.
                let exe = Data([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]) + Data(repeating: 0, count: 200)
                let refused = try await Self.submit(client, path, as: partner, fields: try Self.answers(form), files: [(2, "invoice.pdf", exe)])
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("data-field=\"file2\""))
                // Missing answers: each question named.
                let missing = try await Self.submit(client, path, as: partner, fields: try Self.answers(form).filter { $0.0 != "answer.tbml:1" && $0.0 != "answer.social:2" })
                #expect(missing.status == .badRequest)
                #expect(missing.text.contains("data-field=\"answer.tbml:1\"") && missing.text.contains("data-field=\"answer.social:2\""))
                #expect(missing.text.contains("tbml:1") && missing.text.contains("social:2"))
                // An oversized file (over 10 MB).
                let big = Data("%PDF-1.4\n".utf8) + Data(repeating: 0x20, count: 10 * 1024 * 1024 + 1)
                let oversized = try await Self.submit(client, path, as: partner, fields: try Self.answers(form), files: [(1, "big.pdf", big)])
                #expect(oversized.status == .badRequest && oversized.text.contains("data-field=\"file1\""))
                // Nothing half-saved; the link still works.
                #expect(try await Self.stored(client)[0].status == "sent")
                let counts = try await Self.counts(client)
                #expect(counts.actions == 0 && counts.assessments == 0 && counts.files == 0)
                // Without the CSRF field the form is refused.
                let (headers, body) = Self.multipart(try Self.answers(form), files: [], csrf: nil)
                #expect(try await client.send(.POST, path, browser: partner, headers: headers, body: body).status == .forbidden)
                #expect(try await Self.submit(client, path, as: partner, fields: try Self.answers(form)).status == .ok)
            }
        }

        @Test func aViewerCannotSendAndAnotherCompanyGetsNotFound() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let (_, _) = try await Self.send(client, f)
                let page = try await client.get(f.partner, as: f.browser).text
                let detailRange = try #require(page.range(of: #"/questionnaires/[0-9a-f-]{36}"#, options: .regularExpression))
                let detail = f.partner + String(page[detailRange])
                // A viewer reads the list and the questionnaire but cannot send or revoke.
                let viewer = try await client.makeUser("viewer-q@sol.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                #expect(try await client.get(detail, as: v).status == .ok)
                #expect(!(try await client.get(f.partner, as: v).text.contains("id=\"partner-questionnaire-form\"")))
                #expect(try await client.post(f.partner + "/questionnaires", as: v, form: [("language", "en")]).status == .forbidden)
                #expect(try await client.post(detail + "/revoke", as: v).status == .forbidden)
                // Another company's officer: its own partner path with this partner's id is 404.
                let other = try await BusinessPartnerRegistry.fixture(client, name: "Otra Empresa")
                let foreign = other.base + "/" + f.partnerID.uuidString.lowercased()
                #expect(try await client.get(foreign + String(page[detailRange]), as: other.browser).status == .notFound)
                #expect(try await client.post(foreign + "/questionnaires", as: other.browser, form: [("language", "en")]).status == .notFound)
                #expect(try await Self.stored(client).count == 1)
            }
        }

        @Test func theAPISendsALinkOnceAndListsQuestionnaires() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: "customs_broker")
                let officer = try await client.makeUser("api-q@sol.example")
                try await client.addMember(officer, to: f.company, role: .coordinator)
                let token = try await client.token(for: officer)
                let base = "/api/v1/companies/\(f.company.companyID)/business-partners/\(f.partnerID.uuidString.lowercased())/questionnaires"
                let sent = try await client.api(.POST, base, token: token, json: #"{"language":"es","days":7}"#)
                #expect(sent.status == .created)
                #expect(sent.text.contains("\"link\"") && sent.text.contains("/q/"))
                let list = try await client.api(.GET, base, token: token)
                #expect(list.status == .ok && list.text.contains("\"status\":\"sent\"") && !list.text.contains("/q/"))
                let bad = try await client.api(.POST, base, token: token, json: #"{"language":"de"}"#)
                #expect(bad.status == .badRequest && bad.text.contains("language"))
            }
        }
    }
}
