import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the incident register (issue 17). Every write is one gated transaction with its
/// audit entry; every refusal names its field, with nothing saved. Entries raised by other
/// records (seal checks, seal audits) are written by `raise` inside the caller's transaction.
struct IncidentService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    static let maxSealLinks = 20
    static let maxPartnerLinks = 10
    static let maxSealText = 1_000

    /// What an incident touches, as the form or the API names it.
    struct LinkDraft: Sendable, Equatable {
        var shipmentID: String?
        var inspectionID: String?
        var sealNumbers: String?
        var partnerIDs: [String] = []
        /// People of the company's roster (`people`), named at filing as `linkPerson` names them later.
        var personIDs: [String] = []
    }

    struct Link: Sendable, Equatable {
        let kind: String
        let target: String
        let label: String
    }

    /// The links checked against the company's records; an unknown one is refused by name.
    func links(_ draft: LinkDraft, company: CompanyID, into errors: inout [FieldError]) async throws -> [Link] {
        var links: [Link] = []
        let sql = db as! any SQLDatabase
        if let text = draft.shipmentID?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = ShipmentID(string: text), let row = try await ShipmentQueries(db).shipment(company: company, id: id) {
                links.append(Link(kind: "shipment", target: id.description, label: row.reference))
            } else {
                errors.append(FieldError(field: "shipment_id", messageKey: "incidents.error.shipment",
                                         message: "shipment_id is no shipment of this company", arguments: ["value": String(text.prefix(40))]))
            }
        }
        if let text = draft.inspectionID?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = InspectionID(string: text), let row = try await InspectionQueries(db).current(company: company, id: id) {
                links.append(Link(kind: "inspection", target: id.description, label: row.unit.label))
            } else {
                errors.append(FieldError(field: "inspection_id", messageKey: "incidents.error.inspection",
                                         message: "inspection_id is no inspection of this company", arguments: ["value": String(text.prefix(40))]))
            }
        }
        if let text = draft.sealNumbers, text.unicodeScalars.count > Self.maxSealText {
            errors.append(.tooLong("seal_numbers", max: Self.maxSealText))
        } else if let text = draft.sealNumbers, !text.allSatisfy(\.isWhitespace) {
            let parts = text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            if parts.count > Self.maxSealLinks {
                errors.append(FieldError(field: "seal_numbers", messageKey: "incidents.error.seal_count",
                                         message: "seal_numbers lists more than \(Self.maxSealLinks) seals", arguments: ["max": String(Self.maxSealLinks)]))
            } else {
                for part in parts {
                    if let number = try? SealNumber(part) {
                        if !links.contains(where: { $0.kind == "seal" && $0.target == number.rawValue }) {
                            links.append(Link(kind: "seal", target: number.rawValue, label: number.rawValue))
                        }
                    } else {
                        errors.append(FieldError(field: "seal_numbers", messageKey: "incidents.error.seal",
                                                 message: "seal_numbers: \(String(part.prefix(30))) is not a seal number (letters, digits and dashes, up to 30)",
                                                 arguments: ["value": String(part.prefix(30))]))
                        break
                    }
                }
            }
        }
        let texts = draft.partnerIDs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if texts.count > Self.maxPartnerLinks {
            errors.append(FieldError(field: "partner_ids", messageKey: "incidents.error.partner_count",
                                     message: "partner_ids lists more than \(Self.maxPartnerLinks) partners", arguments: ["max": String(Self.maxPartnerLinks)]))
        } else if !texts.isEmpty {
            let ids = texts.compactMap(UUID.init(uuidString:))
            var names: [UUID: String] = [:]
            if ids.count == texts.count {
                for row in try await sql.raw("""
                SELECT id, legal_name FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id IN (\(binds: ids))
                """).all() {
                    names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "legal_name", as: String.self)
                }
            }
            if ids.count != texts.count || ids.contains(where: { names[$0] == nil }) {
                errors.append(FieldError(field: "partner_ids", messageKey: "incidents.error.partner",
                                         message: "partner_ids must name business partners of this company's registry (by id)"))
            } else {
                for id in ids where !links.contains(where: { $0.kind == "partner" && $0.target == id.uuidString.lowercased() }) {
                    links.append(Link(kind: "partner", target: id.uuidString.lowercased(), label: names[id] ?? ""))
                }
            }
        }
        links += try await personLinks(draft.personIDs, company: company, into: &errors)
        return links
    }

    static func unknownPeople(_ text: String) -> FieldError {
        FieldError(field: "person_ids", messageKey: "incidents.error.person", message: "person_ids: \(text.prefix(40)) is no person of this company's roster (by id)",
                   arguments: ["value": String(text.prefix(40))])
    }

    /// The people named at filing: each a person of the company's roster (another company's, or
    /// no person, is refused naming `person_ids`), each once, at most `maxPeopleLinks`. Written
    /// with the incident, in its transaction, as `incident_links` of kind `person`.
    func personLinks(_ given: [String], company: CompanyID, into errors: inout [FieldError]) async throws -> [Link] {
        let texts = given.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !texts.isEmpty else { return [] }
        if texts.count > Self.maxPeopleLinks {
            errors.append(FieldError(field: "person_ids", messageKey: "incidents.error.person_count",
                                     message: "person_ids: an incident names at most \(Self.maxPeopleLinks) people", arguments: ["max": String(Self.maxPeopleLinks)]))
            return []
        }
        var ids: [PersonID] = []
        for text in texts {
            guard let id = PersonID(string: text) else {
                errors.append(Self.unknownPeople(text))
                return []
            }
            if !ids.contains(id) { ids.append(id) }
        }
        struct Row: Decodable { let id: UUID; let name: String }
        let rows = try await (db as! any SQLDatabase).raw("""
        SELECT id, name FROM people WHERE company_id = \(bind: company.rawValue) AND id IN (\(binds: ids.map(\.rawValue)))
        """).all(decoding: Row.self)
        var names: [PersonID: String] = [:]
        for row in rows { names[PersonID(row.id)] = row.name }
        if let unknown = ids.first(where: { names[$0] == nil }) {
            errors.append(Self.unknownPeople(unknown.description))
            return []
        }
        return ids.map { Link(kind: "person", target: $0.description, label: names[$0] ?? "") }
    }

    /// An entry already opened for the same finding (an inspection reported twice).
    struct AlreadyOpened: Error, Sendable {
        let id: UUID
        let number: Int
    }

    /// Files an incident from the form or the API; returns its id. An incident opened from an
    /// inspection is kept once: a second one for the same inspection is refused, naming the first.
    func create(_ draft: IncidentDraft, links linkDraft: LinkDraft, company: CompanyID, by actor: UserID, zone: TimeZone) async throws -> IncidentID {
        let now = app.clock.now()
        var errors: [FieldError] = []
        var valid: ValidIncident?
        do { valid = try IncidentValidator.validate(draft, zone: zone, now: now) } catch { errors += error.errors }
        let links = try await links(linkDraft, company: company, into: &errors)
        guard errors.isEmpty, let valid else { throw ValidationFailure(errors) }
        let inspection = links.first { $0.kind == "inspection" }
        let source: IncidentSource = inspection == nil ? .member : .inspection
        let key = inspection.map { "inspection:\($0.target)" }
        return try await app.writeGate.transaction(on: db) { tx in
            if let key, let existing = try await IncidentQueries(tx).bySource(company: company, key: key) {
                let number = try await IncidentQueries(tx).incident(company: company, id: IncidentID(existing))?.number ?? 0
                throw ValidationFailure([FieldError(field: "inspection_id", messageKey: "incidents.error.inspection_taken",
                                                    message: "an incident was already opened for this inspection: INC-\(number)",
                                                    arguments: ["reference": "INC-\(number)", "id": existing.uuidString.lowercased()])])
            }
            return IncidentID(try await Self.insert(valid, status: .open, source: source, sourceKey: key, links: links, company: company,
                                                    reportedBy: actor, receiptDigest: nil, contact: nil, now: now, on: tx))
        }
    }

    /// Writes an entry and its links; the caller holds the write gate. Returns its id.
    static func insert(_ valid: ValidIncident, status: IncidentStatus, source: IncidentSource, sourceKey: String?, links: [Link], company: CompanyID,
                       reportedBy: UserID?, receiptDigest: String?, contact: String?, now: Date, on tx: any Database) async throws -> UUID {
        let sql = tx as! any SQLDatabase
        let id = UUID.timeOrdered()
        let number = try await IncidentQueries(tx).nextNumber(company: company)
        try await sql.raw("""
        INSERT INTO incidents (id, company_id, number, type, severity, status, source, source_key, title, description, location, discovered_at,
        discovered_by, found_by_cbp, reported_by, receipt_digest, reporter_contact, created_at, updated_at)
        VALUES (\(bind: id), \(bind: company.rawValue), \(bind: number), \(bind: valid.type.rawValue), \(bind: valid.severity.rawValue),
        \(bind: status.rawValue), \(bind: source.rawValue), \(bind: sourceKey), \(bind: valid.title), \(bind: valid.description), \(bind: valid.location),
        \(bind: valid.discoveredAt), \(bind: valid.discoveredBy), \(bind: valid.foundByCBP), \(bind: reportedBy?.rawValue), \(bind: receiptDigest),
        \(bind: contact), \(bind: now), \(bind: now))
        """).run()
        for link in links {
            try await sql.raw("""
            INSERT INTO incident_links (company_id, incident_id, kind, target, label)
            VALUES (\(bind: company.rawValue), \(bind: id), \(bind: link.kind), \(bind: link.target), \(bind: link.label))
            """).run()
        }
        try await AuditLog.append(AuditEvent(action: "incident.recorded", targetType: "incident", targetID: id.uuidString.lowercased(), companyID: company,
                                             changes: AuditRecord.changes(before: [:], after: [
                                                 "reference": "INC-\(number)", "type": valid.type.rawValue, "severity": valid.severity.rawValue,
                                                 "status": status.rawValue, "source": source.rawValue, "title": valid.title,
                                                 "found_by_cbp": valid.foundByCBP ? "true" : nil,
                                                 "links": links.isEmpty ? nil : links.map { "\($0.kind):\($0.label)" }.joined(separator: ", "),
                                             ])),
                                  by: reportedBy, on: tx, at: now)
        return id
    }

    /// Opens an entry for a finding of another record (a seal read wrong at arrival, a seal the
    /// audit cannot account for), inside the caller's transaction; once per `sourceKey`.
    @discardableResult
    static func raise(_ valid: ValidIncident, source: IncidentSource, sourceKey: String, links: [Link], company: CompanyID, by actor: UserID?,
                      now: Date, on tx: any Database) async throws -> UUID {
        if let existing = try await IncidentQueries(tx).bySource(company: company, key: sourceKey) { return existing }
        return try await insert(valid, status: .open, source: source, sourceKey: sourceKey, links: links, company: company, reportedBy: actor,
                                receiptDigest: nil, contact: nil, now: now, on: tx)
    }

    /// A member's name, as an entry raised for them says who discovered it.
    static func userName(_ id: UserID?, on db: any Database) async throws -> String {
        guard let id else { return "—" }
        return try await (db as! any SQLDatabase).raw("SELECT name FROM users WHERE id = \(bind: id.rawValue)").first()?
            .decode(column: "name", as: String.self) ?? "—"
    }

    // MARK: Status

    /// Runs `body` on the incident inside the gate, after checking it exists; the incident as
    /// read inside the transaction is passed in.
    func update(_ id: IncidentID, company: CompanyID, _ body: @escaping @Sendable (IncidentQueries.Row, any Database, Date) async throws -> Void) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await IncidentQueries(tx).incident(company: company, id: id) else { throw TrustlaneError.notFound }
            try await body(row, tx, now)
        }
    }

    static func setStatus(_ row: IncidentQueries.Row, to next: IncidentStatus, extra: SQLQueryString = "", note: String?, company: CompanyID,
                          by actor: UserID, now: Date, on tx: any Database, audit: [String: String?] = [:]) async throws {
        let sql = tx as! any SQLDatabase
        try await sql.raw("""
        UPDATE incidents SET status = \(bind: next.rawValue), updated_at = \(bind: now)\(extra)
        WHERE company_id = \(bind: company.rawValue) AND id = \(bind: row.id)
        """).run()
        try await addEntry(row, kind: "status", body: "\(row.status) → \(next.rawValue)" + (note.map { ": " + $0 } ?? ""), at: now, by: actor,
                           company: company, now: now, on: tx)
        try await AuditLog.append(AuditEvent(action: "incident.\(next == .open ? "confirmed" : next.rawValue)", targetType: "incident",
                                             targetID: row.id.uuidString.lowercased(), companyID: company,
                                             changes: AuditRecord.changes(before: ["status": row.status], after: ["status": next.rawValue].merging(audit) { $1 })),
                              by: actor, on: tx, at: now)
    }

    static func step(_ row: IncidentQueries.Row, _ step: IncidentStep) throws -> IncidentStatus {
        switch row.incidentStatus.applying(step) {
        case .success(let next): return next
        case .failure(let refusal): throw ValidationFailure([refusal])
        }
    }

    /// Confirms an unconfirmed report: it becomes an open incident.
    func confirm(_ id: IncidentID, company: CompanyID, by actor: UserID) async throws {
        try await update(id, company: company) { row, tx, now in
            let next = try Self.step(row, .confirm)
            try await Self.setStatus(row, to: next, note: nil, company: company, by: actor, now: now, on: tx)
        }
    }

    /// Dismisses an entry with the reason (a report that proved unfounded, a duplicate).
    func dismiss(_ id: IncidentID, reason text: String?, company: CompanyID, by actor: UserID) async throws {
        let reason = try IncidentInvestigation.reason(text) ?? ""
        try await update(id, company: company) { row, tx, now in
            let next = try Self.step(row, .dismiss)
            try await Self.setStatus(row, to: next, extra: ", dismissed_reason = \(bind: reason)", note: reason, company: company, by: actor, now: now,
                                     on: tx, audit: ["reason": reason])
        }
    }

    /// Starts the investigation (MSC 7.37: as soon as the incident is known).
    func startInvestigation(_ id: IncidentID, company: CompanyID, by actor: UserID) async throws {
        try await update(id, company: company) { row, tx, now in
            let next = try Self.step(row, .startInvestigation)
            try await Self.setStatus(row, to: next, extra: ", investigation_started_at = \(bind: now)", note: nil, company: company, by: actor,
                                     now: now, on: tx)
        }
    }

    static func refuseFinal(_ row: IncidentQueries.Row) throws {
        if row.incidentStatus.isFinal {
            throw ValidationFailure([FieldError(field: "status", messageKey: "incidents.error.final",
                                                message: "the incident is \(row.status); nothing more can change its status",
                                                arguments: ["status": row.status])])
        }
    }

    // MARK: Notifications and the investigation

    /// Records that a party was told: who told whom, when and how.
    func notify(_ id: IncidentID, _ draft: NotificationDraft, company: CompanyID, by actor: UserID, zone: TimeZone) async throws {
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            let valid = try draft.validate(discoveredAt: row.discovered_at, zone: zone, now: now)
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO incident_notifications (id, company_id, incident_id, target, recipient, notified_by, notified_at, channel, note, recorded_by, recorded_at)
            VALUES (\(bind: UUID.timeOrdered()), \(bind: company.rawValue), \(bind: row.id), \(bind: valid.target.rawValue), \(bind: valid.recipient),
            \(bind: valid.notifiedBy), \(bind: valid.notifiedAt), \(bind: valid.channel.rawValue), \(bind: valid.note), \(bind: actor.rawValue), \(bind: now))
            """).run()
            try await (tx as! any SQLDatabase).raw("UPDATE incidents SET updated_at = \(bind: now) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: "incident.notified", targetType: "incident", targetID: row.id.uuidString.lowercased(), companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "target": valid.target.rawValue, "recipient": valid.recipient, "notified_by": valid.notifiedBy,
                                                     "notified_at": ISO8601DateFormatter().string(from: valid.notifiedAt), "channel": valid.channel.rawValue,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
    }

    static func addEntry(_ row: IncidentQueries.Row, kind: String, body: String, at: Date, by actor: UserID?, company: CompanyID, now: Date,
                         on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).raw("""
        INSERT INTO incident_entries (id, company_id, incident_id, kind, at, body, author_id, created_at)
        VALUES (\(bind: UUID.timeOrdered()), \(bind: company.rawValue), \(bind: row.id), \(bind: kind), \(bind: at), \(bind: body), \(bind: actor?.rawValue), \(bind: now))
        """).run()
    }

    /// Adds a timeline entry to the investigation; an open incident's investigation starts with it.
    func addNote(_ id: IncidentID, text: String?, at: String?, company: CompanyID, by actor: UserID, zone: TimeZone) async throws {
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            let entry = try IncidentInvestigation.entry(text: text, at: at, notBefore: row.discovered_at, zone: zone, now: now)
            if row.incidentStatus == .unconfirmed {
                throw ValidationFailure([FieldError(field: "status", messageKey: "incidents.error.unconfirmed",
                                                    message: "confirm or dismiss the report before investigating it")])
            }
            if row.incidentStatus == .open {
                try await Self.setStatus(row, to: .investigating, extra: ", investigation_started_at = \(bind: now)", note: nil, company: company,
                                         by: actor, now: now, on: tx)
            }
            try await Self.addEntry(row, kind: "note", body: entry.text, at: entry.at, by: actor, company: company, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "incident.note_added", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: ["note": entry.text])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Saves the findings, the root cause and, where CBP was not told, why.
    func saveFindings(_ id: IncidentID, findings: String?, rootCause: String?, notReportedReason: String?, company: CompanyID, by actor: UserID) async throws {
        let checked = try IncidentInvestigation.findings(findings, rootCause: rootCause)
        let reason = try IncidentInvestigation.reason(notReportedReason, field: "not_reported_reason", required: false)
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            try await (tx as! any SQLDatabase).raw("""
            UPDATE incidents SET findings = \(bind: checked.findings), root_cause = \(bind: checked.rootCause), not_reported_reason = \(bind: reason),
            updated_at = \(bind: now) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: row.id)
            """).run()
            try await AuditLog.append(AuditEvent(action: "incident.findings_saved", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["findings": row.findings, "root_cause": row.root_cause,
                                                                                       "not_reported_reason": row.not_reported_reason],
                                                                              after: ["findings": checked.findings, "root_cause": checked.rootCause,
                                                                                      "not_reported_reason": reason])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Closes the investigation: refused, with every reason, until the findings and root cause
    /// are written and CBP was told (or the reason it was not is given) for the types CBP wants.
    func close(_ id: IncidentID, company: CompanyID, by actor: UserID) async throws {
        try await update(id, company: company) { row, tx, now in
            let detail = try await IncidentQueries(tx).detail(company: company, row: row)
            let problems = detail.closureProblems
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            try await Self.setStatus(row, to: .closed, extra: ", closed_at = \(bind: now), closed_by = \(bind: actor.rawValue)", note: nil,
                                     company: company, by: actor, now: now, on: tx)
        }
    }

    /// Opens a corrective action on the company's list for the incident, addressing its criteria
    /// unless others are given.
    func addCorrectiveAction(_ id: IncidentID, draft: CorrectiveActionDraft, company: CompanyID, by actor: UserID) async throws {
        guard let row = try await IncidentQueries(db).incident(company: company, id: id) else { throw TrustlaneError.notFound }
        try Self.refuseFinal(row)
        var draft = draft
        if draft.criterionIDs.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { draft.criterionIDs = row.incidentType.criteria }
        _ = try await CorrectiveActionService(app: app, db: db).create(company: company, profile: nil, draft: draft, by: actor,
                                                                       source: "incident", sourceID: row.id.uuidString.lowercased())
    }
}
