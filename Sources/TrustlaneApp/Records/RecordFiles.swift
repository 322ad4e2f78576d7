import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Files attached to a daily record (`record_files`, M048): an incident's attachments, a
/// training session's signed roster and materials. Checked by the evidence policy's file check
/// (PDF, JPEG or PNG recognised by content, the name's extension matching it, at most 10 MB or
/// the evidence limit if lower), a bounded number a record and a submission, stored in the
/// evidence store by SHA-256 (bytes written before the transaction, as `EvidenceService` does,
/// and written again inside it if a removal took them meanwhile), and recorded with the
/// record's audit entry in the caller's transaction. Read through the record's own routes
/// only, under the record's readers' roles; downloaded as attachments, never sniffed.
struct RecordFiles {
    enum Kind: String, Sendable {
        case incident
        case trainingSession = "training_session"
    }

    enum Purpose: String, Sendable, CaseIterable {
        /// An incident's photo or document (from a member or the anonymous reporter).
        case attachment
        /// A training session's signed attendance roster.
        case roster
        /// A training session's materials (slides, handouts).
        case material
    }

    /// The largest file, whatever the evidence limit says above it.
    static let maxFileBytes = 10 * 1024 * 1024
    /// Files one record keeps (each purpose counted apart) and one submission carries.
    static let maxPerRecord = 10
    static let maxPerUpload = 3

    /// PDF, JPEG or PNG, checked by content, at most 10 MB (or the evidence limit when lower).
    static func policy(_ app: Application) -> EvidencePolicy {
        EvidencePolicy(maxBytes: min(app.config.evidencePolicy.maxBytes, maxFileBytes), allowedTypes: [.pdf, .jpeg, .png])
    }

    /// The largest body an upload route collects: every file at its limit plus the form's text,
    /// so the policy (not the server) words the refusal of one file too large.
    static let bodyLimit = maxPerUpload * maxFileBytes + 512 * 1024

    struct Upload: Sendable {
        let fileName: String
        let content: Data
    }

    /// The files of a multipart body under `field` (a blank file input is no file).
    static func uploads(_ parts: [FormPart]?, field: String) -> [Upload] {
        (parts ?? []).compactMap { part in
            guard part.name == field, let name = part.fileName, !(name.isEmpty && part.data.isEmpty) else { return nil }
            return Upload(fileName: name, content: part.data)
        }
    }

    struct Accepted: Sendable {
        let fileName: String
        let type: EvidenceFileType
        let sha256: String
        let content: Data
    }

    /// Checks every file (each refusal names the field and the file); `existing` files of the
    /// record count towards its bound. Nothing is stored here.
    static func check(_ uploads: [Upload], field: String, existing: Int, policy: EvidencePolicy) -> (accepted: [Accepted], errors: [FieldError]) {
        var errors: [FieldError] = []
        if uploads.count > maxPerUpload {
            errors.append(FieldError(field: field, messageKey: "record_files.error.per_upload", message: "\(field): send at most \(maxPerUpload) files at a time",
                                     arguments: ["max": String(maxPerUpload)]))
        } else if existing + uploads.count > maxPerRecord {
            errors.append(FieldError(field: field, messageKey: "record_files.error.per_record",
                                     message: "\(field): a record keeps at most \(maxPerRecord) files of a kind (it has \(existing))",
                                     arguments: ["max": String(maxPerRecord), "count": String(existing)]))
        }
        guard errors.isEmpty else { return ([], errors) }
        var accepted: [Accepted] = []
        for upload in uploads {
            switch policy.checkFile(fileName: upload.fileName, content: upload.content) {
            case .success(let (name, type)):
                accepted.append(Accepted(fileName: name.value, type: type, sha256: DiskEvidenceStore.digest(upload.content), content: upload.content))
            case .failure(let error):
                var arguments = error.arguments
                arguments["file"] = String(upload.fileName.prefix(100))
                errors.append(FieldError(field: field, messageKey: error.messageKey, message: "\(upload.fileName.prefix(100)): \(error.message)", arguments: arguments))
            }
        }
        return (errors.isEmpty ? accepted : [], errors)
    }

    /// Puts the bytes in the evidence store (before the transaction: a write to disk is no
    /// database work). Content-addressed, so a file sent twice is stored once.
    static func store(_ files: [Accepted], app: Application) async throws {
        for file in files {
            let stored = try await app.evidenceStore.put(file.content)
            guard stored == file.sha256 else { throw Abort(.internalServerError, reason: "digest mismatch") }
        }
    }

