import Fluent
import SQLKit

/// The certification lifecycle: one application per company and entity type (hot columns for
/// the reviewer queue plus the whole state as JSON), its event history, validations and their
/// findings, status-verification connections and links, and the notification outbox.
struct CreateMembershipLifecycle: AsyncMigration {
    var name: String { "008_CreateMembershipLifecycle" }

    func prepare(on database: any Database) async throws {
        try await database.schema("membership_applications")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("entity_type", .string, .required)
            .field("status", .string, .required)
            .field("tier", .string)
            .field("assigned_reviewer_id", .uuid)
            .field("applied_at", .datetime)
            .field("certified_at", .datetime)
            .field("next_due_on", .string)
            .field("next_due_kind", .string)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "entity_type")
            .create()

        try await database.schema("membership_events")
            .id()
            .field("application_id", .uuid, .required, .references("membership_applications", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_role", .string, .required)
            .field("details", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()

        try await database.schema("validations")
            .id()
            .field("application_id", .uuid, .required, .references("membership_applications", "id", onDelete: .cascade))
            .field("plan", .string, .required)
            .field("outcome", .string)
            .field("report_notes", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .create()

        try await database.schema("validation_findings")
            .id()
            .field("validation_id", .uuid, .required, .references("validations", "id", onDelete: .cascade))
            .field("criterion_id", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("monitoring_connections")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("state", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "partner_company_id")
            .create()

        try await database.schema("verification_links")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("state", .string, .required)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema("notifications")
            .id()
            .field("dedupe_key", .string, .required)
            .field("recipient_id", .uuid)
            .field("company_id", .uuid)
            .field("channel", .string, .required)
            .field("message_key", .string, .required)
            .field("parameters", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .unique(on: "dedupe_key", "recipient_id", "channel")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "membership_applications_queue_idx").on("membership_applications").column("next_due_on").column("id").run()
        try await sql.create(index: "membership_applications_status_idx").on("membership_applications").column("status").run()
        try await sql.create(index: "membership_events_application_idx").on("membership_events").column("application_id").column("occurred_at").run()
        try await sql.create(index: "validation_findings_validation_idx").on("validation_findings").column("validation_id").run()
        try await sql.create(index: "notifications_recipient_idx").on("notifications").column("recipient_id").column("channel").column("read_at").run()
        try await sql.create(index: "notifications_outbox_idx").on("notifications").column("channel").column("sent_at").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["notifications", "verification_links", "monitoring_connections", "validation_findings", "validations",
                      "membership_events", "membership_applications"] {
            try await database.schema(table).delete()
        }
    }
}
