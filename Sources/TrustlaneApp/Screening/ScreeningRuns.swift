import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Background re-screening. A new list snapshot queues a run over every company's partners; a
/// partner import queues one over that company's. The table is the queue (like the outbox): a
/// background pass picks pending runs in order and records progress after every batch, so the
/// administrators' page shows how far it is, and a run cut short by a restart is run again from
/// the start at the next pass (screening is idempotent). Tests call `runPending()` directly.
struct ScreeningRuns {
    let app: Application

    enum Status: String, Sendable {
        case pending, running, done, failed
    }

    /// Partners screened per batch (and per progress update).
    static let batch = 500

    /// Queues a run (inside the caller's transaction).
    static func queue(snapshot: UUID?, company: CompanyID?, now: Date, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "screening_runs")
            .columns("id", "snapshot_id", "company_id", "status", "partners_total", "partners_done", "new_hits", "cleared_hits", "created_at")
            .values(SQLBind(UUID()), SQLBind(snapshot), SQLBind(company?.rawValue), SQLBind(Status.pending.rawValue), SQLBind(0), SQLBind(0),
                    SQLBind(0), SQLBind(0), SQLBind(now))
            .run()
    }

    /// Queues a re-screening of one company (after a partner import), when any list is current,
    /// inside the import's own transaction: the partners and their re-screening are saved
    /// together. (Queued after the import, on the pool's connections, its look for a current
    /// list waited while a reader connection copied the import's write-ahead log into the
    /// database file: 0.2 s of a 100,000-row import's answer.)
    static func queue(company: CompanyID, now: Date, on sql: any SQLDatabase) async throws {
        struct Row: Decodable { let n: Int }
        guard (try await sql.raw("SELECT COUNT(*) AS n FROM screening_snapshots WHERE superseded_at IS NULL").first(decoding: Row.self))?.n ?? 0 > 0 else { return }
        try await queue(snapshot: nil, company: company, now: now, on: sql)
    }

    /// What a pass did.
    struct Result: Sendable, Equatable {
        var runs = 0
        var partners = 0
        var raised = 0
        var cleared = 0
    }

    /// Runs every pending run (and any left running by a restart), oldest first.
    @discardableResult
    func runPending() async throws -> Result {
        let sql = app.db as! any SQLDatabase
        struct Pending: Decodable { let id: UUID; let company_id: UUID? }
        let pending = try await sql.raw("""
        SELECT id, company_id FROM screening_runs WHERE status IN (\(binds: [Status.pending.rawValue, Status.running.rawValue]))
        ORDER BY created_at, id
        """).all(decoding: Pending.self)
        var result = Result()
        for run in pending {
            do {
                let outcome = try await self.run(run.id, company: run.company_id.map(CompanyID.init))
                result.runs += 1
                result.partners += outcome.screened
                result.raised += outcome.raised
                result.cleared += outcome.cleared
            } catch {
                app.logger.error("screening run \(run.id) failed: \(String(reflecting: error))")
                let now = app.clock.now()
                let message = String(String(describing: error).prefix(500))
                try await app.writeGate.transaction(on: app.db) { tx in
                    try await (tx as! any SQLDatabase).raw("""
                    UPDATE screening_runs SET status = \(bind: Status.failed.rawValue), error = \(bind: message), finished_at = \(bind: now)
                    WHERE id = \(bind: run.id)
                    """).run()
                }
            }
        }
        return result
    }

    /// One run: every non-archived partner of its company (or of every company), in batches.
    func run(_ id: UUID, company: CompanyID?) async throws -> ScreeningService.Outcome {
        let sql = app.db as! any SQLDatabase
        struct Count: Decodable { let n: Int }
        let archived = BusinessPartnerStatus.archived.rawValue
        var count: SQLQueryString = "SELECT COUNT(*) AS n FROM business_partners WHERE status <> \(bind: archived)"
        if let company { count += " AND company_id = \(bind: company.rawValue)" }
        let total = try await sql.raw(count).first(decoding: Count.self)?.n ?? 0
        let started = app.clock.now()
        try await progress(id, set: "status = \(bind: Status.running.rawValue), started_at = \(bind: started), partners_total = \(bind: total), partners_done = 0, new_hits = 0, cleared_hits = 0")

        let service = ScreeningService(app: app)
        let snapshots = try await service.store.loadCurrent()
        var outcome = ScreeningService.Outcome()
        struct Row: Decodable { let company_id: UUID; let id: UUID; let legal_name: String; let other_names: String; let country: String }
        var after: (UUID, UUID)?
        while true {
            var page: SQLQueryString = "SELECT company_id, id, legal_name, other_names, country FROM business_partners WHERE status <> \(bind: archived)"
            if let company { page += " AND company_id = \(bind: company.rawValue)" }
            if let (lastCompany, lastID) = after {
                page += " AND (company_id > \(bind: lastCompany) OR (company_id = \(bind: lastCompany) AND id > \(bind: lastID)))"
            }
            page += " ORDER BY company_id, id LIMIT \(literal: Self.batch)"
            let rows = try await sql.raw(page).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = (last.company_id, last.id)
            for (companyID, group) in Dictionary(grouping: rows, by: \.company_id).sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                let partners = group.map { ScreeningService.PartnerRow(id: $0.id, legal_name: $0.legal_name, other_names: $0.other_names, country: $0.country) }
                let done = try await service.screen(company: CompanyID(companyID), rows: partners, snapshots: snapshots)
                outcome.screened += done.screened
                outcome.raised += done.raised
                outcome.cleared += done.cleared
            }
            try await progress(id, set: "partners_done = \(bind: outcome.screened), new_hits = \(bind: outcome.raised), cleared_hits = \(bind: outcome.cleared)")
        }
        try await progress(id, set: "status = \(bind: Status.done.rawValue), finished_at = \(bind: app.clock.now()), partners_done = \(bind: outcome.screened), new_hits = \(bind: outcome.raised), cleared_hits = \(bind: outcome.cleared)")
        return outcome
    }

    private func progress(_ id: UUID, set: SQLQueryString) async throws {
        try await app.writeGate.transaction(on: app.db) { tx in
            try await (tx as! any SQLDatabase).raw("UPDATE screening_runs SET " + set + " WHERE id = \(bind: id)").run()
        }
    }
}

extension BackgroundJob {
    /// Picks pending screening runs every few seconds while serving. Off in tests, which run
    /// `ScreeningRuns.runPending()` by hand.
    static func screeningRuns() -> BackgroundJob {
        BackgroundJob("screening pass", schedule: { app in
            Schedule(interval: app.environment == .testing ? nil : 5, firstDelay: 5)
        }, pass: { app in
            let result = try await ScreeningRuns(app: app).runPending()
            if result.runs > 0 {
                app.logger.info("screening: \(result.runs) runs, \(result.partners) partners, \(result.raised) hits raised, \(result.cleared) cleared")
            }
        })
    }
}
