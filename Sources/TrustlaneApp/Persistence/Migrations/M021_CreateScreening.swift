import Fluent
import SQLKit

/// Denied-party screening (issue 15): list snapshots and their entries (platform-wide public
/// data, kept so a restart rebuilds each current snapshot's index from the database), the hits
/// raised against a company's partners with their decisions, the false positives remembered per
/// partner and entry, and the re-screening runs a new snapshot or a partner import starts.
struct CreateScreening: AsyncMigration {
    var name: String { "021_CreateScreening" }

    func prepare(on database: any Database) async throws {
        try await database.schema("screening_snapshots")
            .id()
            // ScreeningListKind raw value.
            .field("kind", .string, .required)
            .field("source", .string, .required)
            // The publication day the administrator states, YYYY-MM-DD.
            .field("published_on", .string, .required)
            // `file sha256` per line, in upload order.
            .field("files_sha256", .string, .required)
            .field("entry_count", .int, .required)
            .field("threshold", .double, .required)
            .field("imported_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("imported_at", .datetime, .required)
            // Set when a newer snapshot of the same kind is imported; NULL for the current one.
            .field("superseded_at", .datetime)
            .create()
        try await database.schema("screening_entries")
            .field("snapshot_id", .uuid, .required, .references("screening_snapshots", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("type", .string, .required)
            // One per line.
            .field("programs", .string, .required)
            .field("aliases", .string, .required)
            // One address per line, its parts (street, city line, country) separated by U+001F.
            .field("addresses", .string, .required)
            .field("remarks", .string, .required)
            .field("source", .string, .required)
            .field("listed_on", .string)
            .create()
        try await database.schema("screening_hits")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("snapshot_id", .uuid, .required, .references("screening_snapshots", "id", onDelete: .cascade))
            .field("list_kind", .string, .required)
            .field("entry_number", .string, .required)
            .field("listed_name", .string, .required)
            .field("partner_name", .string, .required)
            .field("score", .double, .required)
            .field("explanation", .string, .required)
            .field("country_agrees", .bool, .required)
            // ScreeningHitStatus raw value.
            .field("status", .string, .required)
            .field("decision_reason", .string)
            .field("decided_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            .field("partner_fingerprint", .string, .required)
            .field("entry_fingerprint", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("screening_false_positives")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("list_kind", .string, .required)
            .field("entry_number", .string, .required)
            .field("partner_fingerprint", .string, .required)
            .field("entry_fingerprint", .string, .required)
            .field("hit_id", .uuid, .required, .references("screening_hits", "id", onDelete: .cascade))
            .field("decided_at", .datetime, .required)
            .unique(on: "partner_id", "list_kind", "entry_number")
            .create()
        try await database.schema("screening_runs")
            .id()
            // A new snapshot re-screens every company; an import re-screens one (company_id set).
            .field("snapshot_id", .uuid, .references("screening_snapshots", "id", onDelete: .cascade))
            .field("company_id", .uuid, .references("companies", "id", onDelete: .cascade))
            // pending, running, done, failed.
            .field("status", .string, .required)
            .field("partners_total", .int, .required)
            .field("partners_done", .int, .required)
            .field("new_hits", .int, .required)
            .field("cleared_hits", .int, .required)
            .field("error", .string)
            .field("created_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX screening_entries_snapshot_idx ON screening_entries (snapshot_id, position)").run()
        try await sql.raw("CREATE INDEX screening_hits_company_idx ON screening_hits (company_id, status, created_at)").run()
        try await sql.raw("CREATE INDEX screening_hits_partner_idx ON screening_hits (partner_id, list_kind, entry_number)").run()
        try await sql.raw("CREATE INDEX screening_runs_status_idx ON screening_runs (status, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("screening_runs").delete()
        try await database.schema("screening_false_positives").delete()
        try await database.schema("screening_hits").delete()
        try await database.schema("screening_entries").delete()
        try await database.schema("screening_snapshots").delete()
    }
}
