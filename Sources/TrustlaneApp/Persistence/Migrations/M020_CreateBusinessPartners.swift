import Fluent
import SQLKit

/// The business-partner registry (issue 15): partners, their identifiers (one row each, unique
/// in the company, so no two partners share a registration number even under concurrent
/// writes), the search terms of every name and alias (one row per normalised token, indexed,
/// so a name search at 100,000 partners reads an index range, not the table), and uploaded
/// imports waiting for confirmation after their preview.
struct CreateBusinessPartners: AsyncMigration {
    var name: String { "020_CreateBusinessPartners" }

    func prepare(on database: any Database) async throws {
        try await database.schema("business_partners")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // The company's own code, and its lower-case form for uniqueness (NULLs never collide).
            .field("reference", .string)
            .field("reference_key", .string)
            .field("legal_name", .string, .required)
            // PartyName tokens of the legal name: the list's sort order.
            .field("name_key", .string, .required)
            // One per line.
            .field("other_names", .string, .required)
            .field("country", .string, .required)
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("address", .string)
            // `scheme:value`, one per line, as typed.
            .field("identifiers", .string, .required)
            .field("sites", .string)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("notes", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "reference_key")
            .create()
        try await database.schema("business_partner_identifiers")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .unique(on: "company_id", "key")
            .create()
        try await database.schema("business_partner_terms")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("term", .string, .required)
            .create()
        try await database.schema("business_partner_imports")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("file_name", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime, .required)
            .field("imported_at", .datetime)
            .field("imported_count", .int)
            .create()
        // Partners by status, kept by every write that adds partners or changes a status, so the
        // list's counts are one row to read, not a count of 100,000.
        try await database.schema("business_partner_counts")
            .field("company_id", .uuid, .identifier(auto: false), .references("companies", "id", onDelete: .cascade))
            .field("active", .int, .required)
            .field("blocked", .int, .required)
            .field("archived", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX business_partners_status_idx ON business_partners (company_id, status)").run()
        try await sql.raw("CREATE INDEX business_partners_list_idx ON business_partners (company_id, name_key)").run()
        try await sql.raw("CREATE INDEX business_partner_terms_idx ON business_partner_terms (company_id, term)").run()
        try await sql.raw("CREATE INDEX business_partner_terms_partner_idx ON business_partner_terms (partner_id)").run()
        try await sql.raw("CREATE INDEX business_partner_identifiers_partner_idx ON business_partner_identifiers (partner_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("business_partner_counts").delete()
        try await database.schema("business_partner_imports").delete()
        try await database.schema("business_partner_terms").delete()
        try await database.schema("business_partner_identifiers").delete()
        try await database.schema("business_partners").delete()
    }
}
