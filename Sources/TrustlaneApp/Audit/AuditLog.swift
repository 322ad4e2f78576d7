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
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // Serializes appends across server processes until this transaction ends.
            try await sql.raw("SELECT pg_advisory_xact_lock(727274)").run()
        }
        let last = try await AuditEntryModel.query(on: db).sort(\.$id, .descending).first()
        // Whole milliseconds, so the stored time reproduces the hash on every database.
        let millis = (now.timeIntervalSince1970 * 1000).rounded()
        let record = AuditRecord(sequence: (last?.id ?? 0) + 1, occurredAt: Date(timeIntervalSince1970: millis / 1000),
                                 actorUserID: actor, companyID: event.companyID, action: event.action,
                                 targetType: event.targetType, targetID: event.targetID, changes: event.changes)
        let changesJSON = record.changesJSON
        let previous = last?.hash ?? AuditChain.genesis
        let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: changesJSON)
        try await AuditEntryModel(record: record, changesJSON: changesJSON, previousHash: previous, hash: hash).create(on: db)
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
