import Fluent
import SQLKit

/// Retention of the field records (issue 16): the seal log and shipments join the Records hub's
/// kinds (M041's `record_retention` holds their settings, no new table), and client keys are
/// forgotten after a bounded window (`ClientSubmissions.keptDays`).
/// - `seal_events (company_id, at)`: the pack's count and draws, and retention, by time.
/// - `seals.removed_shipment_id`: the shipment a seal was used on, kept on the seal when that
///   shipment's record is removed by retention, so the seal audit still counts the seal as used
///   (not "affixed on no shipment").
/// - `client_submissions (created_at)`: the purge of old keys reads a range, not the table.
struct UpdateFieldRecordsAddRetention: AsyncMigration {
    var name: String { "046_UpdateFieldRecordsAddRetention" }

    func prepare(on database: any Database) async throws {
        try await database.schema("seals").field("removed_shipment_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX seal_events_time_idx ON seal_events (company_id, at)").run()
        try await sql.raw("CREATE INDEX client_submissions_created_idx ON client_submissions (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX client_submissions_created_idx").run()
        try await sql.raw("DROP INDEX seal_events_time_idx").run()
        try await database.schema("seals").deleteField("removed_shipment_id").update()
    }
}
