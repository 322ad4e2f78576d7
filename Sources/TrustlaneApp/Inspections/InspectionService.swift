import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the inspection log (issue 16): record an inspection, sign it off, correct it as a
/// new version, and the company's settings. Each write is one gated transaction with its audit
/// entry. Records are append-only: nothing here changes a version's answers once written.
struct InspectionService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// What a record call did: the inspection, and whether this call created it (false when the
    /// client key had already recorded it: an offline submission sent twice).
    struct Recorded: Sendable {
        let id: InspectionID
        let created: Bool
    }

    /// Records `draft` as a new inspection run with `checklist` by `inspector`. A `clientKey`
    /// seen before returns the inspection it recorded, and records nothing.
    /// `reinspectionOf`: management's re-inspection (MSC 5.8) of an inspection picked for one, by
    /// someone other than its inspector, of the same unit with the same checklist, once.
    func record(_ draft: InspectionDraft, checklist: InspectionChecklist, company: CompanyID, inspector: UserID,
                inspectedAt: Date? = nil, clientKey: String? = nil, reinspectionOf original: InspectionQueries.Row? = nil) async throws -> Recorded {
        let now = app.clock.now()
        let key = try Self.clientKey(clientKey)
        // Looked up before the checks (a repeat is not refused for what the first one did: the
        // original is re-inspected by then) and again inside the transaction.
        let digest = Self.digest(draft, checklist: checklist, doneAt: inspectedAt, reinspectionOf: original?.inspection_id)
        if let first = try await Self.replayed(key, digest: digest, company: company, on: db) { return first }
        let inspection = try InspectionValidator.validate(draft, checklist: checklist, inspector: inspector, inspectedAt: inspectedAt ?? now).get()
        if let original { try await Self.checkReinspection(inspection, of: original, company: company, on: db) }
        return try await decidingAgainOnConflict(logger: app.logger, what: "recording an inspection") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                let queries = InspectionQueries(tx)
                if let first = try await Self.replayed(key, digest: digest, company: company, on: tx) { return first }
                let settings = try await queries.settings(company: company)
                if let original { try await Self.checkReinspection(inspection, of: original, company: company, on: tx) }
                let due = original == nil && ReinspectionSampling(settings: settings, salt: company.description).isSelected(inspection.id)
                try await Self.insert(inspection, company: company, settings: settings, reinspectionDue: due, reason: nil,
                                      recordedBy: inspector, at: now, clientKey: key, contentDigest: key == nil ? nil : digest,
                                      reinspectionOf: original?.inspection_id, on: sql)
                try await Self.count(inspection, company: company, by: 1, on: sql)
                try await AuditLog.append(AuditEvent(action: "inspection.recorded", targetType: "inspection", targetID: inspection.id.description,
                                                     companyID: company, changes: AuditRecord.changes(before: [:], after: Self.auditFields(inspection)
                                                        .merging(["done_at": DoneAt.text(inspection.inspectedAt)]) { $1 })),
                                          by: inspector, on: tx, at: now)
                return Recorded(id: inspection.id, created: true)
            }
        }
    }

    /// The inspection a client key recorded before, when the key was used; the same key sent
    /// with other content (a digest stored and different) is refused with 409 naming client_key.
    static func replayed(_ key: String?, digest: String, company: CompanyID, on db: any Database) async throws -> Recorded? {
        guard let key, let first = try await InspectionQueries(db).recorded(company: company, clientKey: key) else { return nil }
        if let stored = first.digest, stored != digest { throw ClientSubmissions.contentDiffers }
        return Recorded(id: first.id, created: false)
    }

    /// What an inspection submission said (`ClientKey.digest`): the checklist, the unit, site and
    /// yard place, every point's answer and note (sorted by point, so the API's order does not
    /// matter), the inspection it re-inspects, and the done-time when the phone gave one (without
    /// one it is timed on arrival, so a repeat cannot differ by it). Text trimmed; the container
    /// number as its check reads it (case, spaces and hyphens aside).
    static func digest(_ draft: InspectionDraft, checklist: InspectionChecklist, doneAt: Date?, reinspectionOf: UUID?) -> String {
        let trim = { (text: String?) -> String? in
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        var said: [String: String?] = [
            "checklist": checklist.key + "@" + String(checklist.version),
            "container_number": trim(draft.containerNumber).map { $0.uppercased().filter { !$0.isWhitespace && $0 != "-" } },
            "tractor_plate": trim(draft.tractorPlate), "trailer_plate": trim(draft.trailerPlate), "unit_reference": trim(draft.unitReference),
            "refrigerated": draft.refrigerated ? "yes" : "no", "site": trim(draft.site), "yard_location": trim(draft.yardLocation),
            "reinspection_of": reinspectionOf?.uuidString.lowercased(), "done_at": doneAt.map(DoneAt.text),
        ]
        let answers = draft.answers.map { [trim($0.pointKey) ?? "", trim($0.outcome)?.lowercased() ?? "", trim($0.note) ?? ""].joined(separator: "\u{1F}") }
        said["answers"] = answers.sorted().joined(separator: "\u{1E}")
        return ClientKey.digest(said)
    }

    /// The supervisor's signature on the current version (MSC 5.5).
    func signOff(_ row: InspectionQueries.Row, company: CompanyID, by supervisor: UserID) async throws {
        let now = app.clock.now()
        let signed = try row.inspection.signedOff(by: supervisor, at: now).mapError { ValidationFailure([$0]) }.get()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let settings = try await InspectionQueries(tx).settings(company: company)
            // Only an unsigned current version: two supervisors at once, one signature.
            let changed = try await sql.raw("""
            UPDATE inspections SET signed_off_by = \(bind: supervisor.rawValue), signed_off_at = \(bind: now),
            status = \(bind: signed.status(requiresSignOff: settings.requiresSupervisorSignOff).rawValue)
            WHERE id = \(bind: row.id) AND signed_off_by IS NULL AND superseded_at IS NULL
            RETURNING id
            """).all()
            guard !changed.isEmpty else {
                throw ValidationFailure([FieldError(field: "sign_off", messageKey: "inspections.error.changed_meanwhile",
                                                    message: "the inspection was signed off or corrected meanwhile; open it again")])
            }
            try await AuditLog.append(AuditEvent(action: "inspection.signed_off", targetType: "inspection", targetID: row.inspection_id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["signed_off_by": nil], after: ["signed_off_by": supervisor.description,
                                                                                                                     "version": String(row.version)])),
                                      by: supervisor, on: tx, at: now)
        }
    }

    /// A correction: version n + 1 with the answers and unit as now given and the reason; the
    /// version it replaces is kept, marked superseded. The inspector and time stay the original's.
    func correct(_ row: InspectionQueries.Row, draft: InspectionDraft, checklist: InspectionChecklist, reason: String?, company: CompanyID,
                 by user: UserID) async throws -> InspectionCorrection {
        let now = app.clock.now()
        let correction = try InspectionCorrection.make(original: row.inspection, latestVersion: row.version, draft: draft, checklist: checklist,
                                                       reason: reason, by: user, at: now).get()
        return try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let settings = try await InspectionQueries(tx).settings(company: company)
            let superseded = try await sql.raw("""
            UPDATE inspections SET superseded_at = \(bind: now) WHERE id = \(bind: row.id) AND superseded_at IS NULL RETURNING id
            """).all()
            guard !superseded.isEmpty else {
                throw ValidationFailure([FieldError(field: "version", messageKey: "inspections.error.changed_meanwhile",
                                                    message: "the inspection was signed off or corrected meanwhile; open it again")])
            }
            try await Self.insert(correction.corrected, company: company, settings: settings, reinspectionDue: row.reinspection_due,
                                  reason: correction.reason, recordedBy: user, at: now, clientKey: nil, reinspectionOf: row.reinspection_of, on: sql)
            // The summary counts current versions: the old one's day, site and failures give way to the new one's.
            try await sql.raw("DELETE FROM inspection_failures WHERE record_id = \(bind: row.id)").run()
            try await Self.count(row.inspection, company: company, by: -1, on: sql)
            try await Self.count(correction.corrected, company: company, by: 1, on: sql)
            try await AuditLog.append(AuditEvent(action: "inspection.corrected", targetType: "inspection", targetID: row.inspection_id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: Self.auditFields(row.inspection),
                                                                              after: Self.auditFields(correction.corrected).merging(["reason": correction.reason]) { $1 })),
                                      by: user, on: tx, at: now)
            return correction
        }
    }

    /// A photo of the unit (MSC 5.5, 7.5), taken at the dock: a JPEG or PNG (checked by its
    /// content, not its name) into the company's evidence store, linked to the inspection and to
    /// one of its points when given, in one transaction, or nothing is saved.
    /// A `clientKey` already stored (a photo a phone sent again) stores nothing.
    func addPhoto(_ row: InspectionQueries.Row, fileName: String, content: Data, point: String?, company: CompanyID, by user: UserID,
                  evidence: EvidenceService, clientKey: String? = nil) async throws {
        let key = try Self.clientKey(clientKey)
        let pointKey = point.flatMap { $0.isEmpty ? nil : $0 }
        // What the submission said: the inspection, the point and the photo, by its hash. The
        // same key with another photo (or for another inspection) is not a repeat.
        let digest = ClientKey.digest(["inspection": row.inspection_id.uuidString.lowercased(), "point": pointKey, "photo": ClientKey.hash(of: content)])
        if let key, let first = try await InspectionQueries(db).photoRecorded(company: company, clientKey: key) {
            if let stored = first.content_digest, stored != digest { throw ClientSubmissions.contentDiffers }
            return
        }
        var errors: [FieldError] = []
        switch EvidenceContentDetector.detect(content) {
        case .binary(.jpeg), .binary(.png): break
        default:
            errors.append(FieldError(field: "photo", messageKey: "inspections.error.photo_type",
                                     message: "the photo must be a JPEG or PNG image (the file's content is checked, not its name)"))
        }
        if let pointKey, !row.pointResults.contains(where: { $0.pointKey == pointKey }) {
            errors.append(FieldError(field: "point", messageKey: "inspections.error.photo_point",
                                     message: "'\(pointKey.prefix(40))' is not a point of this inspection", arguments: ["value": String(pointKey.prefix(40))]))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let now = app.clock.now()
        let inspection = row.inspection_id
        let label = row.unit.label
        _ = try await evidence.upload(company: company, fileName: fileName, content: content,
                                      title: "Inspection photo, \(label)" + (pointKey.map { " (\($0))" } ?? ""),
                                      effectiveDate: nil, expiryDate: nil, by: user) { tx, evidenceID in
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO inspection_photos (company_id, inspection_id, point_key, evidence_id, created_by, created_at, client_key, content_digest)
            VALUES (\(bind: company.rawValue), \(bind: inspection), \(bind: pointKey), \(bind: evidenceID), \(bind: user.rawValue), \(bind: now), \(bind: key),
            \(bind: key == nil ? nil : digest))
            """).run()
            try await AuditLog.append(AuditEvent(action: "inspection.photo_added", targetType: "inspection", targetID: inspection.uuidString.lowercased(),
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: ["photo": fileName, "point": pointKey])),
                                      by: user, on: tx, at: now)
        }
    }

    func saveSettings(_ settings: InspectionSettings, retention: RecordRetention, company: CompanyID, by user: UserID) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let queries = InspectionQueries(tx)
            let before = Self.settingsFields(try await queries.settings(company: company), try await queries.retention(company: company))
            try await sql.raw("DELETE FROM inspection_settings WHERE company_id = \(bind: company.rawValue)").run()
            try await sql.raw("""
            INSERT INTO inspection_settings (company_id, requires_sign_off, reinspection_percent, retention_months, legal_hold, legal_hold_reason, updated_at)
            VALUES (\(bind: company.rawValue), \(bind: settings.requiresSupervisorSignOff), \(bind: settings.reinspectionPercent), \(bind: retention.months),
            \(bind: retention.legalHold), \(bind: retention.holdReason), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "inspection.settings_changed", targetType: "company", targetID: company.description, companyID: company,
                                                 changes: AuditRecord.changes(before: before, after: Self.settingsFields(settings, retention))),
                                      by: user, on: tx, at: now)
        }
    }

    // MARK: Rows

    /// A re-inspection's rules: the original was picked, is not re-inspected yet, is of the same
    /// unit and checklist, and someone else looks the second time.
    static func checkReinspection(_ inspection: ConveyanceInspection, of original: InspectionQueries.Row, company: CompanyID, on db: any Database) async throws {
        var errors: [FieldError] = []
        if !original.reinspection_due {
            errors.append(FieldError(field: "reinspection_of", messageKey: "inspections.error.not_picked",
                                     message: "this inspection was not picked for a re-inspection"))
        } else if try await InspectionQueries(db).reinspection(company: company, of: original.inspectionID) != nil {
            errors.append(FieldError(field: "reinspection_of", messageKey: "inspections.error.already_reinspected",
                                     message: "this inspection was already re-inspected"))
        }
        if inspection.inspector.rawValue == original.inspector_id {
            errors.append(FieldError(field: "reinspection_of", messageKey: "inspections.error.reinspect_own",
                                     message: "a re-inspection is a second look by someone else; the original inspector cannot make it"))
        }
        if inspection.checklistKey != original.checklist_key {
            errors.append(FieldError(field: "checklist", messageKey: "inspections.error.correction_checklist",
                                     message: "the inspection was run with \(original.checklist_key); a re-inspection answers the same checklist",
                                     arguments: ["checklist": original.checklist_key]))
        }
        if case .failure(let error) = ReinspectionComparison.compare(original: original.inspection, reinspection: inspection) { errors.append(error) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// The client key's rule is Core's (`ClientKey`), shared with the shipment and seal forms.
    static func clientKey(_ text: String?) throws -> String? { try ClientKey.parse(text) }

    static func insert(_ inspection: ConveyanceInspection, company: CompanyID, settings: InspectionSettings, reinspectionDue: Bool, reason: String?,
                       recordedBy: UserID, at now: Date, clientKey: String?, contentDigest: String? = nil, reinspectionOf: UUID? = nil,
                       on sql: any SQLDatabase) async throws {
        let rowID = UUID()
        let unit = inspection.unit
        let failed = inspection.outcome.failedPoints
        try await sql.raw("""
        INSERT INTO inspections (id, inspection_id, version, company_id, checklist_key, checklist_version, conveyance, container_number,
        tractor_plate, trailer_plate, unit_reference, refrigerated, site, yard_location, inspected_at, inspector_id, status, failed_count,
        results, signed_off_by, signed_off_at, reinspection_due, reinspection_of, correction_reason, recorded_by, recorded_at, client_key,
        content_digest)
        VALUES (\(bind: rowID), \(bind: inspection.id.rawValue), \(bind: inspection.version), \(bind: company.rawValue), \(bind: inspection.checklistKey),
        \(bind: inspection.checklistVersion), \(bind: inspection.conveyance.rawValue), \(bind: unit.unitNumber?.rawValue), \(bind: unit.tractorPlate),
        \(bind: unit.trailerPlate), \(bind: unit.unitReference), \(bind: unit.refrigerated), \(bind: inspection.site), \(bind: inspection.yardLocation),
        \(bind: inspection.inspectedAt), \(bind: inspection.inspector.rawValue), \(bind: inspection.status(requiresSignOff: settings.requiresSupervisorSignOff).rawValue),
        \(bind: failed.count), \(bind: StoredResult.encode(inspection.results)), \(bind: inspection.signOff?.supervisor.rawValue),
        \(bind: inspection.signOff?.at), \(bind: reinspectionDue), \(bind: reinspectionOf), \(bind: reason), \(bind: recordedBy.rawValue), \(bind: now), \(bind: clientKey),
        \(bind: contentDigest))
        """).run()
        try await sql.raw("""
        INSERT INTO inspection_sites (company_id, site) VALUES (\(bind: company.rawValue), \(bind: inspection.site)) ON CONFLICT DO NOTHING
        """).run()
        for point in failed {
            try await sql.raw("""
            INSERT INTO inspection_failures (company_id, record_id, site, checklist_key, point_key, inspected_at)
            VALUES (\(bind: company.rawValue), \(bind: rowID), \(bind: inspection.site), \(bind: inspection.checklistKey), \(bind: point.pointKey),
            \(bind: inspection.inspectedAt))
            """).run()
        }
    }

    /// Adds (or takes back, `by: -1`) an inspection in its site's counters for its day.
    static func count(_ inspection: ConveyanceInspection, company: CompanyID, by delta: Int, on sql: any SQLDatabase) async throws {
        let held = inspection.outcome.failedPoints.isEmpty ? 0 : delta
        try await sql.raw("""
        INSERT INTO inspection_days (company_id, site, day, done, held)
        VALUES (\(bind: company.rawValue), \(bind: inspection.site), \(bind: ProgramDay(inspection.inspectedAt).description), \(bind: delta), \(bind: held))
        ON CONFLICT (company_id, site, day) DO UPDATE SET done = inspection_days.done + excluded.done, held = inspection_days.held + excluded.held
        """).run()
    }

    static func auditFields(_ inspection: ConveyanceInspection) -> [String: String?] {
        let failed = inspection.outcome.failedPoints.map(\.pointKey)
        return ["checklist": inspection.checklistKey + "@" + String(inspection.checklistVersion), "unit": inspection.unit.label,
                "site": inspection.site, "yard_location": inspection.yardLocation, "version": String(inspection.version),
                "failed_points": failed.isEmpty ? nil : failed.joined(separator: ", ")]
    }

    static func settingsFields(_ settings: InspectionSettings, _ retention: RecordRetention) -> [String: String?] {
        ["requires_sign_off": settings.requiresSupervisorSignOff ? "yes" : "no", "reinspection_percent": String(settings.reinspectionPercent),
         "retention_months": String(retention.months), "legal_hold": retention.legalHold ? "yes" : "no", "legal_hold_reason": retention.holdReason]
    }
}
