import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import TrustlaneApp
@testable import TrustlaneCore

extension AppTests {
    /// Issue 18: several `trustlane serve` processes on one PostgreSQL. What one process does
    /// while another holds the migration lock, and outbox claims that never overlap.
    @Suite("Several instances") struct SeveralInstances {
        @Test func startUpWorkWaitsWhileAnotherProcessHoldsTheMigrationLock() async throws {
            try await withTrustlane { client in
                let app = client.app
                let sql = app.db as! any SQLDatabase
                guard sql.dialect.name == "postgresql" else {
                    // SQLite: one process; the work runs at once.
                    let ran = NIOLockedValueBox(false)
                    try await MigrationLock.holding(app) { ran.withLockedValue { $0 = true } }
                    #expect(ran.withLockedValue { $0 })
                    return
                }
                // Another "process" (a pinned connection) holds the lock.
                let ran = NIOLockedValueBox(false)
                try await app.db.withConnection { other in
                    let pinned = other as! any SQLDatabase
                    try await pinned.raw("SELECT pg_advisory_lock(\(bind: MigrationLock.key))").run()
                    let waiting = Task { try await MigrationLock.holding(app) { ran.withLockedValue { $0 = true } } }
                    try await Task.sleep(for: .milliseconds(400))
                    #expect(!ran.withLockedValue { $0 }, "start-up work ran while another process held the lock")
                    try await pinned.raw("SELECT pg_advisory_unlock(\(bind: MigrationLock.key))").run()
                    try await waiting.value
                }
                #expect(ran.withLockedValue { $0 })
                // The lock is free again afterwards (released by the waiter too).
                struct Free: Decodable { let free: Bool }
                let free = try await app.db.withConnection { connection in
                    try await (connection as! any SQLDatabase).raw("SELECT pg_try_advisory_lock(\(bind: MigrationLock.key)) AS free").first(decoding: Free.self)
                }
                #expect(free?.free == true)
                try await app.db.withConnection { connection in
                    try await (connection as! any SQLDatabase).raw("SELECT pg_advisory_unlock_all()").run()
                }
            }
        }

        @Test func aBackgroundPassRunsInOneProcessAtATime() async throws {
            try await withTrustlane { client in
                let app = client.app
                let runs = NIOLockedValueBox(0)
                // Nobody else runs it: it runs.
                #expect(try await PassLock.ifFree(app, pass: "clock pass") { runs.withLockedValue { $0 += 1 } })
                #expect(runs.withLockedValue { $0 } == 1)
                guard (app.db as! any SQLDatabase).dialect.name == "postgresql" else { return }
                // Another process (a pinned connection) is running the clock pass: this one skips
                // its round; a different pass is not held up.
                try await app.db.withConnection { other in
                    let pinned = other as! any SQLDatabase
                    try await pinned.raw("SELECT pg_advisory_lock(\(bind: PassLock.key("clock pass")))").run()
                    #expect(try await PassLock.ifFree(app, pass: "clock pass") { runs.withLockedValue { $0 += 1 } } == false)
                    #expect(try await PassLock.ifFree(app, pass: "screening pass") { runs.withLockedValue { $0 += 10 } })
                    try await pinned.raw("SELECT pg_advisory_unlock(\(bind: PassLock.key("clock pass")))").run()
                }
                #expect(runs.withLockedValue { $0 } == 11)
                // Released: the next round runs; the names give distinct, stable keys.
                #expect(try await PassLock.ifFree(app, pass: "clock pass") { runs.withLockedValue { $0 += 1 } })
                #expect(PassLock.key("clock pass") != PassLock.key("screening pass") && PassLock.key("clock pass") == PassLock.key("clock pass"))
            }
        }

