import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Removing evidence files a record no longer needs (the inspection retention pass): the row,
/// then the bytes. A file still backing anything else stays: a profile answer's link, a
/// partner's document, a seal batch's certificate, a seal's photo on a shipment, another
/// inspection's photo, or a submitted profile snapshot (which froze the file's id and digest, so
/// a reviewer can still open what was submitted). The bytes are content-addressed and may back
/// rows of other companies, so they go only when no row names their digest.
struct EvidenceRemoval {
    /// Of `ids` (files of `company`), the ones nothing but the caller's records used: their rows
    /// are deleted inside the caller's transaction and their digests returned, for
    /// `removeUnusedBytes` after the commit.
    static func deleteUnreferenced(_ ids: [UUID], company: CompanyID, keeping protected: Set<UUID>, on tx: any Database) async throws -> [String] {
        let candidates = Array(Set(ids).subtracting(protected))
        guard !candidates.isEmpty else { return [] }
        let sql = tx as! any SQLDatabase
        struct Row: Decodable { let id: UUID; let sha256: String }
        var removable: [Row] = []
        // Chunks keep the IN lists well under every driver's bind limit.
        for chunk in stride(from: 0, to: candidates.count, by: 500).map({ Array(candidates[$0..<min($0 + 500, candidates.count)]) }) {
            removable += try await sql.raw("""
            SELECT e.id, e.sha256 FROM evidence_files e
            WHERE e.company_id = \(bind: company.rawValue) AND e.id IN (\(binds: chunk))
            AND NOT EXISTS (SELECT 1 FROM inspection_photos p WHERE p.evidence_id = e.id)
            AND NOT EXISTS (SELECT 1 FROM evidence_links l WHERE l.evidence_id = e.id)
            AND NOT EXISTS (SELECT 1 FROM business_partner_documents d WHERE d.evidence_id = e.id)
            AND NOT EXISTS (SELECT 1 FROM seal_batches b WHERE b.certificate_evidence_id = e.id)
            AND NOT EXISTS (SELECT 1 FROM shipment_seals s WHERE s.photo_evidence_id = e.id)
            """).all(decoding: Row.self)
        }
        guard !removable.isEmpty else { return [] }
        for chunk in stride(from: 0, to: removable.count, by: 500).map({ Array(removable[$0..<min($0 + 500, removable.count)]) }) {
            try await sql.raw("DELETE FROM evidence_files WHERE id IN (\(binds: chunk.map(\.id)))").run()
        }
        return Array(Set(removable.map(\.sha256)))
    }

    /// The evidence ids the company's submitted profile snapshots name: kept whatever else
    /// happens. Nil when a snapshot does not read: then nothing can be shown unused, and the
    /// caller keeps every file.
    static func snapshotEvidence(company: CompanyID, on db: any Database) async throws -> Set<UUID>? {
        struct Row: Decodable { let content: String }
        let rows = try await (db as! any SQLDatabase).raw("""
        SELECT p.content FROM profile_snapshots p JOIN security_profiles s ON s.id = p.profile_id WHERE s.company_id = \(bind: company.rawValue)
        """).all(decoding: Row.self)
        var ids: Set<UUID> = []
        for row in rows {
            guard let snapshot = try? ProfileSnapshot.decode(Data(row.content.utf8)) else { return nil }
            for entry in snapshot.entries { for file in entry.evidence { ids.insert(file.id.rawValue) } }
        }
        return ids
    }

    /// Deletes the stored bytes of each digest no evidence row (nor record file) names any more. Each check and
    /// delete runs through the write gate, as uploads do (`EvidenceService.upload` stores the
    /// bytes again if they vanished before its row was written), so a file is never taken from
    /// under a row. Returns how many files went.
    @discardableResult
    static func removeUnusedBytes(_ digests: [String], app: Application) async throws -> Int {
        var removed = 0
        for digest in digests {
            let gone = try await app.writeGate.transaction(on: app.db, access: .unchanged) { tx -> Bool in
                struct Found: Decodable { let id: UUID }
                // A record's attached file (`RecordFiles`) names the same bytes without an evidence row.
                let used = try await (tx as! any SQLDatabase).raw("""
                SELECT id FROM evidence_files WHERE sha256 = \(bind: digest) UNION ALL SELECT id FROM record_files WHERE sha256 = \(bind: digest) LIMIT 1
                """).first(decoding: Found.self) != nil
                guard !used, await app.evidenceStore.exists(digest) else { return false }
                try await app.evidenceStore.delete(digest)
                return true
            }
            if gone { removed += 1 }
        }
        return removed
    }
}
