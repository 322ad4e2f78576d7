import Fluent
import SQLKit

/// Browser sessions, API tokens and the sign-in throttle.
struct CreateSessionsAndTokens: AsyncMigration {
    var name: String { "004_CreateSessionsAndTokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("current_company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("token_prefix", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema("sign_in_throttles")
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "sessions_user_idx").on("sessions").column("user_id").run()
        try await sql.create(index: "api_tokens_user_idx").on("api_tokens").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_throttles").delete()
        try await database.schema("api_tokens").delete()
        try await database.schema("sessions").delete()
    }
}
