import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Files attached to an incident (photos of the scene, a statement, a carrier's letter): PDF,
/// JPEG or PNG checked by content through `RecordFiles`, stored in the evidence store, recorded
/// with an audit entry; at most `RecordFiles.maxPerRecord` an incident. The anonymous reporter
/// may send a few smaller ones with the report (`anonymousPolicy`).
extension IncidentService {
    /// The anonymous reporter's files: as the members', at most 5 MB each.
    static let anonymousMaxFileBytes = 5 * 1024 * 1024

    func anonymousPolicy() -> EvidencePolicy {
        var policy = RecordFiles.policy(app)
        policy.maxBytes = min(policy.maxBytes, Self.anonymousMaxFileBytes)
        return policy
    }

    /// The largest body the anonymous report page collects: its text and its files at their limit.
    static let anonymousUploadBodyLimit = anonymousBodyLimit + RecordFiles.maxPerUpload * anonymousMaxFileBytes + 64 * 1024

    static let noFile = FieldError(field: "file", messageKey: "record_files.error.none",
                                   message: "file is required: a PDF, JPEG or PNG file (a multipart form upload, field file)")

    /// Attaches a member's files to the incident; refused (nothing stored) for a bad file, past
    /// the bound, or on a closed or dismissed incident.
    func attach(_ id: IncidentID, uploads: [RecordFiles.Upload], company: CompanyID, by actor: UserID) async throws {
        guard !uploads.isEmpty else { throw ValidationFailure([Self.noFile]) }
        guard let row = try await IncidentQueries(db).incident(company: company, id: id) else { throw TrustlaneError.notFound }
        try Self.refuseFinal(row)
        let existing = try await RecordFiles.count(kind: .incident, record: row.id, purpose: .attachment, company: company, on: db)
        let checked = RecordFiles.check(uploads, field: "file", existing: existing, policy: RecordFiles.policy(app))
        guard checked.errors.isEmpty else { throw ValidationFailure(checked.errors) }
        let files = checked.accepted
        try await RecordFiles.store(files, app: app)
        let app = app
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            // Counted again inside the gate: two uploads at once keep the bound.
            let count = try await RecordFiles.count(kind: .incident, record: row.id, purpose: .attachment, company: company, on: tx)
            if count + files.count > RecordFiles.maxPerRecord {
                throw ValidationFailure(RecordFiles.check(files.map { .init(fileName: $0.fileName, content: $0.content) }, field: "file", existing: count,
                                                          policy: RecordFiles.policy(app)).errors)
            }
            let names = try await RecordFiles.insert(files, kind: .incident, record: row.id, purpose: .attachment, company: company, by: actor, now: now,
                                                     app: app, on: tx)
            try await (tx as! any SQLDatabase).raw("UPDATE incidents SET updated_at = \(bind: now) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: "incident.files_attached", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["files": names.joined(separator: ", "),
                                                                                                   "sha256": files.map(\.sha256).joined(separator: ", ")])),
                                      by: actor, on: tx, at: now)
        }
    }
}
