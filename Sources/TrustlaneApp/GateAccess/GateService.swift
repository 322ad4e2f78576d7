import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the gate's logs (issue 17, MSC 10.2-10.4, 10.7): check a visitor in and out, record
/// a driver's arrival (matched to the carrier's pre-notification by plate) and departure (with
/// the seal, checked against the shipment's), record a pre-notification. The badge inventory is
/// in `GateService+Badges`. Every write is one gated transaction with its audit entry; every
/// refusal names its field (or, for a record already closed, answers a conflict) with nothing saved.
struct GateService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    static func iso(_ date: Date?) -> String? { date.map { ISO8601DateFormatter().string(from: $0) } }

    static func rememberSite(_ site: String, company: CompanyID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
        INSERT INTO gate_sites (company_id, site) VALUES (\(bind: company.rawValue), \(bind: site)) ON CONFLICT DO NOTHING
        """).run()
    }

    // MARK: Visitors

    /// Checks a visitor in; returns the entry's id.
    func checkIn(_ draft: VisitorDraft, company: CompanyID, by actor: UserID, zone: TimeZone) async throws -> GateVisitID {
        let now = app.clock.now()
        let valid = try GateValidator.visitor(draft, zone: zone, now: now)
        let id = UUID.timeOrdered()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            // The badge, read and taken inside the transaction: two guards cannot hand out the same one.
            var badge: (id: UUID, number: String)?
            if let number = valid.badgeNumber {
                badge = try await Self.handOutVisitorBadge(number, to: valid.name, visit: id, at: valid.checkedInAt, company: company, by: actor, now: now, on: tx)
            }
            try await sql.raw("""
            INSERT INTO gate_visits (id, company_id, site, name, name_key, visitor_company, photo_id_checked, photo_id_type, host, purpose, badge_number,
            escort, vehicle_plate, plate_key, checked_in_at, recorded_by, created_at, badge_id)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: valid.site), \(bind: valid.name), \(bind: valid.nameKey), \(bind: valid.company), \(bind: true),
            \(bind: valid.photoIDType.rawValue), \(bind: valid.host), \(bind: valid.purpose), \(bind: badge?.number), \(bind: valid.escort),
            \(bind: valid.vehiclePlate), \(bind: valid.plateKey), \(bind: valid.checkedInAt), \(bind: actor.rawValue), \(bind: now), \(bind: badge?.id))
            """).run()
            try await Self.rememberSite(valid.site, company: company, on: sql)
            try await AuditLog.append(AuditEvent(action: "gate.visitor_checked_in", targetType: "gate_visit", targetID: id.uuidString.lowercased(), companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "site": valid.site, "name": valid.name, "visitor_company": valid.company,
                                                     "photo_id_type": valid.photoIDType.rawValue, "host": valid.host, "badge_number": badge?.number,
                                                     "escort": valid.escort, "checked_in_at": Self.iso(valid.checkedInAt),
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return GateVisitID(id)
    }

    /// Checks a visitor out (now, or the time typed). A visitor already out is refused with a
    /// conflict naming when they left; nothing changes.
    func checkOut(_ id: GateVisitID, at typed: String? = nil, company: CompanyID, by actor: UserID, zone: TimeZone) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await GateQueries(tx).visit(company: company, id: id) else { throw TrustlaneError.notFound }
            let out = try GateValidator.checkOut(checkedInAt: row.checked_in_at, checkedOutAt: row.checked_out_at, typed: typed, zone: zone, now: now)
            try await (tx as! any SQLDatabase).raw("""
            UPDATE gate_visits SET checked_out_at = \(bind: out), checked_out_by = \(bind: actor.rawValue)
            WHERE company_id = \(bind: company.rawValue) AND id = \(bind: id.rawValue) AND checked_out_at IS NULL
            """).run()
            if let badge = row.badge_id {
                try await Self.takeBackVisitorBadge(badge, from: row.name, visit: id.rawValue, company: company, by: actor, now: now, on: tx)
            }
            try await AuditLog.append(AuditEvent(action: "gate.visitor_checked_out", targetType: "gate_visit", targetID: id.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["checked_out_at": nil], after: ["checked_out_at": Self.iso(out)])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Hands the inventory's visitor badge `typed` to the visitor checking in: refused by field
    /// when it is not a badge of the inventory, already out, or lost (`BadgeInventory`); else
    /// issued to the visitor and to this visit, with its event and audit entry. Returns the
    /// badge and its number as the inventory writes it.
    static func handOutVisitorBadge(_ typed: String, to visitor: String, visit: UUID, at: Date, company: CompanyID, by actor: UserID, now: Date,
                                    on db: any Database) async throws -> (id: UUID, number: String) {
        let sql = db as! any SQLDatabase
        struct Found: Decodable { let id: UUID; let number: String; let status: String; let holder: String? }
        let found = try await sql.raw("""
        SELECT id, number, status, holder FROM gate_badges
        WHERE company_id = \(bind: company.rawValue) AND kind = \(bind: BadgeKind.badge.rawValue) AND number_key = \(bind: BadgeInventory.numberKey(typed))
        """).first(decoding: Found.self)
        if let problem = BadgeInventory.visitorBadgeProblem(typed: found?.number ?? typed,
                                                             found: found.map { (BadgeStatus(rawValue: $0.status) ?? .lost, $0.holder) }) {
            throw ValidationFailure([problem])
        }
        guard let found else { throw ValidationFailure([]) }
        try await sql.raw("""
        UPDATE gate_badges SET status = \(bind: BadgeStatus.issued.rawValue), holder = \(bind: visitor), holder_key = \(bind: GateSearch.nameKey(visitor)),
        issued_at = \(bind: at), visit_id = \(bind: visit), updated_at = \(bind: now)
        WHERE company_id = \(bind: company.rawValue) AND id = \(bind: found.id)
        """).run()
        try await badgeEvent(found.id, "issued", person: visitor, note: nil, company: company, by: actor, now: now, on: sql)
        try await AuditLog.append(AuditEvent(action: "gate.badge_issued", targetType: "gate_badge", targetID: found.id.uuidString.lowercased(), companyID: company,
                                             changes: AuditRecord.changes(before: ["status": found.status, "holder": nil],
                                                                          after: ["status": BadgeStatus.issued.rawValue, "holder": visitor, "visit": visit.uuidString.lowercased()])),
                                  by: actor, on: db, at: now)
        return (found.id, found.number)
    }

    /// Returns a visitor's badge at check-out, when it is still out with this visit (it may have
    /// been returned or reported lost on the badges page meanwhile).
    static func takeBackVisitorBadge(_ badge: UUID, from visitor: String, visit: UUID, company: CompanyID, by actor: UserID, now: Date,
                                     on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        struct Out: Decodable { let id: UUID }
        guard try await sql.raw("""
        SELECT id FROM gate_badges WHERE company_id = \(bind: company.rawValue) AND id = \(bind: badge) AND visit_id = \(bind: visit)
        AND status = \(bind: BadgeStatus.issued.rawValue)
        """).first(decoding: Out.self) != nil else { return }
        try await sql.raw("""
        UPDATE gate_badges SET status = \(bind: BadgeStatus.available.rawValue), holder = NULL, holder_key = NULL, issued_at = NULL, visit_id = NULL,
        updated_at = \(bind: now) WHERE id = \(bind: badge)
        """).run()
        try await badgeEvent(badge, "returned", person: visitor, note: nil, company: company, by: actor, now: now, on: sql)
        try await AuditLog.append(AuditEvent(action: "gate.badge_returned", targetType: "gate_badge", targetID: badge.uuidString.lowercased(), companyID: company,
                                             changes: AuditRecord.changes(before: ["status": BadgeStatus.issued.rawValue, "holder": visitor],
                                                                          after: ["status": BadgeStatus.available.rawValue, "holder": nil])),
                                  by: actor, on: db, at: now)
    }

    // MARK: Drivers and pickups

    /// The shipment a pickup names, checked to be the company's; nil when none is named.
    func checkedShipment(_ text: String?, company: CompanyID, field: String = "shipment_id", into errors: inout [FieldError]) async throws -> ShipmentID? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let id = ShipmentID(string: text), try await ShipmentQueries(db).shipment(company: company, id: id) != nil { return id }
        errors.append(FieldError(field: field, messageKey: "gate.error.shipment", message: "\(field) is no shipment of this company",
                                 arguments: ["value": String(text.prefix(40))]))
        return nil
    }

    /// Records a driver's arrival; returns the entry's id. An open pre-notification for the same
    /// plate expected within `PreNoticeMatch.window` is matched to it (MSC 10.7).
    func arrive(_ draft: PickupDraft, shipment shipmentText: String?, company: CompanyID, by actor: UserID, zone: TimeZone) async throws -> GatePickupID {
        let now = app.clock.now()
        var errors: [FieldError] = []
        var valid: ValidPickup?
        do { valid = try GateValidator.pickup(draft, zone: zone, now: now) } catch { errors += error.errors }
        let shipment = try await checkedShipment(shipmentText, company: company, into: &errors)
        guard errors.isEmpty, let valid else { throw ValidationFailure(errors) }
        let id = UUID.timeOrdered()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let candidates = try await GateQueries(tx).preNoticeCandidates(company: company, plateKey: valid.plateKey, arrivedAt: valid.arrivedAt)
            let notice = PreNoticeMatch.best(candidates, arrivedAt: valid.arrivedAt)
            try await sql.raw("""
            INSERT INTO gate_pickups (id, company_id, site, driver_name, name_key, photo_id_checked, photo_id_type, carrier, truck_plate, plate_key,
            trailer_number, shipment_id, prenotice_id, arrived_at, recorded_by, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: valid.site), \(bind: valid.driverName), \(bind: valid.nameKey), \(bind: true),
            \(bind: valid.photoIDType.rawValue), \(bind: valid.carrier), \(bind: valid.truckPlate), \(bind: valid.plateKey), \(bind: valid.trailerNumber),
            \(bind: shipment?.rawValue), \(bind: notice?.rawValue), \(bind: valid.arrivedAt), \(bind: actor.rawValue), \(bind: now))
            """).run()
            if let notice {
                try await sql.raw("""
                UPDATE gate_prenotices SET pickup_id = \(bind: id) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: notice.rawValue)
                """).run()
            }
            try await Self.rememberSite(valid.site, company: company, on: sql)
            try await AuditLog.append(AuditEvent(action: "gate.pickup_arrived", targetType: "gate_pickup", targetID: id.uuidString.lowercased(), companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "site": valid.site, "driver_name": valid.driverName, "photo_id_type": valid.photoIDType.rawValue,
                                                     "carrier": valid.carrier, "truck_plate": valid.truckPlate, "trailer_number": valid.trailerNumber,
                                                     "shipment_id": shipment?.description, "pre_notified": notice == nil ? "false" : "true",
                                                     "arrived_at": Self.iso(valid.arrivedAt),
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return GatePickupID(id)
    }

    /// Records the driver's departure with the seal number read on the unit. Refused (a
    /// conflict) when the departure was already recorded; the seal must be one of the shipment's
    /// when the pickup is tied to one.
    func depart(_ id: GatePickupID, at typed: String?, seal: String?, company: CompanyID, by actor: UserID, zone: TimeZone) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let queries = GateQueries(tx)
            guard let row = try await queries.pickup(company: company, id: id) else { throw TrustlaneError.notFound }
            var seals: Set<SealNumber>?
            if let shipment = row.shipment_id, row.departed_at == nil {
                seals = try await queries.shipmentSeals(company: company, shipment: ShipmentID(shipment))?.seals ?? []
            }
            let departure = try GateValidator.departure(arrivedAt: row.arrived_at, departedAt: row.departed_at, typed: typed, seal: seal,
                                                        shipmentSeals: seals, zone: zone, now: now)
            try await (tx as! any SQLDatabase).raw("""
            UPDATE gate_pickups SET departed_at = \(bind: departure.at), departure_seal = \(bind: departure.seal?.rawValue), departed_by = \(bind: actor.rawValue)
            WHERE company_id = \(bind: company.rawValue) AND id = \(bind: id.rawValue) AND departed_at IS NULL
            """).run()
            try await AuditLog.append(AuditEvent(action: "gate.pickup_departed", targetType: "gate_pickup", targetID: id.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["departed_at": nil], after: [
                                                     "departed_at": Self.iso(departure.at), "departure_seal": departure.seal?.rawValue,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
    }

    // MARK: Pre-notifications

    func preNotify(_ draft: PreNoticeDraft, company: CompanyID, by actor: UserID, zone: TimeZone) async throws -> GatePreNoticeID {
        let now = app.clock.now()
        let valid = try GateValidator.preNotice(draft, zone: zone, now: now)
        let id = UUID.timeOrdered()
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO gate_prenotices (id, company_id, carrier, driver_name, truck_plate, plate_key, expected_at, site, note, created_by, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: valid.carrier), \(bind: valid.driverName), \(bind: valid.truckPlate), \(bind: valid.plateKey),
            \(bind: valid.expectedAt), \(bind: valid.site), \(bind: valid.note), \(bind: actor.rawValue), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "gate.prenotice_recorded", targetType: "gate_prenotice", targetID: id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "carrier": valid.carrier, "driver_name": valid.driverName, "truck_plate": valid.truckPlate,
                                                     "expected_at": Self.iso(valid.expectedAt), "site": valid.site,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return GatePreNoticeID(id)
    }
}
