import Fluent
import SQLKit

/// The incident register (issue 17, MSC 7.23-7.37, 6.1, 7.25): incidents and anomalies with who
/// found what and when, what they touch, whom the company told and when, the investigation's
/// timeline, findings and root cause, and the anonymous reporting link. Corrective actions stay
/// in `corrective_actions` (source `incident`). Entries raised by inspections, seal checks and
/// seal audits carry a `source_key` so that the same finding opens one entry only.
struct CreateIncidents: AsyncMigration {
    var name: String { "028_CreateIncidents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("incidents")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // The company's running number: INC-1, INC-2...
            .field("number", .int, .required)
            .field("type", .string, .required)
            .field("severity", .string, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            // `inspection:<id>`, `seal_check:<id>`, `seal_audit:<seal number>`: one entry a finding.
            .field("source_key", .string)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("location", .string)
            .field("discovered_at", .datetime, .required)
            .field("discovered_by", .string, .required)
            .field("found_by_cbp", .bool, .required)
            .field("reported_by", .uuid, .references("users", "id", onDelete: .setNull))
            // An anonymous report's receipt code, as a SHA-256 digest; and the contact it left, if any.
            .field("receipt_digest", .string)
            .field("reporter_contact", .string)
            .field("investigation_started_at", .datetime)
            .field("findings", .string)
            .field("root_cause", .string)
            .field("not_reported_reason", .string)
            .field("dismissed_reason", .string)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "number")
            .unique(on: "company_id", "source_key")
            .create()
        try await database.schema("incident_links")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("incident_id", .uuid, .required, .references("incidents", "id", onDelete: .cascade))
            // shipment, seal, inspection or partner.
            .field("kind", .string, .required)
            // The id (or, for a seal, its number).
            .field("target", .string, .required)
            .field("label", .string, .required)
            .unique(on: "incident_id", "kind", "target")
            .create()
        try await database.schema("incident_notifications")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("incident_id", .uuid, .required, .references("incidents", "id", onDelete: .cascade))
            .field("target", .string, .required)
            .field("recipient", .string, .required)
            .field("notified_by", .string, .required)
            .field("notified_at", .datetime, .required)
            .field("channel", .string, .required)
            .field("note", .string)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema("incident_entries")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("incident_id", .uuid, .required, .references("incidents", "id", onDelete: .cascade))
            // note (the investigation's timeline), follow_up (the anonymous reporter), status (a change of status).
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("body", .string, .required)
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("incident_settings")
            .field("company_id", .uuid, .identifier(auto: false), .references("companies", "id", onDelete: .cascade))
            // The key in the public anonymous reporting link (`/report/<key>`); null when the link is off.
            .field("report_key", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "report_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX incidents_register_idx ON incidents (company_id, created_at)").run()
        try await sql.raw("CREATE INDEX incidents_receipt_idx ON incidents (receipt_digest)").run()
        try await sql.raw("CREATE INDEX incident_links_incident_idx ON incident_links (incident_id)").run()
        try await sql.raw("CREATE INDEX incident_links_target_idx ON incident_links (company_id, kind, target)").run()
        try await sql.raw("CREATE INDEX incident_notifications_incident_idx ON incident_notifications (incident_id, notified_at)").run()
        try await sql.raw("CREATE INDEX incident_entries_incident_idx ON incident_entries (incident_id, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("incident_settings").delete()
        try await database.schema("incident_entries").delete()
        try await database.schema("incident_notifications").delete()
        try await database.schema("incident_links").delete()
        try await database.schema("incidents").delete()
    }
}
