import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads for screening's pages and API through SQLKit into small structs: the company's queue
/// (one query, open hits first, whatever the number of hits), one partner's results, one hit,
/// and the runs shown with the snapshots.
package struct ScreeningQueries {
    let sql: any SQLDatabase

    package init(_ db: any Database) { sql = db as! any SQLDatabase }

    /// A hit with its partner's current name and status and its snapshot's publication day.
    package struct HitRow: Decodable, Sendable {
        let id: UUID
        let partner_id: UUID
        let partner_name_now: String
        let partner_status: String
        let snapshot_id: UUID
        let published_on: String
        let list_kind: String
        let entry_number: String
        let listed_name: String
        let partner_name: String
        let score: Double
        let explanation: String
        let country_agrees: Bool
        let status: String
        let decision_reason: String?
        let decided_by_name: String?
        let decided_at: Date?
        let partner_fingerprint: String
        let entry_fingerprint: String
        let created_at: Date

        var hitStatus: ScreeningHitStatus { ScreeningHitStatus(rawValue: status) ?? .open }
        var kind: ScreeningListKind? { ScreeningListKind(rawValue: list_kind) }
    }

    static let hitColumns = """
    h.id, h.partner_id, p.legal_name AS partner_name_now, p.status AS partner_status, h.snapshot_id, s.published_on, h.list_kind,
    h.entry_number, h.listed_name, h.partner_name, h.score, h.explanation, h.country_agrees, h.status, h.decision_reason,
    u.name AS decided_by_name, h.decided_at, h.partner_fingerprint, h.entry_fingerprint, h.created_at
    FROM screening_hits h JOIN business_partners p ON p.id = h.partner_id JOIN screening_snapshots s ON s.id = h.snapshot_id
    LEFT JOIN users u ON u.id = h.decided_by
    """

    /// The most hits one page or API answer lists.
    static let queueLimit = 200

    package enum Filter: String, CaseIterable, Sendable {
        /// Open hits only.
        case open
        /// Every hit, open first.
        case all
    }

    /// The company's hits: open ones first (best score first), then decided and cleared ones,
    /// newest first; one query.
    func queue(company: CompanyID, filter: Filter = .all, limit: Int = queueLimit) async throws -> [HitRow] {
        var statement: SQLQueryString = "SELECT \(unsafeRaw: Self.hitColumns) WHERE h.company_id = \(bind: company.rawValue)"
        if filter == .open { statement += " AND h.status = \(bind: ScreeningHitStatus.open.rawValue)" }
        statement += """
         ORDER BY CASE WHEN h.status = \(bind: ScreeningHitStatus.open.rawValue) THEN 0 ELSE 1 END,
        CASE WHEN h.status = \(bind: ScreeningHitStatus.open.rawValue) THEN h.score ELSE 0 END DESC, h.created_at DESC, h.id LIMIT \(literal: limit)
        """
        return try await sql.raw(statement).all(decoding: HitRow.self)
    }

    /// One partner's hits, open first.
    func partnerHits(company: CompanyID, partner: UUID) async throws -> [HitRow] {
        try await sql.raw("""
        SELECT \(unsafeRaw: Self.hitColumns) WHERE h.company_id = \(bind: company.rawValue) AND h.partner_id = \(bind: partner)
        ORDER BY CASE WHEN h.status = \(bind: ScreeningHitStatus.open.rawValue) THEN 0 ELSE 1 END, h.created_at DESC, h.id LIMIT 100
        """).all(decoding: HitRow.self)
    }

    func hit(company: CompanyID, id: UUID) async throws -> HitRow? {
        try await sql.raw("SELECT \(unsafeRaw: Self.hitColumns) WHERE h.company_id = \(bind: company.rawValue) AND h.id = \(bind: id)")
            .first(decoding: HitRow.self)
    }

    /// How many hits the company has, by status.
    func counts(company: CompanyID) async throws -> [ScreeningHitStatus: Int] {
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await sql.raw("SELECT status, COUNT(*) AS n FROM screening_hits WHERE company_id = \(bind: company.rawValue) GROUP BY status")
            .all(decoding: Row.self)
        var out: [ScreeningHitStatus: Int] = [:]
        for row in rows { if let status = ScreeningHitStatus(rawValue: row.status) { out[status] = row.n } }
        return out
    }

    /// A snapshot with the name of whoever imported it.
    package struct SnapshotRow: Decodable, Sendable {
        let id: UUID
        let kind: String
        let source: String
        let published_on: String
        let files_sha256: String
        let entry_count: Int
        let threshold: Double
        let imported_by_name: String?
        let imported_at: Date
        let superseded_at: Date?

        var files: [(name: String, sha256: String)] {
            files_sha256.split(separator: "\n").map { line in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
            }
        }
    }

    func snapshots(limit: Int = 100) async throws -> [SnapshotRow] {
        try await sql.raw("""
        SELECT s.id, s.kind, s.source, s.published_on, s.files_sha256, s.entry_count, s.threshold, u.name AS imported_by_name, s.imported_at,
        s.superseded_at FROM screening_snapshots s LEFT JOIN users u ON u.id = s.imported_by
        ORDER BY s.imported_at DESC, s.id LIMIT \(literal: limit)
        """).all(decoding: SnapshotRow.self)
    }

    /// A re-screening run and its progress.
    package struct RunRow: Decodable, Sendable {
        let id: UUID
        let snapshot_id: UUID?
        let company_id: UUID?
        let kind: String?
        let published_on: String?
        let company_name: String?
        let status: String
        let partners_total: Int
        let partners_done: Int
        let new_hits: Int
        let cleared_hits: Int
        let error: String?
        let created_at: Date
        let started_at: Date?
        let finished_at: Date?
    }

    func runs(limit: Int = 20) async throws -> [RunRow] {
        try await sql.raw("""
        SELECT r.id, r.snapshot_id, r.company_id, s.kind, s.published_on, c.legal_name AS company_name, r.status, r.partners_total, r.partners_done,
        r.new_hits, r.cleared_hits, r.error, r.created_at, r.started_at, r.finished_at
        FROM screening_runs r LEFT JOIN screening_snapshots s ON s.id = r.snapshot_id LEFT JOIN companies c ON c.id = r.company_id
        ORDER BY r.created_at DESC, r.id LIMIT \(literal: limit)
        """).all(decoding: RunRow.self)
    }
}
