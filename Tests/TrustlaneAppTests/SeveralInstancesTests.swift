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
    }
}
