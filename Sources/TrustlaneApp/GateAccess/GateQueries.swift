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
        /// The inventory's badge handed out at check-in, if any.
        let badge_id: UUID?

        var visitID: GateVisitID { GateVisitID(id) }
        var inside: Bool { checked_out_at == nil }
        var idType: PhotoIDType { PhotoIDType(rawValue: photo_id_type) ?? .other }
    }

    static let visitColumns: SQLQueryString = """
    v.id, v.site, v.name, v.visitor_company, v.photo_id_checked, v.photo_id_type, v.host, v.purpose, v.badge_number, v.escort, v.vehicle_plate,
    v.checked_in_at, v.checked_out_at, u.name AS recorded_by_name, v.created_at, v.badge_id
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
        let name = GateSearch.prefixRange(terms.name)
        var visits = try await newest(.visits, key: .name, range: name, company: company, decoding: VisitRow.self)
        var pickups = try await newest(.pickups, key: .name, range: name, company: company, decoding: PickupRow.self)
        if let plate = terms.plate.map(GateSearch.prefixRange) {
            visits += try await newest(.visits, key: .plate, range: plate, company: company, decoding: VisitRow.self)
            pickups += try await newest(.pickups, key: .plate, range: plate, company: company, decoding: PickupRow.self)
        }
        var seen = Set<UUID>()
        visits = visits.filter { seen.insert($0.id).inserted }.sorted { $0.checked_in_at > $1.checked_in_at }
        pickups = pickups.filter { seen.insert($0.id).inserted }.sorted { $0.arrived_at > $1.arrived_at }
        return SearchResult(visits: Array(visits.prefix(GateSearch.limit)), pickups: Array(pickups.prefix(GateSearch.limit)))
    }

    /// A log searched, and one of its two search keys.
    enum SearchLog {
        case visits, pickups
        var table: String { self == .visits ? "gate_visits" : "gate_pickups" }
        var alias: String { self == .visits ? "v" : "p" }
        var time: String { self == .visits ? "checked_in_at" : "arrived_at" }
        var columns: SQLQueryString { self == .visits ? GateQueries.visitColumns : GateQueries.pickupColumns }
        var joins: SQLQueryString { self == .visits ? "LEFT JOIN users u ON u.id = v.recorded_by" : GateQueries.pickupJoins }
    }
    enum SearchKey: String { case name, plate }
    private struct SearchCount: Decodable { let n: Int }

    /// Past this many rows sharing a start, the start counts as common (on SQLite).
    static let commonMatches = 5_000
    /// How many of the newest rows a common start's walk looks at before giving up on it.
    static let recentWindow = 20_000

    /// The newest `GateSearch.limit` rows of one log whose key starts within `range`.
    ///
    /// On SQLite, by the cheaper of two plans, chosen by counting matches up to
    /// `commonMatches` in the key's index: a rare start (a full name: a few hundred visits)
    /// reads its range of the key's index and keeps the newest; a common one ("Dewi": one visit
    /// in twenty) walks the time index newest first, whose entries carry both keys, and stops
    /// at the limit — after at most `recentWindow` entries, when the matches are all old, it
    /// falls back to the range. Both read indexes only, then fetch the rows kept. PostgreSQL's
    /// planner weighs the same choice from its statistics, so it gets the plain statement.
    /// (The derived tables go unnamed, which SQLite allows and PostgreSQL would not.)
    private func newest<Row: Decodable & Sendable>(_ log: SearchLog, key: SearchKey, range: (lower: String, upper: String),
                                                   company: CompanyID, decoding: Row.Type) async throws -> [Row] {
        let limit: SQLQueryString = "\(unsafeRaw: String(GateSearch.limit))"
        let table = SQLRaw(log.table), alias = SQLRaw(log.alias), time = SQLRaw(log.time), column = SQLRaw(key.rawValue + "_key")
        let keyIndex = SQLRaw("\(log.table)_\(key.rawValue)_idx"), recentIndex = SQLRaw("\(log.table)_recent_idx")
        func within(_ qualifier: String = "") -> SQLQueryString {
            let key = SQLRaw(qualifier + key.rawValue + "_key")
            return "\(key) >= \(bind: range.lower) AND \(key) < \(bind: range.upper)"
        }
        let inRange = within()
        guard sql.dialect.name == "sqlite" else {
            return try await sql.raw("""
            SELECT \(log.columns) FROM \(table) \(alias) \(log.joins)
            WHERE \(alias).company_id = \(bind: company.rawValue) AND \(within(log.alias + "."))
            ORDER BY \(alias).\(time) DESC LIMIT \(limit)
            """).all(decoding: Row.self)
        }
        func fetch(_ rowids: SQLQueryString) async throws -> [Row] {
            try await sql.raw("""
            SELECT \(log.columns) FROM \(table) \(alias) \(log.joins)
            WHERE \(alias).rowid IN (\(rowids)) ORDER BY \(alias).\(time) DESC
            """).all(decoding: Row.self)
        }
        let byRange: SQLQueryString = """
        SELECT rowid FROM \(table) INDEXED BY \(keyIndex) WHERE company_id = \(bind: company.rawValue) AND \(inRange)
        ORDER BY \(time) DESC LIMIT \(limit)
        """
        let matches = try await sql.raw("""
        SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(table) INDEXED BY \(keyIndex) WHERE company_id = \(bind: company.rawValue) AND \(inRange)
        LIMIT \(unsafeRaw: String(Self.commonMatches)))
        """).first(decoding: SearchCount.self)?.n ?? 0
        guard matches >= Self.commonMatches else { return matches == 0 ? [] : try await fetch(byRange) }
        let recent = try await fetch("""
        SELECT row FROM (SELECT rowid AS row, \(column) AS \(column) FROM \(table) INDEXED BY \(recentIndex)
        WHERE company_id = \(bind: company.rawValue) ORDER BY \(time) DESC LIMIT \(unsafeRaw: String(Self.recentWindow)))
        WHERE \(inRange) LIMIT \(limit)
        """)
        return recent.count >= GateSearch.limit ? recent : try await fetch(byRange)
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
