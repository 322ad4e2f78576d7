import Fluent
import Foundation
import SQLKit

/// The audit chain that says what it protects (issue 18, docs/AUDIT.md):
/// - `audit_entries.key_id`: the id of the key an entry's hash was made with (HMAC-SHA256);
///   NULL for the plain SHA-256 of every entry written before, which stay verifiable as they are.
/// - `installations`: one row, this installation's id, made here once; checkpoints name it so
///   one installation's checkpoint is never checked against another's chain.
/// - `audit_checkpoints`: the signed checkpoints made (by command or on schedule), so the
///   schedule survives restarts and the administrator's page shows the last one. The copy that
///   counts is the one sent away; this table is only a log.
struct CreateAuditKeyingAndCheckpoints: AsyncMigration {
    var name: String { "036_CreateAuditKeyingAndCheckpoints" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries").field("key_id", .string).update()

        try await database.schema("installations")
            .id()
            .field("created_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).insert(into: "installations").columns("id", "created_at")
            .values(SQLBind(UUID()), SQLBind(Date())).run()

        try await database.schema("audit_checkpoints")
            .id()
            // Managed fields.
            .field("created_at", .datetime, .required)
            // What was signed.
            .field("entry_count", .int64, .required)
            .field("head_hash", .string, .required)
            .field("key_id", .string, .required)
            // `command` or `schedule`; the checkpoint file as made.
            .field("source", .string, .required)
            .field("file_text", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "audit_checkpoints_created_idx").on("audit_checkpoints")
            .column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_checkpoints").delete()
        try await database.schema("installations").delete()
        try await database.schema("audit_entries").deleteField("key_id").update()
    }
}
