import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

extension Error {
    /// Whether the database refused a write because another connection (another server
    /// process) changed the same rows first: a unique-key or primary-key violation (PostgreSQL
    /// 23505, SQLite's UNIQUE/PRIMARY KEY constraint), PostgreSQL's serialization failure
    /// (40001), or SQLite refusing a transaction that read and now wants to write while another
    /// connection writes or has written since (SQLITE_BUSY, returned at once in that case since
    /// waiting could deadlock; SQLITE_BUSY_SNAPSHOT). Reading again and deciding again is the answer; other
    /// constraint failures (foreign keys, NOT NULL) are bugs and are not caught by this.
    var isConcurrentWriteConflict: Bool {
        if let error = self as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .busyInSnapshot, .busy: return true
            default: return false
            }
        }
        if let error = self as? PSQLError, let state = error.serverInfo?[.sqlState] {
            return state == "23505" || state == "40001"
        }
        return false
    }
}
