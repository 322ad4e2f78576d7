import Fluent
import SQLKit

/// The seal stock (issue 16, MSC 6.1, 6.5, 6.6), stored compactly: one row per received batch
/// (its number range), one row per seal that has left stock or changed state (a seal of a
/// received range with no row is in stock, so a batch of 100,000 is one row until seals are
/// issued), and the seal log's events, append-only, each with who and when.
struct CreateSeals: AsyncMigration {
    var name: String { "026_CreateSeals" }

    func prepare(on database: any Database) async throws {
        try await database.schema("seal_batches")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // The range: `prefix` + the number zero-padded to `width` digits, first to last.
            .field("prefix", .string, .required)
            .field("width", .int, .required)
            .field("first_value", .int64, .required)
            .field("last_value", .int64, .required)
            .field("seal_count", .int, .required)
            .field("first_number", .string, .required)
            .field("last_number", .string, .required)
            .field("seal_class", .string, .required)
            .field("seal_type", .string)
            .field("maker", .string, .required)
            .field("storage_place", .string, .required)
            .field("custodian_id", .uuid, .references("users", "id", onDelete: .setNull))
            // The maker's ISO 17712 certificate, a file of the company's evidence store.
            .field("certificate_evidence_id", .uuid, .references("evidence_files", "id", onDelete: .setNull))
            .field("certificate_expires", .string)
            .field("received_on", .string, .required)
            .field("received_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("seals")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("batch_id", .uuid, .required, .references("seal_batches", "id", onDelete: .cascade))
            .field("number", .string, .required)
            .field("state", .string, .required)
            .field("issued_to", .string)
            .field("shipment_reference", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "number")
            .create()
        try await database.schema("seal_events")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("batch_id", .uuid, .required, .references("seal_batches", "id", onDelete: .cascade))
            .field("number", .string, .required)
            .field("event", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("issued_to", .string)
            .field("shipment_reference", .string)
            .field("reason", .string)
            .field("actor_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // Finding the batch of a number: same prefix and width, first_value <= n, by the index.
        try await sql.raw("CREATE INDEX seal_batches_range_idx ON seal_batches (company_id, prefix, width, first_value)").run()
        try await sql.raw("CREATE INDEX seals_batch_state_idx ON seals (batch_id, state)").run()
        try await sql.raw("CREATE INDEX seal_events_number_idx ON seal_events (company_id, number, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("seal_events").delete()
        try await database.schema("seals").delete()
        try await database.schema("seal_batches").delete()
    }
}
