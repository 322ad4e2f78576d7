import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The business-partner registry's pages (issue 15): add, edit, search, archive; the CSV
    /// import's preview, modes and error file; export; who may do what.
    @Suite struct BusinessPartnerRegistry {
        struct Fixture {
            let company: CompanyModel
            let browser: TestClient.Browser
            var user: UserModel? = nil
            var base: String { "/companies/\(company.companyID)/partners" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .coordinator, name: String = "Importadora Sol") async throws -> Fixture {
            let company = try await client.makeCompany(name, country: "US", types: [.importer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@sol.example")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, browser: try await client.signIn(user.email), user: user)
        }

        static func partnerCount(_ client: TestClient, _ company: CompanyModel) async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM business_partners WHERE company_id = \(bind: company.companyID.rawValue)")
                .first(decoding: Row.self)?.n ?? -1
        }

        static func upload(_ client: TestClient, _ f: Fixture, csv: String, name: String = "partners.csv") async throws -> TestingHTTPResponse {
            let (headers, body) = SecurityProfile.multipart([], file: (name, Data(csv.utf8)), csrf: f.browser.csrf)
            return try await client.send(.POST, f.base + "/import", browser: f.browser, headers: headers, body: body)
        }

        static let form: [(String, String)] = [
            ("legal_name", "PT Sepatu Jaya"), ("other_names", "Sepatu Jaya\nSJ Footwear"), ("country", "id"), ("role", "manufacturer"),
            ("reference", "SUP-001"), ("identifiers", "tax_id:01.234.567.8-901.000"), ("contact_email", "dewi@sepatu.example"),
        ]

        @Test func coordinatorAddsSearchesEditsAndArchivesAPartner() async throws {
            try await withTrustlane { client in
                // Setup
                let f = try await Self.fixture(client)
                // Act: add
                let created = try await client.post(f.base, as: f.browser, form: Self.form)
                // Verify
                #expect(created.status == .seeOther)
                let location = try #require(created.headers.first(name: .location))
                let page = try await client.get(location, as: f.browser)
                #expect(page.status == .ok)
                #expect(page.body.string.contains("PT Sepatu Jaya"))
                #expect(page.body.string.contains("tax_id:01.234.567.8-901.000"))

                // Search by the prefix of an alias's word, by reference, and a miss.
                let byAlias = try await client.get(f.base + "?q=footw", as: f.browser)
                #expect(byAlias.body.string.contains("PT Sepatu Jaya"))
                let byReference = try await client.get(f.base + "?q=sup-001", as: f.browser)
                #expect(byReference.body.string.contains("PT Sepatu Jaya"))
                let miss = try await client.get(f.base + "?q=batik", as: f.browser)
                #expect(!miss.body.string.contains("PT Sepatu Jaya"))
                #expect(miss.body.string.contains("id=\"partner-empty\""))

                // A second partner may not reuse the tax number; nothing is saved.
                let clash = try await client.post(f.base, as: f.browser, form: [("legal_name", "Sepatu Lain"), ("country", "ID"), ("role", "supplier"),
                                                                                ("identifiers", "TAX_ID: 0123456789 01000")])
                #expect(clash.status == .badRequest)
                #expect(clash.body.string.contains("already belongs to the partner PT Sepatu Jaya"))
                #expect(try await Self.partnerCount(client, f.company) == 1)

                // Bad input: which field, what is allowed, nothing saved.
                let bad = try await client.post(f.base, as: f.browser, form: [("legal_name", ""), ("country", "XX"), ("role", "pirate")])
                #expect(bad.status == .badRequest)
                #expect(bad.body.string.contains("data-field=\"legal_name\""))
                #expect(bad.body.string.contains("data-field=\"country\""))
                #expect(bad.body.string.contains("data-field=\"role\""))
                #expect(try await Self.partnerCount(client, f.company) == 1)

                // Edit: the new name is searchable, the old alias no longer.
                var edited = Self.form.filter { $0.0 != "other_names" }
                edited.append(("other_names", "Jaya Shoes"))
                let updated = try await client.post(location, as: f.browser, form: edited)
                #expect(updated.status == .seeOther)
                #expect(try await client.get(f.base + "?q=jaya+shoes", as: f.browser).body.string.contains("PT Sepatu Jaya"))
                #expect(!(try await client.get(f.base + "?q=footwear", as: f.browser).body.string.contains("PT Sepatu Jaya")))

                // Archive: out of the default list, still in the archived filter and the export.
                let archived = try await client.post(location + "/status", as: f.browser, form: [("status", "archived")])
                #expect(archived.status == .seeOther)
                #expect(!(try await client.get(f.base, as: f.browser).body.string.contains("PT Sepatu Jaya")))
                #expect(try await client.get(f.base + "?status=archived", as: f.browser).body.string.contains("PT Sepatu Jaya"))
                let export = try await client.get(f.base + ".csv", as: f.browser)
                #expect(export.headers.contentType?.subType == "csv")
                #expect(export.body.string.contains("SUP-001,PT Sepatu Jaya,Jaya Shoes,ID,manufacturer"))

                let actions = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(actions.filter { $0.hasPrefix("business_partner.") }.sorted()
                    == ["business_partner.created", "business_partner.status_changed", "business_partner.updated"])
            }
        }

        static let csv = """
        reference,legal_name,other_names,country,role,identifiers
        S-1,PT Kain Indah,Kain Indah,ID,supplier,duns:111
        S-2,Transportes Norte,,MX,highway carrier,scac:TNRT
        S-3,Bad Country Co,,XX,supplier,
        S-4,"KAIN INDAH, PT.",,ID,supplier,duns:111
        """

        @Test func importPreviewsThenSavesAllOrNothingOrTheValidRows() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // Upload: nothing saved yet; the preview lists the problems by line and column.
                let uploaded = try await Self.upload(client, f, csv: Self.csv)
                #expect(uploaded.status == .seeOther)
                let preview = try #require(uploaded.headers.first(name: .location))
                let page = try await client.get(preview, as: f.browser)
                #expect(page.status == .ok)
                let html = page.body.string
                #expect(html.contains("Line 4, column 4 (country): Country ") && html.contains("XX") && html.contains("is not an ISO 3166-1 code"))
                #expect(html.contains("Line 5, column 6 (identifiers): The number duns:111 is already on line 2."))
                // In the reader's language, place and problem both.
                let indonesian = try await client.get(preview, as: f.browser, headers: ["Accept-Language": "id"]).body.string
                #expect(indonesian.contains("Baris 4, kolom 4 (country): Negara ") && indonesian.contains("bukan kode ISO 3166-1"))
                #expect(indonesian.contains("Baris 5, kolom 6 (identifiers): Nomor duns:111 sudah ada di baris 2."))
                #expect(!indonesian.contains("already on line"))
                #expect(html.contains("id=\"partner-import-confirm\""))
                #expect(try await Self.partnerCount(client, f.company) == 0)

                // The error file: the two rejected rows with their problems.
                let errors = try await client.get(preview + "/errors.csv", as: f.browser)
                let lines = errors.body.string.split(separator: "\n")
                #expect(lines.first == "reference,legal_name,other_names,country,role,identifiers,errors")
                #expect(lines.count == 3)
                #expect(lines[1].hasPrefix("S-3,Bad Country Co,,XX,supplier,,"))
                #expect(lines[1].contains("Line 4, column 4 (country): Country "))
                // In the reader's language, as on the page.
                let indonesianFile = try await client.get(preview + "/errors.csv", as: f.browser, headers: ["Accept-Language": "id"]).body.string
                #expect(indonesianFile.contains("Baris 4, kolom 4 (country): Negara ") && indonesianFile.contains("bukan kode ISO 3166-1"))
                #expect(indonesianFile.contains("Baris 5, kolom 6 (identifiers): Nomor duns:111 sudah ada di baris 2."))
                #expect(!indonesianFile.contains("already on line"))
                #expect(indonesianFile.hasPrefix("reference,legal_name,other_names,country,role,identifiers,errors\n"), "the column names stay the file's own")

                // All or nothing refuses the file whole.
                let refused = try await client.post(preview, as: f.browser, form: [("mode", "all_or_nothing")])
                #expect(refused.status == .badRequest)
                #expect(refused.body.string.contains("Nothing was imported"))
                #expect(refused.body.string.contains(#"value="all_or_nothing" checked"#), "the mode chosen stays chosen")
                #expect(!refused.body.string.contains(#"value="valid_rows" checked"#))
                #expect(try await Self.partnerCount(client, f.company) == 0)

                // The valid rows: two partners, one audit entry; the same file cannot be confirmed twice.
                let saved = try await client.post(preview, as: f.browser, form: [("mode", "valid_rows")])
                #expect(saved.status == .seeOther)
                #expect(try await Self.partnerCount(client, f.company) == 2)
                let again = try await client.post(preview, as: f.browser, form: [("mode", "valid_rows")])
                #expect(again.status == .badRequest)
                #expect(try await Self.partnerCount(client, f.company) == 2)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "business_partner.imported").count() == 1)

                // A second file: S-1 and duns:111 now belong to a partner; the hint names it.
                let second = try await Self.upload(client, f, csv: "reference,legal_name,country,role,identifiers\nS-1,Other,US,agent,\nS-9,Kain Indah Tbk,ID,supplier,\n")
                let secondPage = try await client.get(try #require(second.headers.first(name: .location)), as: f.browser).body.string
                #expect(secondPage.contains("reference S-1 already belongs to the partner PT Kain Indah"))
                #expect(secondPage.contains("id=\"import-hints\""))
            }
        }

        @Test func wholeFileProblemsAreRefusedWithTheLine() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                var latin1 = Data("legal_name,country,role\nCaf".utf8)
                latin1.append(0xE9)
                latin1.append(contentsOf: Array(",FR,supplier\n".utf8))
                let (headers, body) = SecurityProfile.multipart([], file: ("partners.csv", latin1), csrf: f.browser.csrf)
                let uploaded = try await client.send(.POST, f.base + "/import", browser: f.browser, headers: headers, body: body)
                let page = try await client.get(try #require(uploaded.headers.first(name: .location)), as: f.browser)
                #expect(page.body.string.contains("Line 2 is not UTF-8 text"))
                #expect(!page.body.string.contains("id=\"partner-import-confirm\""))
                let (emptyHeaders, emptyBody) = SecurityProfile.multipart([], file: nil, csrf: f.browser.csrf)
                let missing = try await client.send(.POST, f.base + "/import", browser: f.browser, headers: emptyHeaders, body: emptyBody)
                #expect(missing.status == .badRequest)
                #expect(missing.body.string.contains("Choose a CSV file"))
            }
        }

        @Test func onlyTheCompanysPeopleSeeItsPartnersAndViewersCannotChangeThem() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.base, as: f.browser, form: Self.form)
                let partnerPath = try #require(try await client.post(f.base, as: f.browser, form: [("legal_name", "Second"), ("country", "US"), ("role", "agent")])
                    .headers.first(name: .location))

                // A viewer reads but may not add, edit, import or archive.
                let viewer = try await client.makeUser("viewer@sol.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                #expect(try await client.get(f.base, as: v).status == .ok)
                #expect(try await client.get(partnerPath, as: v).status == .ok)
                #expect(try await client.post(f.base, as: v, form: Self.form).status == .forbidden)
                #expect(try await client.get(f.base + "/import", as: v).status == .forbidden)
                #expect(try await client.post(partnerPath + "/status", as: v, form: [("status", "archived")]).status == .forbidden)

                // Another company's officer and a program reviewer: as if it did not exist.
                let other = try await Self.fixture(client, role: .officer, name: "Other Importer")
                #expect(try await client.get(f.base, as: other.browser).status == .notFound)
                #expect(try await client.get(partnerPath, as: other.browser).status == .notFound)
                let otherPath = partnerPath.replacingOccurrences(of: "\(f.company.companyID)", with: "\(other.company.companyID)")
                #expect(try await client.get(otherPath, as: other.browser).status == .notFound)
                _ = try await client.makeUser("reviewer@cbp.example", reviewer: true)
                let reviewer = try await client.signIn("reviewer@cbp.example")
                #expect(try await client.get(f.base, as: reviewer).status == .notFound)
                #expect(try await client.get(f.base + ".csv", as: reviewer).status == .notFound)

                // Nobody signed in: to the sign-in page.
                #expect(try await client.get(f.base).status == .seeOther)
            }
        }

        @Test func theAPIAddsListsChangesImportsAndExportsPartners() async throws {
            try await withTrustlane { client in
                // Setup: a coordinator's token, and another company's officer.
                let company = try await client.makeCompany("Importadora Sol", country: "US", types: [.importer])
                let user = try await client.makeUser("api@sol.example")
                try await client.addMember(user, to: company, role: .coordinator)
                let token = try await client.token(for: user)
                let base = "/api/v1/companies/\(company.companyID)/business-partners"

                // Create; a bad body names the JSON fields.
                let created = try await client.api(.POST, base, token: token, json: #"{"legalName":"PT Sepatu Jaya","otherNames":["SJ Footwear"],"country":"ID","role":"manufacturer","identifiers":["duns:123"]}"#)
                #expect(created.status == .created)
                let location = try #require(created.headers.first(name: .location))
                let bad = try await client.api(.POST, base, token: token, json: #"{"legalName":"","country":"XX","role":"manufacturer"}"#)
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains(#""field":"legalName""#) && bad.text.contains(#""field":"country""#), "\(bad.text)")
                let clash = try await client.api(.POST, base, token: token, json: #"{"legalName":"Other","country":"ID","role":"supplier","identifiers":["DUNS:1-2-3"]}"#)
                #expect(clash.status == .badRequest)
                #expect(clash.text.contains("already belongs to the partner PT Sepatu Jaya"))

                // Read, search, replace, archive.
                #expect(try await client.api(.GET, location, token: token).text.contains(#""legalName":"PT Sepatu Jaya""#))
                let found = try await client.api(.GET, base + "?q=footw", token: token)
                #expect(found.text.contains("PT Sepatu Jaya") && found.text.contains(#""hasMore":false"#))
                let replaced = try await client.api(.PUT, location, token: token, json: #"{"legalName":"PT Sepatu Jaya Abadi","country":"ID","role":"manufacturer"}"#)
                #expect(replaced.status == .ok && replaced.text.contains("Abadi"))
                let archived = try await client.api(.POST, location + "/status", token: token, json: #"{"status":"archived"}"#)
                #expect(archived.text.contains(#""status":"archived""#))
                #expect(try await client.api(.POST, location + "/status", token: token, json: #"{"status":"blocked"}"#).status == .badRequest)

                // Import: a dry run saves nothing; all or nothing refuses with the line; valid rows save.
                func importCSV(_ query: String, _ text: String, contentType: String = "text/csv") async throws -> TestingHTTPResponse {
                    var headers = HTTPHeaders()
                    headers.bearerAuthorization = .init(token: token)
                    headers.replaceOrAdd(name: .contentType, value: contentType)
                    return try await client.send(.POST, "/api/v1/companies/\(company.companyID)/business-partner-imports" + query, browser: nil, headers: headers,
                                                 body: ByteBuffer(string: text))
                }
                let file = "legal_name,country,role\nKain Indah,ID,supplier\nBad,XX,supplier\n"
                let dry = try await importCSV("?dryRun=true", file)
                #expect(dry.status == .ok)
                #expect(dry.text.contains(#""accepted":1"#) && dry.text.contains(#""line":3"#))
                let refused = try await importCSV("", file)
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("Line 3, column 2 (country)"))
                #expect(try await Self.partnerCount(client, company) == 1)
                let saved = try await importCSV("?mode=valid_rows", file)
                #expect(saved.status == .created && saved.text.contains(#""imported":1"#))
                #expect(try await Self.partnerCount(client, company) == 2)
                #expect(try await importCSV("", file, contentType: "application/json").status == .unsupportedMediaType)
                #expect(try await importCSV("?mode=sometimes", file).status == .badRequest)
                #expect(try await importCSV("?dryRun=true", "-3257").status == .badRequest)
                // The list's query is checked: an unknown status or a page out of range is refused by name.
                let badFilter = try await client.api(.GET, base + "?status=null&page=0", token: token)
                #expect(badFilter.status == .badRequest && badFilter.text.contains(#""field":"status""#) && badFilter.text.contains(#""field":"page""#))
                #expect(try await client.api(.GET, base + "?role=agent&role=agent", token: token).status == .badRequest)

                // Export: every partner, the archived one too.
                let export = try await client.api(.GET, "/api/v1/companies/\(company.companyID)/business-partners.csv", token: token)
                #expect(export.text.contains("PT Sepatu Jaya Abadi") && export.text.contains("Kain Indah"))

                // Another company's token: 404 on the list and on the partner.
                let other = try await client.makeCompany("Other", country: "US", types: [.importer])
                let outsider = try await client.makeUser("outsider@other.example")
                try await client.addMember(outsider, to: other, role: .officer)
                let outsiderToken = try await client.token(for: outsider)
                #expect(try await client.api(.GET, base, token: outsiderToken).status == .notFound)
                #expect(try await client.api(.GET, location, token: outsiderToken).status == .notFound)
                let viewer = try await client.makeUser("viewer-api@sol.example")
                try await client.addMember(viewer, to: company, role: .viewer)
                let viewerToken = try await client.token(for: viewer)
                #expect(try await client.api(.GET, base, token: viewerToken).status == .ok)
                #expect(try await client.api(.POST, base, token: viewerToken, json: #"{"legalName":"X","country":"US","role":"agent"}"#).status == .forbidden)
            }
        }

        /// A file above the size at which the import changes SQLite's cache and statement
        /// journal for its transaction and leaves the checkpoint until after its commit: every
        /// row saved once with its identifier and search terms, the API's reading reused, and the
        /// writer's connection left as it was.
        @Test func aLargeImportIsSavedWholeAndLeavesTheWriterAsItWas() async throws {
            // On SQLite, a file: the writer is then one connection of its own, whose settings
            // can be read back after the import.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-import-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("t.sqlite").path
            try await withTrustlane(configure: { if !usingPostgres { $0.database = .sqliteFile(path: file) } }) { client in
                let f = try await Self.fixture(client, role: .officer)
                let token = try await client.token(for: try #require(f.user))
                try await BusinessPartnerService(app: client.app).create(
                    BusinessPartner(reference: "KEEP-1", legalName: "Gudang Lama", country: CountryCode("ID")!, role: .warehouse),
                    company: f.company.companyID, by: nil)
                let rows = 5_001
                var csv = "reference,legal_name,other_names,country,role,identifiers\n"
                for n in 0..<rows {
                    csv += "R-\(n),Pabrik Nomor \(n) Jaya,\(n == 4_321 ? "Sepatu Kilat" : ""),ID,manufacturer,duns:\(700_000_000 + n)\n"
                }
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: token)
                headers.replaceOrAdd(name: .contentType, value: "text/csv")
                let url = "/api/v1/companies/\(f.company.companyID)/business-partner-imports"
                let saved = try await client.send(.POST, url, browser: nil, headers: headers, body: ByteBuffer(string: csv))
                #expect(saved.status == .created, "\(saved.text.prefix(300))")
                #expect(saved.text.contains(#""imported":5001"#))
                #expect(try await Self.partnerCount(client, f.company) == rows + 1)
                struct Counts: Decodable { let identifiers: Int; let partners_with_terms: Int }
                let counts = try await (client.db as! any SQLDatabase).raw("""
                SELECT (SELECT COUNT(*) FROM business_partner_identifiers WHERE company_id = \(bind: f.company.companyID.rawValue)) AS identifiers,
                       (SELECT COUNT(DISTINCT partner_id) FROM business_partner_terms WHERE company_id = \(bind: f.company.companyID.rawValue)) AS partners_with_terms
                """).first(decoding: Counts.self)
                #expect(counts?.identifiers == rows)
                #expect(counts?.partners_with_terms == rows + 1)
                let found = try await client.get(f.base + "?q=kilat", as: f.browser).body.string
                #expect(found.contains("Pabrik Nomor 4321 Jaya"))
                #expect(!found.contains("Pabrik Nomor 4320 Jaya"))

                // The same file again: every row's reference and number now belong to a partner.
                let again = try await client.send(.POST, url, browser: nil, headers: headers, body: ByteBuffer(string: csv))
                #expect(again.status == .badRequest)
                #expect(again.text.contains("reference R-0 already belongs to the partner Pabrik Nomor 0 Jaya"))
                #expect(try await Self.partnerCount(client, f.company) == rows + 1)

                if !usingPostgres {
                    struct Setting: Decodable { let value: Int }
                    let settings = try await client.app.writeGate.transaction(on: client.db) { tx in
                        let sql = tx as! any SQLDatabase
                        let cache = try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
                        let temp = try await sql.raw("PRAGMA temp_store").first()?.decode(column: "temp_store", as: Int.self)
                        let checkpoint = try await sql.raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
                        return [cache, temp, checkpoint]
                    }
                    #expect(settings == [-2000, 0, 1000],
                            "the writer's cache, temporary store and automatic checkpoint are back to SQLite's defaults")
                }
            }
        }

        /// A file the import reads while it writes (2,000 rows, then 10,000 at a time): a
        /// repeat of a first-chunk identifier in a later chunk is still caught, and a problem
        /// found in a later chunk (a rejected row in all-or-nothing, a quote never closed)
        /// undoes the earlier chunks' rows already written: nothing half-saved.
        @Test func aFileSavedWhileItIsReadIsCheckedAcrossChunksAndUndoneWholeWhenRefusedLate() async throws {
            try await withTrustlane { client in
                // Setup
                let f = try await Self.fixture(client, role: .officer)
                let service = BusinessPartnerService(app: client.app)
                let company = f.company.companyID
                let rows = BusinessPartnerService.importChunkRows + 10
                func file(_ last: String) -> Data {
                    var csv = "reference,legal_name,other_names,country,role,identifiers\n"
                    for n in 0..<(rows - 1) { csv += "R-\(n),Pabrik Nomor \(n) Jaya,\(n == rows - 3 ? "Sepatu Kilat" : ""),ID,manufacturer,duns:\(700_000_000 + n)\n" }
                    return Data((csv + last + "\n").utf8)
                }
                // Act: the last row repeats row 2's identifier.
                let repeated = file("R-LAST,Pabrik Terakhir,,ID,manufacturer,duns:700000002")
                var refusals: [String] = []
                for data in [repeated, file("R-LAST,\"Pabrik Terakhir,ID,manufacturer,duns:1")] {
                    do {
                        _ = try await service.runImport(data, fileName: "big.csv", storedID: nil, company: company, mode: .allOrNothing, by: nil)
                        refusals.append("saved")
                    } catch let failure as ValidationFailure {
                        refusals.append(failure.errors.map(\.message).joined(separator: " | "))
                    }
                }
                let countAfterRefusals = try await Self.partnerCount(client, f.company)
                let outcome = try await service.runImport(repeated, fileName: "big.csv", storedID: nil, company: company, mode: .validRows, by: nil)
                // Verify
                #expect(refusals == [
                    "Line \(rows + 1), column 6 (identifiers): identifier duns:700000002 is already on line 4",
                    "Line \(rows + 1): A quoted cell starting on line \(rows + 1) is never closed.",
                ])
                #expect(countAfterRefusals == 0, "the first chunk's rows were undone with the refused file")
                #expect(outcome.imported == rows - 1 && outcome.rejected == 1)
                #expect(try await Self.partnerCount(client, f.company) == rows - 1)
                struct Counts: Decodable { let identifiers: Int; let terms: Int }
                let counts = try await (client.db as! any SQLDatabase).raw("""
                SELECT (SELECT COUNT(*) FROM business_partner_identifiers WHERE company_id = \(bind: company.rawValue)) AS identifiers,
                       (SELECT COUNT(*) FROM business_partner_terms WHERE company_id = \(bind: company.rawValue)) AS terms
                """).first(decoding: Counts.self)
                // Each partner's name's terms (as the tokenizer makes them), and one more has "sepatu", "kilat".
                let terms = (0..<(rows - 1)).reduce(2) { $0 + Set(PartyName.tokens("Pabrik Nomor \($1) Jaya")).count }
                #expect(counts?.identifiers == rows - 1)
                #expect(counts?.terms == terms && terms > (rows - 1) * 3)
                let found = try await client.get(f.base + "?q=kilat", as: f.browser).body.string
                #expect(found.contains("Pabrik Nomor \(rows - 3) Jaya"))
            }
        }

        @Test func theListCostsTheSameQueriesForThreeOrSixtyPartners() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let service = BusinessPartnerService(app: client.app)
                for n in 0..<3 {
                    try await service.create(BusinessPartner(legalName: "Partner \(n) Trading", country: CountryCode("US")!, role: .supplier),
                                             company: f.company.companyID, by: nil)
                }
                let small = try await client.pageQueries(f.base + "?q=trading", as: f.browser)
                for n in 3..<60 {
                    try await service.create(BusinessPartner(legalName: "Partner \(n) Trading", country: CountryCode("US")!, role: .supplier),
                                             company: f.company.companyID, by: nil)
                }
                let large = try await client.pageQueries(f.base + "?q=trading", as: f.browser)
                #expect(small.status == .ok)
                #expect(large.queries == small.queries)
                let page = try await client.get(f.base + "?q=trading", as: f.browser).body.string
                #expect(page.contains("rel=\"next\""))

                // Both plans find the same partners: from the terms (few names) and walking the list (many).
                try await service.create(BusinessPartner(reference: "TRAD", legalName: "Zeta Works", country: CountryCode("US")!, role: .agent),
                                         company: f.company.companyID, by: nil)
                let queries = BusinessPartnerQueries(client.db)
                for dense in [1_000, 2] {
                    var filter = BusinessPartnerQueries.Filter(query: "trad", per: 200)
                    filter.denseFrom = dense
                    let names = try await queries.list(company: f.company.companyID, filter).rows.map(\.legal_name)
                    // The reference match leads, then every partner with a word starting "trad".
                    #expect(names.count == 61)
                    #expect(names.first == "Zeta Works")
                    #expect(Set(names.dropFirst()) == Set((0..<60).map { "Partner \($0) Trading" }))
                    filter.query = "partner trad"
                    #expect(try await queries.list(company: f.company.companyID, filter).rows.count == 60)
                }
            }
        }
    }
}
