import Fluent
import SQLKit

/// Companies, their entity types and identifiers.
struct CreateCompanies: AsyncMigration {
    var name: String { "002_CreateCompanies" }

    func prepare(on database: any Database) async throws {
        try await database.schema("companies")
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("legal_name", .string, .required)
            .field("country", .string, .required)
            .field("address", .string)
            .create()

        try await database.schema("company_entity_types")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("entity_type", .string, .required)
            .unique(on: "company_id", "entity_type")
            .create()

        try await database.schema("company_identifiers")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("label", .string)
            .field("value", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "companies_legal_name_idx").on("companies").column("legal_name").run()
        try await sql.create(index: "company_identifiers_company_idx").on("company_identifiers").column("company_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("company_identifiers").delete()
        try await database.schema("company_entity_types").delete()
        try await database.schema("companies").delete()
    }
}
