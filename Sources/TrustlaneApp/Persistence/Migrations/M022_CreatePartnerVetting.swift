import Fluent
import SQLKit

/// Vetting of business partners (issue 15, MSC 3.4-3.7): each partner's stated volume, its
/// stored tier and reassessment dates (so the list and the clocks read a column, not a
/// computation per row), its status proofs, every assessment kept (3.7), and the partner's own
/// corrective actions (3.6). Dates are `YYYY-MM-DD` text, as the program's other days.
struct CreatePartnerVetting: AsyncMigration {
    var name: String { "022_CreatePartnerVetting" }

    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds a single column per ALTER TABLE.
        for (field, type) in [("volume", DatabaseSchema.DataType.string), ("tier", .string), ("tier_points", .int), ("last_assessed_on", .string),
                              ("next_assessment_on", .string), ("early_trigger_on", .string), ("early_trigger_reason", .string)] {
            try await database.schema("business_partners").field(FieldKey(stringLiteral: field), type).update()
        }
        try await database.schema("business_partner_proofs")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("program", .string, .required)
            .field("number", .string, .required)
            .field("country", .string)
            .field("valid_until", .string)
            .field("verified_on", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("business_partner_assessments")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("method", .string, .required)
            .field("completed_on", .string, .required)
            .field("tier", .string, .required)
            .field("points", .int, .required)
            // The factors as assessed, one `key points detail` line each: the record keeps why.
            .field("factors", .string, .required)
            .field("notes", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("business_partner_actions")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("closed_on", .string)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX business_partners_next_assessment_idx ON business_partners (company_id, next_assessment_on)").run()
        try await sql.raw("CREATE INDEX business_partner_proofs_partner_idx ON business_partner_proofs (partner_id)").run()
        try await sql.raw("CREATE INDEX business_partner_assessments_partner_idx ON business_partner_assessments (partner_id, completed_on)").run()
        try await sql.raw("CREATE INDEX business_partner_actions_partner_idx ON business_partner_actions (partner_id, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("business_partner_actions").delete()
        try await database.schema("business_partner_assessments").delete()
        try await database.schema("business_partner_proofs").delete()
        for field in ["volume", "tier", "tier_points", "last_assessed_on", "next_assessment_on", "early_trigger_on", "early_trigger_reason"] {
            try await database.schema("business_partners").deleteField(FieldKey(stringLiteral: field)).update()
        }
    }
}
