import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Reads of the inspection log through SQLKit into small structs: the log page (the current
/// versions, newest first, 50 at a time, whole or by site and day), one inspection with its
/// versions, the company's sites and its settings.
struct InspectionQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    static let pageSize = 50
    /// The periods the summary offers, in days.
    static let summaryPeriods = [7, 30, 90, 365]
    /// The validation pack's sample sizes, and how many held inspections it lists.
    static let packSampleSizes = [25, 50, 100, 200]
    static let packHeldLimit = 500

    /// One version of an inspection, as stored.
    struct Row: Decodable, Sendable {
        let id: UUID
        let inspection_id: UUID
        let version: Int
        let checklist_key: String
        let checklist_version: Int
        let conveyance: String
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let unit_reference: String?
        let refrigerated: Bool
        let site: String
        let yard_location: String?
        let inspected_at: Date
        let inspector_id: UUID
        let inspector_name: String
        let status: String
        let failed_count: Int
        let results: String
        let signed_off_by: UUID?
        let signed_off_at: Date?
        let supervisor_name: String?
        let reinspection_due: Bool
        let reinspection_of: UUID?
        let correction_reason: String?
        let recorded_by: UUID
        let recorder_name: String
        let recorded_at: Date
        let superseded_at: Date?

        var inspectionID: InspectionID { InspectionID(inspection_id) }

        var unit: UnitIdentification {
            UnitIdentification(unitNumber: UnitNumber.stored(container_number), tractorPlate: tractor_plate,
                               trailerPlate: trailer_plate, unitReference: unit_reference, refrigerated: refrigerated)
        }

        var pointResults: [PointResult] { StoredResult.decode(results) }

        /// The record as Core knows it, for sign-off and corrections.
        var inspection: ConveyanceInspection {
            ConveyanceInspection(id: inspectionID, version: version, checklistKey: checklist_key, checklistVersion: checklist_version,
                                 conveyance: ConveyanceKind(rawValue: conveyance) ?? .other, unit: unit, site: site, yardLocation: yard_location,
                                 inspectedAt: inspected_at, inspector: UserID(inspector_id), results: pointResults,
                                 signOff: signed_off_by.flatMap { by in signed_off_at.map { SupervisorSignOff(supervisor: UserID(by), at: $0) } })
        }
    }

    /// A line of the log.
    struct LogRow: Decodable, Sendable {
        let inspection_id: UUID
        let version: Int
        let checklist_key: String
        let conveyance: String
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let unit_reference: String?
        let site: String
        let yard_location: String?
        let inspected_at: Date
        let inspector_name: String
        let status: String
        let failed_count: Int
        let reinspection_due: Bool

        var inspectionID: InspectionID { InspectionID(inspection_id) }
        var unitLabel: String {
            if let container_number { return container_number }
            let plates = [tractor_plate, trailer_plate].compactMap { $0 }
            return plates.isEmpty ? (unit_reference ?? "") : plates.joined(separator: " / ")
        }
    }

    struct Filter: Sendable, Equatable {
        var site: String?
        /// Inspected on this day (UTC), or any day.
        var day: ProgramDay?
        /// The page after this moment (the last row's time on the page before).
        var before: Date?
    }

    struct Page: Sendable {
        let rows: [LogRow]
        /// Where the next page starts, when there is one.
        let next: Date?
    }

    static let rowColumns: SQLQueryString = """
    i.id, i.inspection_id, i.version, i.checklist_key, i.checklist_version, i.conveyance, i.container_number, i.tractor_plate,
    i.trailer_plate, i.unit_reference, i.refrigerated, i.site, i.yard_location, i.inspected_at, i.inspector_id, u.name AS inspector_name,
    i.status, i.failed_count, i.results, i.signed_off_by, i.signed_off_at, s.name AS supervisor_name, i.reinspection_due, i.reinspection_of,
    i.correction_reason, i.recorded_by, r.name AS recorder_name, i.recorded_at, i.superseded_at
    """

    func log(company: CompanyID, _ filter: Filter) async throws -> Page {
        var query: SQLQueryString = """
        SELECT i.inspection_id, i.version, i.checklist_key, i.conveyance, i.container_number, i.tractor_plate, i.trailer_plate,
        i.unit_reference, i.site, i.yard_location, i.inspected_at, u.name AS inspector_name, i.status, i.failed_count, i.reinspection_due
        FROM inspections i JOIN users u ON u.id = i.inspector_id
        WHERE i.company_id = \(bind: company.rawValue) AND i.superseded_at IS NULL
        """
        if let site = filter.site { query = query + " AND i.site = \(bind: site)" }
        if let day = filter.day {
            let start = day.startDate()
            query = query + " AND i.inspected_at >= \(bind: start) AND i.inspected_at < \(bind: start.addingTimeInterval(86_400))"
        }
        if let before = filter.before { query = query + " AND i.inspected_at < \(bind: before)" }
        query = query + " ORDER BY i.inspected_at DESC LIMIT \(unsafeRaw: String(Self.pageSize + 1))"
        let rows = try await sql.raw(query).all(decoding: LogRow.self)
        let shown = Array(rows.prefix(Self.pageSize))
        return Page(rows: shown, next: rows.count > Self.pageSize ? shown.last?.inspected_at : nil)
    }

    /// Every version of an inspection of `company`, oldest first; empty when there is none.
    func versions(company: CompanyID, id: InspectionID) async throws -> [Row] {
        try await sql.raw("""
        SELECT \(Self.rowColumns)
        FROM inspections i JOIN users u ON u.id = i.inspector_id JOIN users r ON r.id = i.recorded_by
        LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.inspection_id = \(bind: id.rawValue)
        ORDER BY i.version
        """).all(decoding: Row.self)
    }

    /// The current version of an inspection of `company`.
    func current(company: CompanyID, id: InspectionID) async throws -> Row? {
        try await sql.raw("""
        SELECT \(Self.rowColumns)
        FROM inspections i JOIN users u ON u.id = i.inspector_id JOIN users r ON r.id = i.recorded_by
        LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.inspection_id = \(bind: id.rawValue) AND i.superseded_at IS NULL
        """).first(decoding: Row.self)
    }

    // MARK: Validation pack

    /// The company's last successful validation: the newest `lastValidatedAt` over its
    /// memberships (one row per entity type, so a handful), or nil when none was validated.
    func lastValidation(company: CompanyID) async throws -> Date? {
        struct StateRow: Decodable { let state: String }
        let rows = try await sql.raw("""
        SELECT state FROM membership_applications WHERE company_id = \(bind: company.rawValue)
        """).all(decoding: StateRow.self)
        return rows.compactMap { MembershipStore.decode(MembershipApplication.self, $0.state)?.dates.lastValidatedAt }.max()
    }


    /// A current inspection as the validation pack lists it.
    struct PackRow: Decodable, Sendable {
        let id: UUID
        let inspection_id: UUID
        let version: Int
        let checklist_key: String
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let unit_reference: String?
        let site: String
        let yard_location: String?
        let inspected_at: Date
        let inspector_name: String
        let status: String
        let failed_count: Int
        let results: String
        let supervisor_name: String?
        let signed_off_at: Date?

        var inspectionID: InspectionID { InspectionID(inspection_id) }
        var unitLabel: String {
            if let container_number { return container_number }
            let plates = [tractor_plate, trailer_plate].compactMap { $0 }
            return plates.isEmpty ? (unit_reference ?? "") : plates.joined(separator: " / ")
        }
        var failedPoints: [PointResult] { failed_count == 0 ? [] : StoredResult.decode(results).filter { $0.outcome == .fail } }
    }

    static let packColumns: SQLQueryString = """
    i.id, i.inspection_id, i.version, i.checklist_key, i.container_number, i.tractor_plate, i.trailer_plate, i.unit_reference, i.site,
    i.yard_location, i.inspected_at, u.name AS inspector_name, i.status, i.failed_count, i.results, s.name AS supervisor_name, i.signed_off_at
    """

    /// Current inspections since `since`, oldest first, `limit` after the row `after` (keyset paging).
    func packPage(company: CompanyID, since: Date, after: (Date, UUID)?, limit: Int) async throws -> [PackRow] {
        var query: SQLQueryString = """
        SELECT \(Self.packColumns) FROM inspections i JOIN users u ON u.id = i.inspector_id LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.superseded_at IS NULL AND i.inspected_at >= \(bind: since)
        """
        if let (at, id) = after { query = query + " AND (i.inspected_at > \(bind: at) OR (i.inspected_at = \(bind: at) AND i.id > \(bind: id)))" }
        query = query + " ORDER BY i.inspected_at, i.id LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: PackRow.self)
    }

    /// Every inspection since `since` that held its unit (its failures are kept for current versions only).
    func packHeld(company: CompanyID, since: Date, limit: Int) async throws -> [PackRow] {
        try await sql.raw("""
        SELECT \(Self.packColumns) FROM inspections i JOIN users u ON u.id = i.inspector_id LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.id IN (SELECT f.record_id FROM inspection_failures f WHERE f.company_id = \(bind: company.rawValue) AND f.inspected_at >= \(bind: since))
        ORDER BY i.inspected_at LIMIT \(unsafeRaw: String(limit))
        """).all(decoding: PackRow.self)
    }

    /// The pack's sample: `size` draws at moments spread at random over the period, each the
    /// first inspection at or after its moment, the same draws for the same company and period.
    func packSample(company: CompanyID, since: ProgramDay, now: Date, size: Int) async throws -> [PackRow] {
        var random = SeededRandom(seed: "\(company)|\(since)")
        let start = since.startDate().timeIntervalSince1970, span = max(1, now.timeIntervalSince1970 - start)
        var picked: [UUID: PackRow] = [:]
        for _ in 0..<size {
            let moment = Date(timeIntervalSince1970: start + Double.random(in: 0..<span, using: &random))
            if let row = try await packFirst(company: company, atOrAfter: moment) { picked[row.id] = row }
        }
        return picked.values.sorted { ($0.inspected_at, $0.id.uuidString) < ($1.inspected_at, $1.id.uuidString) }
    }

    static let packCSVColumns = ["inspection_id", "version", "checklist", "unit", "site", "yard_location", "inspected_at", "inspector", "status",
                                 "failed_points", "notes", "signed_off_by", "signed_off_at"]

    /// The headers that say which period a pack's CSV covers and why it starts there (the CSV
    /// itself stays plain rows): `Trustlane-Pack-Since`, `Trustlane-Pack-Basis` (requested,
    /// last_validation, last_validation_beyond_limit or year_back) and, when a validation is
    /// recorded, `Trustlane-Last-Validation`.
    static func packHeaders(_ period: ValidationPackPeriod) -> [(String, String)] {
        var headers = [("Trustlane-Pack-Since", period.since.description), ("Trustlane-Pack-Basis", period.basis.code)]
        switch period.basis {
        case .lastValidation(let day), .lastValidationBeyondLimit(let day): headers.append(("Trustlane-Last-Validation", day.description))
        case .requested, .yearBack: break
        }
        return headers
    }

    /// Every current inspection of the period as CSV, read and sent 2,000 rows at a time (the
    /// page's download and the API's export).
    static func packCSV(_ db: any Database, company: CompanyID, period: ValidationPackPeriod) -> Response {
        let since = period.since
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"inspections-since-\(since).csv\"")
        for (name, value) in packHeaders(period) { headers.replaceOrAdd(name: name, value: value) }
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            try await writer.writeBuffer(ByteBuffer(string: ProfileCSV.line(packCSVColumns)))
            let queries = InspectionQueries(db)
            let formatter = ISO8601DateFormatter()
            var after: (Date, UUID)? = nil
            while true {
                let rows = try await queries.packPage(company: company, since: since.startDate(), after: after, limit: 2_000)
                guard let last = rows.last else { break }
                var text = ""
                for row in rows {
                    let failed = row.failedPoints
                    text += ProfileCSV.line([row.inspectionID.description, String(row.version), row.checklist_key, row.unitLabel, row.site, row.yard_location ?? "",
                                             formatter.string(from: row.inspected_at), row.inspector_name, row.status, failed.map(\.pointKey).joined(separator: ";"),
                                             failed.compactMap(\.note).joined(separator: " | "), row.supervisor_name ?? "",
                                             row.signed_off_at.map { formatter.string(from: $0) } ?? ""])
                }
                try await writer.writeBuffer(ByteBuffer(string: text))
                after = (last.inspected_at, last.id)
                if rows.count < 2_000 { break }
            }
            try await writer.write(.end)
        }))
    }

    /// The first current inspection at or after `moment`: one draw of the pack's sample.
    func packFirst(company: CompanyID, atOrAfter moment: Date) async throws -> PackRow? {
        try await sql.raw("""
        SELECT \(Self.packColumns) FROM inspections i JOIN users u ON u.id = i.inspector_id LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.superseded_at IS NULL AND i.inspected_at >= \(bind: moment)
        ORDER BY i.inspected_at, i.id LIMIT 1
        """).first(decoding: PackRow.self)
    }

    // MARK: Summary

    struct SiteCount: Decodable, Sendable {
        let site: String
        let done: Int
        let held: Int
    }

    /// Inspections done and held at each site since `day` (current versions), from the counters.
    func siteCounts(company: CompanyID, since day: ProgramDay) async throws -> [SiteCount] {
        try await sql.raw("""
        SELECT site, CAST(SUM(done) AS BIGINT) AS done, CAST(SUM(held) AS BIGINT) AS held FROM inspection_days
        WHERE company_id = \(bind: company.rawValue) AND day >= \(bind: day.description)
        GROUP BY site HAVING SUM(done) > 0 ORDER BY site
        """).all(decoding: SiteCount.self)
    }

    struct Discrepancies: Decodable, Sendable {
        let site: String
        let n: Int
    }

    /// Seal discrepancies (a number read that is not the seal affixed) since `moment`, by the
    /// site of the inspection the shipment was loaded after, or its origin when it has none.
    func discrepanciesBySite(company: CompanyID, since moment: Date) async throws -> [Discrepancies] {
        try await sql.raw("""
        SELECT COALESCE(i.site, s.origin) AS site, COUNT(*) AS n FROM seal_discrepancies d
        JOIN shipments s ON s.id = d.shipment_id
        LEFT JOIN inspections i ON i.inspection_id = s.inspection_id AND i.superseded_at IS NULL
        WHERE d.company_id = \(bind: company.rawValue) AND d.recorded_at >= \(bind: moment)
        GROUP BY COALESCE(i.site, s.origin) ORDER BY site
        """).all(decoding: Discrepancies.self)
    }

    struct PointCount: Decodable, Sendable {
        let checklist_key: String
        let point_key: String
        let n: Int
    }

    /// The points that failed most since `moment` (current versions), at one site or all: 20 at most.
    func failuresByPoint(company: CompanyID, since moment: Date, site: String?) async throws -> [PointCount] {
        var query: SQLQueryString = """
        SELECT checklist_key, point_key, COUNT(*) AS n FROM inspection_failures
        WHERE company_id = \(bind: company.rawValue) AND inspected_at >= \(bind: moment)
        """
        if let site { query = query + " AND site = \(bind: site)" }
        query = query + " GROUP BY checklist_key, point_key ORDER BY n DESC, checklist_key, point_key LIMIT 20"
        return try await sql.raw(query).all(decoding: PointCount.self)
    }

    /// The inspection record as evidence beside the profile's conveyance and pest criteria.
    struct Evidence: Sendable {
        let done: Int
        let held: Int
        let sites: Int
        let last: Date?
    }

    func evidence(company: CompanyID, since day: ProgramDay) async throws -> Evidence {
        struct Last: Decodable { let inspected_at: Date }
        async let counts = siteCounts(company: company, since: day)
        async let last = sql.raw("""
        SELECT inspected_at FROM inspections WHERE company_id = \(bind: company.rawValue) AND superseded_at IS NULL ORDER BY inspected_at DESC LIMIT 1
        """).first(decoding: Last.self)
        let bySite = try await counts
        return Evidence(done: bySite.reduce(0) { $0 + $1.done }, held: bySite.reduce(0) { $0 + $1.held }, sites: bySite.count,
                        last: try await last?.inspected_at)
    }

    /// Management's re-inspection of `id` (its current version), if one was recorded.
    func reinspection(company: CompanyID, of id: InspectionID) async throws -> Row? {
        try await sql.raw("""
        SELECT \(Self.rowColumns)
        FROM inspections i JOIN users u ON u.id = i.inspector_id JOIN users r ON r.id = i.recorded_by
        LEFT JOIN users s ON s.id = i.signed_off_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.reinspection_of = \(bind: id.rawValue) AND i.superseded_at IS NULL
        """).first(decoding: Row.self)
    }

    /// The sites the company has inspected at, for the log's filter and the form's suggestions.
    func sites(company: CompanyID) async throws -> [String] {
        struct Site: Decodable { let site: String }
        return try await sql.raw("""
        SELECT site FROM inspection_sites WHERE company_id = \(bind: company.rawValue) ORDER BY site LIMIT 200
        """).all(decoding: Site.self).map(\.site)
    }

    /// A photo of an inspection.
    struct Photo: Decodable, Sendable {
        let evidence_id: UUID
        let point_key: String?
        let file_name: String
        let created_at: Date
    }

    /// The photos of an inspection of `company`, oldest first.
    func photos(company: CompanyID, id: InspectionID) async throws -> [Photo] {
        try await sql.raw("""
        SELECT p.evidence_id, p.point_key, e.file_name, p.created_at
        FROM inspection_photos p JOIN evidence_files e ON e.id = p.evidence_id
        WHERE p.company_id = \(bind: company.rawValue) AND p.inspection_id = \(bind: id.rawValue)
        ORDER BY p.created_at, p.evidence_id
        """).all(decoding: Photo.self)
    }

    func retention(company: CompanyID) async throws -> RecordRetention {
        struct Stored: Decodable { let retention_months: Int; let legal_hold: Bool; let legal_hold_reason: String? }
        guard let row = try await sql.raw("""
        SELECT retention_months, legal_hold, legal_hold_reason FROM inspection_settings WHERE company_id = \(bind: company.rawValue)
        """).first(decoding: Stored.self) else { return .default }
        return RecordRetention(months: row.retention_months, legalHold: row.legal_hold, holdReason: row.legal_hold_reason)
    }

    /// What a client key stored before (a repeated offline submission): its content digest, nil
    /// for a row written before digests were kept (M045).
    struct Keyed: Decodable, Sendable {
        let content_digest: String?
    }

    /// The photo stored under this client key, if any (a repeated offline submission).
    func photoRecorded(company: CompanyID, clientKey: String) async throws -> Keyed? {
        try await sql.raw("""
        SELECT content_digest FROM inspection_photos WHERE company_id = \(bind: company.rawValue) AND client_key = \(bind: clientKey)
        """).first(decoding: Keyed.self)
    }

    func settings(company: CompanyID) async throws -> InspectionSettings {
        struct Stored: Decodable { let requires_sign_off: Bool; let reinspection_percent: Int }
        guard let row = try await sql.raw("""
        SELECT requires_sign_off, reinspection_percent FROM inspection_settings WHERE company_id = \(bind: company.rawValue)
        """).first(decoding: Stored.self) else { return .default }
        return InspectionSettings(requiresSupervisorSignOff: row.requires_sign_off, reinspectionPercent: row.reinspection_percent)
    }

    /// The inspection a client key already recorded (a repeated offline submission).
    func recorded(company: CompanyID, clientKey: String) async throws -> (id: InspectionID, digest: String?)? {
        struct Found: Decodable { let inspection_id: UUID; let content_digest: String? }
        return try await sql.raw("""
        SELECT inspection_id, content_digest FROM inspections WHERE company_id = \(bind: company.rawValue) AND client_key = \(bind: clientKey)
        """).first(decoding: Found.self).map { (InspectionID($0.inspection_id), $0.content_digest) }
    }
}

/// A point result as stored in `inspections.results`.
struct StoredResult: Codable, Sendable {
    let point: String
    let outcome: String
    let note: String?

    static func encode(_ results: [PointResult]) -> String {
        let stored = results.map { StoredResult(point: $0.pointKey, outcome: $0.outcome.rawValue, note: $0.note) }
        return String(decoding: (try? JSONEncoder().encode(stored)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [PointResult] {
        guard let stored = try? JSONDecoder().decode([StoredResult].self, from: Data(text.utf8)) else { return [] }
        return stored.map { PointResult(pointKey: $0.point, outcome: PointOutcome(rawValue: $0.outcome) ?? .notApplicable, note: $0.note) }
    }
}
