import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// The `sign_in_throttles` rows, read and written so that concurrent attempts queue up.
enum ThrottleRows {
    /// Makes sure the key's row exists, then takes it for this transaction: the no-op UPDATE
    /// holds PostgreSQL's row lock until commit, so a second process waits here and then reads
    /// the first one's count. (SQLite allows one writer at a time anyway.) Nil for a fresh key.
    static func hold(_ key: String, now: Date, on db: any Database) async throws -> SignInThrottle.State? {
        let sql = db as! any SQLDatabase
        try await sql.insert(into: SignInThrottleModel.schema)
            .columns("id", "key", "failures", "window_started_at")
            .values(SQLBind(UUID()), SQLBind(key), SQLBind(0), SQLBind(now))
            .ignoringConflicts(with: "key")
            .run()
        let row = try await sql.raw("""
            UPDATE sign_in_throttles SET failures = failures WHERE key = \(bind: key)
            RETURNING failures, window_started_at, locked_until
            """).first()
        guard let row else { return nil }
        let failures = try row.decode(column: "failures", as: Int.self)
        guard failures > 0 else { return nil }
        return SignInThrottle.State(failures: failures, windowStartedAt: try row.decode(column: "window_started_at", as: Date.self),
                                    lockedUntil: try row.decode(column: "locked_until", as: Date?.self))
    }

    static func store(_ state: SignInThrottle.State, key: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.update(SignInThrottleModel.schema)
            .set("failures", to: SQLBind(state.failures))
            .set("window_started_at", to: SQLBind(state.windowStartedAt))
            .set("locked_until", to: SQLBind(state.lockedUntil))
            .where("key", .equal, SQLBind(key))
            .run()
    }
}
