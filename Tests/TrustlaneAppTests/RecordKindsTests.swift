import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17: training sessions' files and the badge and key log are record kinds of the
    /// Records hub (count, pack, retention with legal hold, applied by the clock pass), and every
    /// kind's pack comes as one ZIP whose files are the kinds' own CSV downloads.
    @Suite struct RecordKinds {
        typealias F = Records.Fixture

        static func badge(_ client: TestClient, _ f: F, _ number: String, kind: String) async throws -> UUID {
            #expect(try await client.post(f.base + "/gate/badges", as: f.browser, form: [("number", number), ("kind", kind)]).status == .seeOther)
            struct Row: Decodable { let id: UUID }
            return try #require(try await (client.db as! any SQLDatabase).raw("""
            SELECT id FROM gate_badges WHERE company_id = \(bind: f.id.rawValue) AND number = \(bind: number)
            """).first(decoding: Row.self)).id
        }

        static func session(_ client: TestClient, _ f: F, _ title: String, held: String, file: (String, String, Data), purpose: String) async throws -> String {
            let session = try #require(try await client.post(f.base + "/training/sessions", as: f.browser, form: [
                ("title", title), ("topic", "inspections_and_seals"), ("held_on", held), ("trainer", "Dewi")]).location)
            let sent = try await IncidentFiles.upload(client, session + "/files", as: f.browser, [file], fields: [("purpose", purpose)])
            #expect(sent.status == .seeOther, "\(sent.text.prefix(300))")
            return session
        }

        @Test func trainingFilesAndTheBadgeLogAreKeptForTheirOwnPeriodUnderTheirOwnHold() async throws {
            try await withTrustlane { client in
                // Setup, 2020: a session with its signed roster; a key issued (still out) and a card issued and returned.
                client.app.clock = .fixed(.day("2020-01-10"))
                let f = try await Records.fixture(client)
                _ = try await Self.session(client, f, "Seals 2020", held: "2020-01-08", file: ("roster-2020.pdf", "application/pdf", IncidentFiles.pdf), purpose: "roster")
                let key = try await Self.badge(client, f, "K-1", kind: "key")
                let card = try await Self.badge(client, f, "C-1", kind: "access_card")
                #expect(try await client.post(f.base + "/gate/badges/\(key)/issue", as: f.browser, form: [("holder", "Rina Wulandari")]).status == .seeOther)
                #expect(try await client.post(f.base + "/gate/badges/\(card)/issue", as: f.browser, form: [("holder", "Budi Santoso")]).status == .seeOther)
                #expect(try await client.post(f.base + "/gate/badges/\(card)/return", as: f.browser, form: []).status == .seeOther)
                #expect(try await Records.count(client, "gate_badge_events") == 5)
                // Another company's badge log, of 2024: within its default five years, it stays whatever this company sets.
                client.app.clock = .fixed(.day("2024-01-10"))
                let other = try await Records.fixture(client, name: "PT Lain")
                _ = try await Self.badge(client, other, "X-9", kind: "key")
                client.app.clock = .fixed(.day("2020-01-10"))

                // The hub shows both kinds with their counts; their packs list them (page in Bahasa Indonesia, CSV by the API).
                let hub = try await client.get(f.base + "/records", as: f.browser)
                #expect(hub.text.contains("id=\"records-training_files\"") && hub.text.contains("id=\"records-badge_events\""))
                let filesCSV = try await client.api(.GET, f.api + "/training_files/pack.csv", token: f.token)
                #expect(filesCSV.status == .ok && filesCSV.headers.first(name: "Trustlane-Pack-Total") == "1", "\(filesCSV.text)")
                #expect(filesCSV.text.hasPrefix("id,file_name,session,held_on,purpose,") && filesCSV.text.contains("roster-2020.pdf,Seals 2020,2020-01-08,roster"))
                let badgeCSV = try await client.api(.GET, f.api + "/badge_events/pack.csv", token: f.token)
                #expect(badgeCSV.headers.first(name: "Trustlane-Pack-Total") == "5" && badgeCSV.text.contains("K-1,key,issued,Rina Wulandari"), "\(badgeCSV.text)")
                #expect(!badgeCSV.text.contains("X-9"), "another company's log is not in the pack")
                let page = try await client.get(f.base + "/records/badge_events/pack?lang=id", as: f.browser)
                #expect(page.status == .ok && page.text.contains("data-kind=\"badge_events\"") && page.text.contains("K-1") && page.text.contains("Rina Wulandari"))
                let filesPage = try await client.get(f.base + "/records/training_files/pack", as: f.browser)
                #expect(filesPage.status == .ok && filesPage.text.contains("roster-2020.pdf") && filesPage.text.contains("/training/sessions/"))

                // 2026: a session with the same PDF as its roster.
                client.app.clock = .fixed(.day("2026-06-01"))
                let browser = try await client.signIn(f.user.email)
                let g = F(company: f.company, user: f.user, browser: browser, token: f.token)
                _ = try await Self.session(client, g, "Seals 2026", held: "2026-05-30", file: ("roster-2026.pdf", "application/pdf", IncidentFiles.pdf), purpose: "roster")

                // Kept a year, with the sessions' records kept ten years: the 2020 roster goes (its bytes stay: the 2026 roster names them);
                // the card's 2020 events go, the key still out keeps its own.
                for (kind, months) in [("training", 120), ("training_files", 12), ("badge_events", 12)] {
                    let saved = try await client.api(.PUT, f.api + "/retention/\(kind)", token: f.token, json: #"{"retentionMonths":\#(months)}"#)
                    #expect(saved.status == .ok, "\(saved.text)")
                }
                // First under the sessions' legal hold: their files are held too; the badge log is not.
                #expect(try await client.api(.PUT, f.api + "/retention/training", token: f.token, json: #"{"legalHold":true,"legalHoldReason":"Audit"}"#).status == .ok)
                var removed = try await RecordsRetention(app: client.app).run()
                #expect(removed[f.id] == [.badgeEvents: 3], "\(removed)")
                #expect(try await Records.count(client, "record_files") == 2)
                #expect(removed[other.id] == nil)
                #expect(try await Records.count(client, "gate_badge_events") == 3, "the key's two events and the other company's one")
                // The hold lifted: the old roster's row goes, not the session nor the bytes.
                #expect(try await client.api(.PUT, f.api + "/retention/training", token: f.token, json: #"{"legalHold":false}"#).status == .ok)
                removed = try await RecordsRetention(app: client.app).run()
                #expect(removed[f.id] == [.trainingFiles: 1], "\(removed)")
                #expect(try await Records.count(client, "record_files", "file_name = 'roster-2020.pdf'") == 0)
                #expect(try await Records.count(client, "record_files", "file_name = 'roster-2026.pdf'") == 1)
                #expect(try await Records.count(client, "training_sessions") == 2)
                #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(IncidentFiles.pdf)))
                struct Count: Decodable { let n: Int }
                let keyEvents = try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM gate_badge_events WHERE badge_id = \(bind: key)")
                    .first(decoding: Count.self)?.n
                #expect(keyEvents == 2, "the key still out keeps its events")
                #expect(try await Records.count(client, "gate_badge_events") == 3, "the key's two events and the other company's one")
                let audited = try await AuditEntryModel.query(on: client.db).filter(\.$action == "records.retention_applied").all()
                #expect(audited.count == 2 && audited.contains { $0.changes.contains("training_files") } && audited.contains { $0.changes.contains("badge_events") })
                // Nothing left: a second pass does nothing.
                #expect(try await RecordsRetention(app: client.app).run().isEmpty)
            }
        }

        struct Entry { let name: String; let data: Data }

        /// The archive's entries through its central directory (stored entries, as the writer makes them).
        static func entries(_ zip: Data) -> [Entry] {
            let b = [UInt8](zip)
            guard b.count >= 22 else { return [] }
            func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
            func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
            let end = b.count - 22
            guard u32(end) == 0x0605_4B50 else { return [] }
            var at = u32(end + 16)
            var out: [Entry] = []
            for _ in 0..<u16(end + 10) {
                let size = u32(at + 20), nameLength = u16(at + 28), local = u32(at + 42)
                let name = String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
                let start = local + 30 + u16(local + 26)
                out.append(Entry(name: name, data: Data(b[start..<(start + size)])))
                at += 46 + nameLength
            }
            return out
        }

        @Test func everyKindsPackComesAsOneZipWhoseFilesAreTheKindsOwnDownloads() async throws {
            try await withTrustlane { client in
                // Setup: a record of several kinds; a viewer; another company.
                let f = try await Records.fixture(client)
                let day = ProgramDay(Date()).adding(days: -2).description
                try await Records.oneOfEach(client, f, day: day)
                _ = try await Self.badge(client, f, "K-1", kind: "key")
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let other = try await Records.fixture(client, name: "PT Lain")
                let hub = try await client.get(f.base + "/records", as: f.browser)
                #expect(hub.text.contains("id=\"packs-zip\"") && hub.text.contains("href=\"\(f.base)/records/packs.zip\""))

                // Act: the page's download and the API's, with a chosen period and sample.
                let page = try await client.get(f.base + "/records/packs.zip", as: f.browser)
                let api = try await client.api(.GET, f.api + "/packs.zip?since=\(day)&sample=25", token: f.token)

                // Verify: a ZIP with a note and one CSV a kind, each the kind's own download.
                for response in [page, api] {
                    #expect(response.status == .ok && response.headers.contentType?.description == "application/zip", "\(response.status) \(response.text.prefix(300))")
                    #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"validation-packs-since-") == true)
                    #expect(response.headers.first(name: "Trustlane-Pack-Totals")?.contains("incidents=1") == true)
                }
                let entries = Self.entries(Data(buffer: api.body))
                try #require(entries.count == DailyRecordKind.allCases.count + 1)
                #expect(entries.map(\.name) == ["README.txt"] + DailyRecordKind.allCases.map { "\($0.rawValue)-sample-since-\(day).csv" })
                let readme = String(decoding: entries[0].data, as: UTF8.self)
                #expect(readme.contains("PT Batik Ekspor") && readme.contains("from \(day)") && readme.contains("badge_events | badge_events-sample-since-\(day).csv | 1 | 1 | 10.1"))
                for kind in DailyRecordKind.allCases {
                    let single = try await client.api(.GET, f.api + "/\(kind.rawValue)/pack.csv?since=\(day)&sample=25", token: f.token)
                    let inZip = try #require(entries.first { $0.name.hasPrefix(kind.rawValue + "-sample") })
                    #expect(inZip.data == Data(buffer: single.body), "\(kind)")
                }
                #expect(String(decoding: try #require(entries.first { $0.name.hasPrefix("visits-") }).data, as: UTF8.self).contains("Ana \(day)"))

                // Refused: a viewer (403), another company (404), a bad sample or an empty since (400 by name).
                #expect(try await client.get(f.base + "/records/packs.zip", as: try await client.signIn(viewer.email)).status == .forbidden)
                #expect(try await client.get(f.base + "/records/packs.zip", as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, f.api + "/packs.zip", token: other.token).status == .notFound)
                let badSample = try await client.api(.GET, f.api + "/packs.zip?sample=7", token: f.token)
                #expect(badSample.status == .badRequest && badSample.text.contains(#""field":"sample""#))
                #expect(try await client.api(.GET, f.api + "/packs.zip?since=", token: f.token).status == .badRequest)
                // The other company's archive has none of this company's records.
                let theirs = Self.entries(Data(buffer: try await client.api(.GET, other.api + "/packs.zip", token: other.token).body))
                #expect(theirs.count == DailyRecordKind.allCases.count + 1 && !theirs.contains { String(decoding: $0.data, as: UTF8.self).contains("Ana \(day)") })
            }
        }
    }
}
