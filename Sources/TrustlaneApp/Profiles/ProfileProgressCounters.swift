import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Keeps `security_profiles.progress_*` equal to what the answers in scope say (Core's
/// `ProgressCounts`): a save moves the counts by its change in the same transaction; opening a
/// profile, answering its applicability conditions or moving it to a new catalog version recounts it; profiles from before the counters (or bulk-seeded ones)
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

    /// The counts of `profiles` over the criteria in their scope (entity types and answered
    /// conditions), as the company's home counts them: two queries.
    static func count(profiles: [UUID], on sql: any SQLDatabase, catalogs: CatalogRegistry) async throws -> [UUID: ProgressCounts] {
        guard !profiles.isEmpty else { return [:] }
        struct Row: Decodable { let profile_id: UUID; let criterion_id: String; let status: String }
        var statuses: [UUID: [String: AnswerStatus]] = [:]
        for row in try await sql.select().columns("profile_id", "criterion_id", "status").from("profile_answers")
            .where("profile_id", .in, SQLBind.group(profiles)).all(decoding: Row.self) {
            statuses[row.profile_id, default: [:]][row.criterion_id] = AnswerStatus(rawValue: row.status) ?? .unanswered
        }
        var counts: [UUID: ProgressCounts] = [:]
        for model in try await SecurityProfileModel.query(on: sql as! any Database).filter(\.$id ~~ profiles).all() {
            guard let id = model.id, let context = try? ProfileContext(profile: model, registry: catalogs) else { continue }
            counts[id] = Self.counts(of: context, statuses: statuses[id] ?? [:])
        }
        return counts
    }

    /// The counts of one profile's scope given its answers' statuses by criterion id (a
    /// criterion without one counts as unanswered).
    static func counts(of context: ProfileContext, statuses: [String: AnswerStatus]) -> ProgressCounts {
        var total = ProgressCounts()
        for scoped in context.scope.criteria {
            let one = ProgressCounts(status: statuses[scoped.id.rawValue] ?? .unanswered, isMust: scoped.criterion.level == .must)
            total = ProgressCounts(total: total.total + one.total, complete: total.complete + one.complete,
                                   answered: total.answered + one.answered, openMusts: total.openMusts + one.openMusts)
        }
        return total
    }

    /// Stores a profile's counts.
    static func store(_ counts: ProgressCounts, profile id: UUID, on sql: any SQLDatabase) async throws {
        try await sql.update("security_profiles").set("progress_total", to: SQLBind(counts.total))
            .set("progress_complete", to: SQLBind(counts.complete)).set("progress_answered", to: SQLBind(counts.answered))
            .set("progress_open_musts", to: SQLBind(counts.openMusts)).where("id", .equal, SQLBind(id)).run()
    }

    /// Recounts `profiles` from their answers and stores the counts.
    static func refresh(profiles: [UUID], on sql: any SQLDatabase, catalogs: CatalogRegistry) async throws {
        for (id, counts) in try await count(profiles: profiles, on: sql, catalogs: catalogs) {
            try await store(counts, profile: id, on: sql)
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
}
