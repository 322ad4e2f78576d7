import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Removes daily records past their company's retention for their kind (issue 17: "retention per
/// record type, as for inspections"), run by the clock pass after `InspectionRetention`. A kind
/// without settings keeps five years (`RecordRetention.default`); a kind under a legal hold keeps
/// everything. Each company's kind is removed in transactions of at most `batch` records, with
/// one audit entry saying how many went and from before which day.
///
/// What may go, once past the cutoff:
/// - an incident closed or dismissed before it (an open or unconfirmed one never goes), with its
///   links, notifications and timeline; never the company's latest-numbered incident, so the
///   next reference keeps counting up. Its corrective actions stay on the company's list;
/// - a training session held before it and before every day still counted as an active person's
///   latest pass, with its attendance: a session that is still someone's proof of training stays
///   until they train again;
/// - a visit by the time the visitor came in; a pickup by the driver's arrival, with the carriers'
///   pre-notifications expected before the cutoff.
struct RecordsRetention {
    let app: Application
    static let batch = 2_000

    /// How many records of each kind were removed, by company.
    @discardableResult
    func run() async throws -> [CompanyID: [DailyRecordKind: Int]] {
        let now = app.clock.now()
        let sql = app.db as! any SQLDatabase
        guard let earliest = RecordRetention(months: RecordRetention.minimumMonths, legalHold: false, holdReason: nil).cutoff(now: now) else { return [:] }
        var removed: [CompanyID: [DailyRecordKind: Int]] = [:]
        for kind in DailyRecordKind.allCases {
            // Only companies with a record older than the shortest allowed retention can have anything to remove.
            struct Candidate: Decodable { let company_id: UUID }
            let candidates = try await sql.raw("""
            SELECT DISTINCT company_id FROM \(unsafeRaw: Self.table(kind)) WHERE \(unsafeRaw: Self.time(kind)) < \(bind: earliest)
            """).all(decoding: Candidate.self)
            for candidate in candidates {
                let company = CompanyID(candidate.company_id)
                let rule = try await RecordsQueries(app.db).retention(company: company)[kind] ?? .default
                guard let cutoff = rule.cutoff(now: now) else { continue }
                var count = 0
                while true {
                    let (done, digests) = try await app.writeGate.transaction(on: app.db) { tx in
                        try await Self.removeBatch(kind, company: company, before: cutoff, on: tx as! any SQLDatabase)
                    }
                    // The removed records' attached files, once nothing else names their bytes.
                    try await EvidenceRemoval.removeUnusedBytes(digests, app: app)
                    count += done
                    if done < Self.batch { break }
                }
                guard count > 0 else { continue }
                let total = count
                try await app.writeGate.transaction(on: app.db) { tx in
                    try await AuditLog.append(AuditEvent(action: "records.retention_applied", targetType: "company", targetID: company.description, companyID: company,
                                                         changes: AuditRecord.changes(before: [:], after: [
                                                             "kind": kind.rawValue, "removed": String(total), "before": ProgramDay(cutoff).description,
                                                             "retention_months": String(rule.months),
                                                         ])),
                                              by: nil, on: tx, at: now)
                }
                removed[company, default: [:]][kind] = count
            }
        }
        return removed
    }

    static func table(_ kind: DailyRecordKind) -> String {
        switch kind {
        case .incidents: "incidents"
        case .training: "training_sessions"
        case .visits: "gate_visits"
        case .pickups: "gate_pickups"
        }
    }

    static func time(_ kind: DailyRecordKind) -> String {
        switch kind {
        case .incidents: "discovered_at"
        case .training: "held_on"
        case .visits: "checked_in_at"
        case .pickups: "arrived_at"
        }
    }

    /// Removes up to `batch` records of the kind made before `cutoff`, with their attached files'
    /// rows; returns how many, and the files' digests (their bytes go once nothing names them).
    static func removeBatch(_ kind: DailyRecordKind, company: CompanyID, before cutoff: Date, on sql: any SQLDatabase) async throws -> (Int, [String]) {
        struct Row: Decodable { let id: UUID }
        let limit = String(batch)
        switch kind {
        case .incidents:
            let ids = try await sql.raw("""
            SELECT id FROM incidents WHERE company_id = \(bind: company.rawValue) AND status IN ('closed', 'dismissed')
            AND COALESCE(closed_at, updated_at) < \(bind: cutoff) AND discovered_at < \(bind: cutoff)
            AND number < (SELECT MAX(number) FROM incidents WHERE company_id = \(bind: company.rawValue))
            LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return (0, []) }
            for table in ["incident_links", "incident_notifications", "incident_entries"] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE incident_id IN (\(binds: ids))").run()
            }
            let digests = try await RecordFiles.deleteRows(kind: .incident, records: ids, on: sql)
            try await sql.raw("DELETE FROM incidents WHERE id IN (\(binds: ids))").run()
            return (ids.count, digests)
        case .training:
            // The oldest day still counted as an active person's latest pass protects every session from then on.
            struct Oldest: Decodable { let day: Date? }
            let oldest = try await sql.raw("""
            SELECT MIN(last_on) AS day FROM training_latest WHERE company_id = \(bind: company.rawValue) AND curriculum_id IS NOT NULL
            """).first(decoding: Oldest.self)?.day
            let before = oldest.map { min($0, cutoff) } ?? cutoff
            let ids = try await sql.raw("""
            SELECT id FROM training_sessions WHERE company_id = \(bind: company.rawValue) AND held_on < \(bind: before) LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return (0, []) }
            try await sql.raw("DELETE FROM training_attendance WHERE session_id IN (\(binds: ids))").run()
            let digests = try await RecordFiles.deleteRows(kind: .trainingSession, records: ids, on: sql)
            try await sql.raw("DELETE FROM training_sessions WHERE id IN (\(binds: ids))").run()
            return (ids.count, digests)
        case .visits:
            let ids = try await sql.raw("""
            SELECT id FROM gate_visits WHERE company_id = \(bind: company.rawValue) AND checked_in_at < \(bind: cutoff) LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return (0, []) }
            // A badge still out with a visit that goes stays issued to the name, no longer to the visit.
            try await sql.raw("UPDATE gate_badges SET visit_id = NULL WHERE visit_id IN (\(binds: ids))").run()
            try await sql.raw("DELETE FROM gate_visits WHERE id IN (\(binds: ids))").run()
            return (ids.count, [])
        case .pickups:
            let ids = try await sql.raw("""
            SELECT id FROM gate_pickups WHERE company_id = \(bind: company.rawValue) AND arrived_at < \(bind: cutoff) LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            if !ids.isEmpty {
                try await sql.raw("UPDATE gate_prenotices SET pickup_id = NULL WHERE pickup_id IN (\(binds: ids))").run()
                try await sql.raw("DELETE FROM gate_pickups WHERE id IN (\(binds: ids))").run()
            }
            // The carriers' notices expected before the cutoff, once no kept arrival answers them.
            try await sql.raw("""
            DELETE FROM gate_prenotices WHERE company_id = \(bind: company.rawValue) AND expected_at < \(bind: cutoff) AND pickup_id IS NULL
            """).run()
            return (ids.count, [])
        }
    }
}
