import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// A company's own inspection checklists (issue 16): added by a supervisor through a form or
    /// the API, versioned (an edit is a new version; an inspection keeps the version it used),
    /// retired, and used when inspecting; bad input named with nothing saved; who may do what.
    @Suite struct CompanyChecklists {
        typealias I = AppTests.Inspections

        struct Fixture {
            let company: CompanyModel
            let coordinator: TestClient.Browser
            let contributor: TestClient.Browser
            let coordinatorUser: UserModel
            let contributorUser: UserModel
            var base: String { "/companies/\(company.companyID)/inspections" }
            var checklists: String { base + "/checklists" }
            var api: String { "/api/v1/companies/\(company.companyID)/company-checklists" }
        }

        static func fixture(_ client: TestClient) async throws -> Fixture {
            let coordinator = try await I.fixture(client, role: .coordinator, name: "Ferrocarril del Norte")
            let user = try await client.makeUser("contributor-\(UUID().uuidString.prefix(6).lowercased())@fnorte.example")
            try await client.addMember(user, to: coordinator.company, role: .contributor)
            return Fixture(company: coordinator.company, coordinator: coordinator.browser, contributor: try await client.signIn(user.email),
                           coordinatorUser: coordinator.user, contributorUser: user)
        }

        /// The form for a rail car list with the points given as (English title, Spanish title or "").
        static func form(title: String = "Rail car 3-point", key: String = "", criteria: String = "5.3, 8.1",
                         points: [(String, String)] = [("Coupler area", "Zona del enganche"), ("Floor and underframe", ""), ("Doors and seals", "")]) -> [(String, String)] {
            var form: [(String, String)] = [("key", key), ("title.en", title), ("conveyance", "rail"), ("criteria", criteria), ("note", "From our rail SOP rev. 4"),
                                            ("slots", String(points.count + 2))]
            for (index, point) in points.enumerated() {
                form += [("p\(index).title.en", point.0), ("p\(index).title.es", point.1),
                         ("p\(index).security.en", "Look for fresh welds, new bolts or false walls at the \(point.0.lowercased())"),
                         ("p\(index).agriculture.en", "Look for soil, seeds, insects or egg masses")]
            }
            return form
        }

        static func count(_ client: TestClient, _ table: String = "company_checklists") async throws -> Int { try await I.count(client, table) }

        /// An inspection form for the checklist: every point of `keys` passes.
        static func inspection(checklist: String, keys: [String], reference: String = "TFM 712345") -> [(String, String)] {
            [("checklist", checklist), ("unit_reference", reference), ("site", "Nuevo Laredo rail yard"), ("client_key", UUID().uuidString.lowercased())]
                + keys.map { ("point.\($0)", "pass") }
        }

        @Test func aCoordinatorAddsARailCarListAndAContributorInspectsWithIt() async throws {
            try await withTrustlane { client in
                // Setup: no list of the company's own; the page says why no rail list is built in.
                let f = try await Self.fixture(client)
                let empty = try await client.get(f.checklists, as: f.coordinator)
                #expect(empty.status == .ok && empty.text.contains("id=\"company-checklists-empty\"") && empty.text.contains("id=\"rail-note\""))
                // Act: the coordinator adds one; a contributor inspects a rail car with it.
                let created = try await client.post(f.checklists, as: f.coordinator, form: Self.form())
                #expect(created.status == .seeOther, "\(created.text.prefix(3000))")
                #expect(created.location == f.checklists + "/rail-car-3-point", "the key is made from the name")
                let choose = try await client.get(f.base + "/new", as: f.contributor)
                #expect(choose.text.contains("checklist=rail-car-3-point") && choose.text.contains("checklist=container-7-point"))
                let blank = try await client.get(f.base + "/new?checklist=rail-car-3-point", as: f.contributor)
                #expect(blank.status == .ok && blank.text.contains("name=\"point.coupler_area\"") && blank.text.contains("name=\"unit_reference\""))
                let recorded = try await client.post(f.base, as: f.contributor,
                                                     form: Self.inspection(checklist: "rail-car-3-point", keys: ["coupler_area", "floor_and_underframe", "doors_and_seals"]))
                #expect(recorded.status == .seeOther, "\(recorded.text.prefix(600))")
                // Verify: the inspection names the list and its points; the list shows its points in the reader's language.
                let page = try await client.get(try #require(recorded.location), as: f.contributor)
                #expect(page.text.contains("Rail car 3-point (v1)") && page.text.contains("Coupler area") && page.text.contains("TFM 712345"))
                let spanish = try await client.get(f.checklists + "/rail-car-3-point", as: f.coordinator, headers: ["Accept-Language": "es"])
                #expect(spanish.text.contains("Zona del enganche"), "the Spanish title written")
                #expect(spanish.text.contains("Floor and underframe"), "a title written only in English shows in English")
                #expect(try await Self.count(client) == 1)
                #expect(try await I.count(client, "audit_entries WHERE action = 'inspection_checklist.created'") == 1)
            }
        }

        @Test func anEditIsANewVersionAndAnInspectionKeepsTheVersionItUsed() async throws {
            try await withTrustlane { client in
                // Setup: version 1 with three points, an inspection made with it.
                let f = try await Self.fixture(client)
                _ = try await client.post(f.checklists, as: f.coordinator, form: Self.form(key: "rail-sop"))
                let first = try #require(try await client.post(f.base, as: f.contributor,
                                                               form: Self.inspection(checklist: "rail-sop", keys: ["coupler_area", "floor_and_underframe", "doors_and_seals"])).location)
                // Act: version 2 drops the doors, adds the roof hatches, renames the list.
                let edit = try await client.get(f.checklists + "/rail-sop/edit", as: f.coordinator)
                #expect(edit.status == .ok && edit.text.contains("value=\"Coupler area\"") && edit.text.contains("id=\"checklist-key\""))
                let revised = try await client.post(f.checklists + "/rail-sop", as: f.coordinator,
                                                    form: Self.form(title: "Rail car (SOP rev. 5)", points: [("Coupler area", ""), ("Floor and underframe", ""), ("Roof hatches", "")]))
                #expect(revised.status == .seeOther, "\(revised.text.prefix(600))")
                // Verify: new inspections walk version 2; the first keeps version 1, with its points.
                let blank = try await client.get(f.base + "/new?checklist=rail-sop", as: f.contributor)
                #expect(blank.text.contains("name=\"point.roof_hatches\"") && !blank.text.contains("name=\"point.doors_and_seals\""))
                let old = try await client.get(first, as: f.contributor)
                #expect(old.text.contains("Rail car 3-point (v1)") && old.text.contains("Doors and seals"))
                let correction = try await client.get(first + "/correct", as: f.contributor)
                #expect(correction.text.contains("name=\"point.doors_and_seals\"") && !correction.text.contains("name=\"point.roof_hatches\""),
                        "a correction keeps the version used")
                let show = try await client.get(f.checklists + "/rail-sop", as: f.coordinator)
                #expect(show.text.contains("data-version=\"2\"") && show.text.contains("data-version=\"1\"") && show.text.contains("Roof hatches"))
                let v1 = try await client.get(f.checklists + "/rail-sop?version=1", as: f.coordinator)
                #expect(v1.text.contains("id=\"older-version\"") && v1.text.contains("Doors and seals"))
                #expect(try await client.get(f.checklists + "/rail-sop?version=9", as: f.coordinator).status == .notFound)
                // The same contents again: refused, no version 3.
                let same = try await client.post(f.checklists + "/rail-sop", as: f.coordinator,
                                                 form: Self.form(title: "Rail car (SOP rev. 5)", points: [("Coupler area", ""), ("Floor and underframe", ""), ("Roof hatches", "")]))
                #expect(same.status == .badRequest && same.text.contains("Nothing changed from version 2"))
                #expect(try await Self.count(client) == 2)
                #expect(try await I.count(client, "audit_entries WHERE action = 'inspection_checklist.revised'") == 1)
            }
        }

        @Test func aRetiredListIsNoLongerOfferedButItsInspectionsStillShowIt() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.checklists, as: f.coordinator, form: Self.form(key: "rail-sop"))
                let made = try #require(try await client.post(f.base, as: f.contributor,
                                                              form: Self.inspection(checklist: "rail-sop", keys: ["coupler_area", "floor_and_underframe", "doors_and_seals"])).location)
                // Act
                let retired = try await client.post(f.checklists + "/rail-sop/retire", as: f.coordinator)
                // Verify
                #expect(retired.status == .seeOther)
                #expect(!(try await client.get(f.base + "/new", as: f.contributor)).text.contains("checklist=rail-sop"))
                #expect(try await client.get(f.base + "/new?checklist=rail-sop", as: f.contributor).status == .notFound)
                let refused = try await client.post(f.base, as: f.contributor,
                                                    form: Self.inspection(checklist: "rail-sop", keys: ["coupler_area", "floor_and_underframe", "doors_and_seals"]))
                #expect(refused.status == .badRequest)
                #expect(try await I.count(client) == 1)
                #expect(try await client.get(made, as: f.contributor).text.contains("Rail car 3-point (v1)"), "the inspection still shows its list")
                let page = try await client.get(f.checklists + "/rail-sop", as: f.coordinator)
                #expect(page.text.contains("id=\"checklist-retired\"") && !page.text.contains("id=\"edit-checklist\""))
                #expect(try await client.post(f.checklists + "/rail-sop/retire", as: f.coordinator).status == .conflict)
                #expect(try await client.post(f.checklists + "/rail-sop", as: f.coordinator, form: Self.form(title: "Again")).status == .badRequest)
                #expect(try await I.count(client, "audit_entries WHERE action = 'inspection_checklist.retired'") == 1)
            }
        }

        @Test func badInputIsNamedAndNothingIsSaved() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // No name, no points, an unknown criterion, a CBP list's key.
                let bare = try await client.post(f.checklists, as: f.coordinator, form: [("key", "rail-x"), ("conveyance", "rail"), ("criteria", "5.3, 99.9"), ("slots", "3")])
                #expect(bare.status == .badRequest)
                for field in ["title", "points", "criteria"] { #expect(bare.text.contains("data-field=\"\(field)\""), "\(field)") }
                let taken = try await client.post(f.checklists, as: f.coordinator, form: Self.form(key: "container-7-point"))
                #expect(taken.status == .badRequest && taken.text.contains("data-field=\"key\""))
                // A point with checks but no title, in the second slot: named at its place, what was typed kept.
                var form = Self.form()
                form = form.map { $0.0 == "p1.title.en" ? ($0.0, "") : $0 }
                let untitled = try await client.post(f.checklists, as: f.coordinator, form: form)
                #expect(untitled.status == .badRequest && untitled.text.contains("data-field=\"points[1].title\"") && untitled.text.contains("data-field=\"p1.title\""))
                #expect(untitled.text.contains("value=\"Coupler area\""))
                // More slots: the form again, longer, nothing saved.
                let more = try await client.post(f.checklists, as: f.coordinator, form: Self.form() + [("more_points", "yes")])
                #expect(more.status == .ok && more.text.contains("name=\"p10.title.en\""))
                #expect(try await Self.count(client) == 0)
            }
        }

        @Test func whoMayReadAndWhoMayWrite() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.checklists, as: f.coordinator, form: Self.form(key: "rail-sop"))
                // A contributor reads, and inspects with it, but does not add, edit or retire.
                #expect(try await client.get(f.checklists + "/rail-sop", as: f.contributor).status == .ok)
                #expect(try await client.get(f.checklists + "/new", as: f.contributor).status == .forbidden)
                #expect(try await client.post(f.checklists, as: f.contributor, form: Self.form(key: "other")).status == .forbidden)
                #expect(try await client.post(f.checklists + "/rail-sop/retire", as: f.contributor).status == .forbidden)
                #expect(!(try await client.get(f.checklists + "/rail-sop", as: f.contributor)).text.contains("id=\"retire-checklist\""))
                // Another company: as if it did not exist; its own list of the same key is its own.
                let other = try await I.fixture(client, role: .officer, name: "Other Railroad")
                #expect(try await client.get(f.checklists + "/rail-sop", as: other.browser).status == .notFound)
                #expect(try await client.get("/companies/\(other.company.companyID)/inspections/checklists/rail-sop", as: other.browser).status == .notFound)
                #expect(try await client.get("/companies/\(other.company.companyID)/inspections/new?checklist=rail-sop", as: other.browser).status == .notFound)
                #expect(try await client.post("/companies/\(other.company.companyID)/inspections/checklists", as: other.browser, form: Self.form(key: "rail-sop")).status == .seeOther)
                #expect(try await Self.count(client) == 2)
            }
        }

        @Test func theAPIAddsRevisesAndRetiresAListAndInspectionsUseIt() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let token = try await client.token(for: f.coordinatorUser)
                let point = { (en: String, id: String) in #"{"title":{"en":"\#(en)","id":"\#(id)"},"security":{"en":"Fresh welds?"},"agriculture":{"id":"Tanah, serangga"}}"# }
                let body = #"{"title":{"en":"Flatbed 2-point"},"conveyance":"trailer","criteria":["5.3"],"points":[\#(point("Deck", "Lantai")),\#(point("Headboard", "Papan depan"))]}"#
                // Add, then revise with a third point.
                let created = try await client.api(.POST, f.api, token: token, json: body)
                #expect(created.status == .created, "\(created.text)")
                #expect(created.text.contains(#""key":"flatbed-2-point""#) && created.text.contains(#""version":1"#))
                let location = try #require(created.headers.first(name: .location))
                let third = body.replacingOccurrences(of: "]}", with: ",\(point("Landing gear", "Kaki penopang"))]}")
                let revised = try await client.api(.PUT, location, token: token, json: third)
                #expect(revised.status == .ok && revised.text.contains(#""version":2"#) && revised.text.contains(#""key":"landing_gear""#), "\(revised.text)")
                // An inspection through the API uses version 2.
                let contributorToken = try await client.token(for: f.contributorUser)
                let answers = ["deck", "headboard", "landing_gear"].map { #"{"point":"\#($0)","outcome":"pass"}"# }.joined(separator: ",")
                let inspection = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/inspections", token: contributorToken,
                                                      json: #"{"checklist":"flatbed-2-point","trailerPlate":"B 9921 XY","site":"Depot","answers":[\#(answers)]}"#)
                #expect(inspection.status == .created && inspection.text.contains(#""checklistVersion":2"#), "\(inspection.text)")
                // Refused by name: a point with no title, a contributor's write, an unknown list.
                let bad = try await client.api(.POST, f.api, token: token, json: #"{"title":{"en":"X"},"conveyance":"rail","criteria":["5.3"],"points":[{"security":{"en":"a"}}]}"#)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"points[0].title""#), "\(bad.text)")
                #expect(try await client.api(.PUT, location, token: contributorToken, json: third).status == .forbidden)
                #expect(try await client.api(.GET, f.api + "/no-such-list", token: token).status == .notFound)
                // Retired: listed as retired, and no new inspection with it.
                let retired = try await client.api(.POST, location + "/retire", token: token)
                #expect(retired.status == .ok && retired.text.contains(#""retired":true"#))
                let list = try await client.api(.GET, f.api, token: contributorToken)
                #expect(list.status == .ok && list.text.contains(#""retired":true"#))
                let refused = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/inspections", token: contributorToken,
                                                   json: #"{"checklist":"flatbed-2-point","trailerPlate":"B 9921 XY","site":"Depot","answers":[\#(answers)]}"#)
                #expect(refused.status == .badRequest && refused.text.contains(#""field":"checklist""#))
                let v1 = try await client.api(.GET, location + "?version=1", token: token)
                #expect(v1.text.contains(#""version":1"#) && v1.text.contains(#""latestVersion":2"#) && !v1.text.contains("Landing gear"))
            }
        }
    }
}
