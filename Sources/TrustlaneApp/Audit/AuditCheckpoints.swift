import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Signed checkpoints of the audit chain (docs/AUDIT.md): made by `trustlane audit checkpoint`
/// and, on a schedule, sent away through the outbox (email and a webhook), so their delivery is
/// retried and shown on the outbox page like every other message. Each one made is logged in
/// `audit_checkpoints`; the copies that protect the chain are the ones outside the server.
struct AuditCheckpoints {
    let app: Application
    var db: any Database { app.db }
    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    /// The outbox message keys: the email's text, and the webhook whose body is the checkpoint file.
    static let emailKey = "email.audit_checkpoint"
    static let webhookKey = "audit.checkpoint"

    struct NoKey: Error, CustomStringConvertible {
        var description: String {
            "No audit key is configured (TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE): checkpoints are signed with it, and the chain is not keyed without it. See docs/AUDIT.md."
        }
    }

    /// This installation's id (made by migration 036).
    func installationID() async throws -> String {
        struct Row: Decodable { let id: UUID }
        guard let row = try await sql.raw("SELECT id FROM installations ORDER BY created_at LIMIT 1").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "the installations table is empty")
        }
        return row.id.uuidString.lowercased()
    }

    /// A checkpoint of the chain's head now, signed and logged.
    func make(source: String) async throws -> AuditCheckpoint {
        guard let key = app.config.audit.key else { throw NoKey() }
        let checkpoint = try await signed(try await AuditLog.head(on: db), at: app.clock.now(), key: key)
        try await app.writeGate.transaction(on: db, access: .unchanged) { tx in try await Self.log(checkpoint, source: source, at: app.clock.now(), on: tx) }
        return checkpoint
    }

    /// A checkpoint of `head` (nil: an empty chain), signed with the key.
    private func signed(_ head: AuditHead.Link?, at now: Date, key: AuditKey) async throws -> AuditCheckpoint {
        AuditCheckpoint.make(installation: try await installationID(), count: head?.seq ?? 0, head: head?.hash ?? AuditChain.genesis, at: now, key: key)
    }

    private static func log(_ checkpoint: AuditCheckpoint, source: String, at now: Date, on db: any Database) async throws {
        try await (db as! any SQLDatabase).insert(into: "audit_checkpoints")
            .columns("id", "created_at", "entry_count", "head_hash", "key_id", "source", "file_text")
            .values(SQLBind(UUID()), SQLBind(now), SQLBind(checkpoint.count), SQLBind(checkpoint.head), SQLBind(checkpoint.keyID),
                    SQLBind(source), SQLBind(checkpoint.fileText))
            .run()
    }

    /// The newest checkpoint logged, by command or schedule (`scheduledOnly`: by schedule).
    struct Logged: Decodable, Sendable {
        let created_at: Date
        let entry_count: Int
        let head_hash: String
    }

    func last(scheduledOnly: Bool = false) async throws -> Logged? {
        var query = sql.select().columns("created_at", "entry_count", "head_hash").from("audit_checkpoints")
        if scheduledOnly { query = query.where("source", .equal, SQLBind("schedule")) }
        return try await query.orderBy("created_at", .descending).limit(1).first(decoding: Logged.self)
    }

    enum Export: Equatable, Sendable {
        /// Nowhere to send, or no key to sign with.
        case off
        /// The last one is recent enough, or the chain has not moved since.
        case notDue
        /// Made and queued: outbox rows added.
        case queued(count: Int, messages: Int)
    }

    /// One scheduled pass: when a checkpoint is due (none sent yet, or the last is older than the
    /// interval, and the chain moved since), make one and queue it for every recipient and the
    /// webhook, in one transaction with its log row.
    func exportIfDue() async throws -> Export {
        let settings = app.config.audit
        guard let key = settings.key, settings.sendsCheckpoints, let interval = settings.checkpointInterval else { return .off }
        let now = app.clock.now()
        let head = try await AuditLog.head(on: db)
        if let last = try await last(scheduledOnly: true) {
            // A little slack, so a pass that runs a few seconds early does not wait a whole period.
            let recent = now.timeIntervalSince(last.created_at) < interval * 0.95
            let unchanged = last.entry_count == (head?.seq ?? 0) && last.head_hash == (head?.hash ?? AuditChain.genesis)
            if recent || unchanged { return .notDue }
        }
        let checkpoint = try await signed(head, at: now, key: key)
        let parameters = [
            "count": String(checkpoint.count), "head": checkpoint.head, "at": checkpoint.createdAt,
            "installation": checkpoint.installation, "key": checkpoint.keyID, "checkpoint": checkpoint.fileText,
        ]
        let dedupeKey = "audit.checkpoint.\(checkpoint.count).\(checkpoint.createdAt)"
        let messages = try await app.writeGate.transaction(on: db, access: .unchanged) { tx -> Int in
            try await Self.log(checkpoint, source: "schedule", at: now, on: tx)
            var rows: [(channel: String, key: String, email: String?)] = settings.checkpointEmails.map { (NotificationOutbox.email, Self.emailKey, $0) }
            if settings.checkpointWebhook != nil { rows.append((NotificationOutbox.webhook, Self.webhookKey, nil)) }
            for row in rows {
                try await NotificationOutbox(tx).enqueue(channel: row.channel, key: row.key, parameters: parameters, link: nil, to: row.email,
                                                         language: .english, userID: nil, companyID: nil, dedupeKey: dedupeKey, now: now)
            }
            return rows.count
        }
        return .queued(count: checkpoint.count, messages: messages)
    }
}

extension BackgroundJob {
    /// Checks every hour (or every interval, when shorter) whether a scheduled checkpoint is due;
    /// the log table keeps the time of the last one, so restarts do not send more. Off in tests,
    /// which run `exportIfDue` by hand.
    static func auditCheckpoints() -> BackgroundJob {
        BackgroundJob("audit checkpoints", schedule: { app in
            let settings = app.config.audit
            guard app.environment != .testing, settings.key != nil, settings.sendsCheckpoints, let interval = settings.checkpointInterval else {
                return Schedule(interval: nil)
            }
            let targets = settings.checkpointEmails + (settings.checkpointWebhook.map { [$0] } ?? [])
            return Schedule(interval: min(interval, 3600), firstDelay: 60,
                            startMessage: "audit: signed checkpoints every \(Int(interval)) s to \(targets.joined(separator: ", "))")
        }, pass: { app in
            if case .queued(let count, let messages) = try await AuditCheckpoints(app: app).exportIfDue() {
                app.logger.info("audit: checkpoint at \(count) entries queued for \(messages) recipients")
            }
        })
    }
}