    /// Records the files on the record inside the caller's transaction; returns their names for
    /// the audit entry. A removal of unused bytes runs through the same gate, so checking after
    /// the rows exist is enough never to leave a row without its file.
    @discardableResult
    static func insert(_ files: [Accepted], kind: Kind, record: UUID, purpose: Purpose, company: CompanyID, by actor: UserID?, now: Date,
                       app: Application, on tx: any Database) async throws -> [String] {
        let sql = tx as! any SQLDatabase
        for file in files {
            try await sql.raw("""
            INSERT INTO record_files (id, company_id, record_kind, record_id, purpose, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: UUID.timeOrdered()), \(bind: company.rawValue), \(bind: kind.rawValue), \(bind: record), \(bind: purpose.rawValue),
            \(bind: file.fileName), \(bind: file.type.mimeType), \(bind: Int64(file.content.count)), \(bind: file.sha256), \(bind: actor?.rawValue), \(bind: now))
            """).run()
            if !(await app.evidenceStore.exists(file.sha256)) { _ = try await app.evidenceStore.put(file.content) }
        }
        return files.map(\.fileName)
    }

    struct Row: Decodable, Sendable {
        let id: UUID
        let purpose: String
        let file_name: String
        let content_type: String
        let size: Int64
        let sha256: String
        let uploaded_by_name: String?
        let uploaded_by: UUID?
        let uploaded_at: Date
    }

    /// A record's files, oldest first.
    static func list(kind: Kind, record: UUID, company: CompanyID, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
        SELECT f.id, f.purpose, f.file_name, f.content_type, f.size, f.sha256, u.name AS uploaded_by_name, f.uploaded_by, f.uploaded_at
        FROM record_files f LEFT JOIN users u ON u.id = f.uploaded_by
        WHERE f.company_id = \(bind: company.rawValue) AND f.record_kind = \(bind: kind.rawValue) AND f.record_id = \(bind: record)
        ORDER BY f.uploaded_at, f.file_name LIMIT 200
        """).all(decoding: Row.self)
    }

    /// How many files of a purpose the record has (for the bound).
    static func count(kind: Kind, record: UUID, purpose: Purpose, company: CompanyID, on db: any Database) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await (db as! any SQLDatabase).raw("""
        SELECT COUNT(*) AS n FROM record_files WHERE company_id = \(bind: company.rawValue) AND record_kind = \(bind: kind.rawValue)
        AND record_id = \(bind: record) AND purpose = \(bind: purpose.rawValue)
        """).first(decoding: Count.self)?.n ?? 0
    }

    /// The file the route names (`:fileID`) among the record's, as a download: the stored type,
    /// always an attachment (a file from outside the company is never opened in the page's
    /// origin), no sniffing, a sandbox, not cached. 404 for anything else.
    static func download(_ req: Request, kind: Kind, record: UUID, company: CompanyID) async throws -> Response {
        guard let id = UUID(uuidString: req.parameters.get("fileID") ?? ""),
              let row = try await (req.db as! any SQLDatabase).raw("""
              SELECT f.id, f.purpose, f.file_name, f.content_type, f.size, f.sha256, NULL AS uploaded_by_name, f.uploaded_by, f.uploaded_at FROM record_files f
              WHERE f.id = \(bind: id) AND f.company_id = \(bind: company.rawValue) AND f.record_kind = \(bind: kind.rawValue) AND f.record_id = \(bind: record)
              """).first(decoding: Row.self) else { throw TrustlaneError.notFound }
        let data = try await req.application.evidenceStore.get(row.sha256)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: row.content_type)
        let safeName = String(row.file_name.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init))
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safeName.isEmpty ? "file" : safeName)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// Removes the rows of records about to be deleted (the retention pass, in its transaction)
    /// and returns their digests, for `EvidenceRemoval.removeUnusedBytes` after the commit.
    static func deleteRows(kind: Kind, records: [UUID], on sql: any SQLDatabase) async throws -> [String] {
        guard !records.isEmpty else { return [] }
        struct Digest: Decodable { let sha256: String }
        let digests = try await sql.raw("""
        SELECT DISTINCT sha256 FROM record_files WHERE record_kind = \(bind: kind.rawValue) AND record_id IN (\(binds: records))
        """).all(decoding: Digest.self).map(\.sha256)
        try await sql.raw("DELETE FROM record_files WHERE record_kind = \(bind: kind.rawValue) AND record_id IN (\(binds: records))").run()
        return digests
    }
}
