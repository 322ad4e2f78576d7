import Fluent

/// Outbox delivery and status verification: each company's webhook (one per company; the
/// secret signs every delivery), and an index for the verification page's link list.
struct CreateCompanyWebhooks: AsyncMigration {
    var name: String { "011_CreateCompanyWebhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("company_webhooks")
            .id()
            // data
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("url", .string, .required)
            .field("secret", .string, .required)
            // managed
            .field("updated_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            // constraints
            .unique(on: "company_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("company_webhooks").delete()
    }
}
