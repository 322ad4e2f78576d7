import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// The validation pack of the seal records (issue 16) on the Records hub: a period's seal log,
/// and its shipments with their seals and VVTT checks, printable and as CSV (page and API);
/// who may read them; one company never sees another's.
extension AppTests.Records {
    @Test func theSealLogAndShipmentsPacksListThePeriodsSealRecordsOnTheHubPageAndCSV() async throws {
        try await withTrustlane { client in
            // Setup: the field records of two companies.
            let a = try await AppTests.Shipments.fixture(client)
            let b = try await AppTests.Shipments.fixture(client, name: "PT Lain")
            let issued = try await Self.fieldRecords(client, a)
            _ = try await Self.fieldRecords(client, b)
            let base = "/companies/\(a.company.companyID)/records"
            // Act
            let hub = try await client.get(base, as: a.browser)
            let shipments = try await client.get(base + "/shipments/pack", as: a.browser)
            let shipmentsCSV = try await client.get(base + "/shipments/pack.csv", as: a.browser)
            let seals = try await client.get(base + "/seals/pack", as: a.browser)
            let sealsCSV = try await client.api(.GET, "/api/v1/companies/\(a.company.companyID)/records/seals/pack.csv", token: a.token)
            // Verify: the hub counts the period's seal log entries (two seals issued and affixed from
            // stock, one verified, one damaged, one issued) and shipments, with their criteria.
            #expect(hub.status == .ok)
            func section(_ kind: String) -> String {
                hub.text.components(separatedBy: "id=\"records-\(kind)\"").dropFirst().first?.components(separatedBy: "</section>").first ?? ""
            }
            #expect(section("seals").contains("data-count=\"7\"") && section("seals").contains("6.6"), "\(section("seals").prefix(400))")
            #expect(section("shipments").contains("data-count=\"2\"") && section("shipments").contains("7.30"), "\(section("shipments").prefix(400))")
            #expect(hub.text.contains("id=\"retention-seals\"") && hub.text.contains("id=\"retention-shipments\""))
            // The seal stock and the shipments lead to the hub.
            for page in ["/companies/\(a.company.companyID)/seals", "/companies/\(a.company.companyID)/shipments"] {
                #expect(try await client.get(page, as: a.browser).text.contains("id=\"records-link\" href=\"\(base)\""), "\(page)")
            }
            // The printable packs: each shipment with its seals and checks, each seal log entry.
            #expect(shipments.status == .ok && shipments.text.contains("OLD-REL") && shipments.text.contains("OLD-OPEN"))
            #expect(shipments.text.contains("TL000010") && shipments.text.contains("Before departure"), "the check's stage, in the reader's language")
            #expect(seals.status == .ok && seals.text.contains("TL000099") && seals.text.contains("Damaged") && seals.text.contains(issued))
            // The CSV: codes and ISO 8601 times; the seals and checks of the released shipment.
            #expect(shipmentsCSV.status == .ok && shipmentsCSV.headers.first(name: "Trustlane-Pack-Total") == "2")
            let lines = shipmentsCSV.text.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.first == "id,reference,document_numbers,unit,origin,destination,status,created_at,consignee_notified_at,released_at,seals,checks,discrepancies,photos")
            let released = try #require(lines.first { $0.contains("OLD-REL") })
            #expect(released.contains("CSQU3054383") && released.contains("TL000010 20") && released.contains("TL000010 departure passed 20"), "\(released)")
            #expect(released.hasSuffix(",0,1"), "no discrepancy, one photo: \(released)")
            #expect(sealsCSV.status == .ok && sealsCSV.text.contains("TL000099,report_damaged,received,damaged"), "\(sealsCSV.text)")
            #expect(sealsCSV.text.contains("\(issued),issue,received,issued,Luis,NEXT-1"), "\(sealsCSV.text)")
            // Only A's records: every id in A's packs is A's.
            struct Row: Decodable { let id: UUID }
            let sql = client.db as! any SQLDatabase
            let mine = Set(try await sql.raw("SELECT id FROM shipments WHERE company_id = \(bind: a.company.id!)").all(decoding: Row.self).map { $0.id.uuidString.lowercased() })
            #expect(Set(lines.dropFirst().map { String($0.prefix(36)) }) == mine)
            let myEvents = Set(try await sql.raw("SELECT id FROM seal_events WHERE company_id = \(bind: a.company.id!)").all(decoding: Row.self).map { $0.id.uuidString.lowercased() })
            #expect(Set(sealsCSV.text.split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix(36)) }) == myEvents)
        }
    }

    @Test func theSealRecordsPacksAreForThoseWhoReadPacksAndOnlyForTheirCompany() async throws {
        try await withTrustlane { client in
            // Setup
            let a = try await AppTests.Shipments.fixture(client)
            _ = try await Self.fieldRecords(client, a)
            let other = try await AppTests.Shipments.fixture(client, name: "PT Lain")
            let base = "/companies/\(a.company.companyID)/records"
            let api = "/api/v1/companies/\(a.company.companyID)/records"
            // Act + verify: a consultant reads them; a contributor and a viewer do not.
            for (role, status) in [(CompanyRole.consultant, HTTPStatus.ok), (.contributor, .forbidden), (.viewer, .forbidden)] {
                let user = try await client.makeUser("\(role.rawValue)@seals.example")
                try await client.addMember(user, to: a.company, role: role)
                let browser = try await client.signIn(user.email)
                let token = try await client.token(for: user)
                for kind in ["seals", "shipments"] {
                    #expect(try await client.get(base + "/\(kind)/pack", as: browser).status == status, "\(role) \(kind)")
                    #expect(try await client.get(base + "/\(kind)/pack.csv", as: browser).status == status, "\(role) \(kind)")
                    #expect(try await client.api(.GET, api + "/\(kind)/pack.csv", token: token).status == status, "\(role) \(kind)")
                    let save = try await client.api(.PUT, api + "/retention/\(kind)", token: token, json: #"{"retentionMonths":24}"#)
                    #expect(save.status == .forbidden, "\(role) \(kind) cannot change the retention")
                }
            }
            // Another company's coordinator: not found, pages and API; nothing of A's in its own packs.
            for kind in ["seals", "shipments"] {
                #expect(try await client.get(base + "/\(kind)/pack", as: other.browser).status == .notFound)
                #expect(try await client.get(base + "/\(kind)/pack.csv", as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, api + "/\(kind)/pack.csv", token: other.token).status == .notFound)
                #expect(try await client.api(.PUT, api + "/retention/\(kind)", token: other.token, json: #"{"retentionMonths":24}"#).status == .notFound)
                let own = try await client.get("/companies/\(other.company.companyID)/records/\(kind)/pack.csv", as: other.browser)
                #expect(own.status == .ok && own.headers.first(name: "Trustlane-Pack-Total") == "0" && !own.text.contains("TL0000"), "\(kind): \(own.text)")
            }
            #expect(try await Self.count(client, "record_retention") == 0)
        }
    }
}
