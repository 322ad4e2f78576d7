import Fluent
import SQLKit

/// Memberships of people in companies, and invitations to become one.
struct CreateMemberships: AsyncMigration {
    var name: String { "003_CreateMemberships" }

    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("created_at", .datetime)
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "company_id", "user_id")
            .create()

        try await database.schema("invitations")
            .id()
            .field("created_at", .datetime)
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .field("accepted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "token_hash")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "memberships_user_idx").on("memberships").column("user_id").run()
        try await sql.create(index: "invitations_company_idx").on("invitations").column("company_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invitations").delete()
        try await database.schema("memberships").delete()
    }
}
