import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// A session's signed attendance roster (the printed sheet, signed at a site without devices)
/// and its materials (slides, handouts): PDF, JPEG or PNG checked by content through
/// `RecordFiles`, stored in the evidence store, recorded with an audit entry; at most
/// `RecordFiles.maxPerRecord` of each. A signed roster waits until the session has been held.
extension TrainingService {
    /// Attaches files to the session as its roster or its materials (`purpose`).
    func attachFiles(_ session: TrainingQueries.SessionRow, purpose text: String?, uploads: [RecordFiles.Upload], company: CompanyID,
                     by actor: UserID) async throws {
        var errors: [FieldError] = []
        let purpose = RecordFiles.Purpose(rawValue: (text ?? "").trimmingCharacters(in: .whitespaces)).flatMap { $0 == .attachment ? nil : $0 }
        if purpose == nil {
            errors.append(FieldError(field: "purpose", messageKey: "training.error.file_purpose", message: "purpose must be roster or material",
                                     arguments: ["value": String((text ?? "").prefix(20))]))
        }
        let held = ProgramDay(session.held_on)
        if purpose == .roster, held > ProgramDay(app.clock.now()) {
            errors.append(FieldError(field: "file", messageKey: "training.error.roster_not_yet",
                                     message: "the session is on \(held); its signed roster is uploaded once it has been held", arguments: ["day": held.description]))
        }
        if uploads.isEmpty { errors.append(IncidentService.noFile) }
        guard errors.isEmpty, let purpose else { throw ValidationFailure(errors) }
        let existing = try await RecordFiles.count(kind: .trainingSession, record: session.id, purpose: purpose, company: company, on: db)
        let checked = RecordFiles.check(uploads, field: "file", existing: existing, policy: RecordFiles.policy(app))
        guard checked.errors.isEmpty else { throw ValidationFailure(checked.errors) }
        let files = checked.accepted
        try await RecordFiles.store(files, app: app)
        let app = app
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            // Counted again inside the gate: two uploads at once keep the bound.
            let count = try await RecordFiles.count(kind: .trainingSession, record: session.id, purpose: purpose, company: company, on: tx)
            if count + files.count > RecordFiles.maxPerRecord {
                throw ValidationFailure(RecordFiles.check(files.map { .init(fileName: $0.fileName, content: $0.content) }, field: "file", existing: count,
                                                          policy: RecordFiles.policy(app)).errors)
            }
            let names = try await RecordFiles.insert(files, kind: .trainingSession, record: session.id, purpose: purpose, company: company, by: actor,
                                                     now: now, app: app, on: tx)
            try await AuditLog.append(AuditEvent(action: "training.files_attached", targetType: "training_session", targetID: session.sessionID.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["purpose": purpose.rawValue, "files": names.joined(separator: ", "),
                                                                                                   "sha256": files.map(\.sha256).joined(separator: ", ")])),
                                      by: actor, on: tx, at: now)
        }
    }
}
