import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Carrier pre-notifications, the badge and key inventory, the streamed CSV exports and the live
/// evidence of the security profile's category 10.
extension GateQueries {
    // MARK: Pre-notifications

    struct PreNoticeRow: Decodable, Sendable {
        let id: UUID
        let carrier: String
        let driver_name: String
        let truck_plate: String
        let expected_at: Date
        let site: String?
        let note: String?
        let pickup_id: UUID?
        let created_at: Date

        var noticeID: GatePreNoticeID { GatePreNoticeID(id) }
        var arrived: Bool { pickup_id != nil }
    }

    static let noticeColumns: SQLQueryString = "n.id, n.carrier, n.driver_name, n.truck_plate, n.expected_at, n.site, n.note, n.pickup_id, n.created_at"

    /// How far the board's list of expected trucks reaches: the day's end, or for today's board
    /// at least the matching window ahead, so a night shift sees the trucks due after midnight.
    static func expectedUntil(_ day: Day, now: Date) -> Date {
        day.end > now ? max(day.end, now.addingTimeInterval(PreNoticeMatch.window)) : day.end
    }

    /// The notices expected from `from` on, soonest first (arrived ones included, marked).
    func preNotices(company: CompanyID, from: Date, until: Date? = nil, site: String? = nil, openOnly: Bool = false) async throws -> [PreNoticeRow] {
        var query: SQLQueryString = """
        SELECT \(Self.noticeColumns) FROM gate_prenotices n WHERE n.company_id = \(bind: company.rawValue) AND n.expected_at >= \(bind: from)
        """
        if let until { query = query + " AND n.expected_at < \(bind: until)" }
        // A notice for no site in particular is expected at every site.
        if let site { query = query + " AND (n.site IS NULL OR n.site = \(bind: site))" }
        if openOnly { query = query + " AND n.pickup_id IS NULL" }
        query = query + " ORDER BY n.expected_at LIMIT \(unsafeRaw: String(Self.boardLimit))"
        return try await sql.raw(query).all(decoding: PreNoticeRow.self)
    }

    func preNotice(company: CompanyID, id: GatePreNoticeID) async throws -> PreNoticeRow? {
        try await sql.raw("""
        SELECT \(Self.noticeColumns) FROM gate_prenotices n WHERE n.company_id = \(bind: company.rawValue) AND n.id = \(bind: id.rawValue)
        """).first(decoding: PreNoticeRow.self)
    }

    /// The open notices for a plate whose expected time an arrival at `arrivedAt` can match.
    func preNoticeCandidates(company: CompanyID, plateKey: String, arrivedAt: Date) async throws -> [PreNoticeMatch.Candidate] {
        let range = PreNoticeMatch.range(around: arrivedAt)
        struct Row: Decodable { let id: UUID; let expected_at: Date }
        return try await sql.raw("""
        SELECT id, expected_at FROM gate_prenotices
        WHERE company_id = \(bind: company.rawValue) AND plate_key = \(bind: plateKey) AND expected_at >= \(bind: range.lowerBound)
        AND expected_at <= \(bind: range.upperBound) AND pickup_id IS NULL LIMIT 20
        """).all(decoding: Row.self).map { .init(id: GatePreNoticeID($0.id), expectedAt: $0.expected_at) }
    }

    // MARK: Badges and keys

    struct BadgeRow: Decodable, Sendable {
        let id: UUID
        let number: String
        let kind: String
        let area: String?
        let status: String
        let holder: String?
        let issued_at: Date?
        let updated_at: Date

        var badgeID: GateBadgeID { GateBadgeID(id) }
        var badgeStatus: BadgeStatus { BadgeStatus(rawValue: status) ?? .available }
        var badgeKind: BadgeKind { BadgeKind(rawValue: kind) ?? .other }
    }

    static let badgeColumns: SQLQueryString = "b.id, b.number, b.kind, b.area, b.status, b.holder, b.issued_at, b.updated_at"
    static let inventoryLimit = 1_000

    /// The inventory by kind and number (`status` narrows it).
    func badges(company: CompanyID, status: BadgeStatus? = nil) async throws -> [BadgeRow] {
        var query: SQLQueryString = "SELECT \(Self.badgeColumns) FROM gate_badges b WHERE b.company_id = \(bind: company.rawValue)"
        if let status { query = query + " AND b.status = \(bind: status.rawValue)" }
        query = query + " ORDER BY b.kind, b.number_key LIMIT \(unsafeRaw: String(Self.inventoryLimit))"
        return try await sql.raw(query).all(decoding: BadgeRow.self)
    }

    /// The visitor badges free to hand out, for the check-in form's suggestions (one range of
    /// the inventory's unique index).
    func availableVisitorBadges(company: CompanyID, limit: Int = 200) async throws -> [String] {
        struct Row: Decodable { let number: String }
        return try await sql.raw("""
        SELECT number FROM gate_badges WHERE company_id = \(bind: company.rawValue) AND kind = \(bind: BadgeKind.badge.rawValue)
        AND status = \(bind: BadgeStatus.available.rawValue) ORDER BY number_key LIMIT \(unsafeRaw: String(limit))
        """).all(decoding: Row.self).map(\.number)
    }

