import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17: files on incidents (and on anonymous reports through the public link): PDF,
    /// JPEG or PNG checked by content, bounded in size and number, stored in the evidence store,
    /// downloaded as attachments (nosniff) by readers of the register of that company only; a
    /// refused upload stores nothing.
    @Suite struct IncidentFiles {
        typealias F = Incidents.Fixture

        static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("JFIF photo of the false wall".utf8)
        static let pdf = Data("%PDF-1.4\n% statement of the driver\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

        static func files(_ client: TestClient, _ condition: String = "1 = 1") async throws -> Int {
            try await Incidents.count(client, "record_files", condition)
        }

        static func upload(_ client: TestClient, _ path: String, as browser: TestClient.Browser, _ files: [(String, String, Data)],
                           fields: [(String, String)] = []) async throws -> TestingHTTPResponse {
            let (headers, body) = Multipart.form(fields, files: files.map { (field: "file", name: $0.0, contentType: $0.1, data: $0.2) }, csrf: browser.csrf)
            return try await client.send(.POST, path, browser: browser, headers: headers, body: body)
        }

        static func apiUpload(_ client: TestClient, _ path: String, token: String, _ files: [(String, String, Data)]) async throws -> TestingHTTPResponse {
            var (headers, body) = Multipart.form([], files: files.map { (field: "file", name: $0.0, contentType: $0.1, data: $0.2) }, csrf: nil)
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return try await client.send(.POST, path, browser: nil, headers: headers, body: body)
        }

        @Test func aCoordinatorAttachesPhotosAndDocumentsThatDownloadAsAttachmentsWithoutSniffing() async throws {
            try await withTrustlane { client in
                // Setup: an incident.
                let f = try await Incidents.fixture(client)
                let filed = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm())
                let page = try #require(filed.location)
                let id = String(page.split(separator: "/").last!)
                #expect(try await client.get(page, as: f.browser).text.contains("id=\"incident-file-form\""))

                // Act: two files on the page, one through the API.
                let sent = try await Self.upload(client, page + "/files", as: f.browser, [("wall.jpg", "image/jpeg", Self.jpeg), ("statement.pdf", "application/pdf", Self.pdf)])
                #expect(sent.status == .seeOther, "\(sent.text.prefix(400))")
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 7, count: 64))
                let api = try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, [("seal.png", "image/png", png)])
                #expect(api.status == .created, "\(api.text)")
                #expect(api.text.contains(#""fileName":"seal.png""#) && api.text.contains(#""anonymous":false"#), "\(api.text)")

                // Verify: listed on the page; each downloads with its bytes, as an attachment, never sniffed.
                let show = try await client.get(page, as: f.browser)
                let links = show.text.matches(of: /href="([^"]+\/files\/[0-9a-f-]{36})" download>([^<]+)</).map { (String($0.2), String($0.1)) }
                #expect(links.count == 3, "\(links)")
                let byName = Dictionary(links, uniquingKeysWith: { a, _ in a })
                let served = try await client.get(try #require(byName["wall.jpg"]), as: f.browser)
                #expect(served.status == .ok && Data(buffer: served.body) == Self.jpeg)
                #expect(served.headers.contentType?.description.hasPrefix("image/jpeg") == true)
                #expect(served.headers.first(name: .contentDisposition) == "attachment; filename=\"wall.jpg\"")
                #expect(served.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(served.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
                let apiFile = try await client.api(.GET, "/api/v1" + (try #require(byName["statement.pdf"])), token: f.token)
                #expect(apiFile.status == .ok && Data(buffer: apiFile.body) == Self.pdf && apiFile.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(try await Self.files(client) == 3)
                #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.pdf)))
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.files_attached'") == 2)
                // The evidence library does not list them: they are the incident's, read under its roles.
                #expect(try await Incidents.count(client, "evidence_files") == 0)
                // A file id of another incident of the company is not found under this one.
                let second = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm())
                let secondPage = try #require(second.location)
                #expect(try await client.get(secondPage + "/files/" + String(links[0].1.split(separator: "/").last!), as: f.browser).status == .notFound)
            }
        }

        @Test func aFileTooLargeOfAnotherTypeOrTooManyIsRefusedByNameWithNothingStored() async throws {
            try await withTrustlane { client in
                let f = try await Incidents.fixture(client)
                let filed = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm())
                let page = try #require(filed.location)
                let id = String(page.split(separator: "/").last!)
                let big = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 0x41, count: RecordFiles.maxFileBytes)
                let script = Data("<html><script>alert(1)</script></html>".utf8)

                // A file larger than the limit: refused, naming the file; nothing stored, not even the good one sent with it.
                let tooLarge = try await Self.upload(client, page + "/files", as: f.browser, [("ok.pdf", "application/pdf", Self.pdf), ("huge.jpg", "image/jpeg", big)])
                #expect(tooLarge.status == .badRequest && tooLarge.text.contains("data-field=\"file\""), "\(tooLarge.text.prefix(300))")
                let tooLargeAPI = try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, [("huge.jpg", "image/jpeg", big)])
                #expect(tooLargeAPI.status == .badRequest && tooLargeAPI.text.contains("huge.jpg"), "the API's message names the file: \(tooLargeAPI.text)")
                // HTML named as a picture, and a Word file: refused by content and by type.
                let fake = try await Self.upload(client, page + "/files", as: f.browser, [("photo.jpg", "image/jpeg", script)])
                #expect(fake.status == .badRequest && fake.text.contains("data-field=\"file\""))
                let docx = try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, [("notes.docx", "application/octet-stream", Self.pdf)])
                #expect(docx.status == .badRequest && docx.text.contains(#""field":"file""#), "\(docx.text)")
                // No file at all; more than three at a time.
                #expect(try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, []).status == .badRequest)
                let four = (1...4).map { ("p\($0).pdf", "application/pdf", Self.pdf + Data("\($0)".utf8)) }
                let many = try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, four)
                #expect(many.status == .badRequest && many.text.contains(#""field":"file""#))
                #expect(try await Self.files(client) == 0)
                for data in [Self.pdf, big, script] + four.map(\.2) {
                    #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(data))), "nothing refused reaches the store")
                }
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.files_attached'") == 0)

                // At most ten an incident: the eleventh is refused.
                for batch in 0..<4 {
                    let files = (0..<(batch == 3 ? 1 : 3)).map { ("f\(batch)-\($0).pdf", "application/pdf", Self.pdf + Data("\(batch)-\($0)".utf8)) }
                    #expect(try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, files).status == .created)
                }
                #expect(try await Self.files(client) == 10)
                let eleventh = try await Self.apiUpload(client, f.api + "/\(id)/files", token: f.token, [("more.pdf", "application/pdf", Self.pdf + Data("11".utf8))])
                #expect(eleventh.status == .badRequest && eleventh.text.contains(#""field":"file""#))
                #expect(try await Self.files(client) == 10)
            }
        }

        @Test func onlyReadersOfThatCompanysRegisterDownloadAndOnlyItsSupervisorsAttach() async throws {
            try await withTrustlane { client in
                let f = try await Incidents.fixture(client)
                let filed = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm())
                let page = try #require(filed.location)
                #expect(try await Self.upload(client, page + "/files", as: f.browser, [("wall.jpg", "image/jpeg", Self.jpeg)]).status == .seeOther)
                let link = try #require(try await client.get(page, as: f.browser).text.firstMatch(of: /href="([^"]+\/files\/[0-9a-f-]{36})"/).map { String($0.1) })

                // Another company: not found, page and API.
                let other = try await Incidents.fixture(client)
                #expect(try await client.get(link, as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, "/api/v1" + link, token: other.token).status == .notFound)
                #expect(try await Self.upload(client, page + "/files", as: other.browser, [("x.jpg", "image/jpeg", Self.jpeg)]).status == .notFound)
                // A viewer and a contributor of the company: forbidden (incidents may name people).
                for role in [CompanyRole.viewer, .contributor] {
                    let member = try await client.makeUser("\(role.rawValue)@batik.example")
                    try await client.addMember(member, to: f.company, role: role)
                    let b = try await client.signIn(member.email)
                    #expect(try await client.get(link, as: b).status == .forbidden, "\(role)")
                    #expect(try await Self.upload(client, page + "/files", as: b, [("x.jpg", "image/jpeg", Self.jpeg)]).status == .forbidden, "\(role)")
                }
                // A consultant reads the register: downloads, cannot attach.
                let consultant = try await client.makeUser("consultant@batik.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let c = try await client.signIn(consultant.email)
                #expect(try await client.get(link, as: c).status == .ok)
                #expect(!(try await client.get(page, as: c).text.contains("id=\"incident-file-form\"")))
                #expect(try await Self.upload(client, page + "/files", as: c, [("x.jpg", "image/jpeg", Self.jpeg)]).status == .forbidden)
                // Signed out: to sign in. No CSRF token: refused.
                #expect(try await client.get(link, as: client.browser()).status != .ok)
                let (headers, body) = Multipart.form([], files: [("file", "x.jpg", "image/jpeg", Self.jpeg)], csrf: nil)
                #expect(try await client.send(.POST, page + "/files", browser: f.browser, headers: headers, body: body).status == .forbidden)
                #expect(try await Self.files(client) == 1)
            }
        }

        @Test func anAnonymousReportCarriesFilesCheckedLikeAMembersAndNothingIsSavedWhenOneIsRefused() async throws {
            try await withTrustlane { client in
                let f = try await Incidents.fixture(client, role: .officer)
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")]).status == .seeOther)
                let key = try #require(try await IncidentQueries(client.db).reportKey(company: f.company.companyID))
                let stranger = client.browser()
                let form = try await client.get("/report/\(key)?lang=es", as: stranger)
                #expect(form.text.contains("enctype=\"multipart/form-data\"") && form.text.contains("name=\"file\""))

                // A report with a file that is not what it says: refused, the text kept, nothing saved.
                let bad = try await Self.upload(client, "/report/\(key)", as: stranger, [("foto.jpg", "image/jpeg", Data("MZ executable".utf8))],
                                                fields: [("lang", "es"), ("type", "unauthorized_access"), ("description", "Un desconocido abrió el contenedor")])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"file\"") && bad.text.contains("Un desconocido abrió el contenedor"), "\(bad.text.prefix(300))")
                #expect(bad.text.contains("lang=\"es\""), "the reporter's language is kept from the multipart form")
                let tooBig = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 0x41, count: IncidentService.anonymousMaxFileBytes)
                let large = try await Self.upload(client, "/report/\(key)", as: stranger, [("grande.jpg", "image/jpeg", tooBig)],
                                                  fields: [("description", "Foto grande")])
                #expect(large.status == .badRequest && large.text.contains("data-field=\"file\""))
                #expect(try await Incidents.count(client, "incidents") == 0)
                #expect(try await Self.files(client) == 0)

                // A good one: the report and its photo arrive together; the register's readers download it.
                let sent = try await Self.upload(client, "/report/\(key)", as: stranger, [("foto.jpg", "image/jpeg", Self.jpeg)],
                                                 fields: [("lang", "es"), ("type", "unauthorized_access"), ("description", "Un desconocido abrió el contenedor")])
                #expect(sent.status == .created, "\(sent.text.prefix(300))")
                #expect(try await Self.files(client, "uploaded_by IS NULL AND record_kind = 'incident'") == 1)
                let id = try #require(try await IncidentQueries(client.db).list(company: f.company.companyID, .init()).rows.first).id.uuidString.lowercased()
                let page = try await client.get(f.base + "/\(id)", as: f.browser)
                #expect(page.text.contains("foto.jpg") && page.text.contains("data-status=\"unconfirmed\""))
                let api = try await client.api(.GET, f.api + "/\(id)", token: f.token)
                #expect(api.text.contains(#""anonymous":true"#) && api.text.contains(#""fileName":"foto.jpg""#), "\(api.text)")
                let link = try #require(page.text.firstMatch(of: /href="([^"]+\/files\/[0-9a-f-]{36})"/).map { String($0.1) })
                #expect(Data(buffer: try await client.get(link, as: f.browser).body) == Self.jpeg)
                // The reporter cannot read it back, nor can anyone without a role.
                #expect(try await client.get(link, as: stranger).status != .ok)
            }
        }

        @Test func retentionRemovesAnIncidentsFilesAndTheirBytesUnlessAnotherRecordStillNamesThem() async throws {
            try await withTrustlane { client in
                // Setup, 2020: a closed incident with two files, an open one with the same photo.
                client.app.clock = .fixed(.day("2020-01-10"))
                let f = try await Incidents.fixture(client)
                var pages: [String] = []
                for title in ["Old closed", "Old open"] {
                    let filed = try await client.post(f.base, as: f.browser, form: Records.incident(title, at: "2020-01-09T09:00"))
                    pages.append(try #require(filed.location))
                }
                #expect(try await Self.upload(client, pages[0] + "/files", as: f.browser, [("wall.jpg", "image/jpeg", Self.jpeg), ("statement.pdf", "application/pdf", Self.pdf)])
                    .status == .seeOther)
                #expect(try await Self.upload(client, pages[1] + "/files", as: f.browser, [("same.jpg", "image/jpeg", Self.jpeg)]).status == .seeOther)
                try await (client.db as! any SQLDatabase).raw("""
                UPDATE incidents SET status = 'closed', closed_at = \(bind: ProgramDay("2020-01-10")!.startDate()) WHERE title = 'Old closed'
                """).run()

                // Act: 2026, past the default five years.
                client.app.clock = .fixed(.day("2026-01-10"))
                let removed = try await RecordsRetention(app: client.app).run()

                // Verify: the closed incident's file rows went, and the bytes only it named; the shared photo stays.
                #expect(removed[f.company.companyID] == [.incidents: 1])
                #expect(try await Self.files(client) == 1)
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.pdf))))
                #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.jpeg)))
            }
        }
    }
}
