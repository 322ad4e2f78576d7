import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Keeps `security_profiles.progress_*` equal to what the answers say (Core's `ProgressCounts`):
/// a save moves the counts by its change in the same transaction; opening a profile or moving it
/// to a new catalog version recounts it; profiles from before the counters (or bulk-seeded ones)
/// are counted at start-up. Readers treat NULL as "count from the answers".
package enum ProfileProgressCounters {
    /// Applies a save's change to the stored counts (a profile not counted yet stays NULL).
    static func apply(_ change: ProgressCounts, profile: UUID, on sql: any SQLDatabase) async throws {
        guard !change.isZero else { return }
        try await sql.raw("""
            UPDATE security_profiles SET progress_complete = progress_complete + \(bind: change.complete), \
            progress_answered = progress_answered + \(bind: change.answered), \
            progress_open_musts = progress_open_musts + \(bind: change.openMusts) \
            WHERE id = \(bind: profile) AND progress_total IS NOT NULL
            """).run()
    }

    /// The counts of `profiles` from their answers, by profile (one grouped query).
    static func count(profiles: [UUID], on sql: any SQLDatabase, catalogs: CatalogRegistry) async throws -> [UUID: ProgressCounts] {
        guard !profiles.isEmpty else { return [:] }
        struct Row: Decodable { let id: UUID; let total: Int; let complete: Int?; let answered: Int?; let open_musts: Int? }
        let mustCase = Self.mustCase(catalogs)
        var counts = Dictionary(uniqueKeysWithValues: profiles.map { ($0, ProgressCounts()) })
        for row in try await sql.raw("""
            SELECT p.id AS id, COUNT(*) AS total, \
            SUM(CASE WHEN a.status IN ('meets', 'not_applicable') THEN 1 ELSE 0 END) AS complete, \
            SUM(CASE WHEN a.status <> 'unanswered' THEN 1 ELSE 0 END) AS answered, \
            SUM(CASE WHEN a.status NOT IN ('meets', 'not_applicable') AND (\(unsafeRaw: mustCase)) THEN 1 ELSE 0 END) AS open_musts \
            FROM security_profiles p JOIN profile_answers a ON a.profile_id = p.id \
            WHERE p.id IN \(SQLBind.group(profiles)) GROUP BY p.id
            """).all(decoding: Row.self) {
            counts[row.id] = ProgressCounts(total: row.total, complete: row.complete ?? 0, answered: row.answered ?? 0, openMusts: row.open_musts ?? 0)
        }
        return counts
    }

    /// Recounts `profiles` from their answers and stores the counts.
    static func refresh(profiles: [UUID], on sql: any SQLDatabase, catalogs: CatalogRegistry) async throws {
        for (id, counts) in try await count(profiles: profiles, on: sql, catalogs: catalogs) {
            try await sql.update("security_profiles").set("progress_total", to: SQLBind(counts.total))
                .set("progress_complete", to: SQLBind(counts.complete)).set("progress_answered", to: SQLBind(counts.answered))
                .set("progress_open_musts", to: SQLBind(counts.openMusts)).where("id", .equal, SQLBind(id)).run()
        }
    }

    /// Counts every profile not counted yet, 500 at a time, each batch in one write-gate
    /// transaction. Returns how many were counted.
    @discardableResult
    package static func backfill(app: Application) async throws -> Int {
        let sql = app.db as! any SQLDatabase
        struct Row: Decodable { let id: UUID }
        var done = 0
        while true {
            let batch = try await sql.select().column("id").from("security_profiles").where("progress_total", .is, SQLLiteral.null)
                .limit(500).all(decoding: Row.self).map(\.id)
            guard !batch.isEmpty else { return done }
            let catalogs = app.catalogs
            try await app.writeGate.transaction(on: app.db, access: .unchanged) { tx in
                try await refresh(profiles: batch, on: tx as! any SQLDatabase, catalogs: catalogs)
            }
            done += batch.count
        }
    }

    /// `(p.catalog_id = 'x' AND a.criterion_id IN (...Musts...)) OR ...` over the loaded
    /// catalogs: ids come from the catalogs themselves and are quoted as SQL literals.
    static func mustCase(_ registry: CatalogRegistry) -> String {
        func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let parts = registry.all.map(\.catalog).compactMap { catalog -> String? in
            let musts = catalog.criteria.filter { $0.level == .must }.map { quote($0.id.rawValue) }
            guard !musts.isEmpty else { return nil }
            return "(p.catalog_id = \(quote(catalog.id)) AND a.criterion_id IN (\(musts.joined(separator: ", "))))"
        }
        return parts.isEmpty ? "1 = 0" : parts.joined(separator: " OR ")
    }
}
