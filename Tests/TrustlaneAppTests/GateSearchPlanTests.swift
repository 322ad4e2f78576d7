import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests.GateAccess {
    /// The search picks one of two plans by how common the start is (on SQLite: a rare start
    /// reads its range of the name index; a common one walks the newest visits; one whose
    /// matches are all older than the walk's window falls back to the range). Whatever the plan,
    /// the answer must be the newest fifty matches, worked out here from the rows written.
    @Test func everySearchPlanReturnsTheNewestMatches() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let sql = client.db as! any SQLDatabase
            let window = GateQueries.recentWindow, common = GateQueries.commonMatches
            // The newest `window` visits: Agus, with a Dewi Baru every tenth; then 6,000 older
            // visits, all Dewi Family.
            let total = window + common + 1_000
            let newest = Date().addingTimeInterval(-60)
            var written: [(id: UUID, key: String, at: Date)] = []
            let columns = ["id", "company_id", "site", "name", "name_key", "visitor_company", "photo_id_checked", "photo_id_type", "host", "purpose",
                           "plate_key", "checked_in_at", "checked_out_at", "created_at"]
            let company = BulkValue.repeated(f.company.companyID.rawValue)
            for start in stride(from: 0, to: total, by: 5_000) {
                var values: [BulkValue] = []
                for n in start..<min(start + 5_000, total) {
                    let name = n >= window ? "Dewi Family\(n % 100)" : n % 10 == 3 ? "Dewi Baru\(n % 40)" : "Agus Family\(n % 100)"
                    let at = newest.addingTimeInterval(-Double(n) * 60)
                    let id = UUID()
                    written.append((id, GateSearch.nameKey(name), at))
                    values += [.uuid(id), company, .text("Semarang gate 1"), .text(name), .text(GateSearch.nameKey(name)), .text("Acme"), .bool(true),
                               .text("passport"), .text("Dewi Lestari"), .text("Audit"), .optionalText(nil), .date(at), .date(at.addingTimeInterval(600)), .date(at)]
                }
                let chunk = values
                try await client.db.transaction { tx in
                    try await BulkInsert(into: "gate_visits", columns: columns).run(chunk, on: tx as! any SQLDatabase)
                }
            }
            struct Count: Decodable { let n: Int }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM gate_visits").first(decoding: Count.self)?.n == total)

            for (text, plan) in [("Dewi Baru13", "rare: the name index's range"), ("dewi", "common: the newest visits"),
                                 ("Dewi Fam", "common but all old: the walk falls back to the range"), ("agus family7", "common: the newest visits")] {
                let terms = try GateSearch.terms(text).get()
                let expected = written.filter { $0.key.hasPrefix(terms.name) }.sorted { $0.at > $1.at }.prefix(GateSearch.limit).map(\.id)
                let found = try await GateQueries(client.db).search(company: f.company.companyID, terms)
                #expect(expected.count == GateSearch.limit, "\(text)")
                #expect(found.visits.map(\.id) == expected, "\(text) (\(plan))")
            }
            // Another company's search over the same words finds none of these visits.
            let other = try await Self.fixture(client, name: "PT Lain")
            #expect(try await GateQueries(client.db).search(company: other.company.companyID, try GateSearch.terms("dewi").get()).visits.isEmpty)
        }
    }
}
