import Foundation
import TrustlaneApp
import Vapor

/// The HTTP rows: signs in once, then at each concurrency level runs every operation with that
/// many clients, a keep-alive connection each (new clients per level, so a level never borrows
/// connections opened by another), the floor first, the mixed run last.
struct HTTPMeasurement {
    var results: [BenchResult] = []
    var levels: [BenchReport.Level] = []
    /// Filled in by the caller when the server is a process of its own.
    var serverPeakMB: Double?

    /// The people the pages are read as, signed in once before the levels.
    struct Sessions: Sendable {
        let officer: BenchClient.Cookies
        let admin: BenchClient.Cookies
        let profileOfficer: BenchClient.Cookies
        let reviewer: BenchClient.Cookies
    }

    static func run(port: Int, levels: [Int], requests: Int, warmup: Int, only: [String], fixture initial: BenchFixture) async throws -> HTTPMeasurement {
        let base = "http://127.0.0.1:\(port)"
        var fixture = initial
        let sessions = try await signIn(base: base, fixture: fixture)
        var measurement = HTTPMeasurement()
        for level in levels {
            FileHandle.standardError.write(Data("trustlane bench: measuring with \(level) client\(level == 1 ? "" : "s")\n".utf8))
            let clients = (0..<level).map { _ in BenchClient(base: base) }
            let runner = LoadRunner(clients: clients, requests: requests, warmup: warmup, only: only)
            measurement.results += await SiteBench.rows(runner: runner, fixture: fixture.site, officer: sessions.officer, admin: sessions.admin)
            measurement.results += await ProfileBench.rows(runner: runner, officer: sessions.profileOfficer, fixture: &fixture.profile)
            measurement.results += await RiskBench.pages(runner: runner, officer: sessions.officer, pages: fixture.risk)
            measurement.results += await PartnerBench.pages(runner: runner, officer: sessions.officer, fixture: fixture.partners)
            if let daily = fixture.field { measurement.results += await FieldBench.pages(runner: runner, officer: sessions.officer, fixture: daily) }
            if let daily = fixture.training { measurement.results += await TrainingBench.pages(runner: runner, officer: sessions.officer, fixture: daily) }
            if let daily = fixture.gate { measurement.results += await GateBench.pages(runner: runner, officer: sessions.officer, fixture: daily) }
            measurement.results += await QueueBench.pages(runner: runner, reviewer: sessions.reviewer, applications: fixture.applications)
            measurement.results += await ProfileBench.mixed(runner: runner, officer: sessions.profileOfficer, fixture: &fixture.profile)
            measurement.results.removeAll { $0.requests == 0 }
            measurement.levels.append(BenchReport.Level(clients: level, connectionsOpen: ServerProcess.openConnections(port: port)))
            for client in clients { await client.shutdown() }
        }
        return measurement
    }

    private static func signIn(base: String, fixture: BenchFixture) async throws -> Sessions {
        let client = BenchClient(base: base)
        do {
            let sessions = Sessions(officer: try await client.signIn(email: fixture.site.officerEmail, password: BulkSeed.password),
                                    admin: try await client.signIn(email: fixture.adminEmail, password: BulkSeed.password),
                                    profileOfficer: try await client.signIn(email: fixture.profile.officerEmail, password: BulkSeed.password),
                                    reviewer: try await client.signIn(email: QueueBench.reviewerEmail, password: BulkSeed.password))
            await client.shutdown()
            return sessions
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
