import Fluent
import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// `trustlane bench`: seeds a database at a chosen scale (a temporary SQLite file, or an empty
/// database given with `--database`), then serves it from a server process of its own and
/// measures each operation the way clients see it: N keep-alive clients at once for each level of
/// `--concurrency`, warm-up first, the floor (`/healthz`) measured beside every level. Prints
/// n, p50/p95/p99 latency, throughput and errors per operation as a table and as JSON, with the
/// server's peak memory. Numbers are printed, never asserted. Run it from a release build.
public struct BenchCommand: AsyncCommand {
    /// `--database`, which the entrypoint takes off the command line before Vapor sees it.
    let databaseFlag: String?

    public init(databaseFlag: String? = nil) {
        self.databaseFlag = databaseFlag
    }

    public struct Signature: CommandSignature {
        public init() {}
        @Option(name: "companies", help: "Companies to seed (default 1000; 11500 is the whole program)")
        var companies: Int?
        @Option(name: "requests", help: "Measured requests per HTTP operation and level (default 200; at least one per client); the in-process rows take at most 1,000")
        var requests: Int?
        @Option(name: "warmup", help: "Warm-up requests per operation and level (default 20; at least one per client)")
        var warmup: Int?
        @Option(name: "concurrency", help: "Concurrent keep-alive clients: one number or a list such as 1,16,64 (default 1)")
        var concurrency: String?
        @Option(name: "only", help: "Comma-separated words: measure only the HTTP operations whose name contains one (the floor always runs), e.g. --only save,risk")
        var only: String?
        @Flag(name: "without-daily", help: "Leave out the daily records (about two million inspections, seals, training records and gate visits, minutes to seed) and their rows: for quick runs of the other rows")
        var withoutDaily: Bool
        @Flag(name: "in-process", help: "Serve from the bench's own process instead of a server process of its own")
        var inProcess: Bool
        @Option(name: "sqlite-readers", help: "The server's TRUSTLANE_SQLITE_READERS (SQLite read connections per event loop, 1-8; default: the server's own default)")
        var sqliteReaders: Int?
    }

    public var help: String {
        "Seeds a database (temporary SQLite, or an empty one given with --database postgres://...) and prints latency and throughput per operation"
    }

    /// The bcrypt cost of the seeded accounts and of the server (the production default).
    static let bcryptCost = 12
    /// Each client holds a connection, a file descriptor at each end: well under the usual
    /// limit of 1024 open files per process.
    static let maxClients = 500

