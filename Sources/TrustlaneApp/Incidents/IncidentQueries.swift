import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads of the incident register through SQLKit into small structs: the register (newest
/// first, 50 a page, by status and type), one incident with its links, notifications, timeline
/// and corrective actions (a fixed number of queries), the anonymous link's settings, and the
/// summary the security profile shows as live evidence.
struct IncidentQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    static let pageSize = 50

    struct Row: Decodable, Sendable {
        let id: UUID
        let number: Int
        let type: String
        let severity: String
        let status: String
        let source: String
        let title: String
        let description: String
        let location: String?
        let discovered_at: Date
        let discovered_by: String
        let found_by_cbp: Bool
        let reported_by_name: String?
        let reporter_contact: String?
        let investigation_started_at: Date?
        let findings: String?
        let root_cause: String?
        let not_reported_reason: String?
        let dismissed_reason: String?
        let closed_at: Date?
        let closed_by_name: String?
        let created_at: Date
        let updated_at: Date

        var incidentID: IncidentID { IncidentID(id) }
        var reference: String { "INC-\(number)" }
        var incidentType: IncidentType { IncidentType(rawValue: type) ?? .other }
        var incidentStatus: IncidentStatus { IncidentStatus(rawValue: status) ?? .open }
        var incidentSeverity: IncidentSeverity { IncidentSeverity(rawValue: severity) ?? .medium }
    }

    static let columns: SQLQueryString = """
    i.id, i.number, i.type, i.severity, i.status, i.source, i.title, i.description, i.location, i.discovered_at, i.discovered_by,
    i.found_by_cbp, r.name AS reported_by_name, i.reporter_contact, i.investigation_started_at, i.findings, i.root_cause,
    i.not_reported_reason, i.dismissed_reason, i.closed_at, c.name AS closed_by_name, i.created_at, i.updated_at
    """

    func incident(company: CompanyID, id: IncidentID) async throws -> Row? {
        try await sql.raw("""
        SELECT \(Self.columns) FROM incidents i LEFT JOIN users r ON r.id = i.reported_by LEFT JOIN users c ON c.id = i.closed_by
        WHERE i.company_id = \(bind: company.rawValue) AND i.id = \(bind: id.rawValue)
        """).first(decoding: Row.self)
    }

    /// The register's filter: by status (`active` = not closed or dismissed) and type.
    struct Filter: Sendable, Equatable {
        var status: String?
        var type: IncidentType?
        var before: Date?
    }

    struct ListRow: Decodable, Sendable {
        let id: UUID
        let number: Int
        let type: String
        let severity: String
        let status: String
        let source: String
        let title: String
        let discovered_at: Date
        let found_by_cbp: Bool
        let closed_at: Date?
        let created_at: Date
        let notified_cbp_at: Date?

        var incidentID: IncidentID { IncidentID(id) }
        var reference: String { "INC-\(number)" }
        var selfReport: SelfReport { SelfReport.decide(foundByCBP: found_by_cbp, cbpNotifications: notified_cbp_at.map { [$0] } ?? []) }
    }

    struct Page: Sendable {
        let rows: [ListRow]
        let next: Date?
    }

    static let cbpTargets = "('\(NotificationTarget.supplyChainSecuritySpecialist.rawValue)', '\(NotificationTarget.portOfEntry.rawValue)')"

    func list(company: CompanyID, _ filter: Filter) async throws -> Page {
        var query: SQLQueryString = """
        SELECT i.id, i.number, i.type, i.severity, i.status, i.source, i.title, i.discovered_at, i.found_by_cbp, i.closed_at, i.created_at,
        (SELECT MIN(n.notified_at) FROM incident_notifications n WHERE n.incident_id = i.id AND n.target IN \(unsafeRaw: Self.cbpTargets)) AS notified_cbp_at
        FROM incidents i WHERE i.company_id = \(bind: company.rawValue)
        """
        switch filter.status {
        case "active": query = query + " AND i.status NOT IN ('closed', 'dismissed')"
        case .some(let status): query = query + " AND i.status = \(bind: status)"
        case nil: break
        }
        if let type = filter.type { query = query + " AND i.type = \(bind: type.rawValue)" }
        if let before = filter.before { query = query + " AND i.created_at < \(bind: before)" }
        query = query + " ORDER BY i.created_at DESC LIMIT \(unsafeRaw: String(Self.pageSize + 1))"
        var rows = try await sql.raw(query).all(decoding: ListRow.self)
        var next: Date?
        if rows.count > Self.pageSize {
            rows.removeLast()
            next = rows.last?.created_at
        }
        return Page(rows: rows, next: next)
    }

    struct LinkRow: Decodable, Sendable, Hashable {
        let kind: String
        let target: String
        let label: String
    }

    struct NotificationRow: Decodable, Sendable {
        let id: UUID
        let target: String
        let recipient: String
        let notified_by: String
        let notified_at: Date
        let channel: String
        let note: String?
        let recorded_by_name: String?
        let recorded_at: Date

        var notificationTarget: NotificationTarget { NotificationTarget(rawValue: target) ?? .other }
    }

    struct EntryRow: Decodable, Sendable {
        let id: UUID
        let kind: String
        let at: Date
        let body: String
        let author_name: String?
        let created_at: Date
    }

    struct ActionRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let owner: String?
        let due_date: Date
        let status: String
    }

    /// One incident with everything its page and the API show: six queries whatever its size.
    struct Detail: Sendable {
        let row: Row
        let links: [LinkRow]
        let notifications: [NotificationRow]
        let entries: [EntryRow]
        let actions: [ActionRow]
        /// Its attached files (photos, documents; the anonymous reporter's too).
        var files: [RecordFiles.Row] = []
        var company: CompanyID? = nil

        /// The people of the roster the incident names (links of kind `person`, target the person's id).
        var people: [LinkRow] { links.filter { $0.kind == "person" } }
        /// What else it touches: shipments, inspections, seals, partners.
        var records: [LinkRow] { links.filter { $0.kind != "person" } }

        var selfReport: SelfReport {
            SelfReport.decide(foundByCBP: row.found_by_cbp, cbpNotifications: notifications.filter { $0.notificationTarget.isCBP }.map(\.notified_at))
        }
        /// The checklist's parties not yet told.
        var pendingTargets: [NotificationTarget] {
            let told = Set(notifications.map(\.notificationTarget))
            return NotificationTarget.checklist(for: row.incidentType).filter { !told.contains($0) }
        }
        var closureProblems: [FieldError] {
            IncidentInvestigation.closureProblems(status: row.incidentStatus, findings: row.findings, rootCause: row.root_cause, type: row.incidentType,
                                                  toldCBP: notifications.contains { $0.notificationTarget.isCBP }, notReportedReason: row.not_reported_reason)
        }
    }

    func detail(company: CompanyID, id: IncidentID) async throws -> Detail? {
        guard let row = try await incident(company: company, id: id) else { return nil }
        return try await detail(company: company, row: row)
    }

    func detail(company: CompanyID, row: Row) async throws -> Detail {
        let links = try await sql.raw("""
        SELECT kind, target, label FROM incident_links WHERE incident_id = \(bind: row.id) ORDER BY kind, label
        """).all(decoding: LinkRow.self)
        let notifications = try await sql.raw("""
        SELECT n.id, n.target, n.recipient, n.notified_by, n.notified_at, n.channel, n.note, u.name AS recorded_by_name, n.recorded_at
        FROM incident_notifications n LEFT JOIN users u ON u.id = n.recorded_by
        WHERE n.incident_id = \(bind: row.id) ORDER BY n.notified_at, n.recorded_at
        """).all(decoding: NotificationRow.self)
        let entries = try await sql.raw("""
        SELECT e.id, e.kind, e.at, e.body, u.name AS author_name, e.created_at FROM incident_entries e LEFT JOIN users u ON u.id = e.author_id
        WHERE e.incident_id = \(bind: row.id) ORDER BY e.at, e.created_at
        """).all(decoding: EntryRow.self)
        let actions = try await sql.raw("""
        SELECT id, title, owner, due_date, status FROM corrective_actions
        WHERE company_id = \(bind: company.rawValue) AND source = 'incident' AND source_id = \(bind: row.id.uuidString.lowercased())
        ORDER BY due_date, title
        """).all(decoding: ActionRow.self)
        let files = try await RecordFiles.list(kind: .incident, record: row.id, company: company, on: sql)
        return Detail(row: row, links: links, notifications: notifications, entries: entries, actions: actions, files: files, company: company)
    }

    /// The next running number of the company's register (inside the writer's transaction).
    func nextNumber(company: CompanyID) async throws -> Int {
        let row = try await sql.raw("SELECT COALESCE(MAX(number), 0) AS n FROM incidents WHERE company_id = \(bind: company.rawValue)").first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0) + 1
    }

    /// The entry a finding already opened, if any.
    func bySource(company: CompanyID, key: String) async throws -> UUID? {
        try await sql.raw("SELECT id FROM incidents WHERE company_id = \(bind: company.rawValue) AND source_key = \(bind: key)")
            .first()?.decode(column: "id", as: UUID.self)
    }

    // MARK: People

    struct PersonIncidentRow: Decodable, Sendable {
        let id: UUID
        let number: Int
        let type: String
        let status: String
        let title: String
        let discovered_at: Date

        var incidentID: IncidentID { IncidentID(id) }
        var reference: String { "INC-\(number)" }
    }

    /// The incidents that name a person of the roster, newest discovery first (by the links' index).
    func incidents(company: CompanyID, person: PersonID, limit: Int = 100) async throws -> [PersonIncidentRow] {
        try await sql.raw("""
        SELECT i.id, i.number, i.type, i.status, i.title, i.discovered_at FROM incident_links l JOIN incidents i ON i.id = l.incident_id
        WHERE l.company_id = \(bind: company.rawValue) AND l.kind = 'person' AND l.target = \(bind: person.description)
        ORDER BY i.discovered_at DESC LIMIT \(unsafeRaw: String(limit))
        """).all(decoding: PersonIncidentRow.self)
    }

    // MARK: The anonymous link

    /// The company's anonymous reporting key, nil when the link is off.
    func reportKey(company: CompanyID) async throws -> String? {
        try await sql.raw("SELECT report_key FROM incident_settings WHERE company_id = \(bind: company.rawValue)")
            .first()?.decode(column: "report_key", as: String?.self)
    }

    struct LinkCompany: Decodable, Sendable {
        let company_id: UUID
        let legal_name: String
        var companyID: CompanyID { CompanyID(company_id) }
    }

    /// The company a public key belongs to, nil for an unknown or retired key.
    func company(reportKey key: String) async throws -> LinkCompany? {
        try await sql.raw("""
        SELECT s.company_id, c.legal_name FROM incident_settings s JOIN companies c ON c.id = s.company_id WHERE s.report_key = \(bind: key)
        """).first(decoding: LinkCompany.self)
    }

    /// The anonymous report a receipt code names, within the company of the link.
    func anonymous(company: CompanyID, receiptDigest: String) async throws -> (id: UUID, number: Int, status: String)? {
        guard let row = try await sql.raw("""
        SELECT id, number, status FROM incidents WHERE company_id = \(bind: company.rawValue) AND receipt_digest = \(bind: receiptDigest)
        """).first() else { return nil }
        return (try row.decode(column: "id", as: UUID.self), try row.decode(column: "number", as: Int.self), try row.decode(column: "status", as: String.self))
    }

    // MARK: Live evidence

    struct EvidenceSummary: Sendable {
        let total: Int
        let active: Int
        let closed: Int
        /// Median days from discovery to closure over the closed ones; nil with none closed.
        let medianDaysToClose: Double?
        let anonymous: Int
        let latest: [ListRow]
    }

    /// What the profile's incident criteria (7.23-7.37, 6.1) show: counts, closure time, the
    /// latest entries.
    func evidence(company: CompanyID) async throws -> EvidenceSummary {
        let counts = try await sql.raw("""
        SELECT COUNT(*) AS total, SUM(CASE WHEN status IN ('closed', 'dismissed') THEN 0 ELSE 1 END) AS active,
        SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed, SUM(CASE WHEN source = 'anonymous' THEN 1 ELSE 0 END) AS anonymous
        FROM incidents WHERE company_id = \(bind: company.rawValue)
        """).first()
        let durations = try await sql.raw("""
        SELECT discovered_at, closed_at FROM incidents WHERE company_id = \(bind: company.rawValue) AND status = 'closed'
        ORDER BY closed_at DESC LIMIT 200
        """).all().compactMap { row -> Double? in
            guard let from = try? row.decode(column: "discovered_at", as: Date.self), let to = try? row.decode(column: "closed_at", as: Date.self) else { return nil }
            return to.timeIntervalSince(from) / 86_400
        }.sorted()
        let median: Double? = durations.isEmpty ? nil
            : durations.count % 2 == 1 ? durations[durations.count / 2] : (durations[durations.count / 2 - 1] + durations[durations.count / 2]) / 2
        let latest = try await list(company: company, Filter()).rows.prefix(5)
        func count(_ name: String) -> Int { (try? counts?.decode(column: name, as: Int?.self)) .flatMap { $0 } ?? 0 }
        return EvidenceSummary(total: count("total"), active: count("active"), closed: count("closed"), medianDaysToClose: median,
                               anonymous: count("anonymous"), latest: Array(latest))
    }
}
