import Fluent
import SQLKit

/// Imported catalog versions and companies' eligibility checks.
struct CreateCatalogsAndEligibility: AsyncMigration {
    var name: String { "006_CreateCatalogsAndEligibility" }

    func prepare(on database: any Database) async throws {
        try await database.schema("catalog_versions")
            .id()
            .field("catalog_id", .string, .required)
            .field("program", .string, .required)
            .field("version", .string, .required)
            .field("format", .string, .required)
            .field("content", .string, .required)
            .field("digest", .string, .required)
            .field("imported_at", .datetime, .required)
            .unique(on: "catalog_id")
            .create()

        try await database.schema("eligibility_checks")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("entity_type", .string, .required)
            .field("catalog_id", .string, .required)
            .field("answers", .string, .required)
            .field("status", .string, .required)
            .field("reasons", .string, .required)
            .field("answered_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("answered_at", .datetime, .required)
            .field("locked_at", .datetime)
            .unique(on: "company_id", "entity_type")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("eligibility_checks").delete()
        try await database.schema("catalog_versions").delete()
    }
}