    /// `1,16,64` -> [1, 16, 64]: each level once, in the order given.
    static func concurrencyLevels(_ text: String) throws -> [Int] {
        var levels: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let level = Int(part.trimmingCharacters(in: .whitespaces)), (1...maxClients).contains(level) else {
                throw BenchError("--concurrency takes client counts from 1 to \(maxClients), one or a list such as 1,16,64 (got \(text.prefix(40)))")
            }
            if !levels.contains(level) { levels.append(level) }
        }
        return levels
    }

    public func run(using context: CommandContext, signature: Signature) async throws {
        let scale = max(2, signature.companies ?? 1000)
        let measured = max(10, signature.requests ?? 200)
        // A long HTTP run (`--requests 30000`, to profile the server) need not repeat the
        // in-process rows as often: they are steady well before 1,000.
        let iterations = min(measured, 1000)
        let warmup = max(0, signature.warmup ?? 20)
        let levels = try Self.concurrencyLevels(signature.concurrency ?? "1")
        let only = (signature.only ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try databaseFlag.map(BenchDatabase.given) ?? .temporarySQLite(in: folder)

        // Seeding and the in-process rows, on the bench's own application and database handle.
        let app = try await Application.make(.production)
        app.logger.logLevel = .warning
        var config = AppConfig(database: database.choice)
        config.bcryptCost = Self.bcryptCost
        config.dataDirectory = folder.path
        config.signInFailureLimit = 1_000_000
        config.command = .database
        config.migrateOnStart = false
        let fixture: BenchFixture
        let summary: BenchSummary
        var inProcessRows: [BenchResult] = []
        do {
            try await configure(app, config: config)
            try await database.requireEmpty(app.db as! any SQLDatabase)
            try await app.autoMigrate()
            // Each level's W2 row opens a profile per request, for a company left without one
            // (none when `--only` leaves that row out: every company then has its profile).
            let opens = !LoadRunner.skips([ProfileBench.openRow], only: only)
            let fresh = opens ? levels.reduce(0) { $0 + max(warmup, $1) + max(measured, $1) } : 0
            fixture = try await BenchFixture.seed(app: app, companies: scale, freshCompanies: fresh, answerSlots: levels.max() ?? 1,
                                              daily: !signature.withoutDaily)
            // Bulk-seeded profiles get their stored counts as a server's start-up would give them.
            try await ProfileProgressCounters.backfill(app: app)
            summary = BenchSummary(database: database.description, server: signature.inProcess ? "in-process" : "own process",
                                   concurrency: levels, companies: scale, seedSeconds: fixture.seedSeconds,
                                   profiles: fixture.profile.profiles, answers: fixture.profile.answers)
            context.console.print(summary.headerLines.joined(separator: "\n"))
            inProcessRows += await BenchMemory.stage("catalog rows") { CatalogBench.run(iterations: iterations) }
            inProcessRows += await BenchMemory.stage("screening rows") { ScreeningBench.run() }
            inProcessRows += PartnerBench.inProcessRows(fixture.partners)
            if let field = fixture.field { inProcessRows += FieldBench.inProcessRows(field) }
            if let gate = fixture.gate { inProcessRows += GateBench.inProcessRows(gate) }
            inProcessRows += await BenchMemory.stage("risk scoring rows") { RiskBench.scoring(iterations: iterations) }
            inProcessRows += try await BenchMemory.stage("queue and overview rows") { try await QueueBench.queries(app: app, iterations: iterations, warmup: warmup) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }

        let measurement: HTTPMeasurement
        if signature.inProcess {
            do {
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                guard let port = app.http.server.shared.localAddress?.port else { throw BenchError("the in-process server has no port") }
                measurement = try await BenchMemory.stage("HTTP: server and clients") {
                    try await HTTPMeasurement.run(port: port, levels: levels, requests: measured, warmup: warmup, only: only, fixture: fixture)
                }
                await app.server.shutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        } else {
            // The server gets the database to itself: the bench's handle is closed first.
            try await app.asyncShutdown()
            var environment = ServerProcess.environment(database: database, dataDirectory: folder.path, bcryptCost: Self.bcryptCost)
            if let readers = signature.sqliteReaders { environment["TRUSTLANE_SQLITE_READERS"] = String(readers) }
            let server = try await ServerProcess.launch(environment: environment, log: folder.appendingPathComponent("server.log"))
            let settled = await server.settle()
            let stillBusy = (settled.busy ?? 0) >= 0.1 ? " (still busy: gave up waiting)" : ""
            FileHandle.standardError.write(Data("trustlane bench: server idle after \(Int(settled.waited.rounded())) s of start-up passes\(stillBusy)\n".utf8))
            do {
                var taken = try await BenchMemory.stage("HTTP: clients (the server is measured apart)") {
                    try await HTTPMeasurement.run(port: server.port, levels: levels, requests: measured, warmup: warmup, only: only, fixture: fixture)
                }
                taken.serverPeakMB = server.peakMemoryMB()
                measurement = taken
            } catch {
                await server.stop()
                throw error
            }
            if !server.process.isRunning {
                let how = server.process.terminationReason == .uncaughtSignal ? "signal" : "status"
                context.console.print("The server process exited during the run (\(how) \(server.process.terminationStatus)); the requests after that are errors.")
            }
            await server.stop()
            let logged = server.logTail()
            if !logged.isEmpty { context.console.print("The server logged (warnings and errors; the last lines):\n\(logged)") }
        }
        let memory = BenchReport.Memory(benchPeakMB: BenchMemory.processPeakMB(), serverPeakMB: measurement.serverPeakMB, benchStages: BenchMemory.stages)
        let results = [fixture.profile.seedRow] + measurement.results + inProcessRows
        BenchReport.print(results, summary: summary, levels: measurement.levels, memory: memory, console: context.console)
        if databaseFlag != nil {
            context.console.print("The seeded data stays in \(database.description); the bench needs an empty database next time.")
        }
    }
}
