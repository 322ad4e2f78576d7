import Fluent

/// Accounts.
struct CreateUsers: AsyncMigration {
    var name: String { "001_CreateUsers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            // managed
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // data
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("language", .string)
            .field("is_administrator", .bool, .required)
            .field("is_reviewer", .bool, .required)
            .field("is_consultant", .bool, .required)
            // constraints
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
