import Fluent
import SQLKit

/// Shipments and the release gate (issue 16, MSC 5.3, 6.7, 7.5, 7.29, 7.30): a light record
/// tying a unit's inspection, its seals and its departure together. The seals themselves stay in
/// the seal stock's tables (`seals`, `seal_events`); a shipment names them in `shipment_seals`,
/// once each (a seal is used on one shipment). VVTT checks are append-only, one row a check, at
/// departure and at arrival; a number read at arrival that is not the one affixed is kept as a
/// discrepancy (the incident register will pick those up).
struct CreateShipments: AsyncMigration {
    var name: String { "027_CreateShipments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("shipments")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            // The company's reference, and its lower-case form for uniqueness.
            .field("reference", .string, .required)
            .field("reference_key", .string, .required)
            // The bill of lading / manifest number(s), as the user typed them.
            .field("document_numbers", .string, .required)
            // The seal numbers as printed on the bill of lading (MSC 7.30), as typed.
            .field("document_seal_numbers", .string)
            .field("container_number", .string)
            .field("tractor_plate", .string)
            .field("trailer_plate", .string)
            // The inspection (its id across versions) the unit was loaded after.
            .field("inspection_id", .uuid)
            .field("origin", .string, .required)
            .field("destination", .string, .required)
            .field("consignee_name", .string)
            .field("consignee_email", .string)
            // When the seal numbers were queued for the consignee (MSC 7.29), and which.
            .field("consignee_notified_at", .datetime)
            .field("consignee_notified_seals", .string)
            // open, released or released_by_override (ShipmentStatus).
            .field("status", .string, .required)
            .field("released_at", .datetime)
            .field("released_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("override_reason", .string)
            // The reasons an override released the shipment despite, one a line.
            .field("overridden_blocks", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "company_id", "reference_key")
            .create()
        try await database.schema("shipment_partners")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("shipment_id", .uuid, .required, .references("shipments", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .unique(on: "shipment_id", "partner_id")
            .create()
        try await database.schema("shipment_seals")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("shipment_id", .uuid, .required, .references("shipments", "id", onDelete: .cascade))
            .field("batch_id", .uuid, .required, .references("seal_batches", "id", onDelete: .cascade))
            .field("number", .string, .required)
            // The photo of the seal as affixed (MSC 7.5), a file of the company's evidence store.
            .field("photo_evidence_id", .uuid, .references("evidence_files", "id", onDelete: .setNull))
            .field("photographed_at", .datetime)
            .field("affixed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("affixed_at", .datetime, .required)
            // A seal is used once: on one shipment of its company.
            .unique(on: "company_id", "number")
            .create()
        try await database.schema("seal_checks")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("shipment_id", .uuid, .required, .references("shipments", "id", onDelete: .cascade))
            .field("number", .string, .required)
            // departure or arrival.
            .field("stage", .string, .required)
            // [{"step": view|verify_number|tug|twist_and_turn, "passed": bool, "at": ISO time, "note": text?}] in order.
            .field("steps", .string, .required)
            .field("number_read", .string, .required)
            .field("passed", .bool, .required)
            .field("checked_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("checked_at", .datetime, .required)
            .create()
        try await database.schema("seal_discrepancies")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("shipment_id", .uuid, .required, .references("shipments", "id", onDelete: .cascade))
            .field("check_id", .uuid, .required, .references("seal_checks", "id", onDelete: .cascade))
            .field("number", .string, .required)
            .field("number_read", .string, .required)
            .field("stage", .string, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // The list: the company's shipments, newest first.
        try await sql.raw("CREATE INDEX shipments_list_idx ON shipments (company_id, created_at)").run()
        try await sql.raw("CREATE INDEX shipment_seals_shipment_idx ON shipment_seals (shipment_id)").run()
        try await sql.raw("CREATE INDEX seal_checks_shipment_idx ON seal_checks (shipment_id, number, checked_at)").run()
        try await sql.raw("CREATE INDEX seal_discrepancies_shipment_idx ON seal_discrepancies (shipment_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("seal_discrepancies").delete()
        try await database.schema("seal_checks").delete()
        try await database.schema("shipment_seals").delete()
        try await database.schema("shipment_partners").delete()
        try await database.schema("shipments").delete()
    }
}
