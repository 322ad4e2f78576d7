import Fluent
import TrustlaneCore
import Vapor

/// Evidence files: checked by `EvidencePolicy` (size, type by content, safe name, details),
/// stored content-addressed, recorded, and optionally linked to a criterion at once.
struct EvidenceService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    var policy: EvidencePolicy { app.config.evidencePolicy }

    /// `link`, when given, runs in the same transaction once the file's row exists (a partner's
    /// document is linked with it, or neither is saved).
    func upload(company: CompanyID, fileName: String, content: Data, title: String?, effectiveDate: String?, expiryDate: String?,
                by actor: UserID, link: (@Sendable (any Database, UUID) async throws -> Void)? = nil) async throws -> EvidenceFileModel {
        let now = app.clock.now()
        let accepted = try policy.check(EvidenceUpload(fileName: fileName, content: content,
                                                            details: EvidenceDetailsDraft(title: title, effectiveDate: effectiveDate,
                                                                                          expiryDate: expiryDate)), today: now)
        let stored = try await app.evidenceStore.put(content)
        guard stored == accepted.sha256 else { throw Abort(.internalServerError, reason: "digest mismatch") }
        return try await app.writeGate.transaction(on: db) { tx in
            let file = EvidenceFileModel()
            file.$company.id = company.rawValue
            file.title = accepted.details.title
            file.fileName = accepted.fileName.value
            file.sha256 = accepted.sha256
            file.size = Int64(accepted.byteCount)
            file.contentType = accepted.mimeType
            file.effectiveDate = accepted.details.effectiveDate
            file.expiresAt = accepted.details.expiryDate
            file.uploadedBy = actor.rawValue
            file.uploadedAt = now
            try await file.create(on: tx)
            // The bytes were stored before the transaction; a removal of the same bytes (retention,
            // `EvidenceRemoval`) may have run in between, and it runs through this gate too, so a
            // check here, after the row exists, is enough to never leave a row without its file.
            if !(await app.evidenceStore.exists(accepted.sha256)) { _ = try await app.evidenceStore.put(content) }
            try await AuditLog.append(AuditEvent(action: "evidence.uploaded", targetType: "evidence", targetID: file.id?.uuidString,
                                                 companyID: company,
                                                 changes: [FieldChange(field: "title", before: nil, after: file.title),
                                                           FieldChange(field: "sha256", before: nil, after: file.sha256),
                                                           FieldChange(field: "size", before: nil, after: String(file.size))]),
                                      by: actor, on: tx, at: now)
            if let link, let id = file.id { try await link(tx, id) }
            return file
        }
    }

    /// A company's own file, or 404.
    func file(_ id: UUID, company: CompanyID) async throws -> EvidenceFileModel {
        guard let file = try await EvidenceFileModel.query(on: db).filter(\.$id == id).filter(\.$company.$id == company.rawValue).first() else {
            throw TrustlaneError.notFound
        }
        return file
    }
}
