import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The daily records' validation pack and retention (issue 17): each kind's sample since the
    /// last validation, printable and as CSV, repeatable; each kind's retention and legal hold,
    /// applied by the clock pass without removing what must stay; who may do what.
    @Suite struct Records {
        struct Fixture {
            let company: CompanyModel
            let user: UserModel
            let browser: TestClient.Browser
            let token: String
            var id: CompanyID { company.companyID }
            var base: String { "/companies/\(company.companyID)" }
            var api: String { "/api/v1/companies/\(company.companyID)/records" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .coordinator, name: String = "PT Batik Ekspor") async throws -> Fixture {
            let company = try await client.makeCompany(name, country: "ID", types: [.foreignManufacturer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@batik.example", name: "Dewi Lestari")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, user: user, browser: try await client.signIn(user.email), token: try await client.token(for: user))
        }

        static func count(_ client: TestClient, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)")
                .first(decoding: Row.self)?.n ?? -1
        }

        static func visitor(_ name: String, at: String = "") -> [(String, String)] {
            [("site", "Semarang gate 1"), ("name", name), ("visitor_company", "Acme Audit"), ("photo_id_checked", "yes"), ("photo_id_type", "passport"),
             ("host", "Dewi"), ("purpose", "Audit"), ("checked_in_at", at)]
        }

        static func driver(_ plate: String, at: String = "") -> [(String, String)] {
            [("site", "Semarang gate 1"), ("truck_plate", plate), ("driver_name", "Budi Santoso"), ("photo_id_checked", "yes"),
             ("photo_id_type", "driver_licence"), ("carrier", "PT Angkut Jaya"), ("arrived_at", at)]
        }

        static func incident(_ title: String, at: String) -> [(String, String)] {
            [("type", "cargo_discrepancy"), ("severity", "low"), ("title", title), ("description", "Two cartons short"), ("discovered_at", at), ("discovered_by", "Budi")]
        }

        /// One record of each kind, made through the pages.
        static func oneOfEach(_ client: TestClient, _ f: Fixture, day: String, as browser: TestClient.Browser? = nil, incident: Bool = true) async throws {
            let b = browser ?? f.browser
            if incident {
                #expect(try await client.post(f.base + "/incidents", as: b, form: Self.incident("Short count \(day)", at: day + "T09:00")).status == .seeOther)
            }
            #expect(try await client.post(f.base + "/gate/visits", as: b, form: Self.visitor("Ana \(day)", at: day + "T09:30")).status == .seeOther)
            #expect(try await client.post(f.base + "/gate/pickups", as: b, form: Self.driver("H 88\(day.suffix(2)) KQ", at: day + "T10:00")).status == .seeOther)
        }

        @Test func eachKindsPackSamplesThePeriodRepeatablyOnThePageAndAsCSV() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2027-03-10"))
                let f = try await Self.fixture(client)
                for day in ["2027-03-01", "2027-03-02"] { try await Self.oneOfEach(client, f, day: day) }
                // A training session with two attendees.
                _ = try await client.post(f.base + "/training/curricula", as: f.browser, form: [("role", "Dock staff"), ("topic", "inspections_and_seals")])
                let curriculum = try #require(try await TrainingQueries(client.db).curricula(company: f.id).first).id.uuidString.lowercased()
                var people: [String] = []
                for name in ["Siti Rahma", "Budi Santoso"] {
                    let added = try await client.post(f.base + "/training/people", as: f.browser, form: [("name", name), ("curriculum_id", curriculum)])
                    people.append(String(try #require(added.location).split(separator: "/").last!))
                }
                let session = try await client.post(f.base + "/training/sessions", as: f.browser, form: [
                    ("title", "Seals <b>and</b> pests"), ("topic", "inspections_and_seals"), ("held_on", "2027-03-03"), ("trainer", "Dewi")])
                _ = try await client.post(try #require(session.location) + "/attendance", as: f.browser, form: people.map { ("person", $0) })
                // And 60 more visits over the year, so the visitor log is sampled.
                let sql = client.db as! any SQLDatabase
                for n in 0..<60 {
                    let at = ProgramDay("2026-04-01")!.adding(days: n * 5).startDate().addingTimeInterval(9 * 3600)
                    try await sql.raw("""
                    INSERT INTO gate_visits (id, company_id, site, name, name_key, visitor_company, photo_id_checked, photo_id_type, host, purpose, checked_in_at, checked_out_at, created_at)
                    VALUES (\(bind: UUID()), \(bind: f.id.rawValue), 'Semarang gate 1', \(bind: "Visitor \(n)"), \(bind: "visitor \(n)"), 'Acme', \(bind: true), 'passport', 'Dewi', 'Audit',
                    \(bind: at), \(bind: at.addingTimeInterval(3600)), \(bind: at))
                    """).run()
                }

                // The hub: every kind with its count since a year back (no validation recorded), its retention and its pack.
                let hub = try await client.get(f.base + "/records", as: f.browser)
                #expect(hub.status == .ok)
                #expect(hub.text.contains("data-basis=\"year_back\""))
                for (kind, count) in [("incidents", 2), ("training", 1), ("visits", 62), ("pickups", 2)] {
                    #expect(hub.text.contains("id=\"records-\(kind)\" data-kind=\"\(kind)\"") && hub.text.contains("data-count=\"\(count)\""), "\(kind)")
                }
                #expect(hub.text.contains("id=\"retention-incidents\""), "a coordinator may change the retention")

                // Incidents: both, linked, with who was told; the CSV holds the same rows.
                let incidents = try await client.get(f.base + "/records/incidents/pack", as: f.browser)
                #expect(incidents.status == .ok && incidents.text.contains("Short count 2027-03-01") && incidents.text.contains("INC-2"))
                #expect(incidents.text.contains("href=\"\(f.base)/incidents/"))
                let incidentsCSV = try await client.get(f.base + "/records/incidents/pack.csv", as: f.browser)
                #expect(incidentsCSV.headers.first(name: "Trustlane-Pack-Total") == "2" && incidentsCSV.headers.first(name: "Trustlane-Pack-Basis") == "year_back")
                let incidentLines = incidentsCSV.text.split(separator: "\r\n")
                #expect(incidentLines.first == "id,reference,title,type,severity,status,discovered_at,source,self_report,cbp_told_at,closed_at")
                #expect(incidentLines.count == 3 && incidentLines[1].contains(",INC-1,Short count 2027-03-01,cargo_discrepancy,low,open,2027-03-01T09:00:00Z,"))

                // Training: the session with its attendees, escaped.
                let training = try await client.get(f.base + "/records/training/pack", as: f.browser)
                #expect(training.text.contains("Seals &lt;b&gt;and&lt;/b&gt; pests") && training.text.contains("Budi Santoso; Siti Rahma"))
                let trainingCSV = try await client.get(f.base + "/records/training/pack.csv", as: f.browser).text
                #expect(trainingCSV.contains(",2027-03-03,inspections_and_seals,Dewi,,2,2,Budi Santoso; Siti Rahma"))

                // Visits: a sample of 25 of 62, the same on every asking, the CSV the same rows.
                let first = try await client.get(f.base + "/records/visits/pack?sample=25", as: f.browser).text
                let again = try await client.get(f.base + "/records/visits/pack?sample=25", as: f.browser).text
                let ids = first.matches(of: /data-record="([0-9a-f-]{36})"/).map { String($0.1) }
                #expect(ids.count > 10 && ids.count <= 25 && ids == again.matches(of: /data-record="([0-9a-f-]{36})"/).map { String($0.1) })
                #expect(first.contains("A random sample of \(ids.count) of 62 records"))
                let visitsCSV = try await client.get(f.base + "/records/visits/pack.csv?sample=25", as: f.browser).text
                #expect(visitsCSV.split(separator: "\r\n").dropFirst().map { String($0.prefix(36)) } == ids)
                // Pickups: both.
                let pickups = try await client.get(f.base + "/records/pickups/pack", as: f.browser).text
                #expect(pickups.contains("H 8801 KQ") && pickups.contains("H 8802 KQ") && pickups.contains("All 2 records of the period"))

                // A requested period; a bad one named; an unknown kind not found.
                let since = try await client.get(f.base + "/records/incidents/pack?since=2027-03-02", as: f.browser)
                #expect(since.text.contains("data-basis=\"requested\"") && !since.text.contains("Short count 2027-03-01") && since.text.contains("Short count 2027-03-02"))
                #expect(try await client.get(f.base + "/records/incidents/pack?since=2019-01-01", as: f.browser).status == .badRequest)
                #expect(try await client.get(f.base + "/records/gate/pack", as: f.browser).status == .notFound)
                // The API's CSV agrees and refuses what it cannot read.
                let apiCSV = try await client.api(.GET, f.api + "/visits/pack.csv?sample=25", token: f.token)
                #expect(apiCSV.status == .ok && apiCSV.text == visitsCSV)
                #expect(try await client.api(.GET, f.api + "/visits/pack.csv?sample=7", token: f.token).status == .badRequest)
                #expect(try await client.api(.GET, f.api + "/visits/pack.csv?since=", token: f.token).status == .badRequest)
                // A fixed number of queries whatever the log's size: the hub reads counts, not rows.
                let pages = try await client.pageQueries(f.base + "/records", as: f.browser)
                #expect(pages.status == .ok && pages.queries <= 12, "\(pages.queries) queries")
            }
        }

        @Test func retentionRemovesWhatIsPastItButNeverAnOpenIncidentAProofOfTrainingOrAnythingOnHold() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2020-01-10"))
                let f = try await Self.fixture(client)
                // 2020: three incidents (two closed), a visit, a pickup with its carrier's notice, two sessions.
                for title in ["Old closed", "Old open", "Old closed, latest"] {
                    #expect(try await client.post(f.base + "/incidents", as: f.browser, form: Self.incident(title, at: "2020-01-09T09:00")).status == .seeOther)
                }
                let sql = client.db as! any SQLDatabase
                try await sql.raw("""
                UPDATE incidents SET status = 'closed', closed_at = \(bind: ProgramDay("2020-01-10")!.startDate()) WHERE title IN ('Old closed', 'Old closed, latest')
                """).run()
                _ = try await client.post(f.base + "/gate/prenotices", as: f.browser, form: [("carrier", "PT Angkut Jaya"), ("driver_name", "Budi"), ("truck_plate", "H 1 A"),
                                                                                              ("expected_at", "2020-01-10T08:00")])
                #expect(try await client.post(f.base + "/gate/visits", as: f.browser, form: Self.visitor("Ana", at: "2020-01-09T09:30")).status == .seeOther)
                #expect(try await client.post(f.base + "/gate/pickups", as: f.browser, form: Self.driver("H 1 A", at: "2020-01-10T08:30")).status == .seeOther)
                #expect(try await Self.count(client, "gate_prenotices", "pickup_id IS NOT NULL") == 1)
                _ = try await client.post(f.base + "/training/curricula", as: f.browser, form: [("role", "Dock staff"), ("topic", "inspections_and_seals"), ("months.inspections_and_seals", "60")])
                let curriculum = try #require(try await TrainingQueries(client.db).curricula(company: f.id).first).id.uuidString.lowercased()
                var people: [String] = []
                for name in ["Stays", "Leaves"] {
                    let added = try await client.post(f.base + "/training/people", as: f.browser, form: [("name", name), ("curriculum_id", curriculum)])
                    people.append(String(try #require(added.location).split(separator: "/").last!))
                }
                for (day, person) in [("2020-01-08", people[0]), ("2020-01-05", people[1])] {
                    let session = try await client.post(f.base + "/training/sessions", as: f.browser, form: [("title", "Seals \(day)"), ("topic", "inspections_and_seals"),
                                                                                                              ("held_on", day), ("trainer", "Dewi")])
                    _ = try await client.post(try #require(session.location) + "/attendance", as: f.browser, form: [("person", person)])
                }
                _ = try await client.post(f.base + "/training/people/\(people[1])/separate", as: f.browser, form: [("separated_on", "2020-01-10")])

                // 2025: a visit and a pickup, within any retention (no incident: the 2020 one stays the latest-numbered).
                client.app.clock = .fixed(.day("2025-06-01"))
                let browser = try await client.signIn(f.user.email)
                try await Self.oneOfEach(client, f, day: "2025-05-30", as: browser, incident: false)
                // The visitor log is under a legal hold.
                let hold = try await client.post(f.base + "/records/retention", as: browser, form: [("kind", "visits"), ("retention_months", "60"), ("legal_hold", "yes"),
                                                                                                   ("legal_hold_reason", "Customs case 2021-17")])
                #expect(hold.status == .seeOther)

                // Act: 2026, past the default five years for the 2020 records.
                client.app.clock = .fixed(.day("2026-01-10"))
                let removed = try await RecordsRetention(app: client.app).run()

                // Verify: the closed 2020 incident went with its timeline; the open one and the latest-numbered stayed.
                #expect(removed[f.id] == [.incidents: 1, .training: 1, .pickups: 1])
                #expect(try await Self.count(client, "incidents", "title = 'Old closed'") == 0)
                #expect(try await Self.count(client, "incidents", "title IN ('Old open', 'Old closed, latest')") == 2)
                #expect(try await Self.count(client, "incident_entries", "incident_id NOT IN (SELECT id FROM incidents)") == 0)
                // The session that is still "Stays"'s latest pass stayed; the leaver's older one went, with its attendance.
                #expect(try await Self.count(client, "training_sessions", "title = 'Seals 2020-01-08'") == 1)
                #expect(try await Self.count(client, "training_sessions", "title = 'Seals 2020-01-05'") == 0)
                #expect(try await Self.count(client, "training_attendance") == 1)
                let stays = try #require(try await TrainingQueries(client.db).person(company: f.id, id: PersonID(UUID(uuidString: people[0])!)))
                #expect(stays.name == "Stays")
                // The 2020 pickup and its notice went; the 2025 one stayed. The visits are held.
                #expect(try await Self.count(client, "gate_pickups") == 1)
                #expect(try await Self.count(client, "gate_prenotices") == 0)
                #expect(try await Self.count(client, "gate_visits") == 2)
                // Audited, with the kind and how many.
                let applied = try await AuditEntryModel.query(on: client.db).filter(\.$action == "records.retention_applied").all()
                #expect(applied.count == 3)

                // The hold lifted and a year kept: the 2020 visit goes too; the 2025 one stays.
                let lifted = try await client.api(.PUT, f.api + "/retention/visits", token: f.token, json: #"{"retentionMonths":12,"legalHold":false}"#)
                #expect(lifted.status == .ok && lifted.text.contains(#""retentionMonths":12"#), "\(lifted.text)")
                #expect(try await RecordsRetention(app: client.app).run()[f.id] == [.visits: 1])
                #expect(try await Self.count(client, "gate_visits") == 1)
                // Nothing left to remove: a second pass does nothing.
                #expect(try await RecordsRetention(app: client.app).run().isEmpty)
            }
        }

        @Test func retentionSettingsAreCheckedByFieldAndOnlyTheSupervisorsChangeThem() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .officer)
                // The page: months out of range and a hold without its reason are named; nothing saved.
                let bad = try await client.post(f.base + "/records/retention", as: f.browser, form: [("kind", "training"), ("retention_months", "6"), ("legal_hold", "yes")])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"retention_months\"") && bad.text.contains("data-field=\"legal_hold_reason\""))
                #expect(try await Self.count(client, "record_retention") == 0)
                #expect(try await client.post(f.base + "/records/retention", as: f.browser, form: [("kind", "gate"), ("retention_months", "24")]).status == .badRequest)
                #expect(try await client.post(f.base + "/records/retention", as: f.browser, form: [("kind", "training"), ("retention_months", "24")]).status == .seeOther)
                let listed = try await client.api(.GET, f.api + "/retention", token: f.token)
                #expect(listed.status == .ok && listed.text.contains(#""retentionMonths":24"#) && listed.text.contains(#""retentionMonths":60"#))
                let api = try await client.api(.PUT, f.api + "/retention/incidents", token: f.token, json: #"{"retentionMonths":500}"#)
                #expect(api.status == .badRequest && api.text.contains(#""field":"retentionMonths""#))
                let noReason = try await client.api(.PUT, f.api + "/retention/incidents", token: f.token, json: #"{"legalHold":true}"#)
                #expect(noReason.status == .badRequest && noReason.text.contains(#""field":"legalHoldReason""#))
                let padded = try await client.api(.PUT, f.api + "/retention/incidents", token: f.token,
                                                  json: #"{"legalHold":true,"legalHoldReason":"\t\#(String(repeating: "x", count: RecordRetention.maxReason))"}"#)
                #expect(padded.status == .badRequest && padded.text.contains(#""field":"legalHoldReason""#), "over the documented length as sent")
                #expect(try await client.api(.PUT, f.api + "/retention/gate", token: f.token, json: #"{"retentionMonths":24}"#).status == .notFound)

                // A consultant reads the packs but does not change the retention; a contributor and a viewer do neither.
                for (role, hub, save) in [(CompanyRole.consultant, HTTPStatus.ok, HTTPStatus.forbidden), (.contributor, .forbidden, .forbidden), (.viewer, .forbidden, .forbidden)] {
                    let user = try await client.makeUser("\(role.rawValue)@advisors.example")
                    try await client.addMember(user, to: f.company, role: role)
                    let browser = try await client.signIn(user.email)
                    let page = try await client.get(f.base + "/records", as: browser)
                    #expect(page.status == hub, "\(role)")
                    if hub == .ok { #expect(!page.text.contains("id=\"retention-incidents\""), "\(role) sees no form") }
                    #expect(try await client.get(f.base + "/records/incidents/pack", as: browser).status == hub, "\(role)")
                    #expect(try await client.post(f.base + "/records/retention", as: browser, form: [("kind", "training"), ("retention_months", "36")]).status == save, "\(role)")
                }
                // Another company's coordinator: not found, pages and API.
                let other = try await Self.fixture(client, name: "PT Lain")
                #expect(try await client.get(f.base + "/records", as: other.browser).status == .notFound)
                #expect(try await client.get(f.base + "/records/visits/pack.csv", as: other.browser).status == .notFound)
                #expect(try await client.api(.PUT, f.api + "/retention/training", token: other.token, json: #"{"retentionMonths":36}"#).status == .notFound)
                #expect(try await RecordsQueries(client.db).retention(company: f.id)[.training]?.months == 24)
                let saved = try await AuditEntryModel.query(on: client.db).filter(\.$action == "records.retention_saved").all()
                #expect(saved.count == 1)
            }
        }
    }
}
