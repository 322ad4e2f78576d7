import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Taking one file off a daily record (an incident, an anonymous report, a training session's
/// roster or materials): by the supervising roles (`removeRecordFiles`), refused with 409 while
/// the record's kind is under a legal hold (the hold keeps everything, as the retention pass
/// does; a session's files are held by the sessions' hold and by their own kind's), audited with the file's name and digest. The row goes in the gate's transaction; the
/// bytes go after the commit only when no other row (another record's file, an evidence file of
/// any company) names the same digest (`EvidenceRemoval.removeUnusedBytes`).
extension RecordFiles {
    /// Which kinds' legal holds keep a record's files: the record's own, and for a training
    /// session's files their own kind too (`training_files`).
    static func holdKinds(_ kind: Kind) -> [DailyRecordKind] {
        switch kind {
        case .incident: [.incidents]
        case .trainingSession: [.training, .trainingFiles]
        }
    }

    /// The other kinds whose hold keeps a kind's records, for the retention pass: the sessions'
    /// hold keeps their files, and the files' hold keeps the sessions (removing a session removes
    /// its files).
    static func holdingKinds(of kind: DailyRecordKind) -> [DailyRecordKind] {
        switch kind {
        case .trainingFiles: [.training]
        case .training: [.trainingFiles]
        default: []
        }
    }

    /// The refusal while a legal hold keeps the record.
    static func onLegalHold(_ kind: DailyRecordKind, reason: String?) -> TrustlaneError {
        TrustlaneError(status: .conflict, key: "record_files.error.legal_hold",
                       message: "These records (\(kind.rawValue)) are under a legal hold\(reason.map { " (\($0))" } ?? ""); no file can be removed until the hold is lifted (PUT records/retention/{kind})",
                       arguments: ["reason": reason ?? "—"])
    }

    /// What was removed, for the caller's message.
    struct Removed: Sendable {
        let fileName: String
        let sha256: String
        /// Whether the bytes went too (false while something else names them).
        let bytesRemoved: Bool
    }

    /// Removes the file `id` of the record, with an audit entry on the record (`audit.action`,
    /// `audit.targetType`, `audit.targetID`). 404 for a file that is not the record's; 409 under a
    /// legal hold, nothing changed.
    static func remove(_ id: UUID, kind: Kind, record: UUID, company: CompanyID, audit: (action: String, targetType: String, targetID: String),
                       by actor: UserID, app: Application, on db: any Database) async throws -> Removed {
        let now = app.clock.now()
        let removed = try await app.writeGate.transaction(on: db) { tx -> (name: String, sha256: String) in
            let sql = tx as! any SQLDatabase
            guard let row = try await sql.raw("""
            SELECT f.id, f.purpose, f.file_name, f.content_type, f.size, f.sha256, NULL AS uploaded_by_name, f.uploaded_by, f.uploaded_at FROM record_files f
            WHERE f.id = \(bind: id) AND f.company_id = \(bind: company.rawValue) AND f.record_kind = \(bind: kind.rawValue) AND f.record_id = \(bind: record)
            """).first(decoding: Row.self) else { throw TrustlaneError.notFound }
            // Read inside the gate: a hold set meanwhile is seen.
            let rules = try await RecordsQueries(tx).retention(company: company)
            if let held = holdKinds(kind).first(where: { rules[$0]?.legalHold == true }) {
                throw onLegalHold(held, reason: rules[held]?.holdReason)
            }
            try await sql.raw("DELETE FROM record_files WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: audit.action, targetType: audit.targetType, targetID: audit.targetID, companyID: company,
                                                 changes: AuditRecord.changes(before: ["file": row.file_name, "purpose": row.purpose, "sha256": row.sha256,
                                                                                       "size": String(row.size)], after: [:])),
                                      by: actor, on: tx, at: now)
            return (row.file_name, row.sha256)
        }
        // After the commit: the bytes go only if nothing names them any more.
        let gone = try await EvidenceRemoval.removeUnusedBytes([removed.sha256], app: app)
        return Removed(fileName: removed.name, sha256: removed.sha256, bytesRemoved: gone > 0)
    }

    /// Whether the record's kind is under a legal hold (the pages hide the remove buttons then).
    static func legalHold(_ kind: Kind, company: CompanyID, on db: any Database) async throws -> Bool {
        let rules = try await RecordsQueries(db).retention(company: company)
        return holdKinds(kind).contains { rules[$0]?.legalHold == true }
    }
}
