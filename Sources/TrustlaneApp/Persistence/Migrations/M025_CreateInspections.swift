import Fluent
import SQLKit

/// Conveyance inspections (issue 16, MSC 5.3-5.8 and 8.1). Append-only: one row per version of
/// an inspection; a correction adds version n + 1 and marks version n superseded, so the record
/// a validator samples shows what was written at the dock and what was changed later, by whom
/// and why. The point results of a version are kept with it as JSON (one row per record, so a
/// 17-point inspection is one insert); failed points also get a row each, for the per-point
/// failure counts and the unit's hold.
struct CreateInspections: AsyncMigration {
    var name: String { "025_CreateInspections" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspections")
            .id()
            // The inspection's id across its versions.
            .field("inspection_id", .uuid, .required)
            .field("version", .int, .required)
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("checklist_key", .string, .required)
            .field("checklist_version", .int, .required)
            .field("conveyance", .string, .required)
            .field("container_number", .string)
            .field("tractor_plate", .string)
            .field("trailer_plate", .string)
            .field("unit_reference", .string)
            .field("refrigerated", .bool, .required)
            .field("site", .string, .required)
            .field("yard_location", .string)
            .field("inspected_at", .datetime, .required)
            .field("inspector_id", .uuid, .required, .references("users", "id"))
            // passed, on_hold or awaiting_sign_off (InspectionStatus), kept on write for the log.
            .field("status", .string, .required)
            .field("failed_count", .int, .required)
            // [{"point": key, "outcome": pass|fail|not_applicable, "note": text?}] in checklist order.
            .field("results", .string, .required)
            .field("signed_off_by", .uuid, .references("users", "id"))
            .field("signed_off_at", .datetime)
            // Picked for a management re-inspection (5.8) when recorded.
            .field("reinspection_due", .bool, .required)
            // This inspection is management's re-inspection of that one (its inspection_id).
            .field("reinspection_of", .uuid)
            .field("correction_reason", .string)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .field("superseded_at", .datetime)
            // The client's key for this submission (offline sync): a repeat returns the first.
            .field("client_key", .string)
            .unique(on: "inspection_id", "version")
            .unique(on: "company_id", "client_key")
            .create()
        try await database.schema("inspection_failures")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("record_id", .uuid, .required, .references("inspections", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .field("checklist_key", .string, .required)
            .field("point_key", .string, .required)
            .field("inspected_at", .datetime, .required)
            .create()
        // Photos taken at the dock (MSC 5.5, 7.5): files of the company's evidence store, linked to
        // the inspection and, when taken for one, to a point.
        try await database.schema("inspection_photos")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("inspection_id", .uuid, .required)
            .field("point_key", .string)
            .field("evidence_id", .uuid, .required, .references("evidence_files", "id", onDelete: .cascade))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            // The phone's key for this photo (offline sync): sent again, it is not stored twice.
            .field("client_key", .string)
            .unique(on: "inspection_id", "evidence_id")
            .unique(on: "company_id", "client_key")
            .create()
        // The sites a company inspects at, kept on write: the log's filter reads a few rows, not a
        // DISTINCT over a year of inspections.
        try await database.schema("inspection_sites")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .unique(on: "company_id", "site")
            .create()
        // Inspections a day at each site, kept on write (done, and held at the moment): the summary
        // reads a few hundred counters, not a year of inspections.
        try await database.schema("inspection_days")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .field("day", .string, .required)
            .field("done", .int, .required)
            .field("held", .int, .required)
            .unique(on: "company_id", "site", "day")
            .create()
        try await database.schema("inspection_settings")
            .field("company_id", .uuid, .identifier(auto: false), .references("companies", "id", onDelete: .cascade))
            .field("requires_sign_off", .bool, .required)
            .field("reinspection_percent", .int, .required)
            // Retention (MSC 5.7: at least a year) and a legal hold that keeps everything.
            .field("retention_months", .int, .required)
            .field("legal_hold", .bool, .required)
            .field("legal_hold_reason", .string)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // The log: the company's current versions, newest first, whole or by site.
        try await sql.raw("CREATE INDEX inspections_log_idx ON inspections (company_id, inspected_at)").run()
        try await sql.raw("CREATE INDEX inspections_site_idx ON inspections (company_id, site, inspected_at)").run()
        try await sql.raw("CREATE INDEX inspections_reinspection_idx ON inspections (reinspection_of)").run()
        try await sql.raw("CREATE INDEX inspection_failures_idx ON inspection_failures (company_id, site, point_key)").run()
        try await sql.raw("CREATE INDEX inspection_failures_record_idx ON inspection_failures (record_id)").run()
        try await sql.raw("CREATE INDEX inspection_failures_time_idx ON inspection_failures (company_id, inspected_at)").run()
        try await sql.raw("CREATE INDEX inspection_photos_idx ON inspection_photos (company_id, inspection_id)").run()
    }

    func revert(on database: any Database) async throws {
        // Photos taken at the dock (MSC 5.5, 7.5): files of the company's evidence store, linked to
        // the inspection and, when taken for one, to a point.
        try await database.schema("inspection_photos")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("inspection_id", .uuid, .required)
            .field("point_key", .string)
            .field("evidence_id", .uuid, .required, .references("evidence_files", "id", onDelete: .cascade))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            // The phone's key for this photo (offline sync): sent again, it is not stored twice.
            .field("client_key", .string)
            .unique(on: "inspection_id", "evidence_id")
            .unique(on: "company_id", "client_key")
            .create()
        try await database.schema("inspection_settings").delete()
        try await database.schema("inspection_days").delete()
        try await database.schema("inspection_sites").delete()
        try await database.schema("inspection_photos").delete()
        try await database.schema("inspection_failures").delete()
        try await database.schema("inspections").delete()
    }
}
