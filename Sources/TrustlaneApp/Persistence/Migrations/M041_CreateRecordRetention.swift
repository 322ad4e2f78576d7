import Fluent
import SQLKit

/// Retention and legal hold per kind of daily record (issue 17: "retention per record type, as
/// for inspections"): incidents, training sessions, the visitor log and the pickup log, one row
/// per company and kind (none: the default five years, no hold). The index lets the validation
/// pack draw incidents by the time they were discovered.
struct CreateRecordRetention: AsyncMigration {
    var name: String { "041_CreateRecordRetention" }

    func prepare(on database: any Database) async throws {
        try await database.schema("record_retention")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // DailyRecordKind: incidents, training, visits or pickups.
            .field("record_kind", .string, .required)
            .field("retention_months", .int, .required)
            .field("legal_hold", .bool, .required)
            .field("legal_hold_reason", .string)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "record_kind")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX incidents_discovered_idx ON incidents (company_id, discovered_at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX incidents_discovered_idx").run()
        try await database.schema("record_retention").delete()
    }
}
