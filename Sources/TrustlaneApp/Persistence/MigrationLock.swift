import Fluent
import SQLKit
import Vapor

/// A PostgreSQL advisory lock (session-level, on one pinned connection) around some work, so that
/// of several `trustlane serve` processes on one database only one does it at a time. SQLite
/// serves one process: the work simply runs.
enum AdvisoryLock {
    /// Runs `work` holding lock `key`: waiting for it (`wait`), or, if another process holds it,
    /// not at all. Returns whether `work` ran.
    @discardableResult
    static func run(_ app: Application, key: Int64, wait: Bool, _ work: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            try await work()
            return true
        }
        struct Taken: Decodable { let taken: Bool }
        return try await app.db.withConnection { connection in
            let pinned = connection as! any SQLDatabase
            if wait {
                let started = ContinuousClock.now
                try await pinned.raw("SELECT pg_advisory_lock(\(bind: key))").run()
                let waited = ContinuousClock.now - started
                if waited > .seconds(1) { app.logger.notice("Waited \(waited) for another process to finish the same work") }
            } else {
                guard try await pinned.raw("SELECT pg_try_advisory_lock(\(bind: key)) AS taken").first(decoding: Taken.self)?.taken == true else {
                    return false
                }
            }
            do {
                try await work()
            } catch {
                try? await pinned.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                throw error
            }
            try await pinned.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
            return true
        }
    }
}

/// Several processes start together: only one migrates at a time; the others wait for it and
/// then find nothing left to do.
enum MigrationLock {
    /// The lock's number: any fixed 64-bit value no other program on the database uses
    /// ("trustlan" in ASCII).
    static let key: Int64 = 0x7472_7573_746C_616E

    static func holding(_ app: Application, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await AdvisoryLock.run(app, key: key, wait: true, work)
    }
}

/// One background pass at a time across processes (issue 18): a pass (clock, screening,
/// checkpoints, backups) runs in whichever process takes its lock first; the others skip that
/// round instead of repeating the reading.
enum PassLock {
    /// The lock's number for a pass: FNV-1a (64 bits) of its name, so every process derives the same.
    static func key(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "trustlane pass \(name)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: hash)
    }

    /// Runs `work` if no other process holds the pass's lock; returns whether it ran.
    @discardableResult
    static func ifFree(_ app: Application, pass name: String, _ work: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        try await AdvisoryLock.run(app, key: key(name), wait: false, work)
    }
}
