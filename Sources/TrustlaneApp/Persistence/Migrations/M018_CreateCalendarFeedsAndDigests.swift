import Fluent
import SQLKit

/// Calendars and digests (issue 14): each person may hold one private calendar-feed link (only
/// its SHA-256 is stored; a new link replaces the old one, revoking it), and may turn the weekly
/// email digest off (unset means on).
struct CreateCalendarFeedsAndDigests: AsyncMigration {
    var name: String { "018_CreateCalendarFeedsAndDigests" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("weekly_digest", .bool).update()
        try await database.schema("calendar_feeds")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_read_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
        try await database.schema("users").deleteField("weekly_digest").update()
    }
}
