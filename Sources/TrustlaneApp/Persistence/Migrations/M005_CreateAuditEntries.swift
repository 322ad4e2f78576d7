import Fluent
import SQLKit

/// The append-only audit trail. No foreign keys: entries outlive what they describe.
struct CreateAuditEntries: AsyncMigration {
    var name: String { "005_CreateAuditEntries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at", .datetime, .required)
            .field("actor_user_id", .uuid)
            .field("company_id", .uuid)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .string)
            .field("changes", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_entries_company_idx").on("audit_entries").column("company_id").column("seq").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