        @Test func twoClaimersAtOnceTakeDisjointRowsAndEveryDueRowOnce() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("officer@example.com")
                let now = client.app.clock.now()
                var queued: Set<UUID> = []
                for _ in 0..<40 { queued.insert(try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: now)) }
                let store = OutboxStore(app: client.app)
                async let one = store.claimDue(channels: [.email], now: now, maximumAttempts: 8, lease: 300, limit: 25)
                async let two = store.claimDue(channels: [.email], now: now, maximumAttempts: 8, lease: 300, limit: 25)
                let (first, second) = try await (one, two)
                let a = Set(first.map(\.id)), b = Set(second.map(\.id))
                #expect(a.isDisjoint(with: b), "a row claimed twice: \(a.intersection(b))")
                // The next pass takes what is left, never a claimed row.
                let rest = Set(try await store.claimDue(channels: [.email], now: now, maximumAttempts: 8, lease: 300, limit: 50).map(\.id))
                #expect(rest.isDisjoint(with: a.union(b)))
                #expect(a.union(b).union(rest) == queued)
                if (client.app.db as! any SQLDatabase).dialect.name == "postgresql" {
                    // SKIP LOCKED: the second claimer took the rows the first had locked past, at once.
                    #expect(a.count + b.count == queued.count && rest.isEmpty, "\(a.count) + \(b.count), \(rest.count) left")
                }
                // Claimed rows are not due again within the lease.
                #expect(try await store.claimDue(channels: [.email], now: now, maximumAttempts: 8, lease: 300, limit: 50).isEmpty)
            }
        }
        /// A second process on the same PostgreSQL, listening for the first one's notices.
        static func withSecondProcess(_ body: (TestClient, TestClient, ClusterListener) async throws -> Void) async throws {
            try await withTrustlane { first in
                let url = ProcessInfo.processInfo.environment["DATABASE_URL"]!
                let app = try await Application.make(.testing)
                do {
                    var config = AppConfig(database: .postgres(url: url), dataDirectory: first.app.config.dataDirectory)
                    config.bcryptCost = 4
                    config.migrateOnStart = false
                    config.audit = first.app.config.audit
                    try await configure(app, config: config)
                    let listener = try ClusterListener(url: url)
                    listener.start(app)
                    try await body(first, TestClient(app: app), listener)
                    await listener.shutdownAsync(app)
                    try await app.asyncShutdown()
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
            }
        }

        /// Waits up to two seconds for `condition`; returns how long it took, or nil.
        static func within(_ condition: () async throws -> Bool) async throws -> Duration? {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(2) {
                if try await condition() { return ContinuousClock.now - start }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        @Test(.enabled(if: usingPostgres, "two processes share a PostgreSQL database"))
        func aTokenRevokedThroughOneProcessIsRefusedByTheOtherAndACatalogImportedThereIsKnownHere() async throws {
            try await Self.withSecondProcess { first, second, listener in
                let generation = second.app.writeGate.accessGeneration
                #expect(try await Self.within { generation.trusted } != nil, "the second process never started listening")
                let user = try await first.makeUser("script@example.com")
                let token = try await first.token(for: user)
                // The second process resolves the token once and then from its cache.
                #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .ok)
                #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .ok)
                #expect(second.app.authCache.count == 1)
                // Revoked through the first: the second refuses it as soon as the notice arrives.
                let stored = try #require(try await APITokenModel.query(on: first.db).first())
                try await APITokenService(app: first.app).revoke(stored.id!, of: user)
                let took = try await Self.within { try await second.api(.GET, "/api/v1/me", token: token).status == .unauthorized }
                #expect(took != nil, "the second process still accepted a token revoked through the first")
                // A catalog imported through the first is registered in the second.
                let current = try #require(first.app.catalogs.entry("ctpat-msc-2020")).catalog
                var yaml = try CatalogExporter.yaml(current).replacingOccurrences(of: "id: ctpat-msc-2020", with: "id: ctpat-msc-2031")
                yaml = yaml.replacingOccurrences(of: "effective_date: 2020-01-01", with: "effective_date: 2031-01-01")
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID()).yaml")
                defer { try? FileManager.default.removeItem(at: file) }
                try yaml.write(to: file, atomically: true, encoding: .utf8)
                _ = try await CatalogImporter(app: first.app).importFile(at: file.path)
                #expect(try await Self.within { second.app.catalogs.entry("ctpat-msc-2031") != nil } != nil)
                #expect(listener.applied.withLockedValue { $0 } >= 2)
            }
        }

        /// The notice arrives a few milliseconds after the change commits; the stored count does
        /// not wait for it. With the second process hearing no notice at all (its listener stopped,
        /// yet trusting its cache), a token revoked through the first is refused on the very next
        /// request, and a token still valid is still served from the cache.
        @Test(.enabled(if: usingPostgres, "two processes share a PostgreSQL database"))
        func aChangeOfAccessThroughOneProcessIsSeenByTheOtherOnTheVeryNextRequest() async throws {
            try await Self.withSecondProcess { first, second, listener in
                let generation = second.app.writeGate.accessGeneration
                #expect(try await Self.within { generation.trusted } != nil)
                await listener.shutdownAsync(second.app)
                generation.setListening(true)
                let user = try await first.makeUser("script@example.com")
                let kept = try await first.makeUser("kept@example.com")
                let token = try await first.token(for: user)
                let keptToken = try await first.token(for: kept)
                for _ in 0..<2 {
                    #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .ok)
                    #expect(try await second.api(.GET, "/api/v1/me", token: keptToken).status == .ok)
                }
                #expect(second.app.authCache.count == 2)
                // Nothing changed: the cache serves both without reading them again.
                let unchanged = try await QueryCounter.shared.measure {
                    let reply = try await second.api(.GET, "/api/v1/me", token: keptToken); #expect(reply.status == .ok)
                }
                let tokens = try await APITokenModel.query(on: first.db).all()
                let stored = try #require(tokens.first { $0.$user.id == user.id })
                try await APITokenService(app: first.app).revoke(stored.id!, of: user)
                #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .unauthorized,
                        "the very next request through the other process accepted the revoked token")
                #expect(try await second.api(.GET, "/api/v1/me", token: keptToken).status == .ok)
                // After the change the kept token was read again once, then cached again.
                let again = try await QueryCounter.shared.measure {
                    let reply = try await second.api(.GET, "/api/v1/me", token: keptToken); #expect(reply.status == .ok)
                }
                #expect(again == unchanged)
            }
        }

        @Test(.enabled(if: usingPostgres, "two processes share a PostgreSQL database"))
        func whileNotListeningTheOtherProcessUsesNoCachedSignIn() async throws {
            try await Self.withSecondProcess { first, second, listener in
                let generation = second.app.writeGate.accessGeneration
                #expect(try await Self.within { generation.trusted } != nil)
                await listener.shutdownAsync(second.app)
                generation.setListening(false)
                let user = try await first.makeUser("script@example.com")
                let token = try await first.token(for: user)
                #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .ok)
                #expect(try await second.api(.GET, "/api/v1/me", token: token).status == .ok)
                #expect(second.app.authCache.count == 0, "cached while deaf to the other process")
                listener.start(second.app)
                #expect(try await Self.within { generation.trusted } != nil)
            }
        }
    }
}
