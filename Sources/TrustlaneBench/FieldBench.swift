import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Issue 16's goals: recording a 17-point inspection under 5 ms of server time (photos aside),
/// a site's inspection log page (today, 50 rows) among 1,000,000 inspections under 5 ms,
/// finding a seal by number among 1,000,000 under 2 ms, and a seal audit over 100,000 seals
/// under 1 s. The inspections are written in bulk (as a year at 20 sites would leave them); the
/// seals go through the seal stock's own receipt, issue and log.
enum FieldBench {
    static let inspections = 1_000_000
    static let sites = 20

    struct Fixture: Sendable {
        let company: CompanyID
        let token: String
        /// Today's site, for the log page.
        let site: String
        /// Seals to look up: in stock, issued and voided ones.
        let seals: [String]
        let inspectionSeedSeconds: Double
        let auditMilliseconds: [Double]
        let auditSeals: Int
        let auditFindings: Int
    }

    static func seed(app: Application, company: CompanyID) async throws -> Fixture {
        let sql = app.db as! any SQLDatabase
        struct Member: Decodable { let user_id: UUID }
        guard let officer = try await sql.raw("SELECT user_id FROM company_members WHERE company_id = \(bind: company.rawValue) LIMIT 1")
            .first(decoding: Member.self)?.user_id, let user = try await UserModel.find(officer, on: app.db) else {
            throw BenchError("the bench company has no member")
        }
        let token = try await APITokenService(app: app).create(for: user, name: "field bench").1

        // A year of inspections at 20 sites, the current version of each; one in 40 held.
        let started = ContinuousClock.now
        let siteNames = (0..<sites).map { "Site \($0 + 1) dock" }
        try await BenchMemory.stage("seed: 1,000,000 inspections") { try await seedInspections(app: app, company: company, officer: officer, siteNames: siteNames) }
        let inspectionSeconds = (ContinuousClock.now - started).milliseconds / 1000

        // Seals: a batch of 100,000 with some issued and voided, audited; then 900,000 more.
        let (lookups, audits, findings) = try await BenchMemory.stage("seed: 1,000,000 seals, issues and audits") {
            try await seedSeals(app: app, company: company, officer: officer)
        }
        return Fixture(company: company, token: token, site: siteNames[0], seals: lookups, inspectionSeedSeconds: inspectionSeconds,
                       auditMilliseconds: audits, auditSeals: 100_000, auditFindings: findings)
    }

    private static func seedInspections(app: Application, company: CompanyID, officer: UUID, siteNames: [String]) async throws {
        let sql = app.db as! any SQLDatabase
        let checklist = InspectionChecklists.bundled.checklist("container-7-point")!
        func results(failing: Bool) -> String {
            "[" + checklist.points.map { point in
                let fail = failing && point.key == "floor"
                return #"{"point":"\#(point.key)","outcome":"\#(fail ? "fail" : "pass")","note":\#(fail ? #""soil""# : "null")}"#
            }.joined(separator: ",") + "]"
        }
        let passed = results(failing: false), held = results(failing: true)
        let columns = ["id", "inspection_id", "version", "company_id", "checklist_key", "checklist_version", "conveyance", "container_number",
                       "refrigerated", "site", "yard_location", "inspected_at", "inspector_id", "status", "failed_count", "results",
                       "reinspection_due", "recorded_by", "recorded_at"]
        let companyValue = BulkValue.repeated(company.rawValue), inspector = BulkValue.repeated(officer)
        let now = Date()
        // 10,000 rows a transaction: 50,000 rows' values were 30 MB held at once.
        let chunk = 10_000
        var days: [String: (done: Int, held: Int)] = [:]
        for start in stride(from: 0, to: inspections, by: chunk) {
            var values: [BulkValue] = []
            values.reserveCapacity(chunk * columns.count)
            for n in start..<min(start + chunk, inspections) {
                let failing = n % 40 == 0
                let at = now.addingTimeInterval(-Double(n) * 31.5)  // a year back, newest first
                let day = siteNames[n % sites] + "|" + ProgramDay(at).description
                days[day, default: (0, 0)].done += 1
                if failing { days[day, default: (0, 0)].held += 1 }
                values += [.uuid(UUID()), .uuid(UUID()), .int(1), companyValue, .text(checklist.key), .int(checklist.version), .text("container"),
                           .text(String(format: "CSQU%07d", n % 10_000_000)), .bool(false), .text(siteNames[n % sites]), .optionalText(nil), .date(at),
                           inspector, .text(failing ? "on_hold" : "passed"), .int(failing ? 1 : 0), .text(failing ? held : passed), .bool(false),
                           inspector, .date(at)]
            }
            let chunkValues = values
            try await app.db.transaction { tx in
                try await BulkInsert(into: "inspections", columns: columns).run(chunkValues, on: tx as! any SQLDatabase)
            }
        }
        for site in siteNames {
            try await sql.raw("INSERT INTO inspection_sites (company_id, site) VALUES (\(bind: company.rawValue), \(bind: site))").run()
        }
        // The summary's counters, as recording them one by one would have left them.
        var counters: [BulkValue] = []
        for (key, count) in days {
            let parts = key.split(separator: "|").map(String.init)
            counters += [companyValue, .text(parts[0]), .text(parts[1]), .int(count.done), .int(count.held)]
        }
        let allCounters = counters
        try await app.db.transaction { tx in
            try await BulkInsert(into: "inspection_days", columns: ["company_id", "site", "day", "done", "held"]).run(allCounters, on: tx as! any SQLDatabase)
        }
    }

