import Fluent
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
    /// Must be called inside `WriteGate.transaction`, so entries get consecutive numbers.
    static func append(_ event: AuditEvent, by actor: UserID?, on db: any Database, at now: Date) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            // Serializes appends across server processes until this transaction ends.
            try await sql.raw("SELECT pg_advisory_xact_lock(727274)").run()
        }
        // Only the number and hash of the last entry: every write reads it, so no model is built.
        struct Last: Decodable { let seq: Int; let hash: String }
        let last = try await sql.select().columns("seq", "hash").from(AuditEntryModel.schema)
            .orderBy("seq", .descending).limit(1).first(decoding: Last.self)
        // Whole milliseconds, so the stored time reproduces the hash on every database.
        let millis = (now.timeIntervalSince1970 * 1000).rounded()
        let record = AuditRecord(sequence: (last?.seq ?? 0) + 1, occurredAt: Date(timeIntervalSince1970: millis / 1000),
                                 actorUserID: actor, companyID: event.companyID, action: event.action,
                                 targetType: event.targetType, targetID: event.targetID, changes: event.changes)
        let changesJSON = record.changesJSON
        let previous = last?.hash ?? AuditChain.genesis
        let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: changesJSON)
        try await sql.insert(into: AuditEntryModel.schema)
            .columns("seq", "occurred_at", "actor_user_id", "company_id", "action", "target_type", "target_id", "changes",
                     "previous_hash", "hash")
            .values(SQLBind(record.sequence), SQLBind(record.occurredAt), SQLBind(record.actorUserID?.rawValue),
                    SQLBind(record.companyID?.rawValue), SQLBind(record.action), SQLBind(record.targetType), SQLBind(record.targetID),
                    SQLBind(changesJSON), SQLBind(previous), SQLBind(hash))
            .run()
    }

    /// Walks the whole chain in pages and reports the first entry that does not fit.
    static func verify(on db: any Database, pageSize: Int = 2000) async throws -> AuditChain.Verification {
        var verifier = AuditChain.Verifier()
        var after = 0
        while true {
            let page = try await AuditEntryModel.query(on: db).filter(\.$id > after).sort(\.$id).limit(pageSize).all()
            for entry in page where !verifier.check(entry.stored) { return verifier.result }
            guard let last = page.last?.id, page.count == pageSize else { break }
            after = last
        }
        return verifier.result
    }
}
