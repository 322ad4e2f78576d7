import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Denied-party screening (issue 15): list snapshots imported by administrators, partners
    /// screened against them, decisions remembered, re-screening in the background.
    @Suite struct Screening {
        typealias F = ScreeningFixtures

        @Test func aMalformedListIsRefusedWholeWithFileAndLineAndNothingIsSaved() async throws {
            try await withTrustlane { client in
                // Setup
                let admin = try await F.admin(client)
                let short = F.record(["10003", "SHORT ROW", "-0-"])
                let files = [("primary", "sdn.csv", F.sdn(F.baseEntries).replacingOccurrences(of: "\u{1A}", with: "") + short),
                             ("aliases", "alt.csv", F.record(["99999", "1", "aka", "NOBODY", "-0-"]))]
                // Act
                let refused = try await F.importList(client, as: admin, files: files)
                // Verify: every problem by file and line, nothing saved
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("sdn.csv line 3: 3 fields, 12 expected"))
                #expect(refused.text.contains("alt.csv line 1: entity number 99999 is not in sdn.csv"))
                #expect(refused.text.contains("id=\"list-problems\""))
                for table in ["screening_snapshots", "screening_entries", "screening_runs"] { #expect(try await F.count(client, table) == 0, "\(table)") }

                // Bad fields: named, nothing saved.
                let badFields = try await F.importList(client, as: admin, kind: "ofac_sdx", publishedOn: "2025-02-30", threshold: "2", files: [])
                #expect(badFields.status == .badRequest)
                for field in ["kind", "published_on", "threshold", "primary"] { #expect(badFields.text.contains("data-field=\"\(field)\""), "\(field)") }
                // A file that is not UTF-8, named by its line.
                var latin1 = Data(F.record(["10001", "CAF", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-"]).utf8)
                latin1.append(contentsOf: [0x22, 0xE9, 0x22, 0x0D])
                let (headers, body) = F.multipart([("kind", "ofac_sdn"), ("published_on", "2025-01-15")], files: [("primary", "sdn.csv", latin1)], csrf: admin.csrf)
                let notUTF8 = try await client.send(.POST, "/admin/screening-lists", browser: admin, headers: headers, body: body)
                #expect(notUTF8.status == .badRequest && notUTF8.text.contains("sdn.csv line 2: not UTF-8 text"))
                #expect(try await F.count(client, "screening_snapshots") == 0)
            }
        }

        @Test func anImportedSDNSetRaisesAHitThatSaysWhy() async throws {
            try await withTrustlane { client in
                // Setup: a partner exists before the list does.
                let c = try await F.company(client)
                let partner = try await F.addPartner(client, c, "PT Nusantara Bayangan Trading")
                try await F.addPartner(client, c, "Logistica del Norte", country: "MX")
                let admin = try await F.admin(client)
                // Act: import, then the background pass.
                let imported = try await F.importList(client, as: admin, files: F.sdnSet())
                #expect(imported.status == .seeOther)
                let pass = try await ScreeningRuns(app: client.app).runPending()
                // Verify
                #expect(pass.runs == 1 && pass.raised == 1)
                let hits = try await F.hits(client, c)
                #expect(hits.map(\.entry_number) == ["10001"])
                #expect(hits.first?.status == "open" && hits.first?.country_agrees == true)
                #expect(hits.first?.explanation.contains("paired nusantara~nusantara") == true)
                let queue = try await client.get(c.queue, as: c.browser)
                #expect(queue.status == .ok)
                #expect(queue.text.contains("NUSANTARA BAYANGAN TRADING CO., LTD.") && queue.text.contains("paired nusantara~nusantara"))
                #expect(queue.text.contains("data-decision-form="))
                let page = try await client.get(partner, as: c.browser)
                #expect(page.text.contains("id=\"partner-screening\"") && page.text.contains("entry 10001"))
                // The admin page: the snapshot with its hash and count, the run done.
                let lists = try await client.get("/admin/screening-lists", as: admin)
                struct Stored: Decodable { let files_sha256: String; let entry_count: Int }
                let stored = try #require(try await (client.db as! any SQLDatabase).raw("SELECT files_sha256, entry_count FROM screening_snapshots")
                    .first(decoding: Stored.self))
                let sdnHash = try #require(stored.files_sha256.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
                #expect(stored.files_sha256.hasPrefix("sdn.csv ") && sdnHash.count == 64 && stored.entry_count == 2)
                #expect(lists.text.contains(sdnHash) && lists.text.contains("data-run-status=\"done\""))

                // Screening again changes nothing: no duplicate open hit.
                let again = try await ScreeningService(app: client.app).screen(company: c.id)
                #expect(again.raised == 0 && again.cleared == 0)
                #expect(try await F.hits(client, c).count == 1)

                // A partner added afterwards is screened right after its save, by its other name too.
                try await F.addPartner(client, c, "Oscura Imports", country: "MX", otherNames: "Frontera Oscura Logistica SA de CV")
                #expect(try await F.hits(client, c).map(\.entry_number).sorted() == ["10001", "10002"])

                // A CSV import of partners queues a screening of the company.
                let csv = "legal_name,country,role\nBayangan Nusantara,ID,supplier\n"
                let (headers, body) = SecurityProfile.multipart([], file: ("partners.csv", Data(csv.utf8)), csrf: c.browser.csrf)
                let upload = try await client.send(.POST, c.partners + "/import", browser: c.browser, headers: headers, body: body)
                _ = try await client.post(try #require(upload.location), as: c.browser, form: [("mode", "all_or_nothing")])
                let companyRun = try await ScreeningRuns(app: client.app).runPending()
                #expect(companyRun.runs == 1 && companyRun.raised == 1)

                // The screening is queued with the import, in its transaction: a file refused
                // whole (a row with no name) queues none.
                let refused = "legal_name,country,role\nBayangan Timur,ID,supplier\n,ID,supplier\n"
                let (refusedHeaders, refusedBody) = SecurityProfile.multipart([], file: ("partners.csv", Data(refused.utf8)), csrf: c.browser.csrf)
                let refusedUpload = try await client.send(.POST, c.partners + "/import", browser: c.browser, headers: refusedHeaders, body: refusedBody)
                let refusal = try await client.post(try #require(refusedUpload.location), as: c.browser, form: [("mode", "all_or_nothing")])
                #expect(refusal.status == .badRequest)
                #expect(refusal.body.string.contains("Nothing was imported"))
                #expect(try await ScreeningRuns(app: client.app).runPending().runs == 0)
            }
        }

        @Test func aFalsePositiveIsRememberedUntilThePartnersNamesChange() async throws {
            try await withTrustlane { client in
                // Setup
                let c = try await F.company(client)
                let partner = try await F.addPartner(client, c, "PT Nusantara Bayangan Trading")
                let admin = try await F.admin(client)
                _ = try await F.importList(client, as: admin, files: F.sdnSet())
                try await ScreeningRuns(app: client.app).runPending()
                let hit = try #require(try await F.hits(client, c).first)
                let decision = c.queue + "/hits/\(hit.id.uuidString.lowercased())/decision"

                // A decision without a reason is refused by name; nothing changes.
                let noReason = try await client.post(decision, as: c.browser, form: [("decision", "false_positive"), ("reason", " ")])
                #expect(noReason.status == .badRequest && noReason.text.contains("data-field=\"reason\""))
                #expect(try await F.hits(client, c).first?.status == "open")

                // Act: a false positive, then screening again.
                let decided = try await client.post(decision, as: c.browser, form: [("decision", "false_positive"),
                                                                                   ("reason", "Different tax number and address; a Surabaya batik maker")])
                #expect(decided.status == .seeOther)
                _ = try await ScreeningService(app: client.app).screen(company: c.id)
                // Verify: not raised again.
                #expect(try await F.hits(client, c).map(\.status) == ["false_positive"])
                // The same names in another case: the same fingerprint, still not raised.
                _ = try await client.post(partner, as: c.browser, form: [("legal_name", "PT NUSANTARA BAYANGAN TRADING"), ("country", "ID"), ("role", "supplier")])
                #expect(try await F.hits(client, c).map(\.status) == ["false_positive"])

                // The partner's names change: raised again.
                _ = try await client.post(partner, as: c.browser, form: [("legal_name", "PT Nusantara Bayangan Trading"), ("other_names", "Nusantara Bayangan Export"),
                                                                         ("country", "ID"), ("role", "supplier")])
                #expect(try await F.hits(client, c).map(\.status) == ["false_positive", "open"])
            }
        }

        @Test func aTrueMatchBlocksThePartnerAndOpensACorrectiveAction() async throws {
            try await withTrustlane { client in
                // Setup
                let c = try await F.company(client)
                let partner = try await F.addPartner(client, c, "Frontera Oscura Logistica S.A. de C.V.", country: "MX")
                let admin = try await F.admin(client)
                _ = try await F.importList(client, as: admin, files: F.sdnSet())
                try await ScreeningRuns(app: client.app).runPending()
                let hit = try #require(try await F.hits(client, c).first)
                let decision = c.queue + "/hits/\(hit.id.uuidString.lowercased())/decision"
                // Act
                let decided = try await client.post(decision, as: c.browser, form: [("decision", "true_match"), ("reason", "Same registration number as the listed entity")])
                // Verify
                #expect(decided.status == .seeOther)
                #expect(try await F.hits(client, c).map(\.status) == ["true_match"])
                let page = try await client.get(partner, as: c.browser).text
                #expect(page.contains("data-status=\"blocked\""))
                let action = try #require(try await CorrectiveActionModel.query(on: client.db).filter(\.$company.$id == c.id.rawValue).first())
                #expect(action.source == "screening" && action.sourceID == hit.id.uuidString.lowercased())
                #expect(action.title.contains("Frontera Oscura Logistica S.A. de C.V.") && action.title.contains("entry 10002"))
                #expect(ProgramDay(action.dueDate) == ProgramDay(Date()).adding(days: 7))
                let actions = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                for name in ["screening.list_imported", "screening.hits_changed", "screening.hit_decided", "business_partner.status_changed", "corrective_action.created"] {
                    #expect(actions.contains(name), "\(name)")
                }
                // Decided once: a second decision is refused; screening again does not raise it.
                let twice = try await client.post(decision, as: c.browser, form: [("decision", "false_positive"), ("reason", "changed my mind")])
                #expect(twice.status == .conflict)
                _ = try await ScreeningService(app: client.app).screen(company: c.id)
                #expect(try await F.hits(client, c).map(\.status) == ["true_match"])
            }
        }

        @Test func aNewSnapshotReScreensInTheBackgroundAndClearsHitsWhoseEntryLeftTheList() async throws {
            try await withTrustlane { client in
                // Setup: two partners hit by the first list.
                let c = try await F.company(client)
                try await F.addPartner(client, c, "PT Nusantara Bayangan Trading")
                try await F.addPartner(client, c, "Frontera Oscura Logistica", country: "MX")
                try await F.addPartner(client, c, "Kembang Wangi Textiles")
                let admin = try await F.admin(client)
                _ = try await F.importList(client, as: admin, files: F.sdnSet())
                try await ScreeningRuns(app: client.app).runPending()
                #expect(try await F.hits(client, c).count == 2)
                // Act: a newer list without 10001 and with a new entry.
                let newer = F.sdnSet([("10002", "FRONTERA OSCURA LOGISTICA, S.A. DE C.V."), ("10005", "KEMBANG WANGI TEXTILES LIMITED")], aliases: [], addresses: [])
                let imported = try await F.importList(client, as: admin, publishedOn: "2025-03-01", files: newer)
                #expect(imported.status == .seeOther)
                let waiting = try await client.get("/admin/screening-lists", as: admin).text
                #expect(waiting.contains("data-run-status=\"pending\"") && waiting.contains("Superseded on"))
                let pass = try await ScreeningRuns(app: client.app).runPending()
                // Verify: progress and what changed, recorded on the run.
                #expect(pass.runs == 1 && pass.partners == 3 && pass.raised == 1 && pass.cleared == 1)
                struct Run: Decodable { let status: String; let partners_total: Int; let partners_done: Int; let new_hits: Int; let cleared_hits: Int }
                let run = try #require(try await (client.db as! any SQLDatabase).raw("""
                SELECT status, partners_total, partners_done, new_hits, cleared_hits FROM screening_runs ORDER BY created_at DESC LIMIT 1
                """).first(decoding: Run.self))
                #expect(run.status == "done" && run.partners_total == 3 && run.partners_done == 3 && run.new_hits == 1 && run.cleared_hits == 1)
                let hits = try await F.hits(client, c)
                let cleared = try #require(hits.first { $0.entry_number == "10001" })
                #expect(cleared.status == "cleared" && cleared.decision_reason?.contains("left the list") == true)
                #expect(Set(hits.filter { $0.status == "open" }.map(\.entry_number)) == ["10002", "10005"])
                let page = try await client.get("/admin/screening-lists", as: admin).text
                #expect(page.contains("data-run-status=\"done\""))
                // The index of the superseded snapshot is gone from memory; a restart rebuilds the current one from the tables.
                client.app.screeningIndexes.removeAll()
                let rebuilt = try await ScreeningService(app: client.app).screen(company: c.id)
                #expect(rebuilt.raised == 0 && rebuilt.cleared == 0)
            }
        }

        @Test func viewersReadButCannotDecideAndOutsidersSeeNothing() async throws {
            try await withTrustlane { client in
                // Setup
                let c = try await F.company(client)
                try await F.addPartner(client, c, "PT Nusantara Bayangan Trading")
                let admin = try await F.admin(client)
                _ = try await F.importList(client, as: admin, files: F.sdnSet())
                try await ScreeningRuns(app: client.app).runPending()
                let hit = try #require(try await F.hits(client, c).first)
                let decision = c.queue + "/hits/\(hit.id.uuidString.lowercased())/decision"
                let form = [("decision", "false_positive"), ("reason", "not them")]

                // A viewer reads the queue without a decision form, and may not decide.
                let viewerUser = try await client.makeUser("viewer@sol.example")
                try await client.addMember(viewerUser, to: c.model, role: .viewer)
                let viewer = try await client.signIn(viewerUser.email)
                let read = try await client.get(c.queue, as: viewer)
                #expect(read.status == .ok && read.text.contains("paired") && !read.text.contains("data-decision-form="))
                #expect(try await client.post(decision, as: viewer, form: form).status == .forbidden)
                let viewerToken = try await client.token(for: viewerUser)
                let api = "/api/v1/companies/\(c.id)/screening/hits"
                let listed = try await client.api(.GET, api + "?status=open", token: viewerToken)
                #expect(listed.status == .ok && listed.text.contains("\"entryNumber\":\"10001\"") && listed.text.contains("\"explanation\""))
                #expect(try await client.api(.GET, api + "?status=maybe", token: viewerToken).status == .badRequest)
                #expect(try await client.api(.POST, api + "/\(hit.id)/decision", token: viewerToken, json: #"{"decision":"false_positive","reason":"x"}"#).status == .forbidden)

                // Another company's officer and a program reviewer: as if it did not exist.
                let other = try await F.company(client, role: .officer, name: "Other Importer")
                #expect(try await client.get(c.queue, as: other.browser).status == .notFound)
                #expect(try await client.post(decision, as: other.browser, form: form).status == .notFound)
                let otherDecision = "/companies/\(other.id)/screening/hits/\(hit.id.uuidString.lowercased())/decision"
                #expect(try await client.post(otherDecision, as: other.browser, form: form).status == .notFound, "a hit is found in its own company only")
                let reviewerUser = try await client.makeUser("reviewer@cbp.example", reviewer: true)
                let reviewer = try await client.signIn(reviewerUser.email)
                #expect(try await client.get(c.queue, as: reviewer).status == .notFound)
                #expect(try await client.api(.GET, api, token: try await client.token(for: reviewerUser)).status == .notFound)

                // Only administrators import lists.
                #expect(try await client.get("/admin/screening-lists", as: c.browser).status == .forbidden)
                #expect(try await F.importList(client, as: c.browser, files: F.sdnSet()).status == .forbidden)
                #expect(try await client.api(.GET, "/api/v1/screening-lists", token: viewerToken).status == .forbidden)
                #expect(try await F.count(client, "screening_snapshots") == 1)

                // The coordinator decides through the API.
                let coordinatorToken = try await client.token(for: try #require(try await UserModel.query(on: client.db).filter(\.$email ~~ "coordinator-").first()))
                let decided = try await client.api(.POST, api + "/\(hit.id)/decision", token: coordinatorToken, json: #"{"decision":"false_positive","reason":"other firm"}"#)
                #expect(decided.status == .ok && decided.text.contains("\"status\":\"false_positive\""))
                let adminToken = try await client.token(for: try #require(try await UserModel.query(on: client.db).filter(\.$isAdministrator == true).first()))
                let snapshots = try await client.api(.GET, "/api/v1/screening-lists", token: adminToken)
                #expect(snapshots.status == .ok && snapshots.text.contains("\"sha256\"") && snapshots.text.contains("\"current\":true"))
            }
        }

        @Test func theAPIDecisionRefusesWhatTheDocumentForbidsAndAnswers409Once() async throws {
            try await withTrustlane { client in
                // Setup
                let c = try await F.company(client)
                try await F.addPartner(client, c, "PT Nusantara Bayangan Trading")
                let admin = try await F.admin(client)
                _ = try await F.importList(client, as: admin, files: F.sdnSet())
                try await ScreeningRuns(app: client.app).runPending()
                let hit = try #require(try await F.hits(client, c).first)
                let token = try await client.token(for: try #require(try await UserModel.query(on: client.db).filter(\.$email ~~ "coordinator-").first()))
                let path = "/api/v1/companies/\(c.id)/screening/hits/\(hit.id)/decision"
                // Act + verify: the document requires decision and reason, and so does the server.
                let document = try await AppTests.OpenAPIAgreement.document(client)
                let request = try AppTests.OpenAPIAgreement.schema(document, "ScreeningDecisionRequest")
                #expect(Set(request["required"] as? [String] ?? []) == ["decision", "reason"])
                let operation = try AppTests.OpenAPIAgreement.operation(document, "post", "/api/v1/companies/{companyID}/screening/hits/{hitID}/decision")
                #expect(AppTests.OpenAPIAgreement.statuses(operation).isSuperset(of: ["200", "400", "403", "404", "409", "413"]))
                let missing = try await client.api(.POST, path, token: token, json: #"{"decision":"maybe"}"#)
                #expect(missing.status == .badRequest && missing.text.contains(#""field":"decision""#) && missing.text.contains(#""field":"reason""#))
                let unknown = try await client.api(.POST, "/api/v1/companies/\(c.id)/screening/hits/\(UUID())/decision", token: token,
                                                   json: #"{"decision":"true_match","reason":"x"}"#)
                #expect(unknown.status == .notFound)
                let decided = try await client.api(.POST, path, token: token, json: #"{"decision":"true_match","reason":"Same tax number"}"#)
                #expect(decided.status == .ok && decided.text.contains(#""partnerStatus":"blocked""#))
                let again = try await client.api(.POST, path, token: token, json: #"{"decision":"false_positive","reason":"no"}"#)
                #expect(again.status == .conflict)
            }
        }

        @Test func knownFalsePositiveTrapsRaiseNoHit() async throws {
            try await withTrustlane { client in
                // Setup: short names and common words on the list.
                let c = try await F.company(client)
                let admin = try await F.admin(client)
                let entries = [("20001", "EMMA LLC"), ("20002", "ACME"), ("20003", "NUSANTARA BAYANGAN TRADING CO., LTD."), ("20004", "GLOBAL TRADING COMPANY")]
                _ = try await F.importList(client, as: admin, files: [("primary", "sdn.csv", F.sdn(entries))])
                // Act: partners that only share a short name or one common word.
                for (name, country) in [("Emma Daniels Garments", "US"), ("Acme Industrial Supplies Worldwide", "US"), ("Nusantara Garmen", "ID"),
                                        ("Global Freight Forwarding", "SG"), ("Trading Post Outfitters", "US")] {
                    try await F.addPartner(client, c, name, country: country)
                }
                try await ScreeningRuns(app: client.app).runPending()
                // Verify
                #expect(try await F.count(client, "screening_entries") == 4)
                #expect(try await F.hits(client, c).isEmpty)
                // The same list does catch the short name itself (with a legal form of its own).
                try await F.addPartner(client, c, "Acme Corp", country: "US")
                #expect(try await F.hits(client, c).map(\.entry_number) == ["20002"])
            }
        }

        @Test func theQueueCostsTheSameQueriesForTwoOrTwentyHits() async throws {
            try await withTrustlane { client in
                let c = try await F.company(client)
                let admin = try await F.admin(client)
                let first = ["Korvath", "Lumidex", "Pranoval", "Quentaro", "Zubrinel"], second = ["Akorowe", "Bemutax", "Cidranos", "Dovelika"]
                let names = first.flatMap { a in second.map { "\(a) \($0)" } }
                let entries = names.enumerated().map { (String(30000 + $0.offset), $0.element.uppercased() + " LTD") }
                _ = try await F.importList(client, as: admin, files: [("primary", "sdn.csv", F.sdn(entries))])
                for name in names.prefix(2) { try await F.addPartner(client, c, name, country: "US") }
                let small = try await client.pageQueries(c.queue, as: c.browser)
                for name in names.dropFirst(2) { try await F.addPartner(client, c, name, country: "US") }
                #expect(try await F.hits(client, c).count == 20)
                let large = try await client.pageQueries(c.queue, as: c.browser)
                #expect(small.status == .ok && large.status == .ok)
                #expect(large.queries == small.queries)
            }
        }
    }
}

