import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// The reads of profile pages: a fixed number of indexed queries per page, rows decoded into
/// small structs (no Fluent models on the hot path).
struct ProfileQueries {
    let sql: any SQLDatabase
    init(_ db: any Database) { sql = db as! any SQLDatabase }

    struct AnswerRow: Decodable, Sendable {
        let criterion_id: String
        let status: String
        let narrative: String
        let not_applicable_reason: String?
        let responsible: String?
        let version: Int
        let submitted_version: Int?
        let updated_by: UUID?
        let updated_at: Date?
    }

    func answers(profile: UUID) async throws -> [AnswerRow] {
        // Read column by column: the synthesized Decodable path costs more than the query on a
        // 119-row profile (measured with perf), mostly in keyed containers and optionals.
        // Plain SQL rather than the query builder on the pages read most (its identifier quoting
        // was about 7% of the profile page's server time in perf).
        try await sql.raw("""
            SELECT criterion_id, status, narrative, not_applicable_reason, responsible, version, submitted_version, updated_by, updated_at
            FROM profile_answers WHERE profile_id = \(bind: profile)
            """).hotRows().map(AnswerRow.init(row:))
    }

    struct LinkRow: Decodable, Sendable {
        let criterion_id: String
        let evidence_id: UUID
        let title: String
        let sha256: String
        let expires_at: Date?
    }

    /// Every evidence link of the profile with the file's title, digest and expiry.
    func links(profile: UUID) async throws -> [LinkRow] {
        try await sql.raw("""
            SELECT l.criterion_id AS criterion_id, l.evidence_id AS evidence_id, e.title AS title, e.sha256 AS sha256, e.expires_at AS expires_at
            FROM evidence_links l JOIN evidence_files e ON l.evidence_id = e.id
            WHERE l.profile_id = \(bind: profile) ORDER BY e.title
            """).all(decoding: LinkRow.self)
    }

    struct RequestRow: Decodable, Sendable {
        let criterion_id: String
        let open: Int
    }

    /// Open requests for information per criterion, as the company sees them.
    func openRequests(profile: UUID) async throws -> [String: Int] {
        let rows = try await sql.raw("""
            SELECT criterion_id, COUNT(*) AS open FROM review_comments
            WHERE profile_id = \(bind: profile) AND kind = 'request_for_information' AND status = 'open' AND internal = \(bind: false)
            GROUP BY criterion_id
            """).all(decoding: RequestRow.self)
        return Dictionary(rows.map { ($0.criterion_id, $0.open) }, uniquingKeysWith: +)
    }

    struct ActionRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let owner: String?
        let due_date: Date
        let status: String
        let criteria: String
        let source: String
        let version: Int

        /// The criteria, stored comma-joined.
        var criterionIDs: [CriterionID] { criteria.split(separator: ",").compactMap { CriterionID(String($0)) } }

