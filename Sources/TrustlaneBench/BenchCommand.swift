import Fluent
import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// `trustlane bench`: seeds a temporary SQLite database at a chosen scale, serves it on a
/// loopback port, and measures operations the way a client sees them (one client, keep-alive,
/// warm-up first). Prints p50/p95/p99 latency and throughput per operation as a table and as
/// JSON. Numbers are printed, never asserted. Run it from a release build.
public struct BenchCommand: AsyncCommand {
    public init() {}
    public struct Signature: CommandSignature {
        public init() {}
        @Option(name: "companies", help: "Companies to seed (default 1000; 11500 is the whole program)")
        var companies: Int?
        @Option(name: "requests", help: "Measured requests per operation (default 200)")
        var requests: Int?
        @Option(name: "warmup", help: "Warm-up requests per operation (default 20)")
        var warmup: Int?
    }

    public var help: String { "Seeds a temporary database and prints latency and throughput per operation" }

    public func run(using context: CommandContext, signature: Signature) async throws {
        let scale = max(2, signature.companies ?? 1000)
        let measured = max(10, signature.requests ?? 200)
        let warmup = max(0, signature.warmup ?? 20)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let app = try await Application.make(.production)
        app.logger.logLevel = .warning
        var config = AppConfig(database: .sqliteFile(path: folder.appendingPathComponent("bench.sqlite").path))
        config.bcryptCost = 12
        config.dataDirectory = folder.path
        config.signInFailureLimit = 1_000_000
        try await configure(app, config: config)
        app.http.client.configuration.redirectConfiguration = .disallow
        do {
            let seeded = try await BulkSeed(app: app).seed(companies: scale)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
            let base = "http://127.0.0.1:\(port)"
            let client = BenchClient(app: app, base: base)
            let officer = try await client.signIn(email: seeded.officerEmail, password: BulkSeed.password)
            let admin = try await client.signIn(email: seeded.adminEmail, password: BulkSeed.password)

            var results: [BenchResult] = []
            func measure(_ name: String, count: Int = measured, warm: Int = warmup, _ op: () async throws -> HTTPStatus) async throws {
                for _ in 0..<warm { _ = try await op() }
                var samples: [Double] = []
                samples.reserveCapacity(count)
                var failures = 0
                let start = ContinuousClock.now
                for _ in 0..<count {
                    let began = ContinuousClock.now
                    let status = try await op()
                    samples.append((ContinuousClock.now - began).milliseconds)
                    if status.code >= 400 { failures += 1 }
                }
                let total = (ContinuousClock.now - start).milliseconds / 1000
                results.append(BenchResult(operation: name, requests: count, failures: failures, samples: samples, seconds: total))
            }

            try await measure("floor: GET /healthz") { try await client.get("/healthz").status }
            try await measure("criteria browser: HC+MLH, Must, text 'seal'") {
                try await client.get("/catalog?entity=HC&entity=MLH&level=must&q=seal").status
            }
            try await measure("API criteria: IMP, all (~116 rows, JSON)") {
                try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=IMP").status
            }
            try await measure("sign-in (bcrypt cost \(config.bcryptCost))", count: min(measured, 30), warm: min(warmup, 3)) {
                try await client.signInStatus(email: seeded.officerEmail, password: BulkSeed.password)
            }
            try await measure("company page (officer)") { try await client.get("/companies/\(seeded.companyID)", cookies: officer).status }
            try await measure("companies list page, 50 of \(scale) (admin)") { try await client.get("/admin/companies", cookies: admin).status }
            try await measure("API GET /api/v1/companies?per=20 of \(scale)") {
                try await client.get("/api/v1/companies?per=20", bearer: seeded.adminToken).status
            }
            try await measure("API GET /api/v1/companies/{id}") {
                try await client.get("/api/v1/companies/\(seeded.companyID)", bearer: seeded.adminToken).status
            }
            try await measure("API search q= one match of \(scale)") {
                try await client.get("/api/v1/companies?q=\(seeded.searchTerm)", bearer: seeded.adminToken).status
            }

            results += try await ProfileBench.run(app: app, client: client, companies: scale, iterations: measured, warmup: warmup)
            results += CatalogBench.run(iterations: measured)
            results += try await RiskBench.run(app: app, company: seeded.companyID, iterations: measured) { try await client.get($0, cookies: officer).status }
            results += try await QueueBench.run(app: app, client: client, iterations: measured, warmup: warmup)
            let memory = BenchResult.peakMemoryMB()
            BenchReport.print(results, scale: scale, seedSeconds: seeded.seconds, peakMemoryMB: memory, console: context.console)
            try await app.server.shutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
