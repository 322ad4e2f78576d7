import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes of the records' settings: a kind's retention and legal hold, one gated transaction with
/// its audit entry (the months, the hold and its reason, before and after).
struct RecordsService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }

    /// Why at least a year, as the settings' refusal says it.
    static let retentionFloor = "the validation pack samples back to the last validation: at least a year"

    /// The rule as typed; problems named by field.
    static func rule(months: String?, legalHold: Bool, reason: String?) throws -> RecordRetention {
        try RecordRetention.validate(months: months, legalHold: legalHold, reason: reason, floor: retentionFloor).get()
    }

    func saveRetention(_ rule: RecordRetention, kind: DailyRecordKind, company: CompanyID, by actor: UserID) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let before = try await RecordsQueries(tx).retention(company: company)[kind] ?? .default
            try await sql.raw("DELETE FROM record_retention WHERE company_id = \(bind: company.rawValue) AND record_kind = \(bind: kind.rawValue)").run()
            try await sql.raw("""
            INSERT INTO record_retention (company_id, record_kind, retention_months, legal_hold, legal_hold_reason, updated_by, updated_at)
            VALUES (\(bind: company.rawValue), \(bind: kind.rawValue), \(bind: rule.months), \(bind: rule.legalHold), \(bind: rule.holdReason),
            \(bind: actor.rawValue), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "records.retention_saved", targetType: "company", targetID: company.description, companyID: company,
                                                 changes: AuditRecord.changes(before: Self.fields(kind, before), after: Self.fields(kind, rule))),
                                      by: actor, on: tx, at: now)
        }
    }

    static func fields(_ kind: DailyRecordKind, _ rule: RecordRetention) -> [String: String?] {
        ["kind": kind.rawValue, "retention_months": String(rule.months), "legal_hold": rule.legalHold ? "yes" : "no", "legal_hold_reason": rule.holdReason]
    }
}
