import Fluent
import SQLKit

/// Files attached to the daily records (issue 17): an incident's attachments (from the members
/// or from the anonymous reporter through the public link), a training session's signed
/// attendance roster and its materials. The bytes live in the evidence store under their
/// SHA-256, as evidence files do; these rows say which record they belong to, and are read only
/// through that record's pages (not the evidence library), under its readers' roles.
struct CreateRecordFiles: AsyncMigration {
    var name: String { "048_CreateRecordFiles" }

    func prepare(on database: any Database) async throws {
        try await database.schema("record_files")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // incident or training_session.
            .field("record_kind", .string, .required)
            .field("record_id", .uuid, .required)
            // attachment (incidents), roster or material (training sessions).
            .field("purpose", .string, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            // Null for the anonymous reporter.
            .field("uploaded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("uploaded_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX record_files_record_idx ON record_files (company_id, record_kind, record_id)").run()
        try await sql.raw("CREATE INDEX record_files_sha256_idx ON record_files (sha256)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("record_files").delete()
    }
}
