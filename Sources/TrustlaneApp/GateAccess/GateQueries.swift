import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads of the gate's logs through SQLKit into small structs: a site's day of visitors (who is
/// inside first) and of drivers (who is on site first, with the trucks expected), one entry, the
/// search by name or plate, the sites. Every read is a fixed number of statements on an index
/// range, whatever the log's size (`GateAccessTests` checks the plans). Badges, pre-notices,
/// exports and the profile's evidence are in `GateQueries+Records`.
struct GateQueries {
    let db: any Database
    let sql: any SQLDatabase

    init(_ db: any Database) {
        self.db = db
        sql = db as! any SQLDatabase
    }

    /// Rows a board shows of each part (inside, left); the page says when there were more.
    static let boardLimit = 300

    // MARK: Visitors

    struct VisitRow: Decodable, Sendable {
        let id: UUID
        let site: String
        let name: String
        let visitor_company: String
        let photo_id_checked: Bool
        let photo_id_type: String
        let host: String
        let purpose: String
        let badge_number: String?
        let escort: String?
        let vehicle_plate: String?
        let checked_in_at: Date
        let checked_out_at: Date?
        let recorded_by_name: String?
        let created_at: Date

        var visitID: GateVisitID { GateVisitID(id) }
        var inside: Bool { checked_out_at == nil }
        var idType: PhotoIDType { PhotoIDType(rawValue: photo_id_type) ?? .other }
    }

    static let visitColumns: SQLQueryString = """
    v.id, v.site, v.name, v.visitor_company, v.photo_id_checked, v.photo_id_type, v.host, v.purpose, v.badge_number, v.escort, v.vehicle_plate,
    v.checked_in_at, v.checked_out_at, u.name AS recorded_by_name, v.created_at
    """

    func visit(company: CompanyID, id: GateVisitID) async throws -> VisitRow? {
        try await sql.raw("""
        SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
        WHERE v.company_id = \(bind: company.rawValue) AND v.id = \(bind: id.rawValue)
        """).first(decoding: VisitRow.self)
    }

    /// A board's day at one site (or every site): the moments it starts and ends.
    struct Day: Sendable, Equatable {
        let site: String?
        let day: ProgramDay
        let start: Date
        let end: Date
    }

    /// One day of a board: who is still there (whenever they came, up to the day's end), then who
    /// came that day and left, newest first.
    struct Board<Row: Sendable>: Sendable {
        let present: [Row]
        let left: [Row]
        /// Whether either part had more rows than the board shows.
        let truncated: Bool
    }

    func visitBoard(company: CompanyID, _ day: Day) async throws -> Board<VisitRow> {
        let site: SQLQueryString = day.site.map { (name: String) -> SQLQueryString in " AND v.site = \(bind: name)" } ?? ""
        var present = try await sql.raw("""
        SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
        WHERE v.company_id = \(bind: company.rawValue)\(site) AND v.checked_out_at IS NULL AND v.checked_in_at < \(bind: day.end)
        ORDER BY v.checked_in_at LIMIT \(unsafeRaw: String(Self.boardLimit + 1))
        """).all(decoding: VisitRow.self)
        var left = try await sql.raw("""
        SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
        WHERE v.company_id = \(bind: company.rawValue)\(site) AND v.checked_in_at >= \(bind: day.start) AND v.checked_in_at < \(bind: day.end)
        AND v.checked_out_at IS NOT NULL
        ORDER BY v.checked_in_at DESC LIMIT \(unsafeRaw: String(Self.boardLimit + 1))
        """).all(decoding: VisitRow.self)
        let truncated = present.count > Self.boardLimit || left.count > Self.boardLimit
        present = Array(present.prefix(Self.boardLimit))
        left = Array(left.prefix(Self.boardLimit))
        return Board(present: present, left: left, truncated: truncated)
    }

    // MARK: Drivers and pickups

    struct PickupRow: Decodable, Sendable {
        let id: UUID
        let site: String
        let driver_name: String
        let photo_id_checked: Bool
        let photo_id_type: String
        let carrier: String
        let truck_plate: String
        let trailer_number: String?
        let shipment_id: UUID?
        let shipment_reference: String?
        let prenotice_id: UUID?
        let arrived_at: Date
        let departed_at: Date?
        let departure_seal: String?
        let recorded_by_name: String?
        let created_at: Date

        var pickupID: GatePickupID { GatePickupID(id) }
        var onSite: Bool { departed_at == nil }
        var preNotified: Bool { prenotice_id != nil }
        var idType: PhotoIDType { PhotoIDType(rawValue: photo_id_type) ?? .other }
    }

    static let pickupColumns: SQLQueryString = """
    p.id, p.site, p.driver_name, p.photo_id_checked, p.photo_id_type, p.carrier, p.truck_plate, p.trailer_number, p.shipment_id,
    s.reference AS shipment_reference, p.prenotice_id, p.arrived_at, p.departed_at, p.departure_seal, u.name AS recorded_by_name, p.created_at
    """
    static let pickupJoins: SQLQueryString = "LEFT JOIN shipments s ON s.id = p.shipment_id LEFT JOIN users u ON u.id = p.recorded_by"

    func pickup(company: CompanyID, id: GatePickupID) async throws -> PickupRow? {
        try await sql.raw("""
        SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
        WHERE p.company_id = \(bind: company.rawValue) AND p.id = \(bind: id.rawValue)
        """).first(decoding: PickupRow.self)
    }

    func pickupBoard(company: CompanyID, _ day: Day) async throws -> Board<PickupRow> {
        let site: SQLQueryString = day.site.map { (name: String) -> SQLQueryString in " AND p.site = \(bind: name)" } ?? ""
        var present = try await sql.raw("""
        SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
        WHERE p.company_id = \(bind: company.rawValue)\(site) AND p.departed_at IS NULL AND p.arrived_at < \(bind: day.end)
        ORDER BY p.arrived_at LIMIT \(unsafeRaw: String(Self.boardLimit + 1))
        """).all(decoding: PickupRow.self)
        var left = try await sql.raw("""
        SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
        WHERE p.company_id = \(bind: company.rawValue)\(site) AND p.arrived_at >= \(bind: day.start) AND p.arrived_at < \(bind: day.end)
        AND p.departed_at IS NOT NULL
        ORDER BY p.arrived_at DESC LIMIT \(unsafeRaw: String(Self.boardLimit + 1))
        """).all(decoding: PickupRow.self)
        let truncated = present.count > Self.boardLimit || left.count > Self.boardLimit
        present = Array(present.prefix(Self.boardLimit))
        left = Array(left.prefix(Self.boardLimit))
        return Board(present: present, left: left, truncated: truncated)
    }

    /// The seal numbers a pickup tied to `shipment` may leave with: the seals affixed to it from
    /// stock, and the numbers its bill of lading lists (a seal the stock never held, such as the
    /// carrier's own, is on the shipment's documents). Nil when the shipment is not the company's.
    func shipmentSeals(company: CompanyID, shipment: ShipmentID) async throws -> (reference: String, seals: Set<SealNumber>)? {
        guard let row = try await ShipmentQueries(db).shipment(company: company, id: shipment) else { return nil }
        struct Seal: Decodable { let number: String }
        var seals = Set(try await sql.raw("""
        SELECT number FROM shipment_seals WHERE company_id = \(bind: company.rawValue) AND shipment_id = \(bind: shipment.rawValue)
        """).all(decoding: Seal.self).compactMap { try? SealNumber($0.number) })
        for part in (row.document_seal_numbers ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline }) {
            if let number = try? SealNumber(String(part)) { seals.insert(number) }
        }
        return (row.reference, seals)
    }

    // MARK: Search

    struct SearchResult: Sendable {
        let visits: [VisitRow]
        let pickups: [PickupRow]
    }

    /// Visitors and drivers whose name, or whose plate, starts with the search: four index
    /// ranges, each newest first, `GateSearch.limit` of each kind at most.
    func search(company: CompanyID, _ terms: GateSearch.Terms) async throws -> SearchResult {
        let limit: SQLQueryString = "\(unsafeRaw: String(GateSearch.limit))"
        let name = GateSearch.prefixRange(terms.name)
        var visits = try await sql.raw("""
        SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
        WHERE v.company_id = \(bind: company.rawValue) AND v.name_key >= \(bind: name.lower) AND v.name_key < \(bind: name.upper)
        ORDER BY v.checked_in_at DESC LIMIT \(limit)
        """).all(decoding: VisitRow.self)
        var pickups = try await sql.raw("""
        SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
        WHERE p.company_id = \(bind: company.rawValue) AND p.name_key >= \(bind: name.lower) AND p.name_key < \(bind: name.upper)
        ORDER BY p.arrived_at DESC LIMIT \(limit)
        """).all(decoding: PickupRow.self)
        if let plate = terms.plate.map(GateSearch.prefixRange) {
            visits += try await sql.raw("""
            SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
            WHERE v.company_id = \(bind: company.rawValue) AND v.plate_key >= \(bind: plate.lower) AND v.plate_key < \(bind: plate.upper)
            ORDER BY v.checked_in_at DESC LIMIT \(limit)
            """).all(decoding: VisitRow.self)
            pickups += try await sql.raw("""
            SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
            WHERE p.company_id = \(bind: company.rawValue) AND p.plate_key >= \(bind: plate.lower) AND p.plate_key < \(bind: plate.upper)
            ORDER BY p.arrived_at DESC LIMIT \(limit)
            """).all(decoding: PickupRow.self)
        }
        var seen = Set<UUID>()
        visits = visits.filter { seen.insert($0.id).inserted }.sorted { $0.checked_in_at > $1.checked_in_at }
        pickups = pickups.filter { seen.insert($0.id).inserted }.sorted { $0.arrived_at > $1.arrived_at }
        return SearchResult(visits: Array(visits.prefix(GateSearch.limit)), pickups: Array(pickups.prefix(GateSearch.limit)))
    }

    // MARK: Sites

    /// The sites the company keeps gate logs at, for the boards' choice.
    func sites(company: CompanyID) async throws -> [String] {
        struct Site: Decodable { let site: String }
        return try await sql.raw("""
        SELECT site FROM gate_sites WHERE company_id = \(bind: company.rawValue) ORDER BY site LIMIT 200
        """).all(decoding: Site.self).map(\.site)
    }
}
