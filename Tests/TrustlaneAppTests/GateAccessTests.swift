import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The gate's logs (issue 17, MSC 10.1-10.4, 10.7): a guard checks visitors in and out in one
    /// tap and is refused a second check-out; drivers arrive matched to their carrier's
    /// pre-notification and leave with one of their shipment's seals; badges and keys are issued,
    /// returned and lost, and the separation check lists what a person holds; search, CSV, the
    /// profile's live evidence; bad input named by field with nothing saved; who may do what.
    @Suite struct GateAccess {
        struct Fixture {
            let company: CompanyModel
            let user: UserModel
            let browser: TestClient.Browser
            let token: String
            var base: String { "/companies/\(company.companyID)/gate" }
            var api: String { "/api/v1/companies/\(company.companyID)/gate" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .contributor, name: String = "PT Batik Ekspor") async throws -> Fixture {
            let company = try await client.makeCompany(name, country: "ID", types: [.foreignManufacturer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@batik.example", name: "Agus Guard")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, user: user, browser: try await client.signIn(user.email), token: try await client.token(for: user))
        }

        static func visitorForm(name: String = "José Pérez <b>", site: String = "Semarang gate 1", badge: String = "") -> [(String, String)] {
            [("site", site), ("name", name), ("visitor_company", "Acme Audit"), ("photo_id_checked", "yes"), ("photo_id_type", "passport"),
             ("host", "Dewi Lestari"), ("purpose", "Security audit"), ("badge_number", badge), ("escort", ""), ("vehicle_plate", "B 1234 XY")]
        }

        static func pickupForm(plate: String = "H 8812 KQ", shipment: String = "") -> [(String, String)] {
            [("site", "Semarang gate 1"), ("truck_plate", plate), ("driver_name", "Budi Santoso"), ("photo_id_checked", "yes"),
             ("photo_id_type", "driver_licence"), ("carrier", "PT Angkut Jaya"), ("trailer_number", "CSQU3054383"), ("shipment_id", shipment)]
        }

        static func count(_ client: TestClient, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)")
                .first(decoding: Row.self)?.n ?? -1
        }

        static func json(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }

        // MARK: Visitors

        @Test func aGuardChecksAVisitorInAndOutAndASecondCheckOutIsRefusedWithNothingChanged() async throws {
            try await withTrustlane { client in
                // Setup: the guard, a contributor.
                let f = try await Self.fixture(client)
                // Act: check in through the tablet's form.
                let board = try await client.get(f.base, as: f.browser)
                #expect(board.status == .ok && board.text.contains("id=\"visit-form\"") && board.text.contains("id=\"inside-empty\""))
                let checkedIn = try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm())
                #expect(checkedIn.status == .seeOther, "\(checkedIn.text.prefix(400))")
                #expect(checkedIn.location == f.base + "?site=Semarang%20gate%201#visitors-inside")
                var page = try await client.get(f.base + "?site=Semarang%20gate%201", as: f.browser)
                #expect(page.status == .ok && page.text.contains("José Pérez &lt;b&gt;") && !page.text.contains("José Pérez <b>"))
                #expect(page.text.contains("id=\"inside-list\"") && page.text.contains("class=\"tag gate-inside\""))
                #expect(!page.text.contains("⟦"), "every word is translated")
                let id = try #require(page.text.firstMatch(of: /data-visit="([0-9a-f-]{36})"/)?.1).description

                // One tap: out.
                let out = try await client.post(f.base + "/visits/\(id)/check-out", as: f.browser, form: [("site", "Semarang gate 1")])
                #expect(out.status == .seeOther)
                struct Out: Decodable { let checked_out_at: Date? }
                let first = try await (client.db as! any SQLDatabase).raw("SELECT checked_out_at FROM gate_visits").first(decoding: Out.self)?.checked_out_at
                #expect(first != nil)
                page = try await client.get(f.base + "?site=Semarang%20gate%201", as: f.browser)
                #expect(page.text.contains("id=\"inside-empty\"") && page.text.contains("id=\"left-list\""))

                // Verify: a second tap is refused with a clear message, and the first time stands.
                let again = try await client.post(f.base + "/visits/\(id)/check-out", as: f.browser, form: [("site", "Semarang gate 1")])
                #expect(again.status == .conflict && again.text.contains("id=\"gate-conflict\"") && again.text.contains("already checked out"))
                let api = try await client.api(.POST, f.api + "/visits/\(id)/check-out", token: f.token)
                #expect(api.status == .conflict && api.text.contains("already checked out"))
                #expect(try await (client.db as! any SQLDatabase).raw("SELECT checked_out_at FROM gate_visits").first(decoding: Out.self)?.checked_out_at == first)
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.visitor_checked_in'") == 1)
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.visitor_checked_out'") == 1)

                // The search finds the visitor by the start of the name or of the plate, any case and accents.
                for q in ["jose", "JOSÉ p", "b 12", "b1234"] {
                    let found = try await client.get(f.base + "/search?q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, as: f.browser)
                    #expect(found.status == .ok && found.text.contains("data-visit=\"\(id)\""), "\(q)")
                }
                #expect(try await client.get(f.base + "/search?q=x", as: f.browser).status == .badRequest)
                // The CSV export streams the day, formulas neutralized.
                _ = try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "=HYPERLINK(\"x\")"))
                let csv = try await client.get(f.base + "/visits.csv", as: f.browser)
                #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("visit_id,site,name,visitor_company,photo_id_checked") == true && lines.count == 3)
                #expect(csv.text.contains("'=HYPERLINK") && csv.text.contains("José Pérez <b>"))
            }
        }

        @Test func aLateCheckOutTakesTheTimeTypedNeverBeforeTheTimeInNorInTheFuture() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2027-03-10"))  // noon UTC; the guard's zone is UTC
                let f = try await Self.fixture(client)
                var form = Self.visitorForm()
                form.append(("checked_in_at", "2027-03-10T08:00"))
                #expect(try await client.post(f.base + "/visits", as: f.browser, form: form).status == .seeOther)
                struct Visit: Decodable { let id: UUID; let checked_out_at: Date? }
                let sql = client.db as! any SQLDatabase
                let id = try #require(try await sql.raw("SELECT id, checked_out_at FROM gate_visits").first(decoding: Visit.self)).id.uuidString.lowercased()
                // The row's form offers the time, folded away; the button still checks out in one tap.
                let board = try await client.get(f.base, as: f.browser).text
                #expect(board.contains("id=\"out-\(id)-checked_out_at\"") && board.contains("class=\"gate-time-out\""))

                // Before the time in, in the future, or not a time: refused on the row, the visitor still inside.
                for (typed, reason) in [("2027-03-10T07:30", "gate.error.leaving_before_arrival"), ("2027-03-10T15:00", "future"), ("tomorrow", "time")] {
                    let refused = try await client.post(f.base + "/visits/\(id)/check-out", as: f.browser, form: [("site", ""), ("checked_out_at", typed)])
                    #expect(refused.status == .badRequest && refused.text.contains("id=\"check-out-errors\""), "\(reason)")
                    #expect(refused.text.contains("id=\"out-\(id)-checked_out_at-error\"") || refused.text.contains("data-field=\"checked_out_at\""), "\(reason)")
                    #expect(refused.text.contains("value=\"\(typed)\""), "what was typed is kept: \(reason)")
                    #expect(try await sql.raw("SELECT id, checked_out_at FROM gate_visits").first(decoding: Visit.self)?.checked_out_at == nil)
                }
                // The time the visitor really left.
                let out = try await client.post(f.base + "/visits/\(id)/check-out", as: f.browser, form: [("site", ""), ("checked_out_at", "2027-03-10T09:15")])
                #expect(out.status == .seeOther)
                let left = try await sql.raw("SELECT id, checked_out_at FROM gate_visits").first(decoding: Visit.self)?.checked_out_at
                #expect(left == ProgramDay("2027-03-10")!.startDate().addingTimeInterval(9 * 3600 + 15 * 60))
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.visitor_checked_out' AND changes LIKE '%2027-03-10T09:15:00Z%'") == 1)

                // The API: a time typed with its offset, a null for now, a bad one named in camel case.
                #expect(try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "Second") + [("checked_in_at", "2027-03-10T10:00")]).status == .seeOther)
                #expect(try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "Third")).status == .seeOther)
                let ids = try await sql.raw("SELECT id, checked_out_at FROM gate_visits WHERE checked_out_at IS NULL ORDER BY name").all(decoding: Visit.self).map { $0.id.uuidString.lowercased() }
                let bad = try await client.api(.POST, f.api + "/visits/\(ids[0])/check-out", token: f.token, json: #"{"checkedOutAt":"2027-03-11T09:00:00Z"}"#)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"checkedOutAt""#))
                let typed = try await client.api(.POST, f.api + "/visits/\(ids[0])/check-out", token: f.token, json: #"{"checkedOutAt":"2027-03-10T13:55:00+02:00"}"#)
                #expect(typed.status == .ok && typed.text.contains(#""checkedOutAt":"2027-03-10T11:55:00Z""#), "\(typed.text)")
                let now = try await client.api(.POST, f.api + "/visits/\(ids[1])/check-out", token: f.token, json: #"{"checkedOutAt":null}"#)
                #expect(now.status == .ok && now.text.contains(#""checkedOutAt":"2027-03-10T12:00:00Z""#), "\(now.text)")
            }
        }

        @Test func aLateDepartureTakesTheTimeTyped() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2027-03-10"))
                let f = try await Self.fixture(client)
                var form = Self.pickupForm()
                form.append(("arrived_at", "2027-03-10T08:00"))
                #expect(try await client.post(f.base + "/pickups", as: f.browser, form: form).status == .seeOther)
                struct Pickup: Decodable { let id: UUID; let departed_at: Date? }
                let sql = client.db as! any SQLDatabase
                let id = try #require(try await sql.raw("SELECT id, departed_at FROM gate_pickups").first(decoding: Pickup.self)).id.uuidString.lowercased()
                let early = try await client.post(f.base + "/pickups/\(id)/departure", as: f.browser, form: [("site", ""), ("departed_at", "2027-03-10T07:00")])
                #expect(early.status == .badRequest && early.text.contains("value=\"2027-03-10T07:00\""))
                let left = try await client.post(f.base + "/pickups/\(id)/departure", as: f.browser, form: [("site", ""), ("departed_at", "2027-03-10T10:40")])
                #expect(left.status == .seeOther)
                #expect(try await sql.raw("SELECT id, departed_at FROM gate_pickups").first(decoding: Pickup.self)?.departed_at
                    == ProgramDay("2027-03-10")!.startDate().addingTimeInterval(10 * 3600 + 40 * 60))
            }
        }

        @Test func aVisitorsBadgeIsAFreeVisitorBadgeOfTheInventoryIssuedAtCheckInAndReturnedAtCheckOut() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let boss = try await client.makeUser("boss@batik.example", name: "Dewi Lestari")
                try await client.addMember(boss, to: f.company, role: .coordinator)
                let coordinator = try await client.signIn(boss.email)
                for (number, kind) in [("V-01", "badge"), ("V-02", "badge"), ("V-03", "access_card")] {
                    #expect(try await client.post(f.base + "/badges", as: coordinator, form: [("number", number), ("kind", kind)]).status == .seeOther)
                }
                struct Badge: Decodable { let id: UUID; let number: String; let status: String; let holder: String?; let visit_id: UUID? }
                let sql = client.db as! any SQLDatabase
                func badge(_ number: String) async throws -> Badge {
                    try #require(try await sql.raw("SELECT id, number, status, holder, visit_id FROM gate_badges WHERE number = \(bind: number)").first(decoding: Badge.self))
                }
                // The form suggests the free visitor badges (not the access card).
                var board = try await client.get(f.base, as: f.browser).text
                #expect(board.contains("<option value=\"V-01\">") && board.contains("<option value=\"V-02\">") && !board.contains("<option value=\"V-03\">"))

                // Handed out at check-in, as typed in any case or spacing, written as the inventory writes it.
                #expect(try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "José", badge: " v- 01")).status == .seeOther)
                struct Visit: Decodable { let id: UUID; let badge_number: String?; let badge_id: UUID? }
                let visit = try #require(try await sql.raw("SELECT id, badge_number, badge_id FROM gate_visits").first(decoding: Visit.self))
                var v01 = try await badge("V-01")
                #expect(visit.badge_number == "V-01" && visit.badge_id == v01.id)
                #expect(v01.status == "issued" && v01.holder == "José" && v01.visit_id == visit.id)
                board = try await client.get(f.base, as: f.browser).text
                #expect(!board.contains("<option value=\"V-01\">"), "no longer offered")

                // Already out, unknown, not a visitor badge, lost: refused by field, nothing saved.
                #expect(try await client.post(f.base + "/badges/\(try await badge("V-02").id)/lost", as: coordinator, form: [("note", "Dropped in the yard")]).status == .seeOther)
                for (typed, message) in [("V-01", "already out with José"), ("V-99", "is not a visitor badge of the inventory"),
                                         ("V-03", "is not a visitor badge of the inventory"), ("V-02", "is reported lost")] {
                    let refused = try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "Second", badge: typed))
                    #expect(refused.status == .badRequest && refused.text.contains("data-field=\"badge_number\"") && refused.text.contains(message), "\(typed)")
                }
                let api = try await client.api(.POST, f.api + "/visits", token: f.token, json: """
                {"site":"Gate 1","name":"Ana","visitorCompany":"X","photoIdChecked":true,"photoIdType":"passport","host":"Dewi","purpose":"Audit","badgeNumber":"V-99"}
                """)
                #expect(api.status == .badRequest && api.text.contains(#""field":"badgeNumber""#))
                #expect(try await Self.count(client, "gate_visits") == 1)

                // Checked out: the badge comes back, with its event and audit entry.
                #expect(try await client.post(f.base + "/visits/\(visit.id.uuidString.lowercased())/check-out", as: f.browser, form: [("site", "")]).status == .seeOther)
                v01 = try await badge("V-01")
                #expect(v01.status == "available" && v01.holder == nil && v01.visit_id == nil)
                #expect(try await Self.count(client, "gate_badge_events", "event = 'returned'") == 1)
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.badge_issued'") == 1)
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.badge_returned'") == 1)

                // Returned on the badges page meanwhile and handed to staff: the visitor's check-out leaves it with them.
                #expect(try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm(name: "Third", badge: "V-01")).status == .seeOther)
                #expect(try await client.post(f.base + "/badges/\(v01.id)/return", as: coordinator, form: []).status == .seeOther)
                #expect(try await client.post(f.base + "/badges/\(v01.id)/issue", as: coordinator, form: [("holder", "Rina Wulandari")]).status == .seeOther)
                let third = try #require(try await sql.raw("SELECT id, badge_number, badge_id FROM gate_visits WHERE name = 'Third'").first(decoding: Visit.self))
                #expect(try await client.post(f.base + "/visits/\(third.id.uuidString.lowercased())/check-out", as: f.browser, form: [("site", "")]).status == .seeOther)
                v01 = try await badge("V-01")
                #expect(v01.status == "issued" && v01.holder == "Rina Wulandari" && v01.visit_id == nil)
            }
        }

        @Test func badInputIsNamedByFieldAndNothingIsSaved() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // The page: no photo ID, an unknown ID type, a time in the future.
                var form = Self.visitorForm().filter { $0.0 != "photo_id_checked" && $0.0 != "photo_id_type" }
                form += [("photo_id_type", "library_card"), ("checked_in_at", "2099-01-01T10:00")]
                let page = try await client.post(f.base + "/visits", as: f.browser, form: form)
                #expect(page.status == .badRequest)
                for field in ["photo_id_checked", "photo_id_type", "checked_in_at"] { #expect(page.text.contains("data-field=\"\(field)\""), "\(field)") }
                #expect(page.text.contains("value=\"Acme Audit\""), "what was typed is kept")
                // The API: the same, named as the JSON names them.
                let api = try await client.api(.POST, f.api + "/visits", token: f.token, json: """
                {"site":"Gate 1","name":"Ana","visitorCompany":"  ","photoIdChecked":false,"photoIdType":"passport","host":"Dewi","purpose":"Audit","checkedInAt":"soon"}
                """)
                #expect(api.status == .badRequest)
                for field in ["visitorCompany", "photoIdChecked", "checkedInAt"] { #expect(api.text.contains(#""field":"\#(field)""#), "\(field): \(api.text)") }
                let pickup = try await client.api(.POST, f.api + "/pickups", token: f.token, json: """
                {"site":"Gate 1","driverName":"Budi","photoIdChecked":true,"photoIdType":"passport","carrier":"PT Angkut","truckPlate":"H 1","trailerNumber":"CSQU3054384","shipmentId":"nope"}
                """)
                #expect(pickup.status == .badRequest && pickup.text.contains(#""field":"shipmentId""#))
                let container = try await client.api(.POST, f.api + "/pickups", token: f.token, json: """
                {"site":"Gate 1","driverName":"Budi","photoIdChecked":true,"photoIdType":"passport","carrier":"PT Angkut","truckPlate":"H 1","trailerNumber":"CSQU3054384","shipmentId":"\(UUID())"}
                """)
                #expect(container.status == .badRequest && container.text.contains(#""field":"trailerNumber""#) && container.text.contains(#""field":"shipmentId""#))
                // Filters the document forbids are refused by name; left out, they filter nothing.
                #expect(try await client.api(.GET, f.api + "/visits?day=", token: f.token).status == .badRequest)
                #expect(try await client.api(.GET, f.api + "/visits?day=2026-02-30", token: f.token).text.contains(#""field":"day""#))
                #expect(try await client.api(.GET, f.api + "/badges?status=", token: f.token).status == .badRequest)
                #expect(try await client.api(.GET, f.api + "/visits.csv?from=2026-03-02&to=2026-03-01", token: f.token).status == .badRequest)
                #expect(try await client.api(.GET, f.api + "/holdings", token: f.token).status == .badRequest)
                #expect(try await client.api(.GET, f.api + "/visits", token: f.token).status == .ok)
                #expect(try await client.get(f.base + "?site=&day=", as: f.browser).status == .ok)
                for table in ["gate_visits", "gate_pickups", "gate_sites"] { #expect(try await Self.count(client, table) == 0, "\(table)") }
                #expect(try await Self.count(client, "audit_entries", "action LIKE 'gate.%'") == 0)
            }
        }

        @Test func theAPIChecksAVisitorInAndOutAndListsTheDayInsideFirst() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let created = try await client.api(.POST, f.api + "/visits", token: f.token, json: """
                {"site":"Gate 1","name":"Ana Ruiz","visitorCompany":"Harborline","photoIdChecked":true,"photoIdType":"national_id","host":"Dewi","purpose":"Audit","escort":"Budi","badgeNumber":null,"vehiclePlate":null,"checkedInAt":null}
                """)
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(try Self.json(created.text)["id"] as? String)
                #expect(created.headers.first(name: .location) == "/api/v1/companies/\(f.company.companyID)/gate/visits/\(id.lowercased())")
                _ = try await client.api(.POST, f.api + "/visits", token: f.token, json: """
                {"site":"Gate 1","name":"Early Leaver","visitorCompany":"X","photoIdChecked":true,"photoIdType":"other","host":"Dewi","purpose":"Delivery"}
                """)
                let second = try #require(try Self.json(try await client.api(.GET, f.api + "/search?q=early", token: f.token).text)["visits"] as? [[String: Any]]).first?["id"] as? String
                let out = try await client.api(.POST, f.api + "/visits/\(try #require(second))/check-out", token: f.token)
                #expect(out.status == .ok && out.text.contains(#""inside":false"#))
                let day = try Self.json(try await client.api(.GET, f.api + "/visits?site=Gate%201", token: f.token).text)
                #expect((day["inside"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
                #expect((day["left"] as? [[String: Any]])?.count == 1)
                #expect(try await client.api(.GET, f.api + "/sites", token: f.token).text.contains("Gate 1"))
            }
        }

        // MARK: Drivers, shipments and pre-notifications

        @Test func aPreNotifiedDriverLeavesOnlyWithOneOfTheShipmentsSealsAndAnUnannouncedOneIsFlagged() async throws {
            try await withTrustlane { client in
                // Setup: a shipment with seal TL000010 affixed (the shipments' fixture holds seals in stock); a coordinator and the guard.
                let s = try await AppTests.Shipments.fixture(client, role: .coordinator)
                let shipment = try await AppTests.Shipments.ship(client, s, AppTests.Shipments.shipmentForm(container: "CSQU3054383"))
                #expect(try await client.post(shipment + "/seals", as: s.browser, form: [("seal_number", "TL000010")]).status == .seeOther)
                let shipmentID = String(shipment.split(separator: "/").last!)
                let guardUser = try await client.makeUser("guard@batik.example", name: "Agus")
                try await client.addMember(guardUser, to: s.company, role: .contributor)
                let f = Fixture(company: s.company, user: guardUser, browser: try await client.signIn(guardUser.email), token: try await client.token(for: guardUser))
                // The carrier pre-notifies one truck.
                let expected = ISO8601DateFormatter().string(from: Date().addingTimeInterval(1_800))
                let notice = try await client.post(f.base + "/prenotices", as: f.browser, form: [
                    ("carrier", "PT Angkut Jaya"), ("driver_name", "Budi Santoso"), ("truck_plate", "h-8812-kq"), ("expected_at", expected)])
                #expect(notice.status == .seeOther, "\(notice.text.prefix(300))")
                var board = try await client.get(f.base + "/pickups", as: f.browser)
                #expect(board.text.contains("id=\"expected-list\"") && board.text.contains("H-8812-KQ"))

                // Act: the announced truck arrives for the shipment; another arrives unannounced.
                let arrived = try await client.post(f.base + "/pickups", as: f.browser, form: Self.pickupForm(shipment: shipmentID))
                #expect(arrived.status == .seeOther, "\(arrived.text.prefix(400))")
                _ = try await client.post(f.base + "/pickups", as: f.browser, form: Self.pickupForm(plate: "L 9999 ZZ"))
                board = try await client.get(f.base + "/pickups?site=Semarang%20gate%201", as: f.browser)
                #expect(board.text.contains("data-prenotified=\"yes\"") && board.text.contains("data-prenotified=\"no\""))
                #expect(board.text.contains("id=\"not-prenotified-count\"") && !board.text.contains("id=\"expected-list\""))
                #expect(try await Self.count(client, "gate_prenotices", "pickup_id IS NOT NULL") == 1)
                struct Row: Decodable { let id: UUID }
                let pickup = try #require(try await (client.db as! any SQLDatabase).raw("SELECT id FROM gate_pickups WHERE shipment_id IS NOT NULL")
                    .first(decoding: Row.self)).id.uuidString.lowercased()

                // A seal that is not the shipment's: refused by name, nothing saved; none at all: refused too.
                let wrong = try await client.post(f.base + "/pickups/\(pickup)/departure", as: f.browser, form: [("seal_number", "TL000099")])
                #expect(wrong.status == .badRequest && wrong.text.contains("data-field=\"seal_number\"") && wrong.text.contains("TL000010"))
                let none = try await client.api(.POST, f.api + "/pickups/\(pickup)/departure", token: f.token, json: #"{"sealNumber":null}"#)
                #expect(none.status == .badRequest && none.text.contains(#""field":"sealNumber""#))
                #expect(try await Self.count(client, "gate_pickups", "departed_at IS NOT NULL") == 0)
                // The right seal: the driver leaves; twice is refused (409).
                let left = try await client.api(.POST, f.api + "/pickups/\(pickup)/departure", token: f.token, json: #"{"sealNumber":"tl-000010"}"#)
                #expect(left.status == .ok && left.text.contains(#""departureSeal":"TL000010""#) && left.text.contains(#""preNotified":true"#))
                let twice = try await client.post(f.base + "/pickups/\(pickup)/departure", as: f.browser, form: [("seal_number", "TL000010")])
                #expect(twice.status == .conflict && twice.text.contains("id=\"gate-conflict\""))
                let csv = try await client.get(f.base + "/pickups.csv", as: f.browser)
                #expect(csv.status == .ok && csv.text.contains("SHP-001") && csv.text.contains("TL000010") && csv.text.contains("L 9999 ZZ"))
                #expect(try await Self.count(client, "audit_entries", "action = 'gate.pickup_departed'") == 1)
                #expect(!(try await client.get(f.base + "/pickups", as: f.browser)).text.contains("⟦"))
            }
        }

        // MARK: Badges and keys

        @Test func badgesAreIssuedReturnedAndLostAndTheSeparationCheckListsWhatAPersonHolds() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .coordinator)
                for (number, kind) in [("K-7", "key"), ("V 012", "badge")] {
                    #expect(try await client.post(f.base + "/badges", as: f.browser, form: [("number", number), ("kind", kind), ("area", "Warehouse")]).status == .seeOther)
                }
                let duplicate = try await client.post(f.base + "/badges", as: f.browser, form: [("number", "k-7"), ("kind", "key")])
                #expect(duplicate.status == .badRequest && duplicate.text.contains("data-field=\"number\""))
                let badges = try #require(try JSONSerialization.jsonObject(with: Data(try await client.api(.GET, f.api + "/badges", token: f.token).text.utf8)) as? [[String: Any]])
                let key = try #require(badges.first { $0["number"] as? String == "K-7" }?["id"] as? String)
                let badge = try #require(badges.first { $0["number"] as? String == "V 012" }?["id"] as? String)
                #expect(try await client.post(f.base + "/badges/\(key)/issue", as: f.browser, form: [("holder", "Rina  Wulandari")]).status == .seeOther)
                #expect(try await client.api(.POST, f.api + "/badges/\(badge)/issue", token: f.token, json: #"{"holder":"rina wulandari"}"#).status == .ok)
                // Issued twice: refused.
                let again = try await client.api(.POST, f.api + "/badges/\(key)/issue", token: f.token, json: #"{"holder":"Someone Else"}"#)
                #expect(again.status == .conflict && again.text.contains("Rina Wulandari"))
                // The separation check, any case.
                var check = try await client.get(f.base + "/badges?person=RINA%20WULANDARI", as: f.browser)
                #expect(check.text.contains("id=\"holdings-some\"") && check.text.contains("K-7") && check.text.contains("V 012"))
                #expect(try await client.post(f.base + "/badges/\(key)/return", as: f.browser).status == .seeOther)
                #expect(try await client.api(.POST, f.api + "/badges/\(badge)/lost", token: f.token, json: #"{"note":"Lost in the canteen"}"#).status == .ok)
                let holdings = try await client.api(.GET, f.api + "/holdings?person=Rina%20Wulandari", token: f.token)
                #expect(holdings.status == .ok && holdings.text.contains(#""items":[]"#))
                check = try await client.get(f.base + "/badges?person=Rina%20Wulandari", as: f.browser)
                #expect(check.text.contains("id=\"holdings-none\"") && check.text.contains("Lost in the canteen") && !check.text.contains("⟦"))
                #expect(try await client.api(.POST, f.api + "/badges/\(key)/return", token: f.token, json: "{}").status == .conflict)
                for action in ["gate.badge_added", "gate.badge_issued", "gate.badge_returned", "gate.badge_lost"] {
                    #expect(try await Self.count(client, "audit_entries", "action = '\(action)'") >= 1, "\(action)")
                }
            }
        }

        // MARK: Who may do what

        @Test func anotherCompanysUserGetsNotFoundAViewerCannotRecordAndOnlySupervisorsManageBadges() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.base + "/visits", as: f.browser, form: Self.visitorForm())
                struct Row: Decodable { let id: UUID }
                let id = try #require(try await (client.db as! any SQLDatabase).raw("SELECT id FROM gate_visits").first(decoding: Row.self)).id.uuidString.lowercased()
                // Another company's guard: not found, page and API, and nothing changes.
                let other = try await Self.fixture(client, name: "Norte SA")
                #expect(try await client.get(f.base, as: other.browser).status == .notFound)
                #expect(try await client.post(f.base + "/visits/\(id)/check-out", as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, f.api + "/visits/\(id)", token: other.token).status == .notFound)
                #expect(try await client.api(.POST, other.api + "/visits/\(id)/check-out", token: other.token).status == .notFound)
                #expect(try await Self.count(client, "gate_visits", "checked_out_at IS NULL") == 1)
                // A viewer reads nothing and records nothing.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let viewerBrowser = try await client.signIn(viewer.email)
                #expect(try await client.post(f.base + "/visits", as: viewerBrowser, form: Self.visitorForm(name: "Viewer Try")).status == .forbidden)
                #expect(try await client.api(.POST, f.api + "/visits", token: try await client.token(for: viewer), json: "{}").status == .forbidden)
                #expect(try await client.get(f.base, as: viewerBrowser).status == .forbidden)
                #expect(try await Self.count(client, "gate_visits") == 1)
                // The guard (a contributor) cannot add badges; the company page links the gate.
                #expect(try await client.post(f.base + "/badges", as: f.browser, form: [("number", "K-1"), ("kind", "key")]).status == .forbidden)
                let company = try await client.get("/companies/\(f.company.companyID)", as: f.browser)
                #expect(company.text.contains("id=\"gate-link\""))
            }
        }

        // MARK: Evidence and speed

        @Test func categoryTenShowsTheGateLogsAndTheBoardsReadThroughIndexes() async throws {
            guard !usingPostgres else { return }
            try await withTrustlane { client in
                let profile = try await AppTests.SecurityProfile.fixture(client, types: [.importer])
                let context = try await ProfileService(app: client.app).open(company: profile.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let base = "/companies/\(profile.company.companyID)/gate"
                _ = try await client.post(base + "/visits", as: profile.browser, form: Self.visitorForm())
                _ = try await client.post(base + "/pickups", as: profile.browser, form: Self.pickupForm())
                // The evidence beside a category 10 criterion.
                if let criterion = context.scope.criteria.first(where: { $0.id.categoryNumber == 10 }) {
                    let page = try await client.get("/companies/\(profile.company.companyID)/profile/criteria/\(criterion.id.rawValue)", as: profile.browser)
                    #expect(page.status == .ok && page.text.contains("id=\"gate-evidence\""), "\(page.status)")
                    #expect(page.text.contains("100%") && !page.text.contains("⟦"))
                } else {
                    Issue.record("the importer's scope has no category 10 criterion")
                }
                let evidence = try await GateQueries(client.db).evidence(company: profile.company.companyID, now: Date())
                #expect(evidence == GateQueries.Evidence(days: 30, visits: 1, visitsWithPhotoID: 1, pickups: 1, pickupsWithPhotoID: 1, pickupsNotPreNotified: 1,
                                                         badgesIssued: 0, badgesLost: 0))
                // Every board, the search and the badges: a fixed number of statements, each on an index.
                let site = "?site=Semarang%20gate%201"
                let pages: [(String, Int)] = [(base + site, 12), (base + "/pickups" + site, 14), (base + "/search?q=jose", 12), (base + "/search?q=h8812", 12),
                                              (base + "/badges?person=Rina", 12), (base + "/prenotices", 10), (base, 12)]
                var scans: [String] = []
                for (path, bound) in pages {
                    _ = try await client.get(path, as: profile.browser)
                    var status = HTTPStatus.ok
                    let statements = try await QueryCounter.shared.statements { status = try await client.get(path, as: profile.browser).status }
                    #expect(status == .ok, "\(path): \(status)")
                    #expect(statements.count <= bound, "\(path): \(statements.count) queries")
                    scans += try await AppTests.QueryPlans.fullScans(of: statements, on: client.db).filter { line in
                        !AppTests.QueryPlans.allowedScans.contains { line.hasPrefix($0 + "   ") }
                    }.map { "\(path): \($0)" }
                }
                #expect(scans.isEmpty, "\(scans)")
                // And on the index meant for each: a site's day, who is inside, the name and plate ranges.
                struct Plan: Decodable { let detail: String }
                func plan(_ path: String) async throws -> String {
                    let statements = try await QueryCounter.shared.statements { _ = try await client.get(path, as: profile.browser) }
                    var details: [String] = []
                    for statement in statements where statement.uppercased().hasPrefix("SELECT") {
                        details += try await (client.db as! any SQLDatabase).raw(SQLQueryString("EXPLAIN QUERY PLAN " + statement))
                            .all(decoding: Plan.self).map(\.detail)
                    }
                    return details.joined(separator: "\n")
                }
                let visitors = try await plan(base + site)
                #expect(visitors.contains("gate_visits_inside_idx") && visitors.contains("gate_visits_site_idx"), "\(visitors)")
                let search = try await plan(base + "/search?q=h8812")
                for index in ["gate_visits_name_idx", "gate_visits_plate_idx", "gate_pickups_name_idx", "gate_pickups_plate_idx"] {
                    #expect(search.contains(index), "\(index): \(search)")
                }
            }
        }
    }
}
