import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17: an incident names people of the company's own roster (added and taken off on
    /// its page and in the API, shown on it and listed on the person's page); another company's
    /// person is refused by name with nothing saved; readers of the register see it, the
    /// supervising roles change it, a viewer sees neither the incident nor the list.
    @Suite struct IncidentPeople {
        typealias F = Incidents.Fixture

        static func person(_ client: TestClient, _ f: F, _ name: String) async throws -> String {
            let added = try await client.post("/companies/\(f.company.companyID)/training/people", as: f.browser, form: [("name", name), ("employee_ref", "E-\(name.prefix(3))")])
            #expect(added.status == .seeOther, "\(added.text.prefix(300))")
            return String(try #require(added.location).split(separator: "/").last!)
        }

        static func incident(_ client: TestClient, _ f: F) async throws -> (page: String, id: String) {
            let filed = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm())
            let page = try #require(filed.location)
            return (page, String(page.split(separator: "/").last!))
        }

        static func links(_ client: TestClient) async throws -> Int { try await Incidents.count(client, "incident_links", "kind = 'person'") }

        @Test func aCoordinatorNamesRosterPeopleByPageAndAPIAndTheirPagesListTheIncident() async throws {
            try await withTrustlane { client in
                // Setup: two people on the roster (one name with markup), an incident.
                let f = try await Incidents.fixture(client)
                let budi = try await Self.person(client, f, "Budi Santoso")
                let siti = try await Self.person(client, f, "Siti <b>Rahma</b>")
                let (page, id) = try await Self.incident(client, f)
                var show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("id=\"person-link-form\"") && show.text.contains("value=\"\(budi)\""))

                // Act: name Budi on the page, Siti through the API.
                let named = try await client.post(page + "/people", as: f.browser, form: [("person_id", budi)])
                #expect(named.status == .seeOther && named.location?.hasSuffix("#incident-people") == true)
                let api = try await client.api(.POST, f.api + "/\(id)/people", token: f.token, json: #"{"personId":"\#(siti)"}"#)
                #expect(api.status == .created, "\(api.text)")
                #expect(api.text.contains(#""people":["#) && api.text.contains(budi) && api.text.contains(siti))
                #expect(!api.text.contains(#""kind":"person""#), "people are listed apart from the records it touches")

                // Verify: the incident shows both (escaped), the report names them, each person's page lists the incident.
                show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("data-person=\"\(budi)\"") && show.text.contains("data-person=\"\(siti)\""))
                #expect(show.text.contains("Siti &lt;b&gt;Rahma&lt;/b&gt;") && !show.text.contains("Siti <b>Rahma</b>"))
                #expect(!show.text.contains("<option value=\"\(budi)\""), "a person already named is not offered again")
                let report = try await client.get(page + "/report", as: f.browser)
                #expect(report.text.contains("id=\"report-people\"") && report.text.contains("Budi Santoso"))
                let personPage = try await client.get("/companies/\(f.company.companyID)/training/people/\(budi)", as: f.browser)
                #expect(personPage.status == .ok && personPage.text.contains("id=\"person-incident-list\"") && personPage.text.contains("data-incident=\"INC-1\""))
                let personAPI = try await client.api(.GET, "/api/v1/companies/\(f.company.companyID)/training/people/\(budi)", token: f.token)
                #expect(personAPI.text.contains(#""incidents":["#) && personAPI.text.contains(#""reference":"INC-1""#), "\(personAPI.text)")

                // Naming Budi twice is refused by name, nothing added.
                let twice = try await client.post(page + "/people", as: f.browser, form: [("person_id", budi)])
                #expect(twice.status == .badRequest && twice.text.contains("data-field=\"person_id\""))
                #expect(try await Self.links(client) == 2)

                // Take Budi off on the page, Siti through the API; a second removal is 404.
                #expect(try await client.post(page + "/people/\(budi)/remove", as: f.browser).status == .seeOther)
                let removed = try await client.api(.DELETE, f.api + "/\(id)/people/\(siti)", token: f.token)
                #expect(removed.status == .ok && removed.text.contains(#""people":[]"#))
                #expect(try await client.api(.DELETE, f.api + "/\(id)/people/\(siti)", token: f.token).status == .notFound)
                #expect(try await Self.links(client) == 0)
                let after = try await client.get("/companies/\(f.company.companyID)/training/people/\(budi)", as: f.browser)
                #expect(after.text.contains("id=\"person-incidents\"") && !after.text.contains("data-incident=\"INC-1\""))
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.person_linked'") == 2)
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.person_unlinked'") == 2)
            }
        }

        @Test func theFilingFormAndTheAPINamePeopleInTheSameTransactionAndRefuseAnotherCompanysWithNothingSaved() async throws {
            try await withTrustlane { client in
                // Setup: two people on the roster; another company with a person of its own; a contributor who files.
                let f = try await Incidents.fixture(client)
                let budi = try await Self.person(client, f, "Budi Santoso")
                let siti = try await Self.person(client, f, "Siti <b>Rahma</b>")
                let other = try await Incidents.fixture(client)
                let stranger = try await Self.person(client, other, "Hadi Elsewhere")
                let form = try await client.get(f.base + "/new", as: f.browser)
                #expect(form.text.contains("id=\"person_ids\"") && form.text.contains("multiple") && form.text.contains("value=\"\(budi)\""))
                #expect(form.text.contains("Siti &lt;b&gt;Rahma&lt;/b&gt;") && !form.text.contains("Hadi Elsewhere"))

                // Act: file on the page naming both.
                let filed = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm() + [("person_ids", budi), ("person_ids", siti)])
                #expect(filed.status == .seeOther, "\(filed.text.prefix(300))")
                let page = try #require(filed.location)

                // Verify: both named on the incident, written with it (its audit entry lists them).
                let show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("data-person=\"\(budi)\"") && show.text.contains("data-person=\"\(siti)\""))
                #expect(try await Self.links(client) == 2)
                let recorded = try #require(try await AuditEntryModel.query(on: client.db).filter(\.$action == "incident.recorded").first())
                #expect(recorded.changes.contains("person:Budi Santoso"))

                // Another company's person on the page: refused by name, the form kept, nothing saved.
                let refused = try await client.post(f.base, as: f.browser, form: Incidents.incidentForm() + [("person_ids", budi), ("person_ids", stranger)])
                #expect(refused.status == .badRequest && refused.text.contains("data-field=\"person_ids\""))
                #expect(refused.text.contains("<option value=\"\(budi)\" selected>"))
                #expect(try await Incidents.count(client, "incidents") == 1)
                #expect(try await Self.links(client) == 2)

                // The API: named with the incident; another company's person or a malformed id refused by name, nothing saved.
                let api = try await client.api(.POST, f.api, token: f.token, json: """
                {"type":"cargo_discrepancy","title":"Two cartons short","description":"Count at arrival 118 of 120","discoveredAt":"\(Incidents.time(-60))","discoveredBy":"Receiving","personIds":["\(siti)"]}
                """)
                #expect(api.status == .created, "\(api.text)")
                let id = try #require(api.text.firstMatch(of: /"id":"([0-9A-Fa-f-]{36})"/).map { String($0.1) })
                let shown = try await client.api(.GET, f.api + "/\(id)", token: f.token)
                #expect(shown.text.contains(#""people":[{"#) && shown.text.lowercased().contains(siti) && !shown.text.contains(budi))
                for ids in ["[\"\(stranger)\"]", "[\"not-an-id\"]"] {
                    let bad = try await client.api(.POST, f.api, token: f.token, json: """
                    {"type":"cargo_discrepancy","title":"x","description":"y","discoveredAt":"\(Incidents.time(-60))","discoveredBy":"me","personIds":\(ids)}
                    """)
                    #expect(bad.status == .badRequest && bad.text.contains(#""field":"personIds""#), "\(bad.text)")
                }
                #expect(try await Incidents.count(client, "incidents") == 2)
                #expect(try await Self.links(client) == 3)

                // A contributor files naming a person (they may report, not read the register); the other company's coordinator
                // cannot file into this company at all.
                let contributor = try await client.makeUser("dock@batik.example")
                try await client.addMember(contributor, to: f.company, role: .contributor)
                let dock = try await client.signIn(contributor.email)
                let byContributor = try await client.post(f.base, as: dock, form: Incidents.incidentForm() + [("person_ids", budi)])
                #expect(byContributor.status == .seeOther)
                #expect(try await Self.links(client) == 4)
                #expect(try await client.post(f.base, as: other.browser, form: Incidents.incidentForm() + [("person_ids", budi)]).status == .notFound)
                #expect(try await client.api(.POST, f.api, token: other.token, json: "{}").status == .notFound)
            }
        }

        @Test func anotherCompanysPersonOrAMalformedIdIsRefusedByNameWithNothingSaved() async throws {
            try await withTrustlane { client in
                // Setup: an incident here, a person of another company.
                let f = try await Incidents.fixture(client)
                let other = try await Incidents.fixture(client)
                let theirs = try await Self.person(client, other, "Eko Prasetyo")
                let (page, id) = try await Self.incident(client, f)
                let audit = try await Incidents.count(client, "audit_entries")

                // Act and verify: the page and the API name the field; nothing saved, no audit entry.
                let byPage = try await client.post(page + "/people", as: f.browser, form: [("person_id", theirs)])
                #expect(byPage.status == .badRequest && byPage.text.contains("data-field=\"person_id\""), "\(byPage.text.prefix(300))")
                let byAPI = try await client.api(.POST, f.api + "/\(id)/people", token: f.token, json: #"{"personId":"\#(theirs)"}"#)
                #expect(byAPI.status == .badRequest && byAPI.text.contains(#""field":"personId""#), "\(byAPI.text)")
                for bad in [#"{"personId":"not-an-id"}"#, #"{"personId":""}"#, "{}"] {
                    let refused = try await client.api(.POST, f.api + "/\(id)/people", token: f.token, json: bad)
                    #expect(refused.status == .badRequest && refused.text.contains(#""field":"personId""#), "\(bad): \(refused.text)")
                }
                #expect(try await Self.links(client) == 0)
                #expect(try await Incidents.count(client, "audit_entries") == audit)
                // The other company can neither name its person on this incident nor take anyone off it.
                #expect(try await client.post(page + "/people", as: other.browser, form: [("person_id", theirs)]).status == .notFound)
                #expect(try await client.api(.POST, f.api + "/\(id)/people", token: other.token, json: #"{"personId":"\#(theirs)"}"#).status == .notFound)
                #expect(try await client.api(.DELETE, f.api + "/\(id)/people/\(theirs)", token: other.token).status == .notFound)
                // Nor does its person's page list incidents of this company.
                let mine = try await Self.person(client, f, "Budi Santoso")
                #expect(try await client.post(page + "/people", as: f.browser, form: [("person_id", mine)]).status == .seeOther)
                let theirPage = try await client.get("/companies/\(other.company.companyID)/training/people/\(theirs)", as: other.browser)
                #expect(theirPage.status == .ok && !theirPage.text.contains("data-incident=\"INC-1\""))
                #expect(try await client.get("/companies/\(f.company.companyID)/training/people/\(mine)", as: other.browser).status == .notFound)
            }
        }

        @Test func readersSeeTheNamesOnlyTheSupervisorsChangeThemAndAViewerSeesNoIncidents() async throws {
            try await withTrustlane { client in
                // Setup: Budi named on an incident.
                let f = try await Incidents.fixture(client)
                let budi = try await Self.person(client, f, "Budi Santoso")
                let siti = try await Self.person(client, f, "Siti Rahma")
                let (page, id) = try await Self.incident(client, f)
                #expect(try await client.post(page + "/people", as: f.browser, form: [("person_id", budi)]).status == .seeOther)
                let personPath = "/companies/\(f.company.companyID)/training/people/\(budi)"

                // A consultant reads the incident register: sees the names and the person's incidents, changes nothing.
                let consultant = try await client.makeUser("consultant@batik.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let c = try await client.signIn(consultant.email)
                let cToken = try await client.token(for: consultant)
                let seen = try await client.get(page, as: c)
                #expect(seen.status == .ok && seen.text.contains("data-person=\"\(budi)\"") && !seen.text.contains("id=\"person-link-form\""))
                #expect(!seen.text.contains("/people/\(budi)/remove"))
                #expect(try await client.post(page + "/people", as: c, form: [("person_id", siti)]).status == .forbidden)
                #expect(try await client.post(page + "/people/\(budi)/remove", as: c).status == .forbidden)
                #expect(try await client.api(.POST, f.api + "/\(id)/people", token: cToken, json: #"{"personId":"\#(siti)"}"#).status == .forbidden)
                #expect(try await client.api(.DELETE, f.api + "/\(id)/people/\(budi)", token: cToken).status == .forbidden)
                #expect(try await client.get(personPath, as: c).text.contains("data-incident=\"INC-1\""))

                // A viewer reads the person's page but not the incident, nor the incidents that name them.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                let vToken = try await client.token(for: viewer)
                let personPage = try await client.get(personPath, as: v)
                #expect(personPage.status == .ok && !personPage.text.contains("id=\"person-incidents\"") && !personPage.text.contains("INC-1"))
                let personAPI = try await client.api(.GET, "/api/v1/companies/\(f.company.companyID)/training/people/\(budi)", token: vToken)
                #expect(personAPI.status == .ok && !personAPI.text.contains(#""incidents""#))
                #expect(try await client.get(page, as: v).status == .forbidden)
                #expect(try await client.post(page + "/people", as: v, form: [("person_id", siti)]).status == .forbidden)
                #expect(try await client.api(.POST, f.api + "/\(id)/people", token: vToken, json: #"{"personId":"\#(siti)"}"#).status == .forbidden)

                // A dismissed incident takes no more names, and keeps the ones it has.
                #expect(try await client.post(page + "/dismiss", as: f.browser, form: [("reason", "Duplicate of a report already filed")]).status == .seeOther)
                let late = try await client.post(page + "/people", as: f.browser, form: [("person_id", siti)])
                #expect(late.status == .badRequest && late.text.contains("data-field=\"status\""))
                #expect(try await client.post(page + "/people/\(budi)/remove", as: f.browser).status == .badRequest)
                #expect(try await Self.links(client) == 1)
                #expect(try await client.get(page, as: f.browser).text.contains("data-person=\"\(budi)\""))
            }
        }
    }
}
