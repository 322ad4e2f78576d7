import Crypto
import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The anonymous reporting link (MSC 7.25): turning it on, changing its key, turning it off;
/// taking a report and a reporter's later addition, each counted against the limits per address
/// and per company. The address is counted through a keyed digest and never stored.
extension IncidentService {
    /// The largest body an anonymous report or follow-up may send, page or API.
    static let anonymousBodyLimit = 64 * 1024

    /// A new public key: 20 characters of lower-case base 32 (100 random bits).
    static func newReportKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(ReceiptCode(using: &generator).rawValue.lowercased().prefix(16)) + String(ReceiptCode(using: &generator).rawValue.lowercased().prefix(4))
    }

    /// Turns the link on (or gives it a new key, which retires the old link) or off.
    @discardableResult
    func setReportLink(company: CompanyID, enabled: Bool, by actor: UserID) async throws -> String? {
        let now = app.clock.now()
        let key = enabled ? Self.newReportKey() : nil
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let before = try await IncidentQueries(tx).reportKey(company: company)
            try await sql.raw("DELETE FROM incident_settings WHERE company_id = \(bind: company.rawValue)").run()
            try await sql.raw("""
            INSERT INTO incident_settings (company_id, report_key, updated_at) VALUES (\(bind: company.rawValue), \(bind: key), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: enabled ? (before == nil ? "incident.link_enabled" : "incident.link_renewed") : "incident.link_disabled",
                                                 targetType: "company", targetID: company.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["link": before == nil ? "off" : "on"], after: ["link": enabled ? "on" : "off"])),
                                      by: actor, on: tx, at: now)
        }
        return key
    }

    /// The key of the address digest: random for each server process and never written down,
    /// so that a stored count cannot be traced back to an address (each process of a scaled-out
    /// deployment limits its own addresses; the per-company limit is shared through the database).
    static let addressKey = SymmetricKey(size: .bits256)

    /// A report or a follow-up refused for now: too many from this address or for this company.
    static func rateLimited(minutes: Int) -> TrustlaneError {
        TrustlaneError(status: .tooManyRequests, key: "incidents.error.rate_limited",
                       message: "Too many reports were sent from here or to this company in the last hour; try again in \(minutes) minutes",
                       arguments: ["minutes": String(minutes)])
    }

    /// Counts one report against both limits, inside the transaction; refuses past either.
    func countReport(company: CompanyID, address: String, now: Date, on tx: any Database) async throws {
        let limits = app.config.anonymousReportLimits
        let digest = Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: Self.addressKey))
        for (key, limit) in [("anon-report:a:" + digest, limits.perAddress), ("anon-report:c:" + company.description, limits.perCompany)] {
            let rule = SignInThrottle(limit: limit, window: limits.window, lockout: limits.window)
            let state = try await ThrottleRows.hold(key, now: now, on: tx)
            if let state, now.timeIntervalSince(state.windowStartedAt) <= limits.window, state.failures >= limit {
                let left = limits.window - now.timeIntervalSince(state.windowStartedAt)
                throw Self.rateLimited(minutes: max(1, Int((left / 60).rounded(.up))))
            }
            try await ThrottleRows.store(rule.recordingAttempt(state, now: now), key: key, on: tx)
        }
    }

    struct Receipt: Sendable {
        let reference: String
        let code: ReceiptCode
    }

    /// Takes an anonymous report into the register as unconfirmed; returns its receipt. The
    /// counting is committed even when the report is refused for its content, so that a flood of
    /// bad reports is limited too.
    /// The reporter's files (the page's form) are checked with the report and saved with it, or
    /// neither is.
    func report(_ draft: AnonymousReportDraft, files uploads: [RecordFiles.Upload] = [], company: CompanyID, address: String,
                zone: TimeZone) async throws -> Receipt {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in try await countReport(company: company, address: address, now: now, on: tx) }
        var errors: [FieldError] = []
        var checked: ValidAnonymousReport?
        do { checked = try draft.validate(zone: zone, now: now) } catch { errors += error.errors }
        let files = RecordFiles.check(uploads, field: "file", existing: 0, policy: anonymousPolicy())
        errors += files.errors
        guard errors.isEmpty, let valid = checked else { throw ValidationFailure(errors) }
        let accepted = files.accepted
        try await RecordFiles.store(accepted, app: app)
        let app = app
        let code = ReceiptCode()
        let incident = ValidIncident(type: valid.type, severity: .medium, title: String(valid.description.prefix(80)), description: valid.description,
                                     discoveredAt: valid.happenedAt ?? now, discoveredBy: "anonymous", foundByCBP: false, location: valid.location)
        let number = try await app.writeGate.transaction(on: db) { tx in
            let id = try await Self.insert(incident, status: .unconfirmed, source: .anonymous, sourceKey: nil, links: [], company: company,
                                           reportedBy: nil, receiptDigest: code.digest, contact: valid.contact, now: now, on: tx)
            if !accepted.isEmpty {
                let names = try await RecordFiles.insert(accepted, kind: .incident, record: id, purpose: .attachment, company: company, by: nil, now: now,
                                                         app: app, on: tx)
                try await AuditLog.append(AuditEvent(action: "incident.files_attached", targetType: "incident", targetID: id.uuidString.lowercased(),
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: ["files": names.joined(separator: ", "),
                                                                                                       "sha256": accepted.map(\.sha256).joined(separator: ", "),
                                                                                                       "from": "anonymous"])),
                                          by: nil, on: tx, at: now)
            }
            return try await IncidentQueries(tx).incident(company: company, id: IncidentID(id))?.number ?? 0
        }
        return Receipt(reference: "INC-\(number)", code: code)
    }

    static let unknownReceipt = ValidationFailure([FieldError(field: "code", messageKey: "incidents.error.receipt_unknown",
                                                              message: "no report of this company has that receipt code; check the code as it was given")])

    /// Adds the reporter's later information to the report the receipt code names: text, files
    /// (checked as the report's, at most `RecordFiles.maxPerRecord` on the report in all), or
    /// both; one of them is required. An unknown code is refused by field; the addition counts
    /// against the same limits as a report; a refusal stores nothing.
    func followUp(company: CompanyID, code text: String?, text body: String?, files uploads: [RecordFiles.Upload] = [], address: String) async throws -> String {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in try await countReport(company: company, address: address, now: now, on: tx) }
        var errors: [FieldError] = []
        let code = ReceiptCode(typed: text ?? "")
        if code == nil {
            errors.append(FieldError(field: "code", messageKey: "incidents.error.receipt",
                                     message: "code must be the 16-character receipt code given with the report, such as 7KQ2-M9XD-4TRB-H1VC"))
        }
        // Text is required unless files are sent.
        let addition = Check.text(body, field: "text", max: AnonymousReportDraft.maxDescription, required: uploads.isEmpty, use: .freeText, into: &errors)
        let checked = RecordFiles.check(uploads, field: "file", existing: 0, policy: anonymousPolicy())
        errors += checked.errors
        guard errors.isEmpty, let code else { throw ValidationFailure(errors) }
        let files = checked.accepted
        // An unknown code stores nothing (it is checked again inside the gate).
        if !files.isEmpty, try await IncidentQueries(db).anonymous(company: company, receiptDigest: code.digest) == nil { throw Self.unknownReceipt }
        try await RecordFiles.store(files, app: app)
        let app = app
        let policy = anonymousPolicy()
        return try await app.writeGate.transaction(on: db) { tx in
            guard let found = try await IncidentQueries(tx).anonymous(company: company, receiptDigest: code.digest),
                  let row = try await IncidentQueries(tx).incident(company: company, id: IncidentID(found.id)) else { throw Self.unknownReceipt }
            try Self.refuseFinal(row)
            if !files.isEmpty {
                let count = try await RecordFiles.count(kind: .incident, record: row.id, purpose: .attachment, company: company, on: tx)
                if count + files.count > RecordFiles.maxPerRecord {
                    throw ValidationFailure(RecordFiles.check(files.map { .init(fileName: $0.fileName, content: $0.content) }, field: "file", existing: count,
                                                              policy: policy).errors)
                }
                let names = try await RecordFiles.insert(files, kind: .incident, record: row.id, purpose: .attachment, company: company, by: nil, now: now,
                                                         app: app, on: tx)
                try await AuditLog.append(AuditEvent(action: "incident.files_attached", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: ["files": names.joined(separator: ", "),
                                                                                                       "sha256": files.map(\.sha256).joined(separator: ", "),
                                                                                                       "from": "anonymous_follow_up"])),
                                          by: nil, on: tx, at: now)
            }
            if let addition {
                try await Self.addEntry(row, kind: "follow_up", body: addition, at: now, by: nil, company: company, now: now, on: tx)
            }
            try await (tx as! any SQLDatabase).raw("UPDATE incidents SET updated_at = \(bind: now) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: "incident.follow_up", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: [
                                                     "follow_up": "anonymous", "files": files.isEmpty ? nil : String(files.count),
                                                 ])),
                                      by: nil, on: tx, at: now)
            return row.reference
        }
    }
}
