import Fluent
import SQLKit
import Vapor

/// The outbox side of the `notifications` table: claiming due rows, recording the outcome, and
/// the counts the admin page shows. Everything lives in the table, so a restart loses nothing.
///
/// Delivery bookkeeping (claims, attempts, errors) is not a change of anyone's records, so it
/// is not audited; it still runs through the write gate so SQLite never sees two writers.
struct OutboxStore {
    let app: Application
    var db: any Database { app.db }
    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    /// The channels the sender delivers (`in_app` rows are read in the app and never sent).
    enum Channel: String, CaseIterable, Sendable { case email, webhook }

    /// A claimed row with what sending it needs.
    struct Row: Decodable, Sendable {
        let id: UUID
        let dedupe_key: String
        let recipient_id: UUID?
        let company_id: UUID?
        let channel: String
        let message_key: String
        let parameters: String
        let link: String?
        let created_at: Date
        let attempts: Int
        let email: String?
        let language: String?
        /// The company the message is about, named in the email's subject.
        let company_name: String?

        var decodedParameters: [String: String] {
            (try? JSONDecoder().decode([String: String].self, from: Data(parameters.utf8))) ?? [:]
        }
    }

    /// Rows due now, each claimed for `lease` seconds by a conditional update: of two passes (in
    /// one process or two, on one PostgreSQL) only the one whose update changed the row sends it.
    ///
    /// On PostgreSQL the batch is claimed in one statement with `FOR UPDATE SKIP LOCKED`: two
    /// processes claiming at the same moment take disjoint rows without waiting for each other.
    func claimDue(channels: [Channel], now: Date, maximumAttempts: Int, lease: TimeInterval, limit: Int) async throws -> [Row] {
        guard !channels.isEmpty else { return [] }
        let names = channels.map(\.rawValue)
        let claimed = sql.dialect.name == "postgresql"
            ? try await claimSkippingLocked(names, now: now, maximumAttempts: maximumAttempts, lease: lease, limit: limit)
            : try await claimOneByOne(names, now: now, maximumAttempts: maximumAttempts, lease: lease, limit: limit)
        return try await rows(claimed)
    }

    private func claimSkippingLocked(_ names: [String], now: Date, maximumAttempts: Int, lease: TimeInterval, limit: Int) async throws -> [UUID] {
        struct Claimed: Decodable { let id: UUID }
        return try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
                UPDATE notifications SET next_attempt_at = \(bind: now.addingTimeInterval(lease))
                WHERE id IN (
                    SELECT id FROM notifications
                    WHERE channel IN (\(binds: names)) AND sent_at IS NULL AND attempts < \(bind: maximumAttempts)
                      AND (next_attempt_at IS NULL OR next_attempt_at <= \(bind: now))
                    ORDER BY created_at LIMIT \(bind: limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """).all(decoding: Claimed.self).map(\.id)
        }
    }

    /// SQLite has one writer at a time: each candidate is claimed by a conditional update.
    private func claimOneByOne(_ names: [String], now: Date, maximumAttempts: Int, lease: TimeInterval, limit: Int) async throws -> [UUID] {
        let candidates = try await sql.select().column("id").from("notifications")
            .where("channel", .in, SQLBind.group(names))
            .where("sent_at", .is, SQLLiteral.null)
            .where("attempts", .lessThan, maximumAttempts)
            .where { group in
                group.where("next_attempt_at", .is, SQLLiteral.null).orWhere("next_attempt_at", .lessThanOrEqual, now)
            }
            .orderBy("created_at").limit(limit)
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        var claimed: [UUID] = []
        for id in candidates {
            let won = try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                let rows = try await sql.update("notifications")
                    .set("next_attempt_at", to: now.addingTimeInterval(lease))
                    .where("id", .equal, id)
                    .where("sent_at", .is, SQLLiteral.null)
                    .where("attempts", .lessThan, maximumAttempts)
                    .where { group in
                        group.where("next_attempt_at", .is, SQLLiteral.null).orWhere("next_attempt_at", .lessThanOrEqual, now)
                    }
                    .returning("id")
                    .all()
                return !rows.isEmpty
            }
            if won { claimed.append(id) }
        }
        return claimed
    }

    /// The claimed rows with what sending them needs, oldest first.
    private func rows(_ claimed: [UUID]) async throws -> [Row] {
        guard !claimed.isEmpty else { return [] }
        return try await sql.select()
            .column(SQLColumn("id", table: "notifications")).column("dedupe_key").column("recipient_id")
            .column("company_id").column("channel").column("message_key").column("parameters").column("link")
            .column(SQLColumn("created_at", table: "notifications")).column("attempts")
            // A person's address and language, or, for someone without an account yet (an
            // invitee), the address and language the row was written for.
            .column(SQLFunction("COALESCE", args: SQLColumn("email", table: "users"), SQLColumn("recipient_email", table: "notifications")), as: "email")
            .column(SQLFunction("COALESCE", args: SQLColumn("language", table: "users"), SQLColumn("recipient_language", table: "notifications")), as: "language")
            .column(SQLColumn("legal_name", table: "companies"), as: "company_name")
            .from("notifications")
            .join("users", method: SQLJoinMethod.left, on: SQLColumn("recipient_id", table: "notifications"), .equal, SQLColumn("id", table: "users"))
            .join("companies", method: SQLJoinMethod.left, on: SQLColumn("company_id", table: "notifications"), .equal, SQLColumn("id", table: "companies"))
            .where(SQLColumn("id", table: "notifications"), .in, SQLBind.group(claimed))
            .orderBy(SQLColumn("created_at", table: "notifications"))
            .all(decoding: Row.self)
    }

    /// Marks a claimed row sent; a row already sent stays as it was.
    func markSent(_ id: UUID, at now: Date) async throws {
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
                UPDATE notifications SET sent_at = \(bind: now), attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL, \
                link = CASE WHEN message_key IN ('email.invitation', 'email.password_reset') THEN NULL ELSE link END \
                WHERE id = \(bind: id) AND sent_at IS NULL
                """).run()
        }
    }

