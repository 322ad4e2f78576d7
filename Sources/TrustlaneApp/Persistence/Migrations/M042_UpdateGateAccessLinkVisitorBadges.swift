import Fluent
import SQLKit

/// A visitor's badge is one of the inventory's (issue 17, MSC 10.1, 10.2): the visit names the
/// badge handed out at check-in, and the badge the visit it is out with, so checking the visitor
/// out returns it. Both null for visits without a badge and badges not with a visitor.
struct UpdateGateAccessLinkVisitorBadges: AsyncMigration {
    var name: String { "042_UpdateGateAccessLinkVisitorBadges" }

    func prepare(on database: any Database) async throws {
        try await database.schema("gate_visits").field("badge_id", .uuid).update()
        try await database.schema("gate_badges").field("visit_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("gate_badges").deleteField("visit_id").update()
        try await database.schema("gate_visits").deleteField("badge_id").update()
    }
}
