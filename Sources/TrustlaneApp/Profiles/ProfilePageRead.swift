import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Everything the profile page reads: the company, its current profile and that profile's
/// answers, evidence links, open requests for information, corrective actions, reviewer
/// decisions on "not applicable" claims and the latest risk assessment.
struct ProfilePageRead: Sendable {
    let company: CompanyModel
    /// Nil when the company has no current profile (the page offers to open one).
    let profile: SecurityProfileModel?
    var answers: [ProfileQueries.AnswerRow] = []
    var links: [ProfileQueries.LinkRow] = []
    var requests: [String: Int] = [:]
    var actions: [ProfileQueries.ActionRow] = []
    var decisions: [CriterionID: NotApplicableDecision] = [:]
    var assessment: (id: UUID, assessedOn: String, nextReviewOn: String)?

    init(company: CompanyModel, profile: SecurityProfileModel?) {
        self.company = company
        self.profile = profile
    }
}

extension ProfileQueries {
    /// The profile page's reads; nil when there is no such company.
    ///
    /// On SQLite they are one statement: the eight reads joined with `UNION ALL`, each row tagged
    /// with the read it belongs to. A page is then one trip to the connection's thread instead
    /// of eight, and perf put most of a read's cost on a page this size in the trip, not in
    /// SQLite (the lease, the thread pool's wake-ups, a task and a future per query). The
    /// parts are the very queries `page(company:)` runs one by one on PostgreSQL, where each
    /// column of a `UNION` must have one type and the reads run in parallel on a pool of
    /// connections instead.
    func page(company: CompanyID, on db: any Database) async throws -> ProfilePageRead? {
        if sql.dialect.name == "sqlite" { return try await pageInOneStatement(company: company) }
        guard let companyRow = try await CompanyModel.read(company.rawValue, on: db) else { return nil }
        guard let profile = try await SecurityProfileModel.current(company: company.rawValue, on: db) else {
            return ProfilePageRead(company: companyRow, profile: nil)
        }
        let id = try profile.requireID()
        async let answersTask = answers(profile: id)
        async let linksTask = links(profile: id)
        async let requestsTask = openRequests(profile: id)
        async let actionsTask = actions(company: company)
        async let decisionsTask = NotApplicableDecisionModel.latest(profile: id, on: db)
        async let assessmentTask = RiskQueries.latestAssessment(company: company, on: db)
        var read = ProfilePageRead(company: companyRow, profile: profile)
        (read.answers, read.links, read.requests) = try await (answersTask, linksTask, requestsTask)
        (read.actions, read.decisions, read.assessment) = try await (actionsTask, decisionsTask, assessmentTask)
        return read
    }

    /// The parts of the SQLite statement, in the order of their tag `k`.
    private enum Part: Int {
        case company, profile, answer, link, request, action, decision, assessment
    }

