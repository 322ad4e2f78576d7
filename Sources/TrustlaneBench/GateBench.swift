import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Issue 17's gate goals: the guard's visitor board for today at one site among 1,000,000
/// visits under 5 ms, and a search by name or plate under 5 ms. A year of visits at 20 sites is
/// written in bulk (2,000 names, 5,000 plates), all checked out but today's last few.
enum GateBench {
    static let visits = 1_000_000
    static let sites = 20

    struct Fixture: Sendable {
        let company: CompanyID
        let site: String
        let name: String
        let plate: String
        let seedSeconds: Double
    }

    static let firstNames = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Ayu", "Hendra", "Wulan", "Eko", "Maria", "José", "Luis", "Ana", "Carlos",
                             "Lucía", "Pedro", "Sofía", "Miguel", "Elena"]
    static let lastNames = (0..<100).map { "Family\($0)" }

    static func seed(app: Application, company: CompanyID) async throws -> Fixture {
        let started = ContinuousClock.now
        let companyValue = BulkValue.repeated(company.rawValue)
        let now = Date()
        let columns = ["id", "company_id", "site", "name", "name_key", "visitor_company", "photo_id_checked", "photo_id_type", "host", "purpose",
                       "vehicle_plate", "plate_key", "checked_in_at", "checked_out_at", "created_at"]
        // 10,000 rows a transaction: 50,000 rows' values were tens of MB held at once.
        let chunk = 10_000
        for start in stride(from: 0, to: visits, by: chunk) {
            var values: [BulkValue] = []
            values.reserveCapacity(chunk * columns.count)
            for n in start..<min(start + chunk, visits) {
                let name = firstNames[n % firstNames.count] + " " + lastNames[(n / firstNames.count) % lastNames.count]
                let plate = String(format: "B %04d XY", n % 5_000)
                let at = now.addingTimeInterval(-Double(n) * 31.5)
                let inside = n < 5
                values += [.uuid(UUID()), companyValue, .text("Site \(n % sites + 1) gate"), .text(name), .text(GateSearch.nameKey(name)),
                           .text("Carrier \(n % 300)"), .bool(true), .text("national_id"), .text("Receiving"), .text("Delivery"),
                           .text(plate), .text(GateSearch.plateKey(plate)), .date(at), inside ? .optionalText(nil) : .date(at.addingTimeInterval(1_800)), .date(at)]
            }
            let chunkValues = values
            try await app.db.transaction { tx in
                try await BulkInsert(into: "gate_visits", columns: columns).run(chunkValues, on: tx as! any SQLDatabase)
            }
        }
        return Fixture(company: company, site: "Site 1 gate", name: "Dewi Family42", plate: "B 1234 XY",
                       seedSeconds: (ContinuousClock.now - started).milliseconds / 1000)
    }

    static func inProcessRows(_ fixture: Fixture) -> [BenchResult] {
        [BenchResult(operation: "gate: seed 1,000,000 visits (bulk SQL, s)", requests: 1, samples: [fixture.seedSeconds * 1000], seconds: fixture.seedSeconds)]
    }

    static func pages(runner: LoadRunner, officer: BenchClient.Cookies, fixture: Fixture) async -> [BenchResult] {
        let base = "/companies/\(fixture.company)/gate"
        @Sendable func q(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let board = base + "?site=" + q(fixture.site), name = base + "/search?q=" + q(fixture.name)
        let prefix = base + "/search?q=" + q("Dewi Fam"), plate = base + "/search?q=" + q(fixture.plate)
        return [
            await runner.measure("gate: today's visitor board at one site among 1,000,000 (HTTP)") { turn in
                try await turn.client.get(board, cookies: officer).status
            },
            await runner.measure("gate: search a full name among 1,000,000 (HTTP)") { turn in
                try await turn.client.get(name, cookies: officer).status
            },
            await runner.measure("gate: search a name prefix among 1,000,000 (HTTP)") { turn in
                try await turn.client.get(prefix, cookies: officer).status
            },
            await runner.measure("gate: search a plate among 1,000,000 (HTTP)") { turn in
                try await turn.client.get(plate, cookies: officer).status
            },
        ]
    }
}