    private static func seedSeals(app: Application, company: CompanyID, officer: UUID) async throws -> (lookups: [String], audits: [Double], findings: Int) {
        let seals = SealStockService(app: app)
        func receive(_ first: Int, _ last: Int) async throws {
            let receipt = SealStockService.Receipt(draft: SealBatch.Draft(firstNumber: String(format: "TL%07d", first), lastNumber: String(format: "TL%07d", last),
                                                                          sealClass: "H", maker: "Bench Seals Inc."),
                                                   storagePlace: "Locked cabinet, gate office", custodian: officer.uuidString)
            _ = try await seals.receive(receipt, certificate: nil, company: company, by: UserID(officer))
        }
        try await receive(0, 99_999)
        var issued: [SealNumber] = []
        for n in 0..<100 { issued += try await seals.issue(count: "10", issuedTo: "Dock crew", shipmentReference: "SHP-\(n)", company: company, by: UserID(officer)).seals }
        for seal in issued.prefix(50) { _ = try await seals.log(number: seal.rawValue, event: "void", reason: "bench", company: company, by: UserID(officer)) }
        var audits: [Double] = []
        var findings = 0
        for _ in 0..<5 {
            let clock = ContinuousClock.now
            let outcome = try await seals.runAudit(counted: nil, company: company, by: UserID(officer))
            audits.append((ContinuousClock.now - clock).milliseconds)
            findings = outcome.report.findings.count
        }
        for n in 1..<10 { try await receive(n * 100_000, n * 100_000 + 99_999) }
        let lookups = [String(format: "TL%07d", 777_777), issued[0].rawValue, issued[200].rawValue, String(format: "TL%07d", 123_456)]
        return (lookups, audits, findings)
    }

    static func inProcessRows(_ fixture: Fixture) -> [BenchResult] {
        [
            BenchResult(operation: "field: seed 1,000,000 inspections (bulk SQL, s)", requests: 1, samples: [fixture.inspectionSeedSeconds * 1000],
                        seconds: fixture.inspectionSeedSeconds),
            BenchResult(operation: "seals: audit of 100,000 seals, \(fixture.auditFindings) findings (in-process, reads + reconcile + audit entry)",
                        requests: fixture.auditMilliseconds.count, samples: fixture.auditMilliseconds,
                        seconds: fixture.auditMilliseconds.reduce(0, +) / 1000),
        ]
    }

    static func pages(runner: LoadRunner, officer: BenchClient.Cookies, fixture: Fixture) async -> [BenchResult] {
        let company = fixture.company.description
        let token = fixture.token
        let log = "/companies/\(company)/inspections?site=\(fixture.site.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&day=\(ProgramDay(Date()).description)"
        let lookups = fixture.seals
        let truck = InspectionChecklists.bundled.checklist("truck-trailer-17-point")!
        let answers = truck.points.map { #"{"point":"\#($0.key)","outcome":"pass","note":null}"# }.joined(separator: ",")
        return [
            await runner.measure("field: record a 17-point inspection (API POST)") { turn in
                let body = #"{"checklist":"truck-trailer-17-point","tractorPlate":"NL 45-AB-\#(turn.index)","trailerPlate":"TX 9KJ 4410","site":"Nuevo Laredo yard","clientKey":"bench-\#(UUID().uuidString)","answers":[\#(answers)]}"#
                return try await turn.client.send(.POST, "/api/v1/companies/\(company)/inspections", bearer: token, json: body).status
            },
            await runner.measure("field: a site's inspection log, today, among 1,000,000 (HTTP)") { turn in
                try await turn.client.get(log, cookies: officer).status
            },
            await runner.measure("field: inspection summary, 30 days at 20 sites (HTTP)") { turn in
                try await turn.client.get("/companies/\(company)/inspections/summary", cookies: officer).status
            },
            await runner.measure("seals: find a seal by number among 1,000,000 (API)") { turn in
                try await turn.client.get("/api/v1/companies/\(company)/seals/\(lookups[turn.index % lookups.count])", bearer: token).status
            },
        ]
    }
}
