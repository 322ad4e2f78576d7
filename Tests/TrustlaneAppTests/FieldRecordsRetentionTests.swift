import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Retention of the field records (issue 16) on the Records hub: the seal log and shipments with
/// their seals and checks, each with its own retention and legal hold, and client keys forgotten
/// after `ClientSubmissions.keptDays`.
extension AppTests.Records {
    /// A company's field records, made through the pages: a shipment released with a seal, its
    /// VVTT check and photo; an open shipment with a seal; a damaged seal and a seal issued (in
    /// play). Returns the number of the issued seal.
    static func fieldRecords(_ client: TestClient, _ f: AppTests.Shipments.Fixture) async throws -> String {
        let released = try await AppTests.Shipments.ship(client, f, AppTests.Shipments.shipmentForm(reference: "OLD-REL", container: "CSQU3054383") + [("client_key", "k-old-\(f.company.companyID)")])
        #expect(try await client.post(released + "/seals", as: f.browser, form: [("seal_number", "TL000010")]).status == .seeOther)
        #expect(try await client.post(released + "/seals/TL000010/check", as: f.browser, form: AppTests.Shipments.vvtt()).status == .seeOther)
        let (headers, body) = Multipart.form([], files: [("photo", "seal.png", "image/png", AppTests.Shipments.png + Data(f.company.companyID.description.utf8))],
                                             csrf: f.browser.csrf)
        #expect(try await client.send(.POST, released + "/seals/TL000010/photo", browser: f.browser, headers: headers, body: body).status == .seeOther)
        let open = try await AppTests.Shipments.ship(client, f, AppTests.Shipments.shipmentForm(reference: "OLD-OPEN", container: "MWCU6059784"))
        #expect(try await client.post(open + "/seals", as: f.browser, form: [("seal_number", "TL000011")]).status == .seeOther)
        let seals = "/companies/\(f.company.companyID)/seals"
        #expect(try await client.post(seals + "/log", as: f.browser, form: [("seal_number", "TL000099"), ("event", "report_damaged"), ("reason", "Bent")]).status == .seeOther)
        #expect(try await client.post(seals + "/issue", as: f.browser, form: [("issued_to", "Luis"), ("shipment_reference", "NEXT-1")]).status == .seeOther)
        struct Row: Decodable { let number: String }
        return try #require(try await (client.db as! any SQLDatabase).raw("""
        SELECT number FROM seals WHERE company_id = \(bind: f.company.id!) AND state = 'issued'
        """).first(decoding: Row.self)).number
    }

    /// Moves a company's field records (and its client keys) back to `day`, the released
    /// shipment released then.
    static func backdate(_ client: TestClient, _ f: AppTests.Shipments.Fixture, to day: String) async throws {
        let sql = client.db as! any SQLDatabase
        let then = ProgramDay(day)!.startDate().addingTimeInterval(9 * 3600)
        let company = f.company.id!
        try await sql.raw("UPDATE seal_events SET at = \(bind: then) WHERE company_id = \(bind: company)").run()
        try await sql.raw("UPDATE shipments SET created_at = \(bind: then) WHERE company_id = \(bind: company)").run()
        try await sql.raw("""
        UPDATE shipments SET status = 'released', released_at = \(bind: then.addingTimeInterval(3600)) WHERE company_id = \(bind: company) AND reference = 'OLD-REL'
        """).run()
        try await sql.raw("UPDATE client_submissions SET created_at = \(bind: then) WHERE company_id = \(bind: company)").run()
    }

    /// Company A of the retention test, by name (a UUID's stored form differs by driver).
    static let companyA = "(SELECT id FROM companies WHERE legal_name = 'PT Batik Ekspor')"

    @Test func fieldRecordsPastRetentionGoUnlessHeldOrInPlayAndOtherCompaniesKeepTheirs() async throws {
        try await withTrustlane { client in
            // Setup: two companies with the same field records, made three years ago.
            let a = try await AppTests.Shipments.fixture(client)
            let b = try await AppTests.Shipments.fixture(client, name: "PT Lain")
            let issuedA = try await Self.fieldRecords(client, a)
            _ = try await Self.fieldRecords(client, b)
            let threeYearsAgo = ProgramDay(Date()).adding(days: -3 * 365).description
            try await Self.backdate(client, a, to: threeYearsAgo)
            try await Self.backdate(client, b, to: threeYearsAgo)
            // A keeps its seal log and shipments a year, its shipments under a legal hold; B keeps the default five years.
            let api = "/api/v1/companies/\(a.company.companyID)/records/retention"
            #expect(try await client.api(.PUT, api + "/seals", token: a.token, json: #"{"retentionMonths":12}"#).status == .ok)
            let hold = try await client.api(.PUT, api + "/shipments", token: a.token,
                                            json: #"{"retentionMonths":12,"legalHold":true,"legalHoldReason":"Customs case 2026-4"}"#)
            #expect(hold.status == .ok, "\(hold.text)")
            func count(_ client: TestClient, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
                try await AppTests.Shipments.count(client, table, condition)
            }
            let events = try await count(client, "seal_events", "company_id = \(Self.companyA)")
            let eventsB = try await count(client, "seal_events", "company_id <> \(Self.companyA)")

            // Act: the pass, the shipments held.
            let held = try await RecordsRetention(app: client.app).run()

            // Verify: A's seal log went but for the seals still in play (the one issued, the one
            // affixed on the open shipment, the one verified at departure and not yet arrived);
            // the damaged seal's entry went. A's shipments are held. B's records all stay.
            let kept = try await count(client, "seal_events", "company_id = \(Self.companyA)")
            #expect(held[a.company.companyID]?[.seals] == events - kept && kept > 0 && kept < events, "\(held) \(events) \(kept)")
            #expect(held[a.company.companyID]?[.shipments] == nil)
            #expect(held[b.company.companyID] == nil, "B keeps five years")
            #expect(try await count(client, "seal_events", "number = '\(issuedA)' AND company_id = \(Self.companyA)") == 1)
            #expect(try await count(client, "seal_events", "number = 'TL000099' AND company_id = \(Self.companyA)") == 0)
            #expect(try await count(client, "seal_events", "company_id <> \(Self.companyA)") == eventsB)
            #expect(try await count(client, "shipments") == 4)
            #expect(try await count(client, "seals", "number = 'TL000099'") == 2, "a seal's state stays whatever its log")

            // Act: the hold lifted.
            #expect(try await client.api(.PUT, api + "/shipments", token: a.token, json: #"{"legalHold":false}"#).status == .ok)
            let lifted = try await RecordsRetention(app: client.app).run()

            // Verify: A's released shipment went with its seal, check and photo; the open one stayed; B's are untouched.
            #expect(lifted[a.company.companyID] == [.shipments: 1], "\(lifted)")
            #expect(try await count(client, "shipments", "reference = 'OLD-REL'") == 1)
            #expect(try await count(client, "shipments", "reference = 'OLD-OPEN'") == 2)
            #expect(try await count(client, "shipment_seals") == 3)
            #expect(try await count(client, "seal_checks") == 1)
            #expect(try await count(client, "evidence_files") == 1, "A's seal photo went, B's stayed")
            // The seal audit still counts A's seal used on the shipment whose record went.
            let audit = try await SealStockService(app: client.app).runAudit(counted: nil, company: a.company.companyID, by: a.user.userID)
            #expect(!audit.report.findings.contains { $0.seal.rawValue == "TL000010" }, "\(audit.report.findings)")
            let applied = try await AuditEntryModel.query(on: client.db).filter(\.$action == "records.retention_applied").all()
            #expect(applied.count == 2)
            // Nothing left: a second pass does nothing.
            #expect(try await RecordsRetention(app: client.app).run().isEmpty)
        }
    }

    @Test func clientKeysAreForgottenAfterTheirWindowAndOnlyThen() async throws {
        try await withTrustlane { client in
            // Setup: a key used 31 days ago, one used 29 days ago, one today.
            let f = try await AppTests.Shipments.fixture(client)
            let seals = "/companies/\(f.company.companyID)/seals"
            for (number, key) in [("TL000097", "k-31"), ("TL000098", "k-29"), ("TL000099", "k-0")] {
                #expect(try await client.post(seals + "/log", as: f.browser, form: [("seal_number", number), ("event", "void"), ("reason", "Cut"), ("client_key", key)]).status == .seeOther)
            }
            let sql = client.db as! any SQLDatabase
            for (key, days) in [("k-31", 31), ("k-29", 29)] {
                try await sql.raw("UPDATE client_submissions SET created_at = \(bind: Date().addingTimeInterval(-Double(days) * 86_400)) WHERE client_key = \(bind: key)").run()
            }
            // Act
            let purged = try await ClientSubmissions.purge(app: client.app)
            // Verify: only the key past 30 days went; the seal log it recorded stays.
            #expect(purged == 1)
            #expect(try await AppTests.Shipments.count(client, "client_submissions") == 2)
            #expect(try await AppTests.Shipments.count(client, "client_submissions", "client_key = 'k-31'") == 0)
            #expect(try await AppTests.Shipments.count(client, "seal_events", "number = 'TL000097'") == 1)
            #expect(try await ClientSubmissions.purge(app: client.app) == 0)
        }
    }
}
