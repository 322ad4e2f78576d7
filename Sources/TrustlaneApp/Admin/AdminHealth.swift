import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore
import Vapor

/// The administrator's home (issue 14): a short list of what needs an administrator's eye, each
/// line ok or not, with where to act. Read in four queries (the outbox's counts are the outbox page's); the audit chain is verified on
/// request (it reads every entry) and the result kept until the server stops.
struct AdminHealth: Sendable {
    enum Level: String, Sendable { case ok, warning, problem, unknown }

    struct Item: Sendable {
        let key: String
        let level: Level
        /// Localization arguments of the item's text (`admin_health.<key>.<level>`).
        let arguments: [String: String]
        let link: String?
        /// A moment the text names (`{at}`), shown in the reader's time zone.
        var date: Date? = nil
        /// The text's key when it is not `admin_health.<key>.<level>`.
        var textKey: String? = nil
    }

    let items: [Item]
    let people: Int
    let companies: Int

    /// The last audit-chain verification since the server started, if any.
    struct Verified: Sendable {
        let at: Date
        let result: AuditChain.Verification
    }

    struct VerifiedKey: StorageKey { typealias Value = NIOLockedValueBox<Verified?> }

    static func lastVerification(_ app: Application) -> Verified? {
        app.storage[VerifiedKey.self]?.withLockedValue { $0 }
    }

    /// Verifies the whole chain now and keeps the result for the home page.
    static func verifyNow(_ app: Application) async throws -> Verified {
        let verified = Verified(at: app.clock.now(), result: try await AuditLog.verify(on: app.db, key: app.config.audit.key))
        if app.storage[VerifiedKey.self] == nil { app.storage[VerifiedKey.self] = NIOLockedValueBox(nil) }
        app.storage[VerifiedKey.self]?.withLockedValue { $0 = verified }
        return verified
    }

    static func load(_ req: Request) async throws -> AdminHealth {
        let app = req.application
        let sql = req.db as! any SQLDatabase
        struct Counts: Decodable { let people: Int; let companies: Int }
        async let countsTask = sql.raw("SELECT (SELECT COUNT(*) FROM users) AS people, (SELECT COUNT(*) FROM companies) AS companies")
            .first(decoding: Counts.self)
        // The outbox page's own counts, per channel.
        async let outboxTask = OutboxStore(app: app).counts(maximumAttempts: Backoff.standard.maximumAttempts)
        async let pendingTask = app.migrator.previewPrepareBatch().get()
        async let backupTask = BackupWriter.last(on: req.db)
        async let checkpointTask = AuditCheckpoints(app: app).last()
        let (counts, outbox, pending, backup, checkpoint) = try await (countsTask, outboxTask, pendingTask, backupTask, checkpointTask)

        var items: [Item] = []
        let smtp = app.config.delivery.smtp
        items.append(Item(key: "smtp", level: smtp == nil ? .warning : .ok, arguments: ["host": smtp?.host ?? ""], link: SiteURL.adminOutbox))
        let publicURL = app.config.publicURL ?? ""
        items.append(Item(key: "public_url", level: publicURL.isEmpty ? .warning : .ok, arguments: ["url": publicURL], link: nil))
        let email = outbox.first { $0.channel == "email" }, webhook = outbox.first { $0.channel == "webhook" }
        let waiting = email?.waiting ?? 0, givenUp = email?.given_up ?? 0
        items.append(Item(key: "outbox", level: givenUp > 0 ? .problem : (waiting > 0 ? .warning : .ok),
                          arguments: ["waiting": String(waiting), "given_up": String(givenUp)], link: SiteURL.adminOutbox))
        let failing = (webhook?.failing ?? 0) + (webhook?.given_up ?? 0)
        items.append(Item(key: "webhooks", level: (webhook?.given_up ?? 0) > 0 ? .problem : (failing > 0 ? .warning : .ok),
                          arguments: ["count": String(failing)], link: SiteURL.adminOutbox))
        items.append(backupItem(backup, config: app.config, now: app.clock.now()))
        if let verified = lastVerification(app) {
            switch verified.result {
            case .intact(let entries):
                items.append(Item(key: "audit", level: .ok, arguments: ["count": String(entries)], link: SiteURL.adminAudit, date: verified.at))
            case .broken(let sequence, let reason), .unverifiable(let sequence, let reason):
                items.append(Item(key: "audit", level: .problem, arguments: ["sequence": String(sequence), "reason": reason],
                                  link: SiteURL.adminAudit, date: verified.at))
            }
        } else {
            items.append(Item(key: "audit", level: .unknown, arguments: [:], link: nil))
        }
        items += Self.auditProtection(app.config.audit, lastCheckpoint: checkpoint)
        items.append(Item(key: "migrations", level: pending.isEmpty ? .ok : .problem, arguments: ["count": String(pending.count)], link: nil))
        return AdminHealth(items: items, people: counts?.people ?? 0, companies: counts?.companies ?? 0)
    }

    /// The last backup: when, where, how big, verified or not; a warning when there is none, or
    /// when it is older than two scheduled intervals (a day and a half without a schedule).
    static func backupItem(_ last: BackupRunModel?, config: AppConfig, now: Date) -> Item {
        guard let last else { return Item(key: "backup", level: .warning, arguments: ["directory": config.backupDirectory], link: nil) }
        let arguments = ["location": last.location, "size": ByteCountFormatter.string(fromByteCount: last.bytes, countStyle: .file),
                         "count": String(last.auditEntries), "problem": last.problem ?? ""]
        guard last.verified else { return Item(key: "backup", level: .problem, arguments: arguments, link: nil, date: last.finishedAt) }
        let allowed = config.backupInterval > 0 ? 2 * config.backupInterval : 36 * 3600
        if now.timeIntervalSince(last.finishedAt) > allowed {
            return Item(key: "backup", level: .warning, arguments: arguments, link: nil, date: last.finishedAt, textKey: "admin_health.backup.stale")
        }
        return Item(key: "backup", level: .ok, arguments: arguments, link: nil, date: last.finishedAt)
    }

    /// Whether the chain is keyed, and whether checkpoints leave the server (docs/AUDIT.md).
    static func auditProtection(_ settings: AuditSettings, lastCheckpoint: AuditCheckpoints.Logged?) -> [Item] {
        guard let key = settings.key else {
            return [Item(key: "audit_key", level: .warning, arguments: [:], link: nil)]
        }
        let keyItem = Item(key: "audit_key", level: .ok, arguments: ["id": key.id], link: nil)
        guard settings.sendsCheckpoints, let interval = settings.checkpointInterval else {
            return [keyItem, Item(key: "audit_checkpoint", level: .warning, arguments: [:], link: nil)]
        }
        guard let last = lastCheckpoint else {
            return [keyItem, Item(key: "audit_checkpoint", level: .unknown, arguments: ["hours": String(Int((interval / 3600).rounded(.up)))],
                                  link: SiteURL.adminOutbox)]
        }
        return [keyItem, Item(key: "audit_checkpoint", level: .ok, arguments: ["count": String(last.entry_count)], link: SiteURL.adminOutbox,
                              date: last.created_at)]
    }
}
