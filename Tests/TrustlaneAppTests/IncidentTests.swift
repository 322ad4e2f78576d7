import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The incident register (issue 17): filing, notifications with the self-report flag, the
    /// investigation and its closure with a corrective action, the printable report; anonymous
    /// reports through the public link with a receipt code and rate limits; incidents proposed
    /// from a failed inspection; who may do what.
    @Suite struct Incidents {
        struct Fixture {
            let company: CompanyModel
            let user: UserModel
            let browser: TestClient.Browser
            let token: String
            var base: String { "/companies/\(company.companyID)/incidents" }
            var api: String { "/api/v1/companies/\(company.companyID)/incidents" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .coordinator) async throws -> Fixture {
            let company = try await client.makeCompany("PT Batik Ekspor", country: "ID", types: [.foreignManufacturer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@batik.example", name: "Dewi Lestari")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, user: user, browser: try await client.signIn(user.email), token: try await client.token(for: user))
        }

        static func time(_ offset: TimeInterval) -> String {
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: Date().addingTimeInterval(offset))
        }

        static func incidentForm(type: String = "hidden_compartment", discovered: String = time(-7200)) -> [(String, String)] {
            [("type", type), ("severity", "high"), ("title", "False wall in trailer 7"), ("description", "The inspector found a false front wall <script>x</script>"),
             ("discovered_at", discovered), ("discovered_by", "Budi, dock 2"), ("location", "Semarang dock 2"), ("seal_numbers", "TL000010")]
        }

        static func count(_ client: TestClient, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)")
                .first(decoding: Row.self)?.n ?? -1
        }

        // MARK: The register and an investigation

        @Test func anIncidentIsFiledToldToCBPFirstInvestigatedAndClosedWithACorrectiveAction() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // Act: file it.
                let filed = try await client.post(f.base, as: f.browser, form: Self.incidentForm())
                #expect(filed.status == .seeOther, "\(filed.text.prefix(400))")
                let page = try #require(filed.location)
                let id = String(page.split(separator: "/").last!)
                var show = try await client.get(page, as: f.browser)
                #expect(show.status == .ok && show.text.contains("INC-1") && show.text.contains("data-status=\"open\""))
                #expect(show.text.contains("&lt;script&gt;x&lt;/script&gt;") && !show.text.contains("<script>x</script>"))
                #expect(show.text.contains("data-pending=\"cbp_scss\"") && show.text.contains("data-self-report=\"not_reported\""))

                // Closing now is refused: not under investigation.
                #expect(try await client.post(page + "/close", as: f.browser).status == .badRequest)
                // A notification before the discovery is refused by name, nothing saved.
                let early = try await client.post(page + "/notifications", as: f.browser, form: [
                    ("target", "cbp_scss"), ("recipient", "SCSS Ana Ruiz"), ("notified_by", "Dewi"), ("notified_at", Self.time(-86_400)), ("channel", "phone")])
                #expect(early.status == .badRequest && early.text.contains("data-field=\"notified_at\""))
                #expect(try await Self.count(client, "incident_notifications") == 0)

                // Tell CBP's specialist, start the investigation with a timeline entry.
                let told = try await client.post(page + "/notifications", as: f.browser, form: [
                    ("target", "cbp_scss"), ("recipient", "SCSS Ana Ruiz"), ("notified_by", "Dewi"), ("notified_at", Self.time(-3600)), ("channel", "phone")])
                #expect(told.status == .seeOther, "\(told.text.prefix(400))")
                let noted = try await client.post(page + "/notes", as: f.browser, form: [("text", "Trailer quarantined; CCTV of dock 2 requested")])
                #expect(noted.status == .seeOther)
                show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("data-status=\"investigating\"") && show.text.contains("data-self-report=\"first\""))
                #expect(show.text.contains("id=\"close-needs\"") && show.text.contains("data-field=\"findings\"") && show.text.contains("data-field=\"root_cause\""))
                #expect(!show.text.contains("data-field=\"not_reported_reason\""), "CBP was told: no reason needed")

                // Closing without findings: refused, still investigating.
                let refused = try await client.post(page + "/close", as: f.browser)
                #expect(refused.status == .badRequest && refused.text.contains("data-field=\"findings\""))
                // Findings, a corrective action, close.
                #expect(try await client.post(page + "/findings", as: f.browser, form: [
                    ("findings", "A welded panel hid a 30 cm space; empty"), ("root_cause", "Trailer not inspected at the carrier's yard")]).status == .seeOther)
                let action = try await client.post(page + "/actions", as: f.browser, form: [
                    ("title", "Require the 17-point inspection at the carrier's yard"), ("owner", "Dewi"), ("due_date", "2027-01-31")])
                #expect(action.status == .seeOther, "\(action.text.prefix(400))")
                #expect(try await Self.count(client, "corrective_actions", "source = 'incident' AND source_id = '\(id)' AND criteria LIKE '%7.37%'") == 1)
                let closed = try await client.post(page + "/close", as: f.browser)
                #expect(closed.status == .seeOther)

                // Verify: closed by the coordinator; the report shows it all; the API agrees; the audit trail has each step.
                show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("data-status=\"closed\"") && show.text.contains("id=\"closed-by\"") && show.text.contains("Dewi Lestari"))
                #expect(!show.text.contains("id=\"notification-form\""), "nothing more to record on a closed incident")
                let report = try await client.get(page + "/report", as: f.browser)
                #expect(report.status == .ok && report.text.contains("SCSS Ana Ruiz") && report.text.contains("A welded panel") && report.text.contains("17-point"))
                let api = try await client.api(.GET, f.api + "/\(id)", token: f.token)
                #expect(api.status == .ok && api.text.contains(#""selfReport":"reported_first""#) && api.text.contains(#""status":"closed""#))
                #expect(api.text.contains(#""closureNeeds":[]"#) && api.text.contains(#""kind":"seal""#))
                for entry in ["incident.recorded", "incident.notified", "incident.investigating", "incident.note_added", "incident.findings_saved", "incident.closed"] {
                    #expect(try await Self.count(client, "audit_entries", "action = '\(entry)'") == 1, "\(entry)")
                }
                // A closed incident takes nothing more.
                #expect(try await client.post(page + "/notes", as: f.browser, form: [("text", "late")]).status == .badRequest)
                let list = try await client.get(f.base + "?status=closed", as: f.browser)
                #expect(list.text.contains("INC-1") && list.text.contains("data-self-report=\"first\""))
                #expect(!(try await client.get(f.base + "?status=active", as: f.browser)).text.contains("data-incident=\"INC-1\""))
                #expect(try await client.get(f.base + "?status=nonsense", as: f.browser).status == .badRequest)
            }
        }

        @Test func theAPIFilesAndRefusesBadInputByFieldWithNothingSaved() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // Bad input: unknown type, future discovery, a blank inspection id, a seal number with spaces inside.
                let bad = try await client.api(.POST, f.api, token: f.token, json: """
                {"type":"alien","title":"x","description":"y","discoveredAt":"\(Self.time(86_400))","discoveredBy":"me","inspectionId":"","sealNumbers":"TL 1 !!"}
                """)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"inspectionId""#))
                let bad2 = try await client.api(.POST, f.api, token: f.token, json: """
                {"type":"alien","title":"x","description":"y","discoveredAt":"\(Self.time(86_400))","discoveredBy":"me","sealNumbers":"TL-1 !!"}
                """)
                #expect(bad2.status == .badRequest && bad2.text.contains(#""field":"type""#) && bad2.text.contains(#""field":"discoveredAt""#)
                        && bad2.text.contains(#""field":"sealNumbers""#), "\(bad2.text)")
                let badDay = try await client.api(.POST, f.api, token: f.token, json: """
                {"type":"contraband","title":"x","description":"y","discoveredAt":"2026-02-30T10:00","discoveredBy":"me"}
                """)
                #expect(badDay.status == .badRequest && badDay.text.contains(#""field":"discoveredAt""#))
                #expect(try await Self.count(client, "incidents") == 0)
                // Good input: 201 with the reference; the list shows it.
                let good = try await client.api(.POST, f.api, token: f.token, json: """
                {"type":"cargo_discrepancy","title":"Two cartons short","description":"Count at arrival 118 of 120","discoveredAt":"\(Self.time(-60))","discoveredBy":"Receiving"}
                """)
                #expect(good.status == .created && good.text.contains(#""reference":"INC-1""#), "\(good.text)")
                let list = try await client.api(.GET, f.api + "?status=active&type=cargo_discrepancy", token: f.token)
                #expect(list.status == .ok && list.text.contains("Two cartons short") && list.text.contains(#""selfReport":"not_reported""#))
                // A cargo discrepancy is not one CBP asks about: findings and root cause are enough to close.
                struct Created: Decodable { let id: String }
                let id = try JSONDecoder().decode(Created.self, from: Data(good.text.utf8)).id
                #expect(try await client.api(.POST, f.api + "/\(id)/investigation", token: f.token).status == .ok)
                #expect(try await client.api(.PUT, f.api + "/\(id)/findings", token: f.token, json: #"{"findings":"Miscount","rootCause":"Tally sheet"}"#).status == .ok)
                let closed = try await client.api(.POST, f.api + "/\(id)/close", token: f.token)
                #expect(closed.status == .ok && closed.text.contains(#""status":"closed""#))
            }
        }

        // MARK: Anonymous reports

        @Test func anAnonymousReportArrivesUnconfirmedWithAReceiptCodeAndFloodsAreRefused() async throws {
            try await withTrustlane(configure: { $0.anonymousReportLimits = AnonymousReportLimits(perAddress: 2, perCompany: 10, window: 3600) }) { client in
                let f = try await Self.fixture(client, role: .officer)
                // The link is off: nothing to find. The officer turns it on.
                let enabled = try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")])
                #expect(enabled.status == .seeOther)
                let key = try #require(try await IncidentQueries(client.db).reportKey(company: f.company.companyID))
                let register = try await client.get(f.base, as: f.browser)
                #expect(register.text.contains("/report/\(key)"))

                // Anyone, without an account, in Bahasa Indonesia.
                let stranger = client.browser()
                let form = try await client.get("/report/\(key)?lang=id", as: stranger)
                #expect(form.status == .ok && form.text.contains("lang=\"id\"") && form.text.contains("Laporkan kekhawatiran"))
                let sent = try await client.post("/report/\(key)", as: stranger, form: [
                    ("lang", "id"), ("type", "unauthorized_access"), ("description", "Orang asing membuka kontainer di gerbang 3 <b>malam</b>"),
                    ("location", "Gerbang 3")])
                #expect(sent.status == .created, "\(sent.text.prefix(400))")
                let code = try #require(sent.text.firstMatch(of: /id="receipt-code">([0-9A-Z-]+)</)?.1).description
                #expect(code.count == 19 && sent.text.contains("Kode tanda terima"))
                #expect(try await Self.count(client, "incidents", "status = 'unconfirmed' AND source = 'anonymous' AND reported_by IS NULL AND receipt_digest IS NOT NULL") == 1)
                #expect(try await Self.count(client, "incidents", "receipt_digest = '\(code)'") == 0, "only the digest is kept")

                // The reporter adds information with the code as typed back (lower case, no dashes).
                let typed = code.replacingOccurrences(of: "-", with: "").lowercased()
                let added = try await client.post("/report/\(key)/follow-up", as: stranger, form: [("code", typed), ("text", "Plat nomor B 1234 XY")])
                #expect(added.status == .ok && added.text.contains("id=\"follow-up-done\""))
                // A third message from the same address in the hour: refused, nothing saved.
                let flood = try await client.post("/report/\(key)", as: stranger, form: [("description", "again")])
                #expect(flood.status == .tooManyRequests && flood.text.contains("id=\"report-limited\""))
                #expect(try await Self.count(client, "incidents") == 1)
                #expect(try await Self.count(client, "incident_entries", "kind = 'follow_up'") == 1)

                // The coordinator's register shows it unconfirmed, escaped; confirming opens it.
                let list = try await client.get(f.base + "?status=unconfirmed", as: f.browser)
                #expect(list.text.contains("data-status=\"unconfirmed\""))
                let page = try #require(list.text.firstMatch(of: /href="(\/companies\/[^"]+\/incidents\/[0-9a-f-]{36})"/)?.1).description
                let show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("&lt;b&gt;malam&lt;/b&gt;") && show.text.contains("Plat nomor B 1234 XY") && show.text.contains("id=\"confirm-incident\""))
                #expect(try await client.post(page + "/confirm", as: f.browser).status == .seeOther)
                #expect(try await client.get(page, as: f.browser).text.contains("data-status=\"open\""))

                // A new key retires the old link; turning it off leaves nothing to find.
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "renew")]).status == .seeOther)
                #expect(try await client.get("/report/\(key)", as: client.browser()).status == .notFound)
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "disable")]).status == .seeOther)
                #expect(try await IncidentQueries(client.db).reportKey(company: f.company.companyID) == nil)
            }
        }

        @Test func theAnonymousLinkCarriesAQRCodeAndAPrintableNoticeInThreeLanguages() async throws {
            try await withTrustlane(configure: { $0.publicURL = "https://trustlane.example" }) { client in
                let f = try await Self.fixture(client, role: .officer)
                // Off: no code, and the notice sends the officer back to turn the link on.
                #expect(!(try await client.get(f.base, as: f.browser).text.contains("<svg")))
                let off = try await client.get(f.base + "/anonymous-link/poster", as: f.browser)
                #expect(off.status == .seeOther && off.location == f.base + "#incident-link")
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")]).status == .seeOther)
                let key = try #require(try await IncidentQueries(client.db).reportKey(company: f.company.companyID))
                let url = "https://trustlane.example/report/\(key)"
                // The register draws the code of exactly that address, beside the link.
                let code = try QRCode(text: url)
                let path = try #require(code.svg(title: "").firstMatch(of: /d="([^"]+)"/)?.1).description
                let register = try await client.get(f.base, as: f.browser)
                #expect(register.text.contains("id=\"anonymous-link-qr\"") && register.text.contains("d=\"\(path)\""))
                #expect(register.text.contains("id=\"anonymous-link-poster\""))
                // The notice: the address, the same code, the text in English, Spanish and Bahasa Indonesia.
                let poster = try await client.get(f.base + "/anonymous-link/poster", as: f.browser)
                #expect(poster.status == .ok)
                #expect(poster.text.contains("id=\"poster-url\">\(url)<") && poster.text.contains("d=\"\(path)\""))
                for (language, headline) in [("en", "Report a security concern, anonymously"), ("es", "Denuncie un problema de seguridad"),
                                             ("id", "Laporkan masalah keamanan secara anonim")] {
                    #expect(poster.text.contains("lang=\"\(language)\" data-language=\"\(language)\"") && poster.text.contains(headline), "\(language)")
                }
                #expect(poster.text.contains("Beri tahu PT Batik Ekspor di sini"))
                // Who may: the company's managers only; a consultant reads the register but not this; another company sees nothing.
                let consultant = try await client.makeUser("consultant@advisors.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                #expect(try await client.get(f.base + "/anonymous-link/poster", as: try await client.signIn(consultant.email)).status == .forbidden)
                let other = try await Self.fixture(client)
                #expect(try await client.get(f.base + "/anonymous-link/poster", as: other.browser).status == .notFound)
            }
        }

        @Test func withoutAPublicAddressTheRegisterExplainsWhyThereIsNoQRCode() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .officer)
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")]).status == .seeOther)
                let register = try await client.get(f.base, as: f.browser)
                #expect(register.text.contains("id=\"anonymous-link-qr-missing\"") && register.text.contains("TRUSTLANE_PUBLIC_URL"))
                #expect(!register.text.contains("<svg"))
            }
        }

        @Test func theAnonymousAPITakesAReportAndRefusesAnUnknownCodeOrKey() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let link = try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/incident-link", token: f.token, json: #"{"enabled":true}"#)
                #expect(link.status == .ok && link.text.contains(#""enabled":true"#))
                let key = try #require(try await IncidentQueries(client.db).reportKey(company: f.company.companyID))
                let sent = try await client.api(.POST, "/api/v1/anonymous-reports/\(key)", token: nil, json: #"{"description":"Driver asked to skip the seal check","type":"threat_or_extortion"}"#)
                #expect(sent.status == .created && sent.text.contains(#""reference":"INC-1""#) && sent.text.contains("receiptCode"))
                let unknownCode = try await client.api(.POST, "/api/v1/anonymous-reports/\(key)/follow-ups", token: nil, json: #"{"code":"0000-0000-0000-0000","text":"more"}"#)
                #expect(unknownCode.status == .badRequest && unknownCode.text.contains(#""field":"code""#))
                #expect(try await client.api(.POST, "/api/v1/anonymous-reports/nokey/follow-ups", token: nil, json: #"{"code":"x","text":"y"}"#).status == .notFound)
                let empty = try await client.api(.POST, "/api/v1/anonymous-reports/\(key)", token: nil, json: #"{"description":"  "}"#)
                #expect(empty.status == .badRequest && empty.text.contains(#""field":"description""#))
            }
        }

        // MARK: From a failed inspection

        @Test func aFailedInspectionProposesAnIncidentOnceFilledIn() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let inspections = "/companies/\(f.company.companyID)/inspections"
                let form = AppTests.Inspections.form(answers: ["floor": "fail"], notes: ["floor": "Soil in the corner"])
                let recorded = try await client.post(inspections, as: f.browser, form: form)
                #expect(recorded.status == .seeOther, "\(recorded.text.prefix(300))")
                let inspection = String(try #require(recorded.location).split(separator: "/").last!)
                let proposed = try await client.get(f.base + "/new?inspection=\(inspection)", as: f.browser)
                #expect(proposed.status == .ok && proposed.text.contains("id=\"incident-from-inspection\"") && proposed.text.contains("Soil in the corner"))
                #expect(proposed.text.contains("CSQU3054383") && proposed.text.contains("Semarang dock 2"))
                var fields = Self.incidentForm(type: "pest_contamination")
                fields.append(("inspection_id", inspection))
                let filed = try await client.post(f.base, as: f.browser, form: fields)
                #expect(filed.status == .seeOther)
                #expect(try await Self.count(client, "incidents", "source = 'inspection' AND source_key = 'inspection:\(inspection)'") == 1)
                let again = try await client.post(f.base, as: f.browser, form: fields)
                #expect(again.status == .badRequest && again.text.contains("INC-1"))
                #expect(try await Self.count(client, "incidents") == 1)
                // The inspection's page offers it.
                let show = try await client.get(inspections + "/\(inspection)", as: f.browser)
                #expect(show.text.contains("/incidents/new?inspection=\(inspection)"))
            }
        }

        @Test func theIncidentCriteriaShowTheRegisterLive() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.base, as: f.browser, form: Self.incidentForm())
                _ = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser, form: [("entity_types", "FM")])
                let context = try #require(try await ProfileService(app: client.app).current(company: f.company.companyID))
                let base = "/companies/\(f.company.companyID)/profile/criteria/"
                let incident = try #require(context.scope.criteria.first { $0.id.rawValue == "7.37" || $0.id.rawValue == "7.23" }?.id.rawValue)
                let page = try await client.get(base + incident, as: f.browser).text
                #expect(page.contains("id=\"incident-evidence\"") && page.contains("1 incidents recorded, 0 closed") && page.contains("INC-1"))
                let seals = try #require(context.scope.criteria.first { $0.id.rawValue == "7.29" || $0.id.categoryNumber == 6 }?.id.rawValue)
                #expect(!(try await client.get(base + seals, as: f.browser).text.contains("id=\"incident-evidence\"")))
            }
        }

        // MARK: Who may do what

        @Test func contributorsReportWithoutReadingTheRegisterAndOtherCompaniesSeeNothing() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let filed = try await client.post(f.base, as: f.browser, form: Self.incidentForm())
                let page = try #require(filed.location)
                // A contributor files one and is thanked, but cannot read the register or an incident.
                let contributor = try await client.makeUser("dock@batik.example", name: "Budi")
                try await client.addMember(contributor, to: f.company, role: .contributor)
                let dock = try await client.signIn(contributor.email)
                let theirs = try await client.post(f.base, as: dock, form: Self.incidentForm(type: "stowaways"))
                #expect(theirs.status == .seeOther && theirs.location == f.base + "/new")
                #expect(try await client.get(f.base, as: dock).status == .forbidden)
                #expect(try await client.get(page, as: dock).status == .forbidden)
                // A viewer may not report; a consultant reads but does not manage.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                #expect(try await client.post(f.base, as: try await client.signIn(viewer.email), form: Self.incidentForm()).status == .forbidden)
                let consultant = try await client.makeUser("consultant@advisors.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let advisor = try await client.signIn(consultant.email)
                #expect(try await client.get(page, as: advisor).status == .ok)
                #expect(try await client.post(page + "/investigate", as: advisor).status == .forbidden)
                // Another company's coordinator: not found, in pages and API.
                let other = try await Self.fixture(client)
                #expect(try await client.get(page, as: other.browser).status == .notFound)
                let id = String(page.split(separator: "/").last!)
                #expect(try await client.api(.GET, f.api + "/\(id)", token: other.token).status == .notFound)
                #expect(try await client.api(.GET, other.api + "/\(id)", token: other.token).status == .notFound)
                #expect(try await Self.count(client, "incidents") == 2)
            }
        }
    }
}