    /// Records a failure and when to try again (`nil`: given up, shown on the admin page).
    func markFailed(_ id: UUID, attempts: Int, error: String, nextAttempt: Date?) async throws {
        let message = String(error.prefix(500))
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
                UPDATE notifications SET attempts = \(bind: attempts), last_error = \(bind: message), next_attempt_at = \(bind: nextAttempt) \
                WHERE id = \(bind: id) AND sent_at IS NULL
                """).run()
        }
    }

    /// Counts per channel for the admin page.
    struct ChannelCounts: Decodable, Sendable {
        let channel: String
        let sent: Int?
        let waiting: Int?
        let failing: Int?
        let given_up: Int?
    }

    func counts(maximumAttempts: Int) async throws -> [ChannelCounts] {
        try await sql.raw("""
            SELECT channel, \
            SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END) AS sent, \
            SUM(CASE WHEN sent_at IS NULL AND attempts < \(bind: maximumAttempts) THEN 1 ELSE 0 END) AS waiting, \
            SUM(CASE WHEN sent_at IS NULL AND attempts < \(bind: maximumAttempts) AND last_error IS NOT NULL THEN 1 ELSE 0 END) AS failing, \
            SUM(CASE WHEN sent_at IS NULL AND attempts >= \(bind: maximumAttempts) THEN 1 ELSE 0 END) AS given_up \
            FROM notifications WHERE channel IN ('email', 'webhook') GROUP BY channel ORDER BY channel
            """).all(decoding: ChannelCounts.self)
    }

    /// The latest failures, newest first.
    struct Failure: Decodable, Sendable {
        let id: UUID
        let channel: String
        let dedupe_key: String
        let attempts: Int
        let last_error: String?
        let next_attempt_at: Date?
    }

    func recentFailures(limit: Int = 20) async throws -> [Failure] {
        try await sql.select().columns("id", "channel", "dedupe_key", "attempts", "last_error", "next_attempt_at")
            .from("notifications")
            .where("sent_at", .is, SQLLiteral.null)
            .where("last_error", .isNot, SQLLiteral.null)
            .orderBy("created_at", .descending).limit(limit)
            .all(decoding: Failure.self)
    }
}
