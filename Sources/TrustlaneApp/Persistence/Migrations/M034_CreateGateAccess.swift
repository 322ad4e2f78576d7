import Fluent
import SQLKit

/// The gate's records (issue 17, MSC 10.1-10.4, 10.7): the visitor log, the driver and cargo
/// pickup log tied to a shipment and its seal, carrier pre-notifications, and the inventory of
/// badges, access cards and keys with their issue and return. Names and plates carry a search key
/// beside them (`GateSearch`), kept on write and indexed, so a lookup at the gate and the day's
/// list for a site read an index range whatever the log's size.
struct CreateGateAccess: AsyncMigration {
    var name: String { "034_CreateGateAccess" }

    func prepare(on database: any Database) async throws {
        try await database.schema("gate_visits")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .field("name", .string, .required)
            // The name folded to lower case without accents: the search key.
            .field("name_key", .string, .required)
            .field("visitor_company", .string, .required)
            // Always true for an entry made here: entry without a photo ID is refused (10.2).
            .field("photo_id_checked", .bool, .required)
            .field("photo_id_type", .string, .required)
            .field("host", .string, .required)
            .field("purpose", .string, .required)
            .field("badge_number", .string)
            // Null: not escorted.
            .field("escort", .string)
            .field("vehicle_plate", .string)
            .field("plate_key", .string)
            .field("checked_in_at", .datetime, .required)
            .field("checked_out_at", .datetime)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("checked_out_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("gate_prenotices")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("carrier", .string, .required)
            .field("driver_name", .string, .required)
            .field("truck_plate", .string, .required)
            .field("plate_key", .string, .required)
            .field("expected_at", .datetime, .required)
            .field("site", .string)
            .field("note", .string)
            // The pickup that answered it, once the truck arrived.
            .field("pickup_id", .uuid)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("gate_pickups")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .field("driver_name", .string, .required)
            .field("name_key", .string, .required)
            .field("photo_id_checked", .bool, .required)
            .field("photo_id_type", .string, .required)
            .field("carrier", .string, .required)
            .field("truck_plate", .string, .required)
            .field("plate_key", .string, .required)
            .field("trailer_number", .string)
            .field("shipment_id", .uuid, .references("shipments", "id", onDelete: .setNull))
            // The carrier's pre-notification the arrival matched (10.7); null: not pre-notified.
            .field("prenotice_id", .uuid, .references("gate_prenotices", "id", onDelete: .setNull))
            .field("arrived_at", .datetime, .required)
            .field("departed_at", .datetime)
            // The seal number read at departure (10.4).
            .field("departure_seal", .string)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("departed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        // The sites a company keeps gate logs at, kept on write: the board's site choice reads a
        // few rows, not a DISTINCT over the logs.
        try await database.schema("gate_sites")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("site", .string, .required)
            .unique(on: "company_id", "site")
            .create()
        try await database.schema("gate_badges")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("number", .string, .required)
            // Upper case without spaces, for uniqueness within a kind.
            .field("number_key", .string, .required)
            .field("kind", .string, .required)
            .field("area", .string)
            // available, issued or lost (BadgeStatus).
            .field("status", .string, .required)
            // The person holding it while issued, and the search key the separation check reads.
            .field("holder", .string)
            .field("holder_key", .string)
            .field("issued_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "kind", "number_key")
            .create()
        // Every issue, return and loss, append-only: who held what, when (10.1).
        try await database.schema("gate_badge_events")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("badge_id", .uuid, .required, .references("gate_badges", "id", onDelete: .cascade))
            // added, issued, returned or lost.
            .field("event", .string, .required)
            .field("person", .string)
            .field("note", .string)
            .field("at", .datetime, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .create()
        let sql = database as! any SQLDatabase
        // A site's day, newest first. Who is still inside: `checked_out_at IS NULL` is an equality
        // on the index, so the few rows still open are read directly whatever the log's size (a
        // partial index was passed over by SQLite's planner for the time index, which read every
        // row of the company: 1.9 s at 1,000,000 visits, against 1.8 ms with this one).
        try await sql.raw("CREATE INDEX gate_visits_site_idx ON gate_visits (company_id, site, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_visits_inside_idx ON gate_visits (company_id, site, checked_out_at, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_visits_inside_all_idx ON gate_visits (company_id, checked_out_at, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_visits_time_idx ON gate_visits (company_id, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_visits_name_idx ON gate_visits (company_id, name_key, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_visits_plate_idx ON gate_visits (company_id, plate_key, checked_in_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_site_idx ON gate_pickups (company_id, site, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_onsite_idx ON gate_pickups (company_id, site, departed_at, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_onsite_all_idx ON gate_pickups (company_id, departed_at, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_time_idx ON gate_pickups (company_id, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_name_idx ON gate_pickups (company_id, name_key, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_pickups_plate_idx ON gate_pickups (company_id, plate_key, arrived_at)").run()
        try await sql.raw("CREATE INDEX gate_prenotices_plate_idx ON gate_prenotices (company_id, plate_key, expected_at)").run()
        try await sql.raw("CREATE INDEX gate_prenotices_time_idx ON gate_prenotices (company_id, expected_at)").run()
        try await sql.raw("CREATE INDEX gate_badges_holder_idx ON gate_badges (company_id, holder_key)").run()
        try await sql.raw("CREATE INDEX gate_badge_events_badge_idx ON gate_badge_events (badge_id, at)").run()
        try await sql.raw("CREATE INDEX gate_badge_events_company_idx ON gate_badge_events (company_id, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("gate_badge_events").delete()
        try await database.schema("gate_badges").delete()
        try await database.schema("gate_sites").delete()
        try await database.schema("gate_pickups").delete()
        try await database.schema("gate_prenotices").delete()
        try await database.schema("gate_visits").delete()
    }
}
