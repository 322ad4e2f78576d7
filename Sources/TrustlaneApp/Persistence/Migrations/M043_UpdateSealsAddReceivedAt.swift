import Fluent

/// When a seal affixed or checked offline reached the server (issue 16, `DoneAt`): `affixed_at`
/// and `checked_at` keep the time the work was done, as the phone said, and `received_at` the
/// server's time of receipt. Rows written before have none: they were recorded when received.
/// (Inspections keep theirs in `recorded_at`, from M025.)
struct UpdateSealsAddReceivedAt: AsyncMigration {
    var name: String { "043_UpdateSealsAddReceivedAt" }

    func prepare(on database: any Database) async throws {
        try await database.schema("shipment_seals").field("received_at", .datetime).update()
        try await database.schema("seal_checks").field("received_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("seal_checks").deleteField("received_at").update()
        try await database.schema("shipment_seals").deleteField("received_at").update()
    }
}
