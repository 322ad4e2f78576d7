import Crypto
import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Questionnaires sent to business partners by link (issue 15, MSC 3.5-3.7). Sending makes a
/// secret link shown once (only its SHA-256 is stored, as verification links and invitations
/// do) that expires; the partner answers once without an account, with a few files; the
/// answers become an assessment and one partner corrective action per gap (3.6), in one
/// transaction with audit entries.
package struct PartnerQuestionnaireService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    package enum Status: String, Sendable { case sent, answered, revoked }

    static let defaultDays = 14
    static let maxDays = 60
    static let maxFiles = 5
    /// The partner's files: PDF, JPEG or PNG, each at most 10 MB, type checked by content.
    static let filePolicy = EvidencePolicy(maxBytes: 10 * 1024 * 1024, allowedTypes: [.pdf, .jpeg, .png])
    /// The largest body the answer route collects: every file at its limit plus the answers.
    static let bodyLimit = maxFiles * filePolicy.maxBytes + 512 * 1024

    // MARK: Company side

    package struct Row: Decodable, Sendable {
        let id: UUID
        let language: String
        let status: String
        let expires_at: Date
        let answered_at: Date?
        let created_at: Date

        /// What the list shows: `expired` for a link still unanswered past its day.
        func shownStatus(now: Date) -> String { status == Status.sent.rawValue && expires_at <= now ? "expired" : status }
    }

    package struct Sent: Sendable {
        let id: UUID
        let token: String
        let expiresAt: Date
    }

    package func list(company: CompanyID, partner: UUID) async throws -> [Row] {
        try await (db as! any SQLDatabase).raw("""
        SELECT id, language, status, expires_at, answered_at, created_at FROM business_partner_questionnaires
        WHERE company_id = \(bind: company.rawValue) AND partner_id = \(bind: partner) ORDER BY created_at DESC LIMIT 200
        """).all(decoding: Row.self)
    }

    /// Makes the questionnaire for the partner's role in the chosen language and the link's
    /// token, returned once.
    package func send(company: CompanyID, partner: UUID, language text: String?, days daysText: String?, by actor: UserID?) async throws -> Sent {
        var errors: [FieldError] = []
        let language = Language(rawValue: (text ?? "").trimmingCharacters(in: .whitespaces))
        if language == nil {
            errors.append(FieldError(field: "language", messageKey: "partner_questionnaire.error.language",
                                     message: "language must be en, es or id"))
        }
        var days = Self.defaultDays
        if let raw = daysText?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let value = Int(raw), (1...Self.maxDays).contains(value) {
                days = value
            } else {
                errors.append(FieldError(field: "days", messageKey: "partner_questionnaire.error.days",
                                         message: "days must be a whole number from 1 to \(Self.maxDays)", arguments: ["max": String(Self.maxDays)]))
            }
        }
        guard errors.isEmpty, let language else { throw ValidationFailure(errors) }
        struct Partner: Decodable { let role: String }
        guard let row = try await (db as! any SQLDatabase).raw("""
        SELECT role FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id = \(bind: partner)
        """).first(decoding: Partner.self) else { throw TrustlaneError.notFound }
        guard let catalog = app.catalogs.latest()?.catalog else { throw TrustlaneError.notFound }
        let strings = LocalizationCatalog.shared
        let questionnaire = PartnerQuestionnaire.template(role: BusinessPartnerRole(rawValue: row.role) ?? .other, catalog: catalog,
                                                          wording: CatalogTranslations.bundled.wording(catalog: catalog.id, language: language),
                                                          localizer: strings.localizer(for: language), english: strings.localizer(for: .english))
        let questions = String(decoding: try JSONEncoder().encode(questionnaire), as: UTF8.self)
        let token = SecureToken.generate()
        let id = UUID()
        let now = app.clock.now()
        let expires = now.addingTimeInterval(TimeInterval(days) * 86_400)
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO business_partner_questionnaires (id, company_id, partner_id, token_hash, language, questions, answers, status, expires_at, answered_at, created_by, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: partner), \(bind: SecureToken.digest(token)), \(bind: language.rawValue), \(bind: questions),
            \(bind: String?.none), 'sent', \(bind: expires), \(bind: Date?.none), \(bind: actor?.rawValue), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "business_partner.questionnaire_sent", targetType: "business_partner", targetID: partner.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["questionnaire": id.uuidString.lowercased(), "language": language.rawValue,
                                                                                               "questions": String(questionnaire.questions.count),
                                                                                               "expires_at": ISO8601DateFormatter().string(from: expires)])),
                                      by: actor, on: tx, at: now)
        }
        return Sent(id: id, token: token, expiresAt: expires)
    }

    /// Revokes a link not yet answered; one already answered or revoked is left as it is.
    package func revoke(company: CompanyID, partner: UUID, questionnaire: UUID, by actor: UserID?) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            struct Found: Decodable { let status: String }
            guard let found = try await sql.raw("""
            SELECT status FROM business_partner_questionnaires WHERE id = \(bind: questionnaire) AND company_id = \(bind: company.rawValue) AND partner_id = \(bind: partner)
            """).first(decoding: Found.self) else { throw TrustlaneError.notFound }
            guard found.status == Status.sent.rawValue else { return }
            try await sql.raw("UPDATE business_partner_questionnaires SET status = 'revoked' WHERE id = \(bind: questionnaire)").run()
            try await AuditLog.append(AuditEvent(action: "business_partner.questionnaire_revoked", targetType: "business_partner", targetID: partner.uuidString.lowercased(),
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: ["questionnaire": questionnaire.uuidString.lowercased()])),
                                      by: actor, on: tx, at: now)
        }
    }

    package struct FileRow: Decodable, Sendable {
        let id: UUID
        let question_id: String?
        let file_name: String
        let content_type: String
        let size: Int
        let sha256: String
    }

    /// One questionnaire as the company reads it: the questions, the answers once given, the files.
    package struct Detail: Sendable {
        let row: Row
        let questionnaire: PartnerQuestionnaire
        let responses: [String: PartnerQuestionnaire.Response]
        let files: [FileRow]
    }

    package func detail(company: CompanyID, partner: UUID, id: UUID) async throws -> Detail? {
        let sql = db as! any SQLDatabase
        struct Full: Decodable {
            let id: UUID; let language: String; let status: String; let expires_at: Date; let answered_at: Date?; let created_at: Date
            let questions: String; let answers: String?
        }
        guard let full = try await sql.raw("""
        SELECT id, language, status, expires_at, answered_at, created_at, questions, answers FROM business_partner_questionnaires
        WHERE id = \(bind: id) AND company_id = \(bind: company.rawValue) AND partner_id = \(bind: partner)
        """).first(decoding: Full.self),
            let questionnaire = try? JSONDecoder().decode(PartnerQuestionnaire.self, from: Data(full.questions.utf8)) else { return nil }
        let responses = full.answers.flatMap { try? JSONDecoder().decode([String: PartnerQuestionnaire.Response].self, from: Data($0.utf8)) } ?? [:]
        let files = try await sql.raw("""
        SELECT id, question_id, file_name, content_type, size, sha256 FROM business_partner_questionnaire_files
        WHERE questionnaire_id = \(bind: id) AND company_id = \(bind: company.rawValue) ORDER BY created_at, file_name
        """).all(decoding: FileRow.self)
        return Detail(row: Row(id: full.id, language: full.language, status: full.status, expires_at: full.expires_at, answered_at: full.answered_at,
                               created_at: full.created_at),
                      questionnaire: questionnaire, responses: responses, files: files)
    }

    package struct StoredFile: Decodable, Sendable {
        let file_name: String
        let content_type: String
        let content: Data
    }

    /// A file the partner uploaded, for the company that sent the questionnaire only.
    package func file(company: CompanyID, partner: UUID, questionnaire: UUID, file: UUID) async throws -> StoredFile? {
        try await (db as! any SQLDatabase).raw("""
        SELECT f.file_name, f.content_type, f.content FROM business_partner_questionnaire_files f
        JOIN business_partner_questionnaires q ON q.id = f.questionnaire_id
        WHERE f.id = \(bind: file) AND f.questionnaire_id = \(bind: questionnaire) AND f.company_id = \(bind: company.rawValue)
        AND q.company_id = \(bind: company.rawValue) AND q.partner_id = \(bind: partner)
        """).first(decoding: StoredFile.self)
    }

    // MARK: Partner side (no account: the token is the credential)

    /// Why a link no longer takes answers.
    package enum Gone: String, Error, Sendable { case answered, expired, revoked }

    /// What the partner's page shows: the asking company's legal name, the partner's name, the questions.
    package struct PublicView: Sendable {
        let id: UUID
        let companyName: String
        let partnerName: String
        let questionnaire: PartnerQuestionnaire
        let expiresAt: Date
    }

    private struct LinkRow: Decodable {
        let id: UUID
        let company_id: UUID
        let partner_id: UUID
        let status: String
        let expires_at: Date
        let questions: String
        let company_name: String
        let partner_name: String
    }

    private func link(token: String, on sql: any SQLDatabase) async throws -> LinkRow? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        return try await sql.raw("""
        SELECT q.id, q.company_id, q.partner_id, q.status, q.expires_at, q.questions, c.legal_name AS company_name, p.legal_name AS partner_name
        FROM business_partner_questionnaires q JOIN companies c ON c.id = q.company_id JOIN business_partners p ON p.id = q.partner_id
        WHERE q.token_hash = \(bind: SecureToken.digest(token))
        """).first(decoding: LinkRow.self)
    }

    private func usable(_ row: LinkRow, now: Date) throws(Gone) {
        switch Status(rawValue: row.status) {
        case .answered: throw .answered
        case .revoked, .none: throw .revoked
        case .sent: if row.expires_at <= now { throw .expired }
        }
    }

    /// The questionnaire behind a token: nil for an unknown token; throws `Gone` for one used,
    /// expired or revoked.
    package func open(token: String) async throws -> PublicView? {
        guard let row = try await link(token: token, on: db as! any SQLDatabase) else { return nil }
        try usable(row, now: app.clock.now())
        guard let questionnaire = try? JSONDecoder().decode(PartnerQuestionnaire.self, from: Data(row.questions.utf8)) else { return nil }
        return PublicView(id: row.id, companyName: row.company_name, partnerName: row.partner_name, questionnaire: questionnaire, expiresAt: row.expires_at)
    }

    /// A file the partner sends with the answers: its slot on the form (1-5), name, bytes and
    /// the question it supports, if the partner said.
    package struct Upload: Sendable {
        let slot: Int
        let fileName: String
        let content: Data
        let questionID: String?
    }

    /// Checks the files: each passes the file policy (size, PDF/JPEG/PNG by content, the name's
    /// extension matching), names a question of this questionnaire if any; errors name the slot.
    static func checkFiles(_ uploads: [Upload], questionnaire: PartnerQuestionnaire) -> (accepted: [(Upload, EvidenceFileType, String)], errors: [FieldError]) {
        var accepted: [(Upload, EvidenceFileType, String)] = []
        var errors: [FieldError] = []
        let ids = Set(questionnaire.questions.map(\.id))
        for upload in uploads {
            let field = "file\(upload.slot)"
            if let question = upload.questionID, !ids.contains(question) {
                errors.append(FieldError(field: field, messageKey: "partner_questionnaire.error.file_question",
                                         message: "File \(upload.slot): \(question.prefix(40)) is not a question of this questionnaire",
                                         arguments: ["slot": String(upload.slot)]))
                continue
            }
            switch filePolicy.checkFile(fileName: upload.fileName, content: upload.content) {
            case .failure(let error):
                var arguments = error.arguments
                arguments["slot"] = String(upload.slot)
                arguments["file"] = String(upload.fileName.prefix(100))
                errors.append(FieldError(field: field, messageKey: error.messageKey, message: "File \(upload.slot) (\(upload.fileName.prefix(100))): \(error.message)",
                                         arguments: arguments))
            case .success(let (name, type)):
                accepted.append((Upload(slot: upload.slot, fileName: name.value, content: upload.content, questionID: upload.questionID), type,
                                 Hex.lowercase(SHA256.hash(data: upload.content))))
            }
        }
        return (accepted, errors)
    }

    /// Saves the partner's answers once. Throws nil-link as `TrustlaneError.notFound`, `Gone`
    /// for a used, expired or revoked link, `ValidationFailure` for bad answers or files; in
    /// every one of those cases nothing is saved.
    package func answer(token: String, answers: [String: String], comments: [String: String], uploads: [Upload]) async throws -> Int {
        guard let view = try await open(token: token) else { throw TrustlaneError.notFound }
        let questionnaire = view.questionnaire
        var errors: [FieldError] = []
        var responses: [String: PartnerQuestionnaire.Response] = [:]
        switch questionnaire.validate(answers: answers, comments: comments) {
        case .success(let valid): responses = valid
        case .failure(let failure): errors.append(contentsOf: failure.errors)
        }
        let files = Self.checkFiles(uploads, questionnaire: questionnaire)
        errors.append(contentsOf: files.errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }

        let now = app.clock.now()
        let today = ProgramDay(now)
        let settings = app.config.programSettings
        let gaps = questionnaire.gaps(responses, answeredOn: today)
        let answersJSON = String(decoding: try JSONEncoder().encode(responses), as: UTF8.self)
        let accepted = files.accepted
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            // Checked again inside the transaction: two submissions of one link save once.
            guard let row = try await link(token: token, on: sql) else { throw TrustlaneError.notFound }
            try usable(row, now: now)
            let company = CompanyID(row.company_id)
            let partner = row.partner_id
            try await sql.raw("""
            UPDATE business_partner_questionnaires SET status = 'answered', answers = \(bind: answersJSON), answered_at = \(bind: now)
            WHERE id = \(bind: row.id) AND status = 'sent'
            """).run()
            for (upload, type, digest) in accepted {
                try await sql.raw("""
                INSERT INTO business_partner_questionnaire_files (id, questionnaire_id, company_id, question_id, file_name, content_type, size, sha256, content, created_at)
                VALUES (\(bind: UUID()), \(bind: row.id), \(bind: company.rawValue), \(bind: upload.questionID), \(bind: upload.fileName), \(bind: type.mimeType),
                \(bind: upload.content.count), \(bind: digest), \(bind: upload.content), \(bind: now))
                """).run()
            }
            let notes = "Questionnaire answered by the partner through its link: \(questionnaire.questions.count) questions, \(gaps.count) gap(s), \(accepted.count) file(s)."
            try await PartnerVettingService.storeAssessment(company: company, partner: partner, method: .questionnaire, completed: today, notes: notes, by: nil,
                                                            today: today, now: now, on: sql)
            let target = partner.uuidString.lowercased()
            try await AuditLog.append(AuditEvent(action: "business_partner.questionnaire_answered", targetType: "business_partner", targetID: target, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["questionnaire": row.id.uuidString.lowercased(),
                                                                                               "gaps": String(gaps.count), "files": String(accepted.count)])),
                                      by: nil, on: tx, at: now)
            try await AuditLog.append(AuditEvent(action: "business_partner.assessed", targetType: "business_partner", targetID: target, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["method": PartnerVettingService.Method.questionnaire.rawValue,
                                                                                               "completed_on": today.description, "notes": notes])),
                                      by: nil, on: tx, at: now)
            for gap in gaps {
                let title = Self.actionTitle(gap)
                try await PartnerVettingService.storeAction(company: company, partner: partner, title: title, due: gap.dueOn, now: now, on: sql)
                try await AuditLog.append(AuditEvent(action: "business_partner.action_opened", targetType: "business_partner", targetID: target, companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: ["title": title, "due_on": gap.dueOn.description])),
                                          by: nil, on: tx, at: now)
            }
            try await PartnerVettingService.refresh(company: company, partner: partner, today: today, settings: settings, on: sql)
        }
        return gaps.count
    }

    /// A gap's corrective action: the question, the answer and the partner's comment, within
    /// the action title's 300 characters.
    static func actionTitle(_ gap: PartnerQuestionnaire.Gap) -> String {
        var title = "Questionnaire \(gap.questionID) answered \(gap.answer.rawValue): \(gap.text)"
        if let comment = gap.comment { title += " (partner: \(comment))" }
        return title.count > 300 ? String(title.prefix(299)) + "…" : title
    }
}
