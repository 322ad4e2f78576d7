import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: the write gate commits the changes that wait together. A change that fails is
/// undone alone (its caller gets its own error); the rest commit; the audit chain stays whole.
extension AppTests {
    @Suite struct GroupCommit {
        /// Holds the first change open until the others wait behind it, so they form one batch.
        static func batch(_ client: TestClient, changes: Int, failing: Set<Int>) async throws -> [Int: Result<Int, any Error>] {
            let gate = client.app.writeGate
            let release = AsyncStream<Void>.makeStream()
            let entered = AsyncStream<Void>.makeStream()
            struct Refused: Error, Equatable { let index: Int }
            return try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                group.addTask {
                    let value = try await gate.transaction(on: client.db) { tx -> Int in
                        entered.continuation.yield()
                        for await _ in release.stream { break }
                        try await AuditLog.append(AuditEvent(action: "test.first", targetType: "test"), by: nil, on: tx, at: Date())
                        return 0
                    }
                    return (0, .success(value))
                }
                // The first change is running (it waits inside its transaction) before the others queue.
                for await _ in entered.stream { break }
                for index in 1..<changes {
                    group.addTask {
                        do {
                            let value = try await gate.transaction(on: client.db) { tx -> Int in
                                try await AuditLog.append(AuditEvent(action: "test.change", targetType: "test", targetID: String(index)),
                                                          by: nil, on: tx, at: Date())
                                if failing.contains(index) { throw Refused(index: index) }
                                return index
                            }
                            return (index, .success(value))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                while gate.waiting < changes - 1 { try await Task.sleep(for: .milliseconds(2)) }
                release.continuation.yield()
                release.continuation.finish()
                var results: [Int: Result<Int, any Error>] = [:]
                for try await (index, result) in group { results[index] = result }
                return results
            }
        }

        static func check(_ client: TestClient) async throws {
            let before = client.app.writeGate.committed
            let failing: Set<Int> = [3, 10, 17]
            let results = try await batch(client, changes: 24, failing: failing)
            let after = client.app.writeGate.committed
            // The first change alone, then the 23 that waited in one transaction.
            #expect(after.transactions - before.transactions == 2)
            #expect(after.changes - before.changes == 24)
            for (index, result) in results {
                switch result {
                case .success(let value):
                    #expect(!failing.contains(index)); #expect(value == index)
                case .failure(let error):
                    #expect(failing.contains(index), "change \(index) failed: \(error)")
                    #expect(String(describing: error).contains("index: \(index)"), "each caller gets its own error")
                }
            }
            let kept = try await AuditEntryModel.query(on: client.db).filter(\.$action == "test.change").all().compactMap(\.targetID)
            #expect(Set(kept) == Set((1..<24).filter { !failing.contains($0) }.map(String.init)))
            let entries = try await AuditEntryModel.query(on: client.db).count()
            // On a file the chain is keyed with the key generated beside it (docs/AUDIT.md).
            #expect(try await AuditLog.verify(on: client.db, key: client.app.config.audit.key) == .intact(entries: entries))
            #expect(try await AuditEntryModel.query(on: client.db).sort(\.$id, .descending).first()?.id == entries, "numbered without gaps")
        }

        @Test func changesThatWaitCommitTogetherAndAFailureIsUndoneAlone() async throws {
            try await withTrustlane { client in try await Self.check(client) }
        }

        @Test func theSameOnASQLiteFileWithTheWritersOwnThread() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                #expect(client.app.config.audit.key != nil, "a key is made beside a SQLite file")
                try await Self.check(client)
                // Twice: the second batch appends after a head kept in memory across a rewound change.
                try await Self.check(client)
            }
        }

        /// A bulk change (a partner import) goes in a transaction of its own, with the writer's
        /// foreign keys unchecked while it runs, and checked again after it, even when it failed.
        @Test func aBulkChangeGoesAloneWithoutForeignKeyChecksThatComeBackAfterIt() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                let gate = client.app.writeGate
                @Sendable func checked(_ tx: any Database) async throws -> Int {
                    try await (tx as! any SQLDatabase).raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self) ?? -1
                }
                let release = AsyncStream<Void>.makeStream()
                let entered = AsyncStream<Void>.makeStream()
                let before = gate.committed
                let seen = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                    group.addTask {
                        try await gate.transaction(on: client.db) { tx in
                            entered.continuation.yield()
                            for await _ in release.stream { break }
                            return ("first", try await checked(tx))
                        }
                    }
                    for await _ in entered.stream { break }
                    // Queued in this order behind the first: two plain changes, the bulk one, two more.
                    for (index, name) in ["a", "b", "bulk", "c", "d"].enumerated() {
                        while gate.waiting < index { try await Task.sleep(for: .milliseconds(1)) }
                        group.addTask { try await gate.transaction(on: client.db, bulk: name == "bulk") { tx in (name, try await checked(tx)) } }
                    }
                    while gate.waiting < 5 { try await Task.sleep(for: .milliseconds(1)) }
                    release.continuation.yield()
                    release.continuation.finish()
                    var seen: [String: Int] = [:]
                    for try await (name, value) in group { seen[name] = value }
                    return seen
                }
                #expect(seen == ["first": 1, "a": 1, "b": 1, "bulk": 0, "c": 1, "d": 1])
                // The first alone, then a and b together, the bulk change alone, then c and d.
                #expect(gate.committed.transactions - before.transactions == 4)
                #expect(gate.committed.changes - before.changes == 6)

                // A bulk change that fails leaves the checks on for the next change: a partner
                // identifier naming no company is refused.
                struct Refused: Error {}
                await #expect(throws: Refused.self) {
                    try await gate.transaction(on: client.db, bulk: true) { tx in
                        #expect(try await checked(tx) == 0)
                        throw Refused()
                    }
                }
                await #expect(throws: (any Error).self) {
                    try await gate.transaction(on: client.db) { tx in
                        #expect(try await checked(tx) == 1)
                        try await (tx as! any SQLDatabase).raw("""
                        INSERT INTO business_partner_identifiers (company_id, partner_id, key)
                        VALUES (\(bind: UUID()), \(bind: UUID()), 'duns:1')
                        """).run()
                    }
                }
            }
        }
    }
}
