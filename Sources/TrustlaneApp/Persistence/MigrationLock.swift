import Fluent
import SQLKit
import Vapor

/// Several `trustlane serve` processes on one PostgreSQL start together: only one migrates at a
/// time. The start-up work runs holding a PostgreSQL advisory lock (session-level, on one pinned
/// connection); the others wait for it and then find nothing left to do. SQLite has one process.
enum MigrationLock {
    /// The lock's number: any fixed 64-bit value no other program on the database uses
    /// ("trustlan" in ASCII).
    static let key: Int64 = 0x7472_7573_746C_616E

    static func holding(_ app: Application, _ work: @escaping @Sendable () async throws -> Void) async throws {
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return try await work() }
        try await app.db.withConnection { connection in
            let pinned = connection as! any SQLDatabase
            let started = ContinuousClock.now
            try await pinned.raw("SELECT pg_advisory_lock(\(bind: key))").run()
            let waited = ContinuousClock.now - started
            if waited > .seconds(1) { app.logger.notice("Waited \(waited) for another process's migrations") }
            do {
                try await work()
            } catch {
                try? await pinned.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                throw error
            }
            try await pinned.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
        }
    }
}
