import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: on a SQLite file (the default deployment) writes go through their own connections
/// and reads through the event loops' ones, in WAL mode. Everything written is read back at
/// once, also while other requests read and write concurrently.
extension AppTests {
    @Suite struct FileDatabase {
        @Test func concurrentReadsAndWritesOnAFileAllSucceedAndReadTheirWrites() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                let sql = client.db as! any SQLDatabase
                struct Mode: Decodable { let journal_mode: String }
                #expect(try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode == "wal")

                let f = try await AppTests.SecurityProfile.fixture(client, types: [.highwayCarrier])
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["HC"], catalogID: nil, by: nil)
                let path = "/companies/\(f.company.companyID)/profile"
                let criteria = Array(context.scope.criteria.prefix(12))
                let token = try await client.token(for: f.officer)
                try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for (index, scoped) in criteria.enumerated() {
                        group.addTask {
                            let body = #"{"status":"meets","narrative":"Written while others read (\#(index))","baseVersion":0}"#
                            return try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/profile/answers/\(scoped.id.rawValue)",
                                                        token: token, json: body).status
                        }
                        group.addTask { try await client.get(path, as: f.browser).status }
                    }
                    for try await status in group { #expect(status == .ok, "a request failed: \(status)") }
                }
                let answers = try await service.answers(context).answers
                for (index, scoped) in criteria.enumerated() {
                    #expect(answers[scoped.id]?.narrative == "Written while others read (\(index))")
                }
                let page = try await client.get(path, as: f.browser)
                #expect(page.status == .ok)
            }
        }

        /// A change runs on the writer's own thread from its first statement to its last: the
        /// driver starts the transaction's body in a task of its own, which would otherwise run
        /// it on whichever thread is free (on a server, the event loops busy with requests).
        @Test func aGatedChangeRunsOnTheWritersThreadStatementAfterStatement() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                let gate = client.app.writeGate
                #expect(!gate.isOnWriterThread)
                // Alone, and in a batch of several (each change in a savepoint of its own).
                let seen = try await withThrowingTaskGroup(of: [Bool].self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            try await gate.transaction(on: client.db, access: .unchanged) { tx -> [Bool] in
                                var seen = [gate.isOnWriterThread]
                                for _ in 0..<3 {
                                    try await (tx as! any SQLDatabase).raw("SELECT 1").run()
                                    seen.append(gate.isOnWriterThread)
                                }
                                return seen
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(seen.count == 24 && seen.allSatisfy { $0 })
            }
        }

        /// The gate keeps the audit chain's head in memory on a file: an append by someone else
        /// (another process), a transaction undone after its append, and concurrent saves all
        /// leave a chain that verifies, numbered without gaps.
        @Test func theAuditChainStaysWholeWhenItsHeadIsKeptInMemory() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                let f = try await AppTests.SecurityProfile.fixture(client, types: [.highwayCarrier])
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["HC"], catalogID: nil, by: nil)
                let criteria = Array(context.scope.criteria.prefix(6))
                func save(_ scoped: ScopedCriterion, _ text: String, base: Int) async throws {
                    try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: text, baseVersion: base),
                                                 by: f.officer.userID)
                }
                func count() async throws -> Int { try await AuditEntryModel.query(on: client.db).count() }

                try await save(criteria[0], "Before anyone else appends.", base: 0)
                // The gate knows the entry it appended (the next append reads nothing back).
                struct Last: Decodable { let seq: Int; let hash: String }
                let newest = try #require(try await (client.db as! any SQLDatabase).raw("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").first(decoding: Last.self))
                #expect(client.app.writeGate.knownAuditHead == AuditHead.Link(seq: newest.seq, hash: newest.hash))
                // Someone else appends, outside this process's gate (as another process would).
                let before = try await count()
                try await AuditLog.$key.withValue(client.app.config.audit.key) {
                    try await AuditLog.append(AuditEvent(action: "test.elsewhere", targetType: "test"), by: nil, on: client.db, at: Date())
                }
                try await save(criteria[1], "After another process appended.", base: 0)
                #expect(try await count() == before + 2)

                // A transaction that appended and then failed leaves nothing, and the next entry follows the last kept one.
                struct Undo: Error {}
                await #expect(throws: Undo.self) {
                    try await client.app.writeGate.transaction(on: client.db) { tx in
                        try await AuditLog.append(AuditEvent(action: "test.undone", targetType: "test"), by: nil, on: tx, at: Date())
                        throw Undo()
                    }
                }
                try await save(criteria[2], "After an undone transaction.", base: 0)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "test.undone").count() == 0)

                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, scoped) in criteria.dropFirst(3).enumerated() {
                        group.addTask { try await save(scoped, "Concurrent \(index).", base: 0) }
                    }
                    try await group.waitForAll()
                }
                let entries = try await count()
                let verification = try await AuditLog.verify(on: client.db, key: client.app.config.audit.key)
                let listing = try await AuditEntryModel.query(on: client.db).sort(\.$id).all().map { "\($0.id!) \($0.action) \($0.keyID ?? "-")" }
                #expect(verification == .intact(entries: entries), "\(verification) \(listing)")
                let last = try await AuditEntryModel.query(on: client.db).sort(\.$id, .descending).first()
                #expect(last?.id == entries, "sequence numbers without gaps")
            }
        }
    }
}
