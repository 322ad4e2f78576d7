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
///   pre-notifications expected before the cutoff;
/// - a seal log entry (issue 16) by its time, unless its seal is still in play (issued, affixed or
///   verified: that history is the live record of a seal out of the safe). The seal's row, its
///   current state, stays: the stock and the seal audit read it;
/// - a shipment (issue 16) recorded and released before it (an open one never goes), with its
///   seals, VVTT checks, discrepancies, partners and seal photos (files nothing else uses, as
///   inspections' photos go, `EvidenceRemoval`); a pickup that named it keeps its own record. Its
///   seals remember it (`seals.removed_shipment_id`) so the seal audit still counts them used;
/// - a training session's signed roster or material (issue 17) uploaded before it, of a session
///   held before it and before every day still counted as an active person's latest pass (the
///   session's record stays, under its own retention); the bytes go once nothing names them;
/// - a badge and key log entry (issue 17) by its time, unless its badge, card or key is still
///   issued (those entries say who holds it since when). The inventory's rows stay.
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
            SELECT DISTINCT company_id FROM \(unsafeRaw: Self.table(kind)) WHERE \(unsafeRaw: Self.time(kind)) < \(bind: earliest)\(unsafeRaw: Self.filter(kind))
            """).all(decoding: Candidate.self)
            for candidate in candidates {
                let company = CompanyID(candidate.company_id)
                let rules = try await RecordsQueries(app.db).retention(company: company)
                let rule = rules[kind] ?? .default
                guard let cutoff = rule.cutoff(now: now) else { continue }
                // A hold on a kind holds what belongs to it: the sessions' hold keeps their files, the files' hold their sessions.
                if RecordFiles.holdingKinds(of: kind).contains(where: { rules[$0]?.legalHold == true }) { continue }
                // Files a submitted profile snapshot froze are never removed; nil: a snapshot did
                // not read, so every photo file is kept (the records still go).
                let protected = kind == .shipments ? try await EvidenceRemoval.snapshotEvidence(company: company, on: app.db) : []
                var count = 0
                var digests: Set<String> = []
                while true {
                    let done = try await app.writeGate.transaction(on: app.db) { tx in
                        try await Self.removeBatch(kind, company: company, before: cutoff, keeping: protected, on: tx)
                    }
                    count += done.count
                    digests.formUnion(done.digests)
                    if done.count < Self.batch { break }
                }
                // After the commits: the rows are gone for good, so their bytes may go too.
                try await EvidenceRemoval.removeUnusedBytes(digests.sorted(), app: app)
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
        case .seals: "seal_events"
        case .shipments: "shipments"
        case .trainingFiles: "record_files"
        case .badgeEvents: "gate_badge_events"
        }
    }

    /// What else picks the kind's rows out of its table (files: those of training sessions).
    static func filter(_ kind: DailyRecordKind) -> String {
        kind == .trainingFiles ? " AND record_kind = '\(RecordFiles.Kind.trainingSession.rawValue)'" : ""
    }

    static func time(_ kind: DailyRecordKind) -> String {
        switch kind {
        case .incidents: "discovered_at"
        case .training: "held_on"
        case .visits: "checked_in_at"
        case .pickups: "arrived_at"
        case .seals: "at"
        case .shipments: "created_at"
        case .trainingFiles: "uploaded_at"
        case .badgeEvents: "at"
        }
    }

    /// The oldest day still counted as an active person's latest pass: a session held on or
    /// after it is someone's proof of training, and keeps itself and its files.
    static func oldestProof(company: CompanyID, on sql: any SQLDatabase) async throws -> Date? {
        struct Oldest: Decodable { let day: Date? }
        return try await sql.raw("""
        SELECT MIN(last_on) AS day FROM training_latest WHERE company_id = \(bind: company.rawValue) AND curriculum_id IS NOT NULL
        """).first(decoding: Oldest.self)?.day
    }

    /// What a batch removed: how many records, and the digests of evidence files whose rows went
    /// (their bytes go after the commit, once no row names them).
    struct Removed {
        let count: Int
        var digests: [String] = []
    }

    /// Shipments recorded and released before `cutoff`, with everything that hangs on them.
    static func removeShipments(company: CompanyID, before cutoff: Date, keeping protected: Set<UUID>?, on tx: any Database) async throws -> Removed {
        struct Row: Decodable { let id: UUID }
        let sql = tx as! any SQLDatabase
        let ids = try await sql.raw("""
        SELECT id FROM shipments WHERE company_id = \(bind: company.rawValue) AND status <> \(bind: ShipmentStatus.open.rawValue)
        AND created_at < \(bind: cutoff) AND COALESCE(released_at, created_at) < \(bind: cutoff) LIMIT \(unsafeRaw: String(batch))
        """).all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return Removed(count: 0) }
        struct Photo: Decodable { let photo_evidence_id: UUID }
        let photos = try await sql.raw("""
        SELECT photo_evidence_id FROM shipment_seals WHERE shipment_id IN (\(binds: ids)) AND photo_evidence_id IS NOT NULL
        """).all(decoding: Photo.self).map(\.photo_evidence_id)
        // The seals remember the shipment they were used on, for the seal audit.
        try await sql.raw("""
        UPDATE seals SET removed_shipment_id = (SELECT x.shipment_id FROM shipment_seals x
        WHERE x.company_id = seals.company_id AND x.number = seals.number AND x.shipment_id IN (\(binds: ids)) ORDER BY x.affixed_at LIMIT 1)
        WHERE company_id = \(bind: company.rawValue) AND number IN (SELECT number FROM shipment_seals WHERE shipment_id IN (\(binds: ids)))
        """).run()
        try await sql.raw("UPDATE gate_pickups SET shipment_id = NULL WHERE shipment_id IN (\(binds: ids))").run()
        for table in ["seal_discrepancies", "seal_checks", "shipment_seals", "shipment_partners"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE shipment_id IN (\(binds: ids))").run()
        }
        try await sql.raw("DELETE FROM shipments WHERE id IN (\(binds: ids))").run()
        let digests = try await EvidenceRemoval.deleteUnreferenced(protected.map { _ in photos } ?? [], company: company, keeping: protected ?? [], on: tx)
        return Removed(count: ids.count, digests: digests)
    }

    /// Removes up to `batch` records of the kind made before `cutoff`; returns how many, and the
    /// digests of files whose rows went. `protected`: files that stay whatever happens (nil:
    /// every file stays).
    static func removeBatch(_ kind: DailyRecordKind, company: CompanyID, before cutoff: Date, keeping protected: Set<UUID>? = [],
                            on tx: any Database) async throws -> Removed {
        struct Row: Decodable { let id: UUID }
        let sql = tx as! any SQLDatabase
        let limit = String(batch)
        switch kind {
        case .seals:
            let ids = try await sql.raw("""
            SELECT e.id FROM seal_events e WHERE e.company_id = \(bind: company.rawValue) AND e.at < \(bind: cutoff)
            AND NOT EXISTS (SELECT 1 FROM seals l WHERE l.company_id = e.company_id AND l.number = e.number
                            AND l.state IN (\(bind: SealState.issued.rawValue), \(bind: SealState.affixed.rawValue), \(bind: SealState.verified.rawValue)))
            LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return Removed(count: 0) }
            try await sql.raw("DELETE FROM seal_events WHERE id IN (\(binds: ids))").run()
            return Removed(count: ids.count)
        case .shipments:
            return try await removeShipments(company: company, before: cutoff, keeping: protected, on: tx)
        case .incidents:
            let ids = try await sql.raw("""
            SELECT id FROM incidents WHERE company_id = \(bind: company.rawValue) AND status IN ('closed', 'dismissed')
            AND COALESCE(closed_at, updated_at) < \(bind: cutoff) AND discovered_at < \(bind: cutoff)
            AND number < (SELECT MAX(number) FROM incidents WHERE company_id = \(bind: company.rawValue))
            LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return Removed(count: 0) }
            for table in ["incident_links", "incident_notifications", "incident_entries"] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE incident_id IN (\(binds: ids))").run()
            }
            // The incidents' attached files' rows; their bytes go after the commit if nothing else names them.
            let digests = try await RecordFiles.deleteRows(kind: .incident, records: ids, on: sql)
            try await sql.raw("DELETE FROM incidents WHERE id IN (\(binds: ids))").run()
            return Removed(count: ids.count, digests: digests)
        case .trainingFiles:
            // Uploaded before the cutoff, of a session held before it and before every day still someone's latest pass.
            let before = try await oldestProof(company: company, on: sql).map { min($0, cutoff) } ?? cutoff
            struct File: Decodable { let id: UUID; let sha256: String }
            let files = try await sql.raw("""
            SELECT f.id, f.sha256 FROM record_files f JOIN training_sessions s ON s.id = f.record_id
            WHERE f.company_id = \(bind: company.rawValue) AND f.record_kind = \(bind: RecordFiles.Kind.trainingSession.rawValue)
            AND f.uploaded_at < \(bind: cutoff) AND s.held_on < \(bind: before) LIMIT \(unsafeRaw: limit)
            """).all(decoding: File.self)
            guard !files.isEmpty else { return Removed(count: 0) }
            try await sql.raw("DELETE FROM record_files WHERE id IN (\(binds: files.map(\.id)))").run()
            return Removed(count: files.count, digests: Array(Set(files.map(\.sha256))))
        case .badgeEvents:
            let ids = try await sql.raw("""
            SELECT e.id FROM gate_badge_events e WHERE e.company_id = \(bind: company.rawValue) AND e.at < \(bind: cutoff)
            AND NOT EXISTS (SELECT 1 FROM gate_badges b WHERE b.id = e.badge_id AND b.status = 'issued')
            LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return Removed(count: 0) }
            try await sql.raw("DELETE FROM gate_badge_events WHERE id IN (\(binds: ids))").run()
            return Removed(count: ids.count)
        case .training:
            // The oldest day still counted as an active person's latest pass protects every session from then on.
            let before = try await oldestProof(company: company, on: sql).map { min($0, cutoff) } ?? cutoff
            let ids = try await sql.raw("""
            SELECT id FROM training_sessions WHERE company_id = \(bind: company.rawValue) AND held_on < \(bind: before) LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return Removed(count: 0) }
            try await sql.raw("DELETE FROM training_attendance WHERE session_id IN (\(binds: ids))").run()
            let digests = try await RecordFiles.deleteRows(kind: .trainingSession, records: ids, on: sql)
            try await sql.raw("DELETE FROM training_sessions WHERE id IN (\(binds: ids))").run()
            return Removed(count: ids.count, digests: digests)
        case .visits:
            let ids = try await sql.raw("""
            SELECT id FROM gate_visits WHERE company_id = \(bind: company.rawValue) AND checked_in_at < \(bind: cutoff) LIMIT \(unsafeRaw: limit)
            """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return Removed(count: 0) }
            // A badge still out with a visit that goes stays issued to the name, no longer to the visit.
            try await sql.raw("UPDATE gate_badges SET visit_id = NULL WHERE visit_id IN (\(binds: ids))").run()
            try await sql.raw("DELETE FROM gate_visits WHERE id IN (\(binds: ids))").run()
            return Removed(count: ids.count)
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
            return Removed(count: ids.count)
        }
    }
}
