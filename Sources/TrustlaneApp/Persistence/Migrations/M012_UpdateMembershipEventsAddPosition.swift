import Fluent
import SQLKit

/// Events of one application get a gap-free position, so their order never depends on two
/// events sharing a timestamp.
struct UpdateMembershipEventsAddPosition: AsyncMigration {
    var name: String { "012_UpdateMembershipEventsAddPosition" }

    func prepare(on database: any Database) async throws {
        try await database.schema("membership_events").field("position", .int).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "membership_events_position_idx").on("membership_events").column("application_id").column("position").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "membership_events_position_idx").run()
        try await database.schema("membership_events").deleteField("position").update()
    }
}
