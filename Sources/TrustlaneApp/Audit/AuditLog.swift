import Fluent
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore
import Vapor

/// A state change to record.
struct AuditEvent: Sendable {
    var action: String
    var targetType: String
    var targetID: String?
    var companyID: CompanyID?
    var changes: [FieldChange] = []
}

/// Appends entries to the hash-chained audit trail, inside the caller's transaction.
enum AuditLog {
    /// The key new entries are hashed with: set by the write gate around every change it runs
    /// (nil: no key configured, or an append outside the gate, which writes a plain SHA-256 entry).
    @TaskLocal static var key: AuditKey?

    /// Must be called inside `WriteGate.transaction`, so entries get consecutive numbers.
    static func append(_ event: AuditEvent, by actor: UserID?, on db: any Database, at now: Date) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            // Serializes appends across server processes until this transaction ends.
            try await sql.raw("SELECT pg_advisory_xact_lock(727274)").run()
        }
        // Whole milliseconds, so the stored time reproduces the hash on every database.
        let millis = (now.timeIntervalSince1970 * 1000).rounded()
        let occurredAt = Date(timeIntervalSince1970: millis / 1000)
        let head = AuditHead.current
        if let known = head?.last {
            // The head this process committed last: right unless another process appended since,
            // and then its number is taken and the insert fails (the statement alone is undone).
            if let link = try? await insert(event, by: actor, at: occurredAt, after: known, on: sql) {
                head?.advance(to: link)
                return
            }
        }
        // Only the number and hash of the last entry: every write reads it, so no model is built.
        let last = try await Self.head(on: db)
        let link = try await insert(event, by: actor, at: occurredAt, after: last, on: sql)
        head?.advance(to: link)
    }

    /// One entry after `last` (nil: the first). The statement is written out once, not built, as
    /// it runs inside the write gate on every state change.
    private static func insert(_ event: AuditEvent, by actor: UserID?, at occurredAt: Date, after last: AuditHead.Link?,
                               on sql: any SQLDatabase) async throws -> AuditHead.Link {
        let record = AuditRecord(sequence: (last?.seq ?? 0) + 1, occurredAt: occurredAt,
                                 actorUserID: actor, companyID: event.companyID, action: event.action,
                                 targetType: event.targetType, targetID: event.targetID, changes: event.changes)
        let changesJSON = record.changesJSON
        let previous = last?.hash ?? AuditChain.genesis
        let key = Self.key
        let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: changesJSON, key: key)
        try await sql.raw("""
            INSERT INTO audit_entries (seq, occurred_at, actor_user_id, company_id, action, target_type, target_id, changes, previous_hash, hash, key_id) \
            VALUES (\(bind: record.sequence), \(bind: record.occurredAt), \(bind: record.actorUserID?.rawValue), \(bind: record.companyID?.rawValue), \
            \(bind: record.action), \(bind: record.targetType), \(bind: record.targetID), \(bind: changesJSON), \(bind: previous), \(bind: hash), \
            \(bind: key?.id))
            """).run()
        return AuditHead.Link(seq: record.sequence, hash: hash)
    }

    /// Walks the whole chain in pages and reports the first entry that does not fit. Keyed
    /// entries are checked with `key`; with a `checkpoint` (already authenticated), the chain must
    /// still hold its head at its count.
    static func verify(on db: any Database, key: AuditKey? = nil, checkpoint: AuditCheckpoint? = nil,
                       pageSize: Int = 2000) async throws -> AuditChain.Verification {
        try await walk(on: db, key: key, checkpoint: checkpoint, pageSize: pageSize).result
    }

    /// The verifier after walking the chain: its result, and what it saw (keyed from where).
    static func walk(on db: any Database, key: AuditKey?, checkpoint: AuditCheckpoint? = nil,
                     pageSize: Int = 2000) async throws -> AuditChain.Verifier {
        var verifier = AuditChain.Verifier(key: key, checkpoint: checkpoint)
        var after = 0
        while true {
            let page = try await AuditEntryModel.query(on: db).filter(\.$id > after).sort(\.$id).limit(pageSize).all()
            for entry in page where !verifier.check(entry.stored) { return verifier }
            guard let last = page.last?.id, page.count == pageSize else { break }
            after = last
        }
        return verifier
    }

    /// The newest entry's number and hash as stored (nil: the chain is empty).
    static func head(on db: any Database) async throws -> AuditHead.Link? {
        try await (db as! any SQLDatabase).raw("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").first(decoding: AuditHead.Link.self)
    }

    /// The id of the key the newest entry was written with (nil: unkeyed, or no entries).
    static func newestKeyID(on db: any Database) async throws -> String? {
        struct Row: Decodable { let key_id: String? }
        return try await (db as! any SQLDatabase).raw("SELECT key_id FROM audit_entries ORDER BY seq DESC LIMIT 1")
            .first(decoding: Row.self)?.key_id
    }
}

/// The audit chain's last entry as this process committed it, kept by the write gate on a SQLite
/// file so an append need not read it back first (one statement fewer while the gate is held).
/// Only the gate's lock holder touches it: `advance` inside the transaction, then `commit` after
/// it or `forget` when it failed. An append from another process is caught by the sequence
/// number, which is the table's key.
final class AuditHead: Sendable {
    struct Link: Decodable, Sendable, Equatable {
        let seq: Int
        let hash: String
    }

    private struct State { var committed: Link?; var pending: Link? }
    private let state = NIOLockedValueBox(State())

    /// The head the gate's current transaction appends to (nil outside the gate, and on
    /// PostgreSQL, where other processes append too and the head is read under an advisory lock).
    @TaskLocal static var current: AuditHead?

    /// The newest head known: appended in this transaction, or committed before it.
    var last: Link? { state.withLockedValue { $0.pending ?? $0.committed } }

    func advance(to link: Link) { state.withLockedValue { $0.pending = link } }

    /// A change inside the transaction was undone back to its savepoint: the head is what it
    /// was before that change (`last` as it read then).
    func rewind(to link: Link?) {
        state.withLockedValue { state in state.pending = link == state.committed ? nil : link }
    }

    /// The transaction committed: what it appended is the head.
    func commit() { state.withLockedValue { if let pending = $0.pending { $0.committed = pending }; $0.pending = nil } }

    /// The transaction was undone (or it is unknown whether it was): read the head next time.
    func forget() { state.withLockedValue { $0 = State() } }
}