        /// The row as Core's `CorrectiveAction`, so the lists use Core's rules (overdue,
        /// filters, counts per criterion).
        func correctiveAction(company: CompanyID) -> CorrectiveAction {
            CorrectiveAction(id: CorrectiveActionID(id), companyID: company, profileID: nil, title: title, ownerName: owner ?? "",
                             dueDate: due_date, status: CorrectiveActionStatus(rawValue: status) ?? .open, criterionIDs: criterionIDs,
                             version: version)
        }
    }

    func actions(company: CompanyID) async throws -> [ActionRow] {
        try await sql.raw("""
            SELECT id, title, owner, due_date, status, criteria, source, version FROM corrective_actions
            WHERE company_id = \(bind: company.rawValue) ORDER BY due_date
            """).all(decoding: ActionRow.self)
    }

    struct EvidenceRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let file_name: String
        let sha256: String
        let size: Int64
        let content_type: String
        let effective_date: Date?
        let expires_at: Date?
        let uploaded_at: Date
        let links: Int
    }

    func evidence(company: CompanyID) async throws -> [EvidenceRow] {
        try await sql.select()
            .columns("id", "title", "file_name", "sha256", "size", "content_type", "effective_date", "expires_at", "uploaded_at")
            .column(SQLRaw("(SELECT COUNT(*) FROM evidence_links l WHERE l.evidence_id = evidence_files.id) AS links"))
            .from("evidence_files").where("company_id", .equal, SQLBind(company.rawValue))
            .orderBy("title").all(decoding: EvidenceRow.self)
    }

    struct HistoryRow: Decodable, Sendable {
        let version: Int
        let status: String
        let narrative: String
        let not_applicable_reason: String?
        let responsible: String?
        let evidence: String
        let changed_at: Date
        let changed_by_name: String?
    }

    func history(profile: UUID, criterion: String) async throws -> [HistoryRow] {
        try await sql.select()
            .column(SQLColumn("version", table: "h")).column(SQLColumn("status", table: "h")).column(SQLColumn("narrative", table: "h"))
            .column(SQLColumn("not_applicable_reason", table: "h")).column(SQLColumn("responsible", table: "h"))
            .column(SQLColumn("evidence", table: "h")).column(SQLColumn("changed_at", table: "h"))
            .column(SQLColumn("name", table: "u"), as: "changed_by_name")
            .from(SQLAlias(SQLIdentifier("profile_answer_history"), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                  on: SQLColumn("changed_by", table: "h"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("profile_id", table: "h"), .equal, SQLBind(profile))
            .where(SQLColumn("criterion_id", table: "h"), .equal, SQLBind(criterion))
            .orderBy(SQLColumn("version", table: "h"), SQLDirection.descending)
            .limit(200).all(decoding: HistoryRow.self)
    }

    struct CommentRow: Decodable, Sendable {
        let id: UUID
        let kind: String
        let status: String
        let body: String
        let is_internal: Bool
        let reply_to: UUID?
        let snapshot_id: UUID?
        let created_at: Date
        let author_name: String?
        let author_reviewer: Bool?
    }

    func comments(profile: UUID, criterion: String, includeInternal: Bool) async throws -> [CommentRow] {
        var query = sql.select()
            .column(SQLColumn("id", table: "c")).column(SQLColumn("kind", table: "c")).column(SQLColumn("status", table: "c"))
            .column(SQLColumn("body", table: "c")).column(SQLColumn("internal", table: "c"), as: "is_internal").column(SQLColumn("reply_to", table: "c"))
            .column(SQLColumn("snapshot_id", table: "c")).column(SQLColumn("created_at", table: "c")).column(SQLColumn("name", table: "u"), as: "author_name")
            .column(SQLColumn("is_reviewer", table: "u"), as: "author_reviewer")
            .from(SQLAlias(SQLIdentifier("review_comments"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                  on: SQLColumn("author_id", table: "c"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("profile_id", table: "c"), .equal, SQLBind(profile))
            .where(SQLColumn("criterion_id", table: "c"), .equal, SQLBind(criterion))
        if !includeInternal { query = query.where(SQLColumn("internal", table: "c"), .equal, SQLBind(false)) }
        return try await query.orderBy(SQLColumn("created_at", table: "c")).all(decoding: CommentRow.self)
    }
}

extension ProfileQueries {
    /// What the review state of a criterion is derived from: requests, responses and acceptances.
    struct ReviewPostRow: Decodable, Sendable {
        let id: UUID
        let criterion_id: String
        let kind: String
        let status: String
        let reply_to: UUID?
        let snapshot_id: UUID?
        let created_at: Date

        func comment(profile: UUID) -> ReviewComment? {
            ProfileQueries.post(id: id, profile: profile, criterion: criterion_id, kind: kind, status: status, replyTo: reply_to,
                                snapshot: snapshot_id, createdAt: created_at)
        }
    }

    /// A post as the domain's value, for deriving states (body and author left out).
    static func post(id: UUID, profile: UUID, criterion: String, kind: String, status: String, replyTo: UUID?, snapshot: UUID?,
                     createdAt: Date) -> ReviewComment? {
        guard let criterion = CriterionID(criterion), let kind = ReviewCommentKind(rawValue: kind) else { return nil }
        let closed = status == InformationRequestStatus.closed.rawValue
        return ReviewComment(id: ReviewCommentID(id), profileID: SecurityProfileID(profile), snapshotID: snapshot.map(SnapshotID.init),
                             criterionID: criterion, kind: kind, body: "",
                             authorID: UserID(UUID()), authorName: "", side: kind == .response ? .company : .reviewer,
                             replyTo: replyTo.map(ReviewCommentID.init), createdAt: createdAt, closedAt: closed ? createdAt : nil)
    }

    /// Every request, response and acceptance of the profile, in one query (the snapshot page's
    /// review summary). Internal notes are comments, so none is read.
    func reviewPosts(profile: UUID) async throws -> [ReviewComment] {
        let kinds: [ReviewCommentKind] = [.requestForInformation, .response, .acceptance]
        return try await sql.select().columns("id", "criterion_id", "kind", "status", "reply_to", "snapshot_id", "created_at").from("review_comments")
            .where("profile_id", .equal, SQLBind(profile)).where("kind", .in, SQLBind.group(kinds.map(\.rawValue)))
            .where("internal", .equal, SQLBind(false))
            .all(decoding: ReviewPostRow.self).compactMap { $0.comment(profile: profile) }
    }
}

extension ProfileQueries.AnswerRow {
    /// The row as the domain's answer (evidence filled in separately).
    func answer(evidence: [EvidenceID]) -> CriterionAnswer? {
        guard let id = CriterionID(criterion_id) else { return nil }
        return CriterionAnswer(criterionID: id, status: AnswerStatus(rawValue: status) ?? .unanswered, narrative: narrative,
                               notApplicableReason: not_applicable_reason ?? "", responsible: responsible ?? "",
                               evidenceIDs: evidence, version: version, updatedBy: updated_by.map(UserID.init), updatedAt: updated_at)
    }
}

extension ProfileQueries.AnswerRow {
    /// An answer row of the profile's own query (`answers(profile:)`).
    init(row: HotRow) throws {
        criterion_id = try row.decode(column: "criterion_id", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        narrative = try row.decode(column: "narrative", as: String.self)
        not_applicable_reason = try row.optional("not_applicable_reason", as: String.self)
        responsible = try row.optional("responsible", as: String.self)
        version = try row.decode(column: "version", as: Int.self)
        submitted_version = try row.optional("submitted_version", as: Int.self)
        updated_by = try row.optionalUUID("updated_by")
        updated_at = try row.optional("updated_at", as: Date.self)
    }
}
