import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Conveyance inspections (issue 16): recording a checklist point by point, the unit on hold
    /// after a failure, bad input refused with nothing saved, a submission sent twice recorded
    /// once, supervisor sign-off, corrections as new versions, settings, the API, and who may do what.
    @Suite struct Inspections {
        struct Fixture {
            let company: CompanyModel
            let browser: TestClient.Browser
            let user: UserModel
            var base: String { "/companies/\(company.companyID)/inspections" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .contributor, name: String = "PT Batik Ekspor") async throws -> Fixture {
            let company = try await client.makeCompany(name, country: "ID", types: [.foreignManufacturer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@batik.example")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, browser: try await client.signIn(user.email), user: user)
        }

        static let container = "container-7-point"
        static let points = ["front_wall", "left_side", "right_side", "floor", "ceiling_roof", "doors", "outside_undercarriage"]

        /// A container inspection's form: every point passes unless `answers` says otherwise.
        static func form(container: String = "CSQU3054383", site: String = "Semarang dock 2", answers: [String: String] = [:],
                         notes: [String: String] = [:], clientKey: String = UUID().uuidString.lowercased()) -> [(String, String)] {
            var form: [(String, String)] = [("checklist", Self.container), ("container_number", container), ("site", site),
                                            ("yard_location", "Bay 4"), ("client_key", clientKey)]
            for point in points {
                if let answer = answers[point] ?? Optional("pass"), !answer.isEmpty { form.append(("point.\(point)", answer)) }
                if let note = notes[point] { form.append(("note.\(point)", note)) }
            }
            return form
        }

        static func count(_ client: TestClient, _ table: String = "inspections") async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: Row.self)?.n ?? -1
        }

        @Test func aContributorRecordsAContainerInspectionPointByPoint() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // The checklist is offered, with its points and their checks in the user's language.
                let choose = try await client.get(f.base + "/new", as: f.browser)
                #expect(choose.status == .ok)
                #expect(choose.text.contains("checklist=container-7-point"))
                let blank = try await client.get(f.base + "/new?checklist=container-7-point", as: f.browser)
                #expect(blank.status == .ok)
                for point in Self.points { #expect(blank.text.contains("name=\"point.\(point)\"")) }

                let created = try await client.post(f.base, as: f.browser, form: Self.form(container: "csqu 305438-3"))
                #expect(created.status == .seeOther)
                let location = try #require(created.location)
                let page = try await client.get(location, as: f.browser)
                #expect(page.status == .ok)
                #expect(page.text.contains("CSQU3054383"), "the number is kept normalised")
                #expect(page.text.contains("data-status=\"passed\""))
                #expect(!page.text.contains("id=\"inspection-hold\""))
                let log = try await client.get(f.base, as: f.browser)
                #expect(log.text.contains("CSQU3054383") && log.text.contains("Semarang dock 2"))
                #expect(try await Self.count(client) == 1)
                #expect(try await Self.count(client, "inspection_failures") == 0)
                // The log filtered by another site finds nothing.
                #expect(try await client.get(f.base + "?site=Elsewhere", as: f.browser).text.contains("id=\"inspection-log-empty\""))
            }
        }

        @Test func aFailedPointPutsTheUnitOnHoldAndNeedsANote() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // A failure without a note: refused, nothing saved, the point named.
                let bare = try await client.post(f.base, as: f.browser, form: Self.form(answers: ["floor": "fail"]))
                #expect(bare.status == .badRequest)
                #expect(bare.text.contains("data-field=\"point.floor\""))
                #expect(try await Self.count(client) == 0)
                // With the note: recorded, on hold, the failure counted by point.
                let created = try await client.post(f.base, as: f.browser,
                                                    form: Self.form(answers: ["floor": "fail"], notes: ["floor": "Fresh welds under the floor boards; soil in the corner"]))
                #expect(created.status == .seeOther)
                let page = try await client.get(try #require(created.location), as: f.browser)
                #expect(page.text.contains("data-status=\"on_hold\""))
                #expect(page.text.contains("id=\"inspection-hold\""))
                #expect(page.text.contains("Fresh welds under the floor boards"))
                struct Failure: Decodable { let point_key: String; let site: String }
                let failures = try await (client.db as! any SQLDatabase).raw("SELECT point_key, site FROM inspection_failures").all(decoding: Failure.self)
                #expect(failures.map(\.point_key) == ["floor"])
                #expect(failures.first?.site == "Semarang dock 2")
            }
        }

        @Test func badInputNamesTheFieldAndSavesNothing() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // A wrong check digit: the expected one is given.
                let digit = try await client.post(f.base, as: f.browser, form: Self.form(container: "CSQU3054384"))
                #expect(digit.status == .badRequest)
                #expect(digit.text.contains("data-field=\"container_number\""))
                #expect(digit.text.contains("3"), "the expected check digit is named")
                // A point left unanswered, an unknown answer, no site.
                var form = Self.form(site: "", answers: ["doors": ""])
                form = form.map { $0.0 == "point.floor" ? ($0.0, "maybe") : $0 }
                let many = try await client.post(f.base, as: f.browser, form: form)
                #expect(many.status == .badRequest)
                #expect(many.text.contains("data-field=\"point.doors\""))
                #expect(many.text.contains("data-field=\"point.floor\""))
                #expect(many.text.contains("data-field=\"site\""))
                // What was typed is kept in the form.
                #expect(many.text.contains("value=\"CSQU3054383\""))
                // An unknown checklist.
                #expect(try await client.post(f.base, as: f.browser, form: [("checklist", "spaceship-40-point")]).status == .badRequest)
                #expect(try await client.get(f.base + "/new?checklist=spaceship-40-point", as: f.browser).status == .notFound)
                #expect(try await Self.count(client) == 0)
            }
        }

        @Test func aSubmissionSentTwiceIsRecordedOnce() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let form = Self.form(clientKey: "phone-7f3a-0001")
                let first = try await client.post(f.base, as: f.browser, form: form)
                let second = try await client.post(f.base, as: f.browser, form: form)
                #expect(first.status == .seeOther && second.status == .seeOther)
                #expect(first.location == second.location, "the repeat leads to the first record")
                #expect(try await Self.count(client) == 1)
                // A bad key is refused by name.
                let bad = try await client.post(f.base, as: f.browser, form: Self.form(clientKey: "key with spaces; drop table"))
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains("data-field=\"client_key\"") || bad.text.contains("client_key"))
                #expect(try await Self.count(client) == 1)
            }
        }

        @Test func aSupervisorSignsOffButNotTheirOwnInspection() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .coordinator)
                // Sign-off required from now on.
                let saved = try await client.post(f.base + "/settings", as: f.browser, form: [("requires_sign_off", "yes"), ("reinspection_percent", "10")])
                #expect(saved.status == .seeOther)
                let badPercent = try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "250")])
                #expect(badPercent.status == .badRequest)
                #expect(badPercent.text.contains("data-field=\"reinspection_percent\""))

                let created = try await client.post(f.base, as: f.browser, form: Self.form())
                let path = try #require(created.location)
                #expect(try await client.get(path, as: f.browser).text.contains("data-status=\"awaiting_sign_off\""))
                // The inspector (a coordinator) may not sign their own.
                let own = try await client.post(path + "/sign-off", as: f.browser)
                #expect(own.status == .conflict)
                #expect(own.text.contains("data-field=\"sign_off\""))
                // Another supervisor signs; a second signature is refused.
                let officer = try await client.makeUser("officer@batik.example")
                try await client.addMember(officer, to: f.company, role: .officer)
                let o = try await client.signIn(officer.email)
                #expect(try await client.post(path + "/sign-off", as: o).status == .seeOther)
                let signed = try await client.get(path, as: o)
                #expect(signed.text.contains("data-status=\"passed\""))
                #expect(signed.text.contains("id=\"inspection-signed\""))
                #expect(try await client.post(path + "/sign-off", as: o).status == .conflict)
                let audit = try await AuditEntryModel.query(on: client.db).filter(\.$action == "inspection.signed_off").count()
                #expect(audit == 1)
            }
        }

        @Test func aCorrectionIsANewVersionAndKeepsTheOld() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let created = try await client.post(f.base, as: f.browser, form: Self.form(answers: ["doors": "fail"], notes: ["doors": "Hinge bolt loose"]))
                let path = try #require(created.location)
                let form = try await client.get(path + "/correct", as: f.browser)
                #expect(form.status == .ok)
                #expect(form.text.contains("Hinge bolt loose"), "the form opens on the current answers")
                // No reason: refused, nothing changed.
                let noReason = try await client.post(path + "/correct", as: f.browser, form: Self.form() + [("version", "1")])
                #expect(noReason.status == .badRequest)
                #expect(noReason.text.contains("data-field=\"reason\""))
                #expect(try await Self.count(client) == 1)
                // With a reason: version 2, the unit no longer on hold, version 1 kept.
                let corrected = try await client.post(path + "/correct", as: f.browser,
                                                      form: Self.form() + [("version", "1"), ("reason", "The bolt is the original; checked with the maintenance log")])
                #expect(corrected.status == .seeOther)
                let page = try await client.get(path, as: f.browser)
                #expect(page.text.contains("data-status=\"passed\""))
                #expect(page.text.contains("checked with the maintenance log"))
                #expect(page.text.contains("Hinge bolt loose"), "the old version's answers stay readable")
                #expect(try await Self.count(client) == 2)
                struct Version: Decodable { let version: Int; let superseded: Int }
                let versions = try await (client.db as! any SQLDatabase).raw("""
                SELECT version, CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END AS superseded FROM inspections ORDER BY version
                """).all(decoding: Version.self)
                #expect(versions.map(\.version) == [1, 2])
                #expect(versions.map(\.superseded) == [1, 0])
                // A correction opened on version 1 after version 2 exists: refused.
                let stale = try await client.post(path + "/correct", as: f.browser, form: Self.form() + [("version", "1"), ("reason", "again")])
                #expect(stale.status == .badRequest)
                #expect(stale.text.contains("data-field=\"version\""))
                #expect(try await Self.count(client) == 2)
            }
        }

        @Test func whoMayDoWhat() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let created = try await client.post(f.base, as: f.browser, form: Self.form())
                let path = try #require(created.location)
                // A contributor records but neither signs off nor changes settings.
                #expect(try await client.post(path + "/sign-off", as: f.browser).status == .forbidden)
                #expect(try await client.get(f.base + "/settings", as: f.browser).status == .forbidden)
                // A viewer and a consultant read only.
                for role in [CompanyRole.viewer, .consultant] {
                    let user = try await client.makeUser("\(role.rawValue)@batik.example")
                    try await client.addMember(user, to: f.company, role: role)
                    let b = try await client.signIn(user.email)
                    #expect(try await client.get(f.base, as: b).status == .ok)
                    #expect(try await client.get(path, as: b).status == .ok)
                    #expect(try await client.post(f.base, as: b, form: Self.form()).status == .forbidden)
                    #expect(try await client.get(path + "/correct", as: b).status == .forbidden)
                }
                // Another company and a program reviewer: as if it did not exist.
                let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
                #expect(try await client.get(f.base, as: other.browser).status == .notFound)
                #expect(try await client.get(path, as: other.browser).status == .notFound)
                let crossed = path.replacingOccurrences(of: "\(f.company.companyID)", with: "\(other.company.companyID)")
                #expect(try await client.get(crossed, as: other.browser).status == .notFound, "another company's inspection id under one's own company")
                _ = try await client.makeUser("reviewer@cbp.example", reviewer: true)
                let reviewer = try await client.signIn("reviewer@cbp.example")
                #expect(try await client.get(f.base, as: reviewer).status == .notFound)
                #expect(try await client.get(f.base).status == .seeOther, "nobody signed in: to the sign-in page")
                #expect(try await Self.count(client) == 1)
            }
        }

        @Test func theAPIRecordsOnceListsSignsOffAndCorrects() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let token = try await client.token(for: f.user)
                let base = "/api/v1/companies/\(f.company.companyID)/inspections"
                let checklists = try await client.api(.GET, "/api/v1/inspection-checklists", token: nil)
                #expect(checklists.status == .ok)
                #expect(checklists.text.contains(#""key":"container-7-point""#) && checklists.text.contains(#""key":"truck-trailer-17-point""#))
                func body(_ container: String, key: String, floor: String = "pass") -> String {
                    let answers = Self.points.map { #"{"point":"\#($0)","outcome":"\#($0 == "floor" ? floor : "pass")","note":\#($0 == "floor" && floor == "fail" ? #""Soil""# : "null")}"# }
                    return #"{"checklist":"container-7-point","containerNumber":"\#(container)","site":"Tanjung Priok","clientKey":"\#(key)","answers":[\#(answers.joined(separator: ","))]}"#
                }
                let created = try await client.api(.POST, base, token: token, json: body("MWCU6059784", key: "k-1", floor: "fail"))
                #expect(created.status == .created, "\(created.text)")
                #expect(created.text.contains(#""status":"on_hold""#) && created.text.contains(#""failedPoints":["floor"]"#))
                let again = try await client.api(.POST, base, token: token, json: body("MWCU6059784", key: "k-1", floor: "fail"))
                #expect(again.status == .ok)
                #expect(again.location == created.location)
                #expect(try await Self.count(client) == 1)
                let bad = try await client.api(.POST, base, token: token, json: body("MWCU6059785", key: "k-2"))
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains(#""field":"container_number""#), "\(bad.text)")
                #expect(try await Self.count(client) == 1)
                let list = try await client.api(.GET, base + "?site=Tanjung%20Priok", token: token)
                #expect(list.text.contains("MWCU6059784"))
                #expect(try await client.api(.GET, base + "?day=yesterday", token: token).status == .badRequest)
                let location = try #require(created.location)
                let corrected = try await client.api(.POST, location + "/corrections", token: token,
                                                     json: String(body("MWCU6059784", key: "k-3").dropLast()) + #","reason":"Soil was packing dust","version":1}"#)
                #expect(corrected.status == .ok, "\(corrected.text)")
                #expect(corrected.text.contains(#""status":"passed""#) && corrected.text.contains(#""correctionReason":"Soil was packing dust""#))
                // A contributor's token may not sign off; another company's token sees nothing.
                #expect(try await client.api(.POST, location + "/sign-off", token: token).status == .forbidden)
                let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
                #expect(try await client.api(.GET, location, token: try await client.token(for: other.user)).status == .notFound)
            }
        }

        /// The smallest JPEG header a detector recognises, with some bytes after it.
        static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("JFIF photo of the floor".utf8)

        @Test func photosAreImagesKeptWithTheInspectionAndShownOnlyToItsCompany() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let created = try await client.post(f.base, as: f.browser, form: Self.form(answers: ["floor": "fail"], notes: ["floor": "Soil"]))
                let path = try #require(created.location)
                // A JPEG of the failed point: kept, linked, shown.
                let (headers, body) = Multipart.form([("point", "floor")], files: [("photo", "floor.jpg", "image/jpeg", Self.jpeg)], csrf: f.browser.csrf)
                let added = try await client.send(.POST, path + "/photos", browser: f.browser, headers: headers, body: body)
                #expect(added.status == .seeOther)
                let page = try await client.get(path, as: f.browser)
                let image = try #require(page.text.range(of: #"<img src="([^"]+)""#, options: .regularExpression).map { String(page.text[$0]) })
                let url = String(image.dropFirst(10).dropLast())
                let served = try await client.get(url, as: f.browser)
                #expect(served.status == .ok)
                #expect(served.headers.contentType?.description.hasPrefix("image/jpeg") == true)
                #expect(Data(buffer: served.body) == Self.jpeg)
                // A text file named .jpg, and a point the inspection does not have: refused, nothing saved.
                let (badHeaders, badBody) = Multipart.form([], files: [("photo", "fake.jpg", "image/jpeg", Data("not an image".utf8))], csrf: f.browser.csrf)
                let fake = try await client.send(.POST, path + "/photos", browser: f.browser, headers: badHeaders, body: badBody)
                #expect(fake.status == .badRequest)
                #expect(fake.text.contains("data-field=\"photo\""))
                let (pointHeaders, pointBody) = Multipart.form([("point", "engine")], files: [("photo", "x.jpg", "image/jpeg", Self.jpeg)], csrf: f.browser.csrf)
                #expect(try await client.send(.POST, path + "/photos", browser: f.browser, headers: pointHeaders, body: pointBody).status == .badRequest)
                #expect(try await Self.count(client, "inspection_photos") == 1)
                #expect(try await Self.count(client, "evidence_files") == 1)
                // No CSRF token: refused.
                let (noCSRFHeaders, noCSRFBody) = Multipart.form([], files: [("photo", "x.jpg", "image/jpeg", Self.jpeg)], csrf: nil)
                #expect(try await client.send(.POST, path + "/photos", browser: f.browser, headers: noCSRFHeaders, body: noCSRFBody).status == .forbidden)
                // A viewer sees it but cannot add one; another company sees neither the photo nor the page.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                #expect(try await client.get(url, as: v).status == .ok)
                let (vHeaders, vBody) = Multipart.form([], files: [("photo", "x.jpg", "image/jpeg", Self.jpeg)], csrf: v.csrf)
                #expect(try await client.send(.POST, path + "/photos", browser: v, headers: vHeaders, body: vBody).status == .forbidden)
                let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
                #expect(try await client.get(url, as: other.browser).status == .notFound)
                // The API lists the photo with the same address.
                let token = try await client.token(for: f.user)
                let apiPath = "/api/v1" + path.replacingOccurrences(of: "/inspections/", with: "/inspections/")
                let json = try await client.api(.GET, apiPath, token: token)
                #expect(json.text.contains(url.replacingOccurrences(of: "/", with: "\\/")) || json.text.contains(url), "\(json.text)")
            }
        }

        @Test func theOfflineScriptsAreServedAndAPhotoSentTwiceIsStoredOnce() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // The form links the offline script; the script and the service worker are served.
                let form = try await client.get(f.base + "/new?checklist=container-7-point", as: f.browser)
                #expect(form.text.contains("<script src=\"\(Scripts.offline.link)\" defer></script>"))
                #expect(form.text.contains("id=\"outbox\""))
                let script = try await client.get(Scripts.offline.link)
                #expect(script.status == .ok && script.headers.contentType?.subType == "javascript")
                #expect(script.headers.first(name: .cacheControl)?.contains("immutable") == true)
                #expect(script.text.contains("indexedDB"))
                let worker = try await client.get("/sw.js")
                #expect(worker.status == .ok && worker.headers.first(name: .cacheControl) == "no-cache")
                #expect(worker.text.contains("addEventListener(\"fetch\""))
                // Without the camera nothing of the dock works: the page may use it, frames may not.
                #expect(form.headers.first(name: "Permissions-Policy")?.contains("camera=(self)") == true)

                // A phone sends the same photo twice (its first answer was lost): stored once.
                let created = try await client.post(f.base, as: f.browser, form: Self.form())
                let path = try #require(created.location)
                for _ in 0..<2 {
                    let (headers, body) = Multipart.form([("client_key", "k1-photo-0")], files: [("photo", "doors.jpg", "image/jpeg", Self.jpeg)],
                                                         csrf: f.browser.csrf)
                    #expect(try await client.send(.POST, path + "/photos", browser: f.browser, headers: headers, body: body).status == .seeOther)
                }
                #expect(try await Self.count(client, "inspection_photos") == 1)
                #expect(try await Self.count(client, "evidence_files") == 1)
            }
        }

        @Test func theSummaryCountsCurrentVersionsBySiteAndPoint() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock A"))
                _ = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock A", answers: ["floor": "fail"], notes: ["floor": "Soil"]))
                let held = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock B", answers: ["floor": "fail", "doors": "fail"],
                                                                                        notes: ["floor": "Seeds", "doors": "Broken hinge"]))
                let page = try await client.get(f.base + "/summary", as: f.browser)
                #expect(page.status == .ok)
                #expect(page.text.contains(#"data-key="Dock A" data-value="2""#), "two done at Dock A")
                #expect(page.text.contains(#"id="chart-held""#))
                #expect(page.text.contains(#"data-key="floor" data-value="2""#), "the floor failed twice")
                #expect(page.text.contains(#"data-key="doors" data-value="1""#))
                // Dock B's inspection corrected: the doors passed after all, and it moves to Dock A.
                let path = try #require(held.location)
                var corrected = Self.form(site: "Dock A", answers: ["floor": "fail"], notes: ["floor": "Seeds"])
                corrected += [("version", "1"), ("reason", "Hinge was fine; recorded at the wrong dock")]
                #expect(try await client.post(path + "/correct", as: f.browser, form: corrected).status == .seeOther)
                let after = try await client.get(f.base + "/summary?days=7", as: f.browser)
                #expect(after.text.contains(#"data-key="Dock A" data-value="3""#), "counted once, at its new site")
                #expect(!after.text.contains(#"data-key="Dock B" data-value="1""#))
                #expect(!after.text.contains(#"data-key="doors""#), "the corrected-away failure is gone")
                #expect(after.text.contains(#"data-key="floor" data-value="2""#))
                // One site's failures only.
                let onlyA = try await client.get(f.base + "/summary?site=Dock%20A", as: f.browser)
                #expect(onlyA.text.contains(#"data-key="floor" data-value="2""#))
                // Another company: 404.
                let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
                #expect(try await client.get(f.base + "/summary", as: other.browser).status == .notFound)
            }
        }

        @Test func conveyanceAndSealCriteriaShowTheRecordsLive() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .coordinator)
                _ = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock A"))
                _ = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock B", answers: ["floor": "fail"], notes: ["floor": "Soil"]))
                _ = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser, form: [("entity_types", "FM")])
                let context = try #require(try await ProfileService(app: client.app).current(company: f.company.companyID))
                func criterion(_ match: (CriterionID) -> Bool) throws -> String { try #require(context.scope.criteria.first { match($0.id) }?.id.rawValue) }
                let five = try criterion { $0.categoryNumber == 5 }
                let six = try criterion { $0.categoryNumber == 6 }
                let three = try criterion { $0.categoryNumber == 3 }
                let base = "/companies/\(f.company.companyID)/profile/criteria/"
                let page = try await client.get(base + five, as: f.browser).text
                #expect(page.contains("id=\"inspection-evidence\""))
                #expect(page.contains("2 inspections at 2 site(s)") && page.contains("1 unit(s) held"), "\(page)")
                let seals = try await client.get(base + six, as: f.browser).text
                #expect(seals.contains("id=\"seal-evidence\"") && !seals.contains("id=\"inspection-evidence\""))
                #expect(seals.contains("0 batch(es), 0 seals received"))
                let other = try await client.get(base + three, as: f.browser).text
                #expect(!other.contains("id=\"inspection-evidence\"") && !other.contains("id=\"seal-evidence\""))
            }
        }

        @Test func theAPIGivesTheSummaryTheListAsCSVAndTheSettings() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .coordinator)
                _ = try await client.post(f.base, as: f.browser, form: Self.form(site: "Dock A", answers: ["floor": "fail"], notes: ["floor": "Soil"]))
                let token = try await client.token(for: f.user)
                let company = "/api/v1/companies/\(f.company.companyID)"
                let summary = try await client.api(.GET, company + "/inspection-summary?days=7", token: token)
                #expect(summary.status == .ok)
                #expect(summary.text.contains(#""site":"Dock A""#) && summary.text.contains(#""point":"floor""#), "\(summary.text)")
                #expect(try await client.api(.GET, company + "/inspection-summary?days=8", token: token).status == .badRequest)
                let long = String(repeating: "x", count: 121)
                #expect(try await client.api(.GET, company + "/inspection-summary?site=\(long)", token: token).status == .badRequest)
                #expect(try await client.api(.GET, company + "/inspections?site=\(long)", token: token).status == .badRequest)
                #expect(try await client.api(.GET, company + "/inspections.csv?since=", token: token).status == .badRequest)
                let csv = try await client.api(.GET, company + "/inspections.csv", token: token)
                #expect(csv.status == .ok && csv.text.split(separator: "\r\n").count == 2)
                let settings = try await client.api(.GET, company + "/inspection-settings", token: token)
                #expect(settings.text.contains(#""retentionMonths":60"#))
                let changed = try await client.api(.PUT, company + "/inspection-settings", token: token, json: #"{"retentionMonths":48}"#)
                #expect(changed.status == .ok && changed.text.contains(#""retentionMonths":48"#) && changed.text.contains(#""reinspectionPercent":5"#))
                // One character on screen, 501 in the text (emoji modifiers): too long, as the schema counts.
                let modifiers = String(repeating: "\u{1F3FB}", count: 500)
                let tooLong = try await client.api(.PUT, company + "/inspection-settings", token: token,
                                                   json: #"{"legalHold":true,"legalHoldReason":"a\#(modifiers)"}"#)
                #expect(tooLong.status == .badRequest && tooLong.text.contains(#""field":"legalHoldReason""#))
                let bad = try await client.api(.PUT, company + "/inspection-settings", token: token, json: #"{"retentionMonths":3,"legalHold":true}"#)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"retentionMonths""#) && bad.text.contains(#""field":"legalHoldReason""#))
                // A contributor reads the settings but does not change them.
                let contributor = try await client.makeUser("dock@batik.example")
                try await client.addMember(contributor, to: f.company, role: .contributor)
                let dock = try await client.token(for: contributor)
                #expect(try await client.api(.GET, company + "/inspection-settings", token: dock).status == .ok)
                #expect(try await client.api(.PUT, company + "/inspection-settings", token: dock, json: #"{"retentionMonths":24}"#).status == .forbidden)
            }
        }

        @Test func aPickedInspectionIsReinspectedByManagementAndCompared() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let coordinator = try await client.makeUser("coordinator@batik.example")
                try await client.addMember(coordinator, to: f.company, role: .coordinator)
                let boss = try await client.signIn(coordinator.email)
                // Every inspection picked.
                #expect(try await client.post(f.base + "/settings", as: boss, form: [("reinspection_percent", "100")]).status == .seeOther)
                let created = try await client.post(f.base, as: f.browser, form: Self.form())
                let path = try #require(created.location)
                let original = try await client.get(path, as: boss)
                #expect(original.text.contains("id=\"record-reinspection\""))
                let id = String(path.split(separator: "/").last!)
                // The inspector may not re-inspect their own; a contributor may not open the form.
                #expect(try await client.get(f.base + "/new?reinspection_of=\(id)", as: f.browser).status == .forbidden)
                let form = try await client.get(f.base + "/new?reinspection_of=\(id)", as: boss)
                #expect(form.status == .ok && form.text.contains("value=\"CSQU3054383\""))
                // Another unit: refused by name, nothing saved.
                let wrongUnit = try await client.post(f.base, as: boss, form: Self.form(container: "MWCU6059784") + [("reinspection_of", id)])
                #expect(wrongUnit.status == .badRequest && wrongUnit.text.contains("data-field=\"reinspection\""))
                #expect(try await Self.count(client) == 1)
                // The second look finds soil on the floor the first missed.
                let second = try await client.post(f.base, as: boss, form: Self.form(answers: ["floor": "fail"], notes: ["floor": "Soil under the boards"]) + [("reinspection_of", id)])
                #expect(second.status == .seeOther)
                let compared = try await client.get(path, as: boss)
                #expect(compared.text.contains("id=\"reinspection-differences\""))
                #expect(compared.text.contains("1 point(s) differ"))
                let secondPage = try await client.get(try #require(second.location), as: boss)
                #expect(secondPage.text.contains("A second look at the inspection of"))
                #expect(!secondPage.text.contains("id=\"record-reinspection\""), "a re-inspection is not itself picked")
                // Only once.
                let again = try await client.post(f.base, as: boss, form: Self.form() + [("reinspection_of", id)])
                #expect(again.status == .badRequest && again.text.contains("already re-inspected"))
                #expect(try await Self.count(client) == 2)
            }
        }

        @Test func theLogCostsTheSameQueriesForTwoOrTwentyInspections() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
                let service = InspectionService(app: client.app)
                func record(_ n: Int) async throws {
                    let answers = Self.points.map { InspectionDraft.Answer(pointKey: $0, outcome: "pass") }
                    _ = try await service.record(InspectionDraft(unitReference: nil, site: "Dock \(n % 2)", answers: answers).with(container: "CSQU3054383"),
                                                 checklist: checklist, company: f.company.companyID, inspector: f.user.userID)
                }
                for n in 0..<2 { try await record(n) }
                let small = try await client.pageQueries(f.base, as: f.browser)
                for n in 2..<20 { try await record(n) }
                let large = try await client.pageQueries(f.base, as: f.browser)
                #expect(small.status == .ok && large.status == .ok)
                #expect(small.queries == large.queries)
                #expect(large.queries <= 8, "\(large.queries) queries")
            }
        }
    }
}

private extension InspectionDraft {
    func with(container: String) -> InspectionDraft {
        var copy = self
        copy.containerNumber = container
        return copy
    }
}