    func badge(company: CompanyID, id: GateBadgeID) async throws -> BadgeRow? {
        try await sql.raw("""
        SELECT \(Self.badgeColumns) FROM gate_badges b WHERE b.company_id = \(bind: company.rawValue) AND b.id = \(bind: id.rawValue)
        """).first(decoding: BadgeRow.self)
    }

    func badgeExists(company: CompanyID, kind: BadgeKind, numberKey: String) async throws -> Bool {
        try await sql.raw("""
        SELECT id FROM gate_badges WHERE company_id = \(bind: company.rawValue) AND kind = \(bind: kind.rawValue) AND number_key = \(bind: numberKey)
        """).first() != nil
    }

    /// What a person still holds (the separation-day check, MSC 10.1): the badges, cards and
    /// keys issued to the name, whatever its case or accents.
    func holdings(company: CompanyID, personKey: String) async throws -> [BadgeRow] {
        try await sql.raw("""
        SELECT \(Self.badgeColumns) FROM gate_badges b
        WHERE b.company_id = \(bind: company.rawValue) AND b.holder_key = \(bind: personKey) AND b.status = 'issued'
        ORDER BY b.kind, b.number_key LIMIT \(unsafeRaw: String(Self.inventoryLimit))
        """).all(decoding: BadgeRow.self)
    }

    struct BadgeEventRow: Decodable, Sendable {
        let badge_id: UUID
        let number: String
        let kind: String
        let event: String
        let person: String?
        let note: String?
        let at: Date
        let recorded_by_name: String?
    }

    /// The latest issues, returns and losses: the key issue and return log.
    func badgeEvents(company: CompanyID, limit: Int = 30) async throws -> [BadgeEventRow] {
        try await sql.raw("""
        SELECT e.badge_id, b.number, b.kind, e.event, e.person, e.note, e.at, u.name AS recorded_by_name
        FROM gate_badge_events e JOIN gate_badges b ON b.id = e.badge_id LEFT JOIN users u ON u.id = e.recorded_by
        WHERE e.company_id = \(bind: company.rawValue) ORDER BY e.at DESC LIMIT \(unsafeRaw: String(limit))
        """).all(decoding: BadgeEventRow.self)
    }

    // MARK: Exports

    /// The period and site an export covers: days `from` through `to` in the reader's zone.
    struct Period: Sendable, Equatable {
        let from: ProgramDay
        let to: ProgramDay
        let site: String?
        let start: Date
        let end: Date
    }

    static let exportBatch = 2_000
    static let visitCSVColumns = ["visit_id", "site", "name", "visitor_company", "photo_id_checked", "photo_id_type", "host", "purpose", "badge_number",
                                  "escort", "vehicle_plate", "checked_in_at", "checked_out_at", "recorded_by"]
    static let pickupCSVColumns = ["pickup_id", "site", "driver_name", "photo_id_checked", "photo_id_type", "carrier", "truck_plate", "trailer_number",
                                   "shipment", "pre_notified", "arrived_at", "departed_at", "departure_seal", "recorded_by"]

    func visitPage(company: CompanyID, _ period: Period, after: (Date, UUID)?) async throws -> [VisitRow] {
        var query: SQLQueryString = """
        SELECT \(Self.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by
        WHERE v.company_id = \(bind: company.rawValue) AND v.checked_in_at >= \(bind: period.start) AND v.checked_in_at < \(bind: period.end)
        """
        if let site = period.site { query = query + " AND v.site = \(bind: site)" }
        if let (at, id) = after { query = query + " AND (v.checked_in_at > \(bind: at) OR (v.checked_in_at = \(bind: at) AND v.id > \(bind: id)))" }
        query = query + " ORDER BY v.checked_in_at, v.id LIMIT \(unsafeRaw: String(Self.exportBatch))"
        return try await sql.raw(query).all(decoding: VisitRow.self)
    }

    func pickupPage(company: CompanyID, _ period: Period, after: (Date, UUID)?) async throws -> [PickupRow] {
        var query: SQLQueryString = """
        SELECT \(Self.pickupColumns) FROM gate_pickups p \(Self.pickupJoins)
        WHERE p.company_id = \(bind: company.rawValue) AND p.arrived_at >= \(bind: period.start) AND p.arrived_at < \(bind: period.end)
        """
        if let site = period.site { query = query + " AND p.site = \(bind: site)" }
        if let (at, id) = after { query = query + " AND (p.arrived_at > \(bind: at) OR (p.arrived_at = \(bind: at) AND p.id > \(bind: id)))" }
        query = query + " ORDER BY p.arrived_at, p.id LIMIT \(unsafeRaw: String(Self.exportBatch))"
        return try await sql.raw(query).all(decoding: PickupRow.self)
    }

