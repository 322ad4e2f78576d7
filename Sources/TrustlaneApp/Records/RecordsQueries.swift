import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads for the daily records' validation pack and retention: each kind's retention rule, how
/// many records a period holds (one index range), and a repeatable random sample of them drawn
/// as the inspections' pack draws (`InspectionQueries.packSample`): moments spread at random over
/// the period, each the first record at or after it, the same draws for the same company, kind
/// and period. A pack reads at most `size` + 5 queries whatever the log's size (a training
/// session's attendees, a shipment's seals, checks and discrepancies: one read each for all rows).
struct RecordsQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    // MARK: Retention

    private struct RetentionRow: Decodable { let record_kind: String; let retention_months: Int; let legal_hold: Bool; let legal_hold_reason: String? }

    /// Each kind's rule; a kind the company never set keeps five years, no hold.
    func retention(company: CompanyID) async throws -> [DailyRecordKind: RecordRetention] {
        var rules = Dictionary(uniqueKeysWithValues: DailyRecordKind.allCases.map { ($0, RecordRetention.default) })
        for row in try await sql.raw("""
        SELECT record_kind, retention_months, legal_hold, legal_hold_reason FROM record_retention WHERE company_id = \(bind: company.rawValue)
        """).all(decoding: RetentionRow.self) {
            if let kind = DailyRecordKind(rawValue: row.record_kind) {
                rules[kind] = RecordRetention(months: row.retention_months, legalHold: row.legal_hold, holdReason: row.legal_hold_reason)
            }
        }
        return rules
    }

    // MARK: Pack rows

    /// One value of a pack's row: shown in the reader's language on the page, plain in the CSV.
    enum Cell: Sendable {
        case text(String?)
        case time(Date?)
        case day(Date)
        case number(Int)
        /// A localized label, and the code the CSV carries.
        case label(key: String, code: String)
        /// Several labels (a session's topics).
        case labels([(key: String, code: String)])
        /// Several entries of a few values each (a shipment's seals, its checks): an entry's
        /// values joined by spaces, the entries by "; ".
        case entries([[Cell]])

        var csv: String {
            switch self {
            case .text(let value): value ?? ""
            case .time(let date): date.map { ISO8601DateFormatter().string(from: $0) } ?? ""
            case .day(let date): ProgramDay(date).description
            case .number(let n): String(n)
            case .label(_, let code): code
            case .labels(let items): items.map(\.code).joined(separator: ";")
            case .entries(let entries): entries.map { $0.map(\.csv).joined(separator: " ") }.joined(separator: "; ")
            }
        }
    }

    struct PackRow: Sendable {
        let id: UUID
        let at: Date
        /// The record's own page, when it has one.
        let link: String?
        var cells: [Cell]
    }

    /// The columns of a kind's pack: the heading's localization key and the CSV column.
    static func columns(_ kind: DailyRecordKind) -> [(key: String, csv: String)] {
        switch kind {
        case .incidents:
            [("records.col.reference", "reference"), ("incidents.title_field", "title"), ("incidents.type", "type"), ("incidents.severity", "severity"),
             ("incidents.status", "status"), ("incidents.discovered_at", "discovered_at"), ("records.col.source", "source"),
             ("records.col.self_report", "self_report"), ("records.col.cbp_told_at", "cbp_told_at"), ("records.col.closed_at", "closed_at")]
        case .training:
            [("records.col.session", "title"), ("records.col.held_on", "held_on"), ("records.col.topics", "topics"), ("records.col.trainer", "trainer"),
             ("gate.site", "site"), ("records.col.attendees", "attendees"), ("records.col.passed", "passed"), ("records.col.names", "attendee_names"),
             ("records.col.signed_roster", "signed_roster"), ("records.col.materials", "materials")]
        case .visits:
            [("gate.visitor_name", "name"), ("gate.visitor_company", "visitor_company"), ("gate.photo_id_type", "photo_id_type"), ("gate.host", "host"),
             ("gate.badge_number", "badge_number"), ("gate.escort", "escort"), ("gate.site", "site"), ("records.col.in", "checked_in_at"),
             ("records.col.out", "checked_out_at")]
        case .pickups:
            [("gate.driver_name", "driver_name"), ("gate.carrier", "carrier"), ("gate.truck_plate", "truck_plate"), ("gate.trailer_number", "trailer_number"),
             ("records.col.shipment", "shipment"), ("records.col.pre_notified", "pre_notified"), ("gate.site", "site"), ("records.col.arrived", "arrived_at"),
             ("records.col.departed", "departed_at"), ("gate.departure_seal", "departure_seal")]
        case .seals:
            [("seals.number", "seal"), ("records.col.event", "event"), ("records.col.from_state", "from_state"), ("records.col.to_state", "to_state"),
             ("seals.issued_to", "issued_to"), ("records.col.shipment", "shipment"), ("seals.reason", "reason"), ("seals.by", "by"), ("seals.when", "at")]
        case .shipments:
            [("records.col.reference", "reference"), ("shipments.document_numbers", "document_numbers"), ("records.col.unit", "unit"),
             ("shipments.origin", "origin"), ("shipments.destination", "destination"), ("records.col.status", "status"), ("records.col.recorded", "created_at"),
             ("records.col.consignee_told", "consignee_notified_at"), ("records.col.released", "released_at"), ("shipments.seals", "seals"),
             ("shipments.checks", "checks"), ("records.col.discrepancies", "discrepancies"), ("records.col.photos", "photos")]
        case .trainingFiles:
            [("records.col.file", "file_name"), ("records.col.session", "session"), ("records.col.held_on", "held_on"), ("records.col.purpose", "purpose"),
             ("records.col.content_type", "content_type"), ("records.col.size", "size"), ("records.col.sha256", "sha256"),
             ("records.col.uploaded_by", "uploaded_by"), ("records.col.uploaded_at", "uploaded_at")]
        case .badgeEvents:
            [("gate.badge_number_field", "badge"), ("gate.badge_kind", "kind"), ("records.col.event", "event"), ("records.col.person", "person"),
             ("gate.note", "note"), ("seals.by", "by"), ("seals.when", "at")]
        }
    }

    /// The table, its time column and the select list of a kind.
    private static func source(_ kind: DailyRecordKind) -> (select: SQLQueryString, time: String, company: String) {
        switch kind {
        case .incidents:
            ("""
            SELECT i.id, i.number, i.type, i.severity, i.status, i.source, i.title, i.discovered_at, i.found_by_cbp, i.closed_at, i.created_at,
            (SELECT MIN(n.notified_at) FROM incident_notifications n WHERE n.incident_id = i.id AND n.target IN \(unsafeRaw: IncidentQueries.cbpTargets)) AS notified_cbp_at
            FROM incidents i
            """, "i.discovered_at", "i.company_id")
        case .training:
            ("SELECT \(TrainingQueries.sessionColumns) FROM training_sessions s", "s.held_on", "s.company_id")
        case .visits:
            ("SELECT \(GateQueries.visitColumns) FROM gate_visits v LEFT JOIN users u ON u.id = v.recorded_by", "v.checked_in_at", "v.company_id")
        case .pickups:
            ("SELECT \(GateQueries.pickupColumns) FROM gate_pickups p \(GateQueries.pickupJoins)", "p.arrived_at", "p.company_id")
        case .seals:
            ("""
            SELECT e.id, e.number, e.event, e.from_state, e.to_state, e.issued_to, e.shipment_reference, e.reason, u.name AS actor_name, e.at
            FROM seal_events e LEFT JOIN users u ON u.id = e.actor_id
            """, "e.at", "e.company_id")
        case .shipments:
            ("""
            SELECT h.id, h.reference, h.document_numbers, h.container_number, h.tractor_plate, h.trailer_plate, h.origin, h.destination, h.status,
            h.created_at, h.consignee_notified_at, h.released_at FROM shipments h
            """, "h.created_at", "h.company_id")
        case .trainingFiles:
            ("""
            SELECT f.id, f.purpose, f.file_name, f.content_type, f.size, f.sha256, u.name AS uploaded_by_name, f.uploaded_at,
            s.id AS session_id, s.title AS session_title, s.held_on AS session_held_on
            FROM record_files f JOIN training_sessions s ON s.id = f.record_id LEFT JOIN users u ON u.id = f.uploaded_by
            """, "f.uploaded_at", "f.company_id")
        case .badgeEvents:
            ("""
            SELECT e.id, b.number, b.kind, e.event, e.person, e.note, e.at, u.name AS recorded_by_name
            FROM gate_badge_events e JOIN gate_badges b ON b.id = e.badge_id LEFT JOIN users u ON u.id = e.recorded_by
            """, "e.at", "e.company_id")
        }
    }

    private static func alias(_ kind: DailyRecordKind) -> String {
        switch kind {
        case .incidents: "i"; case .training: "s"; case .visits: "v"; case .pickups: "p"; case .seals: "e"; case .shipments: "h"
        case .trainingFiles: "f"; case .badgeEvents: "e"
        }
    }

    /// What else picks the kind's rows out of its table (files: a training session's, not an incident's).
    private static func filter(_ kind: DailyRecordKind) -> String {
        kind == .trainingFiles ? " AND f.record_kind = '\(RecordFiles.Kind.trainingSession.rawValue)'" : ""
    }

    /// Records of the kind since `since`.
    func count(_ kind: DailyRecordKind, company: CompanyID, since: Date) async throws -> Int {
        let table: String
        switch kind {
        case .incidents: table = "incidents i"
        case .training: table = "training_sessions s"
        case .visits: table = "gate_visits v"
        case .pickups: table = "gate_pickups p"
        case .seals: table = "seal_events e"
        case .shipments: table = "shipments h"
        case .trainingFiles: table = "record_files f"
        case .badgeEvents: table = "gate_badge_events e"
        }
        let s = Self.source(kind)
        struct Count: Decodable { let n: Int }
        return try await sql.raw("""
        SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: s.company) = \(bind: company.rawValue)\(unsafeRaw: Self.filter(kind)) \
        AND \(unsafeRaw: s.time) >= \(bind: since)
        """).first(decoding: Count.self)?.n ?? 0
    }

    /// Up to `limit` records since `since`, oldest first.
    func page(_ kind: DailyRecordKind, company: CompanyID, since: Date, limit: Int) async throws -> [PackRow] {
        let s = Self.source(kind), a = Self.alias(kind)
        return try await rows(kind, company: company, """
        \(s.select) WHERE \(unsafeRaw: s.company) = \(bind: company.rawValue)\(unsafeRaw: Self.filter(kind)) AND \(unsafeRaw: s.time) >= \(bind: since)
        ORDER BY \(unsafeRaw: s.time), \(unsafeRaw: a).id LIMIT \(unsafeRaw: String(limit))
        """)
    }

    /// The first record at or after `moment`: one draw of the sample.
    func first(_ kind: DailyRecordKind, company: CompanyID, atOrAfter moment: Date) async throws -> PackRow? {
        let s = Self.source(kind), a = Self.alias(kind)
        return try await rows(kind, company: company, """
        \(s.select) WHERE \(unsafeRaw: s.company) = \(bind: company.rawValue)\(unsafeRaw: Self.filter(kind)) AND \(unsafeRaw: s.time) >= \(bind: moment)
        ORDER BY \(unsafeRaw: s.time), \(unsafeRaw: a).id LIMIT 1
        """, withDetails: false).first
    }

    struct Pack: Sendable {
        let kind: DailyRecordKind
        let total: Int
        let rows: [PackRow]
    }

    /// The pack of a kind: the period's count and its sample (every record when there are no
    /// more than `size`), oldest first.
    func pack(_ kind: DailyRecordKind, company: CompanyID, since: ProgramDay, now: Date, size: Int) async throws -> Pack {
        let start = since.startDate()
        let total = try await count(kind, company: company, since: start)
        if total <= size { return Pack(kind: kind, total: total, rows: try await page(kind, company: company, since: start, limit: size)) }
        var random = SeededRandom(seed: "\(company)|\(kind.rawValue)|\(since)")
        let from = start.timeIntervalSince1970, span = max(1, now.timeIntervalSince1970 - from)
        var picked: [UUID: PackRow] = [:]
        for _ in 0..<size {
            let moment = Date(timeIntervalSince1970: from + Double.random(in: 0..<span, using: &random))
            if let row = try await first(kind, company: company, atOrAfter: moment) { picked[row.id] = row }
        }
        var rows = picked.values.sorted { ($0.at, $0.id.uuidString) < ($1.at, $1.id.uuidString) }
        rows = try await withDetails(kind, rows)
        return Pack(kind: kind, total: total, rows: rows)
    }

    // MARK: Decoding

    private func rows(_ kind: DailyRecordKind, company: CompanyID, _ query: SQLQueryString, withDetails details: Bool = true) async throws -> [PackRow] {
        switch kind {
        case .incidents:
            return try await sql.raw(query).all(decoding: IncidentQueries.ListRow.self).map { r in
                let report: (key: String, code: String)
                switch r.selfReport {
                case .reportedFirst: report = ("records.self_report.reported_first", "reported_first")
                case .foundByCBP: report = ("records.self_report.cbp_found", "cbp_found")
                case .notReported: report = ("records.self_report.not_reported", "not_reported")
                }
                return PackRow(id: r.id, at: r.discovered_at, link: SiteURL.incident(company, r.incidentID), cells: [
                    .text(r.reference), .text(r.title), .label(key: "incidents.type.\(r.type)", code: r.type),
                    .label(key: "incidents.severity.\(r.severity)", code: r.severity), .label(key: "incidents.status.\(r.status)", code: r.status),
                    .time(r.discovered_at), .label(key: "incidents.source.\(r.source)", code: r.source), .label(key: report.key, code: report.code),
                    .time(r.notified_cbp_at), .time(r.closed_at),
                ])
            }
        case .training:
            let sessions = try await sql.raw(query).all(decoding: TrainingQueries.SessionRow.self).map { s in
                PackRow(id: s.id, at: s.held_on, link: SiteURL.trainingSession(company, s.sessionID), cells: [
                    .text(s.title), .day(s.held_on), .labels(s.topicList.map { ($0.nameKey, $0.rawValue) }), .text(s.trainer), .text(s.site),
                    .number(s.attendees),
                ])
            }
            return details ? try await withAttendees(sessions) : sessions
        case .visits:
            return try await sql.raw(query).all(decoding: GateQueries.VisitRow.self).map { v in
                PackRow(id: v.id, at: v.checked_in_at, link: nil, cells: [
                    .text(v.name), .text(v.visitor_company), .label(key: v.idType.nameKey, code: v.photo_id_type), .text(v.host), .text(v.badge_number),
                    .text(v.escort), .text(v.site), .time(v.checked_in_at), .time(v.checked_out_at),
                ])
            }
        case .pickups:
            return try await sql.raw(query).all(decoding: GateQueries.PickupRow.self).map { p in
                PackRow(id: p.id, at: p.arrived_at, link: nil, cells: [
                    .text(p.driver_name), .text(p.carrier), .text(p.truck_plate), .text(p.trailer_number), .text(p.shipment_reference),
                    p.preNotified ? .label(key: "gate.pre_notified", code: "yes") : .label(key: "gate.not_pre_notified", code: "no"), .text(p.site),
                    .time(p.arrived_at), .time(p.departed_at), .text(p.departure_seal),
                ])
            }
        case .seals:
            return try await sql.raw(query).all(decoding: SealEventRow.self).map { e in
                PackRow(id: e.id, at: e.at, link: (try? SealNumber(e.number)).map { SiteURL.seal(company, $0) }, cells: [
                    .text(e.number), .label(key: "seals.event.\(e.event)", code: e.event), .label(key: "seals.state.\(e.from_state)", code: e.from_state),
                    .label(key: "seals.state.\(e.to_state)", code: e.to_state), .text(e.issued_to), .text(e.shipment_reference), .text(e.reason),
                    .text(e.actor_name), .time(e.at),
                ])
            }
        case .shipments:
            let shipments = try await sql.raw(query).all(decoding: ShipmentRow.self).map { h in
                PackRow(id: h.id, at: h.created_at, link: SiteURL.shipment(company, ShipmentID(h.id)), cells: [
                    .text(h.reference), .text(h.document_numbers),
                    .text(ShipmentQueries.Row.unitLabel(container: h.container_number, tractor: h.tractor_plate, trailer: h.trailer_plate)),
                    .text(h.origin), .text(h.destination), .label(key: "shipments.status.\(h.status)", code: h.status), .time(h.created_at),
                    .time(h.consignee_notified_at), .time(h.released_at),
                ])
            }
            return details ? try await withSeals(shipments) : shipments
        case .trainingFiles:
            return try await sql.raw(query).all(decoding: TrainingFileRow.self).map { f in
                PackRow(id: f.id, at: f.uploaded_at, link: SiteURL.trainingSession(company, TrainingSessionID(f.session_id)), cells: [
                    .text(f.file_name), .text(f.session_title), .day(f.session_held_on), .label(key: "records.purpose.\(f.purpose)", code: f.purpose),
                    .text(f.content_type), .number(Int(f.size)), .text(f.sha256), .text(f.uploaded_by_name), .time(f.uploaded_at),
                ])
            }
        case .badgeEvents:
            return try await sql.raw(query).all(decoding: BadgeEventRow.self).map { e in
                PackRow(id: e.id, at: e.at, link: SiteURL.gateBadges(company), cells: [
                    .text(e.number), .label(key: "gate.badge_kind.\(e.kind)", code: e.kind), .label(key: "gate.badge_event.\(e.event)", code: e.event),
                    .text(e.person), .text(e.note), .text(e.recorded_by_name), .time(e.at),
                ])
            }
        }
    }

    private struct TrainingFileRow: Decodable {
        let id: UUID
        let purpose: String
        let file_name: String
        let content_type: String
        let size: Int64
        let sha256: String
        let uploaded_by_name: String?
        let uploaded_at: Date
        let session_id: UUID
        let session_title: String
        let session_held_on: Date
    }

    private struct BadgeEventRow: Decodable {
        let id: UUID
        let number: String
        let kind: String
        let event: String
        let person: String?
        let note: String?
        let at: Date
        let recorded_by_name: String?
    }

    private struct SealEventRow: Decodable {
        let id: UUID
        let number: String
        let event: String
        let from_state: String
        let to_state: String
        let issued_to: String?
        let shipment_reference: String?
        let reason: String?
        let actor_name: String?
        let at: Date
    }

    private struct ShipmentRow: Decodable {
        let id: UUID
        let reference: String
        let document_numbers: String
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let origin: String
        let destination: String
        let status: String
        let created_at: Date
        let consignee_notified_at: Date?
        let released_at: Date?
    }

    /// The sample's rows with what only a few kinds add (read once for all the rows).
    private func withDetails(_ kind: DailyRecordKind, _ rows: [PackRow]) async throws -> [PackRow] {
        switch kind {
        case .training: try await withAttendees(rows)
        case .shipments: try await withSeals(rows)
        case .incidents, .visits, .pickups, .seals, .trainingFiles, .badgeEvents: rows
        }
    }

    /// Adds to each shipment row its seals (number and when affixed), its VVTT checks (seal,
    /// stage, result, when), how many seal discrepancies it had and how many seal photos: three reads for all of them.
    private func withSeals(_ shipments: [PackRow]) async throws -> [PackRow] {
        guard !shipments.isEmpty else { return shipments }
        let ids = shipments.map(\.id)
        struct Seal: Decodable { let shipment_id: UUID; let number: String; let affixed_at: Date; let photo_evidence_id: UUID? }
        struct Check: Decodable { let shipment_id: UUID; let number: String; let stage: String; let passed: Bool; let checked_at: Date }
        struct Discrepancies: Decodable { let shipment_id: UUID; let n: Int }
        let seals = Dictionary(grouping: try await sql.raw("""
        SELECT shipment_id, number, affixed_at, photo_evidence_id FROM shipment_seals WHERE shipment_id IN (\(binds: ids)) ORDER BY affixed_at, number
        """).all(decoding: Seal.self), by: \.shipment_id)
        let checks = Dictionary(grouping: try await sql.raw("""
        SELECT shipment_id, number, stage, passed, checked_at FROM seal_checks WHERE shipment_id IN (\(binds: ids)) ORDER BY checked_at, number
        """).all(decoding: Check.self), by: \.shipment_id)
        var discrepancies: [UUID: Int] = [:]
        for row in try await sql.raw("""
        SELECT shipment_id, COUNT(*) AS n FROM seal_discrepancies WHERE shipment_id IN (\(binds: ids)) GROUP BY shipment_id
        """).all(decoding: Discrepancies.self) { discrepancies[row.shipment_id] = row.n }
        return shipments.map { row in
            var row = row
            let mine = seals[row.id] ?? []
            row.cells += [
                .entries(mine.map { [.text($0.number), .time($0.affixed_at)] }),
                .entries((checks[row.id] ?? []).map { check -> [Cell] in
                    [.text(check.number), .label(key: "shipments.stage.\(check.stage)", code: check.stage),
                     check.passed ? .label(key: "records.check_passed", code: "passed") : .label(key: "records.check_failed", code: "failed"),
                     .time(check.checked_at)]
                }),
                .number(discrepancies[row.id] ?? 0), .number(mine.filter { $0.photo_evidence_id != nil }.count),
            ]
            return row
        }
    }

    /// Adds to each session row who passed and the attendees' names: one read for all of them.
    private func withAttendees(_ sessions: [PackRow]) async throws -> [PackRow] {
        guard !sessions.isEmpty else { return sessions }
        struct Attendee: Decodable { let session_id: UUID; let name: String; let passed: Bool }
        let attendees = try await sql.raw("""
        SELECT a.session_id, p.name, a.passed FROM training_attendance a JOIN people p ON p.id = a.person_id
        WHERE a.session_id IN (\(binds: sessions.map(\.id))) ORDER BY p.name_key
        """).all(decoding: Attendee.self)
        let bySession = Dictionary(grouping: attendees, by: \.session_id)
        // The signed rosters (by file name) and how many materials: one more read for all of them.
        struct File: Decodable { let record_id: UUID; let purpose: String; let file_name: String }
        let files = try await sql.raw("""
        SELECT record_id, purpose, file_name FROM record_files WHERE record_kind = 'training_session' AND record_id IN (\(binds: sessions.map(\.id)))
        ORDER BY uploaded_at, file_name
        """).all(decoding: File.self)
        let filesBySession = Dictionary(grouping: files, by: \.record_id)
        return sessions.map { row in
            var row = row
            let list = bySession[row.id] ?? []
            let own = filesBySession[row.id] ?? []
            let rosters = own.filter { $0.purpose == RecordFiles.Purpose.roster.rawValue }.map(\.file_name).joined(separator: "; ")
            row.cells += [.number(list.filter(\.passed).count), .text(list.map(\.name).joined(separator: "; ")),
                          .text(rosters.isEmpty ? nil : rosters),
                          .number(own.filter { $0.purpose == RecordFiles.Purpose.material.rawValue }.count)]
            return row
        }
    }
}

import Vapor

extension RecordsQueries {
    /// A pack's sample as CSV (the rows the page shows, codes and ISO 8601 times), with the
    /// inspections' pack headers saying where the period starts and why, and
    /// `Trustlane-Pack-Total`, how many records the period holds.
    static func csv(_ pack: Pack, period: ValidationPackPeriod) -> Response {
        let text = csvText(pack)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(csvName(pack.kind, period: period))\"")
        for (name, value) in InspectionQueries.packHeaders(period) { headers.replaceOrAdd(name: name, value: value) }
        headers.replaceOrAdd(name: "Trustlane-Pack-Total", value: String(pack.total))
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// A pack's sample as CSV text: its columns' codes, a row a record.
    static func csvText(_ pack: Pack) -> String {
        var text = ProfileCSV.line(["id"] + columns(pack.kind).map(\.csv))
        for row in pack.rows { text += ProfileCSV.line([row.id.uuidString.lowercased()] + row.cells.map(\.csv)) }
        return text
    }

    static func csvName(_ kind: DailyRecordKind, period: ValidationPackPeriod) -> String {
        "\(kind.rawValue)-sample-since-\(period.since).csv"
    }
}