    private func pageInOneStatement(company: CompanyID) async throws -> ProfilePageRead? {
        let id = company.rawValue
        // Columns: k (the part), c1...c9 (the part's own columns; NULL where it has fewer). SQLite
        // keeps each value's own type in a compound select, so every part decodes as its
        // single query does. The current profile's id is looked up by each part that needs it
        // (an index probe); the parts that must be ordered carry their sort key and are
        // sorted here, since a compound select's parts keep no order of their own.
        let rows = try await sql.raw("""
            SELECT 0 AS k, legal_name AS c1, country AS c2, address AS c3, created_at AS c4, updated_at AS c5,
                   NULL AS c6, NULL AS c7, NULL AS c8, NULL AS c9
            FROM companies WHERE id = \(bind: id)
            UNION ALL
            SELECT 1, id, created_at, updated_at, catalog_id, entity_types, condition_answers, submission_count, last_submitted_at, NULL
            FROM security_profiles WHERE id = (\(currentProfile(id)))
            UNION ALL
            SELECT 2, criterion_id, status, narrative, not_applicable_reason, responsible, version, submitted_version, updated_by, updated_at
            FROM profile_answers WHERE profile_id = (\(currentProfile(id)))
            UNION ALL
            SELECT 3, l.criterion_id, l.evidence_id, e.title, e.sha256, e.expires_at, NULL, NULL, NULL, NULL
            FROM evidence_links l JOIN evidence_files e ON l.evidence_id = e.id WHERE l.profile_id = (\(currentProfile(id)))
            UNION ALL
            SELECT 4, criterion_id, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM review_comments
            WHERE profile_id = (\(currentProfile(id))) AND kind = 'request_for_information' AND status = 'open' AND internal = \(bind: false)
            GROUP BY criterion_id
            UNION ALL
            SELECT 5, id, title, owner, due_date, status, criteria, source, version, NULL FROM corrective_actions WHERE company_id = \(bind: id)
            UNION ALL
            SELECT 6, criterion_id, answer_version, verdict, reason, decided_by, decided_at, sequence, NULL, NULL FROM not_applicable_decisions
            WHERE profile_id = (\(currentProfile(id)))
            UNION ALL
            SELECT * FROM (SELECT 7, id, assessed_on, next_review_on, NULL, NULL, NULL, NULL, NULL, NULL FROM risk_assessments
                           WHERE company_id = \(bind: id) ORDER BY assessed_on DESC, created_at DESC LIMIT 1)
            """).hotRows()

        var companyRow: CompanyModel?
        var profile: SecurityProfileModel?
        var answers: [ProfileQueries.AnswerRow] = []
        answers.reserveCapacity(rows.count)
        var links: [ProfileQueries.LinkRow] = []
        var requests: [String: Int] = [:]
        var actions: [ProfileQueries.ActionRow] = []
        var decisions: [(sequence: Int, decision: NotApplicableDecision)] = []
        var assessment: (id: UUID, assessedOn: String, nextReviewOn: String)?
        for row in rows {
            guard let part = Part(rawValue: try row.decode(column: "k", as: Int.self)) else { continue }
            switch part {
            case .company:
                let model = CompanyModel(id: id, legalName: try row.decode(column: "c1", as: String.self),
                                         country: try row.decode(column: "c2", as: String.self), address: try row.optional("c3", as: String.self))
                model.createdAt = try row.optional("c4", as: Date.self)
                model.updatedAt = try row.optional("c5", as: Date.self)
                model.$id.exists = true
                companyRow = model
            case .profile:
                let model = SecurityProfileModel()
                model.id = try row.uuid("c1")
                model.createdAt = try row.optional("c2", as: Date.self)
                model.updatedAt = try row.optional("c3", as: Date.self)
                model.$company.id = id
                model.catalogID = try row.decode(column: "c4", as: String.self)
                model.entityTypes = try row.decode(column: "c5", as: String.self)
                model.conditionAnswers = try row.decode(column: "c6", as: String.self)
                model.submissionCount = try row.decode(column: "c7", as: Int.self)
                model.lastSubmittedAt = try row.optional("c8", as: Date.self)
                model.archivedAt = nil
                model.$id.exists = true
                profile = model
            case .answer:
                answers.append(ProfileQueries.AnswerRow(
                    criterion_id: try row.decode(column: "c1", as: String.self), status: try row.decode(column: "c2", as: String.self),
                    narrative: try row.decode(column: "c3", as: String.self), not_applicable_reason: try row.optional("c4", as: String.self),
                    responsible: try row.optional("c5", as: String.self), version: try row.decode(column: "c6", as: Int.self),
                    submitted_version: try row.optional("c7", as: Int.self), updated_by: try row.optionalUUID("c8"),
                    updated_at: try row.optional("c9", as: Date.self)))
            case .link:
                links.append(ProfileQueries.LinkRow(criterion_id: try row.decode(column: "c1", as: String.self), evidence_id: try row.uuid("c2"),
                                                    title: try row.decode(column: "c3", as: String.self), sha256: try row.decode(column: "c4", as: String.self),
                                                    expires_at: try row.optional("c5", as: Date.self)))
            case .request:
                requests[try row.decode(column: "c1", as: String.self), default: 0] += try row.decode(column: "c2", as: Int.self)
            case .action:
                actions.append(ProfileQueries.ActionRow(
                    id: try row.uuid("c1"), title: try row.decode(column: "c2", as: String.self), owner: try row.optional("c3", as: String.self),
                    due_date: try row.decode(column: "c4", as: Date.self), status: try row.decode(column: "c5", as: String.self),
                    criteria: try row.decode(column: "c6", as: String.self), source: try row.decode(column: "c7", as: String.self),
                    version: try row.decode(column: "c8", as: Int.self)))
            case .decision:
                guard let criterion = CriterionID(try row.decode(column: "c1", as: String.self)),
                      let verdict = NotApplicableVerdict(rawValue: try row.decode(column: "c3", as: String.self)) else { continue }
                decisions.append((try row.decode(column: "c7", as: Int.self),
                                  NotApplicableDecision(criterionID: criterion, answerVersion: try row.decode(column: "c2", as: Int.self),
                                                        verdict: verdict, reason: try row.decode(column: "c4", as: String.self),
                                                        decidedBy: try row.optionalUUID("c5").map(UserID.init),
                                                        decidedAt: try row.decode(column: "c6", as: Date.self))))
            case .assessment:
                assessment = (try row.uuid("c1"), try row.decode(column: "c2", as: String.self), try row.decode(column: "c3", as: String.self))
            }
        }
        guard let companyRow else { return nil }
        var read = ProfilePageRead(company: companyRow, profile: profile)
        guard profile != nil else { return read }
        read.answers = answers
        // As the single queries order them: links by title, actions by due date, and the
        // decisions by their sequence, so the newest decision of a criterion is the one kept.
        links.sort { $0.title < $1.title }
        read.links = links
        actions.sort { $0.due_date < $1.due_date }
        read.actions = actions
        decisions.sort { $0.sequence < $1.sequence }
        for (_, decision) in decisions { read.decisions[decision.criterionID] = decision }
        read.requests = requests
        read.assessment = assessment
        return read
    }

    /// The id of the company's current profile, as `SecurityProfileModel.current` finds it.
    private func currentProfile(_ company: UUID) -> SQLQueryString {
        "SELECT id FROM security_profiles WHERE company_id = \(bind: company) AND archived_at IS NULL ORDER BY created_at DESC LIMIT 1"
    }
}
