import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging

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

/// Every try of `decidingAgainOnConflict` lost a write race.
struct StillConflicting: Error {}

/// Runs `decide` (a whole gated transaction that reads, decides and writes) again on fresh reads
/// when it lost a write race with another process (`isConcurrentWriteConflict`): the losing
/// transaction was rolled back whole, and deciding again sees what the winner saved, so an
/// insert-first step answers as a repeated request does. Waits a short random while between
/// tries; throws `StillConflicting` when all `attempts` conflicted. Other errors pass through.
func decidingAgainOnConflict<T>(attempts: Int = 3, logger: Logger, what: @autoclosure () -> String,
                                _ decide: () async throws -> T) async throws -> T {
    for attempt in 1...max(1, attempts) {
        do {
            return try await decide()
        } catch let error where error.isConcurrentWriteConflict {
            guard attempt < attempts else { break }
            logger.notice("\(what()) met a concurrent change; deciding again")
            try await Task.sleep(nanoseconds: UInt64.random(in: 20_000_000...80_000_000) * UInt64(attempt))
        }
    }
    throw StillConflicting()
}
