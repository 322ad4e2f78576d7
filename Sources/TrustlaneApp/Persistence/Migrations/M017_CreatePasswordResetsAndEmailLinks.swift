import Fluent
import SQLKit

/// Links sent by email (issue 13): invitations can be revoked; the outbox can write to an
/// address that has no account yet (an invitee), in the language chosen for it; forgotten
/// passwords are reset through single-use links; each person has a time zone for dates.
struct CreatePasswordResetsAndEmailLinks: AsyncMigration {
    var name: String { "017_CreatePasswordResetsAndEmailLinks" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema("invitations").field("revoked_at", .datetime).update()
        try await database.schema("notifications").field("recipient_email", .string).update()
        try await database.schema("notifications").field("recipient_language", .string).update()
        try await database.schema("users").field("time_zone", .string).update()
        try await database.schema("password_resets")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            // SHA-256 of the token; the token itself is only ever in the emailed link.
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "password_resets_user_idx").on("password_resets").column("user_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
        try await database.schema("users").deleteField("time_zone").update()
        try await database.schema("notifications").deleteField("recipient_language").update()
        try await database.schema("notifications").deleteField("recipient_email").update()
        try await database.schema("invitations").deleteField("revoked_at").update()
    }
}