    static func csvResponse(name: String, header: [String], _ body: @escaping @Sendable (any AsyncBodyStreamWriter) async throws -> Void) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            try await writer.writeBuffer(ByteBuffer(string: ProfileCSV.line(header)))
            try await body(writer)
            try await writer.write(.end)
        }))
    }

    /// The visitor log of the period as CSV, read and sent 2,000 rows at a time (the page's
    /// download and the API's export).
    static func visitsCSV(_ db: any Database, company: CompanyID, _ period: Period) -> Response {
        csvResponse(name: "visitors-\(period.from)-\(period.to).csv", header: visitCSVColumns) { writer in
            let queries = GateQueries(db)
            let formatter = ISO8601DateFormatter()
            var after: (Date, UUID)? = nil
            while true {
                let rows = try await queries.visitPage(company: company, period, after: after)
                guard let last = rows.last else { break }
                var text = ""
                for v in rows {
                    text += ProfileCSV.line([v.visitID.description, v.site, v.name, v.visitor_company, v.photo_id_checked ? "yes" : "no", v.photo_id_type,
                                             v.host, v.purpose, v.badge_number ?? "", v.escort ?? "", v.vehicle_plate ?? "",
                                             formatter.string(from: v.checked_in_at), v.checked_out_at.map { formatter.string(from: $0) } ?? "",
                                             v.recorded_by_name ?? ""])
                }
                try await writer.writeBuffer(ByteBuffer(string: text))
                after = (last.checked_in_at, last.id)
                if rows.count < exportBatch { break }
            }
        }
    }

    /// The driver and cargo pickup log of the period as CSV, streamed the same way.
    static func pickupsCSV(_ db: any Database, company: CompanyID, _ period: Period) -> Response {
        csvResponse(name: "pickups-\(period.from)-\(period.to).csv", header: pickupCSVColumns) { writer in
            let queries = GateQueries(db)
            let formatter = ISO8601DateFormatter()
            var after: (Date, UUID)? = nil
            while true {
                let rows = try await queries.pickupPage(company: company, period, after: after)
                guard let last = rows.last else { break }
                var text = ""
                for p in rows {
                    text += ProfileCSV.line([p.pickupID.description, p.site, p.driver_name, p.photo_id_checked ? "yes" : "no", p.photo_id_type, p.carrier,
                                             p.truck_plate, p.trailer_number ?? "", p.shipment_reference ?? "", p.preNotified ? "yes" : "no",
                                             formatter.string(from: p.arrived_at), p.departed_at.map { formatter.string(from: $0) } ?? "",
                                             p.departure_seal ?? "", p.recorded_by_name ?? ""])
                }
                try await writer.writeBuffer(ByteBuffer(string: text))
                after = (last.arrived_at, last.id)
                if rows.count < exportBatch { break }
            }
        }
    }

    // MARK: Live evidence

    /// What the profile's category 10 criteria show: the logs' use over the last 30 days and the
    /// badges out.
    struct Evidence: Sendable, Equatable {
        let days: Int
        let visits: Int
        let visitsWithPhotoID: Int
        let pickups: Int
        let pickupsWithPhotoID: Int
        let pickupsNotPreNotified: Int
        let badgesIssued: Int
        let badgesLost: Int

        /// The share of entries (visits and pickups) with a photo ID checked; nil with none.
        var photoIDShare: Double? {
            let total = visits + pickups
            return total == 0 ? nil : Double(visitsWithPhotoID + pickupsWithPhotoID) / Double(total)
        }
    }

    static let evidenceDays = 30

    func evidence(company: CompanyID, now: Date) async throws -> Evidence {
        let since = now.addingTimeInterval(-Double(Self.evidenceDays) * 86_400)
        struct Counts: Decodable { let total: Int?; let checked: Int?; let unnotified: Int? }
        let visits = try await sql.raw("""
        SELECT COUNT(*) AS total, SUM(CASE WHEN photo_id_checked THEN 1 ELSE 0 END) AS checked, 0 AS unnotified
        FROM gate_visits WHERE company_id = \(bind: company.rawValue) AND checked_in_at >= \(bind: since)
        """).first(decoding: Counts.self)
        let pickups = try await sql.raw("""
        SELECT COUNT(*) AS total, SUM(CASE WHEN photo_id_checked THEN 1 ELSE 0 END) AS checked,
        SUM(CASE WHEN prenotice_id IS NULL THEN 1 ELSE 0 END) AS unnotified
        FROM gate_pickups WHERE company_id = \(bind: company.rawValue) AND arrived_at >= \(bind: since)
        """).first(decoding: Counts.self)
        let badges = try await sql.raw("""
        SELECT SUM(CASE WHEN status = 'issued' THEN 1 ELSE 0 END) AS total, SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS checked, 0 AS unnotified
        FROM gate_badges WHERE company_id = \(bind: company.rawValue)
        """).first(decoding: Counts.self)
        return Evidence(days: Self.evidenceDays, visits: visits?.total ?? 0, visitsWithPhotoID: visits?.checked ?? 0, pickups: pickups?.total ?? 0,
                        pickupsWithPhotoID: pickups?.checked ?? 0, pickupsNotPreNotified: pickups?.unnotified ?? 0,
                        badgesIssued: badges?.total ?? 0, badgesLost: badges?.checked ?? 0)
    }
}
