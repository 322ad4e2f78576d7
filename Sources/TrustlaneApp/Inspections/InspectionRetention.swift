import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Removes inspection records past their company's retention (issue 16: "retention per record
/// type; a legal hold keeps records past it"), run by the clock pass. A company without settings
/// keeps five years (`RecordRetention.default`); one under a legal hold keeps everything. Each
/// company's removal is its own transactions of at most `batch` records, with one audit entry
/// saying how many went; versions, failures, per-day counters and photos go with them: the photo
/// links, the photos' evidence rows and, once no row names them, their stored files
/// (`EvidenceRemoval`). A photo that also backs something else (a profile answer, a submitted
/// snapshot, a partner's document ...) stays in the evidence store.
struct InspectionRetention {
    let app: Application
    static let batch = 2_000

    /// Returns how many inspection versions were removed, by company.
    @discardableResult
    func run() async throws -> [CompanyID: Int] {
        let now = app.clock.now()
        let sql = app.db as! any SQLDatabase
        struct Setting: Decodable { let company_id: UUID; let retention_months: Int; let legal_hold: Bool }
        let settings = try await sql.raw("SELECT company_id, retention_months, legal_hold FROM inspection_settings").all(decoding: Setting.self)
        var rules: [UUID: RecordRetention] = [:]
        for row in settings { rules[row.company_id] = RecordRetention(months: row.retention_months, legalHold: row.legal_hold, holdReason: nil) }
        // Only companies with a record older than the shortest allowed retention can have anything to remove.
        guard let earliest = RecordRetention(months: RecordRetention.minimumMonths, legalHold: false, holdReason: nil).cutoff(now: now) else { return [:] }
        struct Candidate: Decodable { let company_id: UUID }
        let candidates = try await sql.raw("""
        SELECT DISTINCT company_id FROM inspections WHERE inspected_at < \(bind: earliest)
        """).all(decoding: Candidate.self)
        var removed: [CompanyID: Int] = [:]
        for candidate in candidates {
            let company = CompanyID(candidate.company_id)
            let rule = rules[candidate.company_id] ?? .default
            guard let cutoff = rule.cutoff(now: now) else { continue }
            // Files a submitted profile snapshot froze are never removed; nil: a snapshot did not
            // read, so every photo file is kept (the links and records still go).
            let protected = try await EvidenceRemoval.snapshotEvidence(company: company, on: app.db)
            var count = 0, photos = 0
            var digests: Set<String> = []
            while true {
                let batch = try await app.writeGate.transaction(on: app.db) { tx -> (records: Int, photos: Int, digests: [String]) in
                    let sql = tx as! any SQLDatabase
                    struct Row: Decodable { let id: UUID; let inspection_id: UUID }
                    let rows = try await sql.raw("""
                    SELECT id, inspection_id FROM inspections WHERE company_id = \(bind: company.rawValue) AND inspected_at < \(bind: cutoff)
                    LIMIT \(unsafeRaw: String(Self.batch))
                    """).all(decoding: Row.self)
                    guard !rows.isEmpty else { return (0, 0, []) }
                    let ids = rows.map(\.id), inspections = Array(Set(rows.map(\.inspection_id)))
                    struct Photo: Decodable { let evidence_id: UUID }
                    let photoIDs = try await sql.raw("""
                    SELECT evidence_id FROM inspection_photos WHERE company_id = \(bind: company.rawValue) AND inspection_id IN (\(binds: inspections))
                    """).all(decoding: Photo.self).map(\.evidence_id)
                    try await sql.raw("DELETE FROM inspection_failures WHERE record_id IN (\(binds: ids))").run()
                    try await sql.raw("DELETE FROM inspection_photos WHERE company_id = \(bind: company.rawValue) AND inspection_id IN (\(binds: inspections))").run()
                    try await sql.raw("DELETE FROM inspections WHERE id IN (\(binds: ids))").run()
                    let removed = protected.map { _ in photoIDs } ?? []
                    let digests = try await EvidenceRemoval.deleteUnreferenced(removed, company: company, keeping: protected ?? [], on: tx)
                    return (rows.count, photoIDs.count, digests)
                }
                count += batch.records
                photos += batch.photos
                digests.formUnion(batch.digests)
                if batch.records < Self.batch { break }
            }
            guard count > 0 else { continue }
            let total = count, photoTotal = photos
            try await app.writeGate.transaction(on: app.db) { tx in
                let sql = tx as! any SQLDatabase
                try await sql.raw("""
                DELETE FROM inspection_days WHERE company_id = \(bind: company.rawValue) AND day < \(bind: ProgramDay(cutoff).description)
                """).run()
                try await AuditLog.append(AuditEvent(action: "inspection.retention_applied", targetType: "company", targetID: company.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: ["removed": String(total), "before": ProgramDay(cutoff).description,
                                                                                                     "retention_months": String(rule.months),
                                                                                                     "photos_removed": photoTotal == 0 ? nil : String(photoTotal)])),
                                          by: nil, on: tx, at: now)
            }
            removed[company] = count
            // After the commit: the rows are gone for good, so their bytes may go too.
            try await EvidenceRemoval.removeUnusedBytes(digests.sorted(), app: app)
        }
        return removed
    }
}
