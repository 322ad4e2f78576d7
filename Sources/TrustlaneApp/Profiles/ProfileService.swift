import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Opening a profile, the applicability conditions, saving answers (with history and stale-edit
/// protection) and submitting. Every change is audited in the same transaction.
struct ProfileService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }
    init(app: Application, db: any Database) { self.app = app; self.db = db }

    /// The company's current (not archived) profile.
    func current(company: CompanyID) async throws -> ProfileContext? {
        guard let profile = try await SecurityProfileModel.current(company: company.rawValue, on: db) else { return nil }
        return try ProfileContext(profile: profile, registry: app.catalogs)
    }

    /// Every submitted snapshot of the company's profiles (archived ones included), newest first.
    func submittedSnapshots(company: CompanyID) async throws -> [ProfileSnapshotModel] {
        let profiles = try await SecurityProfileModel.query(on: db).filter(\.$company.$id == company.rawValue).all().compactMap(\.id)
        guard !profiles.isEmpty else { return [] }
        return try await ProfileSnapshotModel.query(on: db).filter(\.$profileID ~~ profiles)
            .sort(\.$submittedAt, .descending).sort(\.$sequence, .descending).all()
    }

    /// The SHA-256 of every evidence file frozen into one of the company's submitted snapshots:
    /// the only files someone outside the company may download.
    func submittedEvidenceHashes(company: CompanyID) async throws -> Set<String> {
        var hashes = Set<String>()
        for row in try await submittedSnapshots(company: company) {
            let snapshot = try ProfileSnapshot.decode(Data(row.content.utf8))
            for entry in snapshot.entries { for file in entry.evidence { hashes.insert(file.sha256.lowercased()) } }
        }
        return hashes
    }

    /// The newest submitted snapshot of the current profile, decoded.
    func latestSnapshot(of context: ProfileContext) async throws -> (row: ProfileSnapshotModel, snapshot: ProfileSnapshot)? {
        guard let row = try await ProfileSnapshotModel.query(on: db).filter(\.$profileID == context.id)
            .sort(\.$sequence, .descending).first() else { return nil }
        return (row, try ProfileSnapshot.decode(Data(row.content.utf8)))
    }

    /// Submitted snapshots of the profile by id, decoded (the earlier submissions a review compares with).
    func snapshots(of context: ProfileContext, ids: Set<SnapshotID>) async throws -> [SnapshotID: ProfileSnapshot] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await ProfileSnapshotModel.query(on: db).filter(\.$profileID == context.id)
            .filter(\.$id ~~ ids.map(\.rawValue)).all()
        var found: [SnapshotID: ProfileSnapshot] = [:]
        for row in rows {
            let snapshot = try ProfileSnapshot.decode(Data(row.content.utf8))
            found[snapshot.id] = snapshot
        }
        return found
    }

    /// The submission before `sequence`, decoded, if any.
    func snapshot(of context: ProfileContext, sequence: Int) async throws -> (row: ProfileSnapshotModel, snapshot: ProfileSnapshot)? {
        guard sequence >= 1, let row = try await ProfileSnapshotModel.query(on: db).filter(\.$profileID == context.id)
            .filter(\.$sequence == sequence).first() else { return nil }
        return (row, try ProfileSnapshot.decode(Data(row.content.utf8)))
    }

    func require(company: CompanyID) async throws -> ProfileContext {
        guard let context = try await current(company: company) else {
            throw TrustlaneError(status: .notFound, key: "profile.error.none", message: "The company has no security profile yet; open one first")
        }
        return context
    }

    /// Opens the profile: one answer row per criterion that applies to the entity types.
    func open(company: CompanyID, entityTypes raw: [String], catalogID: String?, by actor: UserID?) async throws -> ProfileContext {
        var errors: [FieldError] = []
        let types = Set(raw.compactMap(EntityType.init(code:)))
        if types.isEmpty || types.count != Set(raw).count {
            errors.append(FieldError(field: "entity_types", messageKey: "error.entity_type_required",
                                     message: "entity_types needs at least one of \(EntityType.allCases.map(\.code).joined(separator: ", "))"))
        }
        let entry = catalogID.flatMap { app.catalogs.entry($0) } ?? app.catalogs.latest()
        if catalogID != nil && entry?.catalog.id != catalogID {
            errors.append(FieldError(field: "catalog_id", messageKey: "catalog.error.unknown", message: "catalog_id is not a known catalog version"))
        }
        guard errors.isEmpty, let entry else { throw ValidationFailure(errors) }
        let criteria = entry.index.criteria(for: types)
        let now = app.clock.now()
        let catalogs = app.catalogs
        return try await app.writeGate.transaction(on: db) { tx -> ProfileContext in
            let sql = tx as! any SQLDatabase
            if try await sql.select().column("id").from("security_profiles").where("company_id", .equal, SQLBind(company.rawValue))
                .where("archived_at", .is, SQLLiteral.null).limit(1).first() != nil {
                throw TrustlaneError(status: .conflict, key: "profile.error.exists", message: "The company already has an open security profile")
            }
            let profile = SecurityProfileModel()
            profile.$company.id = company.rawValue
            profile.catalogID = entry.catalog.id
            profile.entityTypes = types.sorted().map(\.code).joined(separator: ",")
            profile.conditionAnswers = "{}"
            profile.submissionCount = 0
            try await profile.create(on: tx)
            let profileID = try profile.requireID()
            // One row per criterion through BulkInsert: on SQLite the values go to the driver
            // directly, not through SQLKit's encoder (most of opening a 106-criterion profile).
            let profileValue = BulkValue.repeated(profileID)
            let unanswered = BulkValue.text(AnswerStatus.unanswered.rawValue)
            try await BulkInsert(into: "profile_answers", columns: ["id", "profile_id", "criterion_id", "status", "narrative", "version"])
                .run(rows: criteria.count, on: sql) { index, values in
                    values += [.uuid(UUID.timeOrdered()), profileValue, .text(criteria[index].criterion.id.rawValue), unanswered, .text(""), .int(0)]
                }
            // Every answer is new and unanswered: the counts follow from the scope, no read back.
            let context = try ProfileContext(profile: profile, registry: catalogs)
            try await ProfileProgressCounters.store(ProfileProgressCounters.counts(of: context, statuses: [:]), profile: profileID, on: sql)
            try await AuditLog.append(AuditEvent(action: "profile.opened", targetType: "security_profile", targetID: profileID.uuidString,
                                                 companyID: company,
                                                 changes: [FieldChange(field: "catalog_id", before: nil, after: entry.catalog.id),
                                                           FieldChange(field: "entity_types", before: nil, after: profile.entityTypes),
                                                           FieldChange(field: "criteria", before: nil, after: String(criteria.count))]),
                                      by: actor, on: tx, at: now)
            return context
        }
    }

    /// Records the company's answers to the applicability conditions.
    func setConditions(_ context: ProfileContext, fields: [String: String], by actor: UserID?) async throws {
        let parsed = try ConditionAnswers.parse(fields, conditions: context.catalog.conditions)
        let merged = ConditionAnswers(context.conditions.values.merging(parsed.values) { _, new in new })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(merged), as: UTF8.self)
        let before = context.profile.conditionAnswers
        let now = app.clock.now()
        let profileID = context.id
        try await app.writeGate.transaction(on: db) { tx in
            guard let profile = try await SecurityProfileModel.find(profileID, on: tx) else { throw TrustlaneError.notFound }
            profile.conditionAnswers = json
            try await profile.save(on: tx)
            // The conditions decide the scope, and so the portfolio's counts.
            try await ProfileProgressCounters.refresh(profiles: [profileID], on: tx as! any SQLDatabase, catalogs: app.catalogs)
            try await AuditLog.append(AuditEvent(action: "profile.conditions_answered", targetType: "security_profile", targetID: profileID.uuidString,
                                                 companyID: context.companyID, changes: [FieldChange(field: "conditions", before: before, after: json)]),
                                      by: actor, on: tx, at: now)
        }
    }

    /// The reviewer's decisions in force on the profile's not-applicable claims (the newest per
    /// criterion; Core's `NotApplicableClaims` says whether each still applies to the answer).
    func notApplicableDecisions(_ context: ProfileContext, in transaction: (any Database)? = nil) async throws
        -> [CriterionID: NotApplicableDecision] {
        try await NotApplicableDecisionModel.latest(profile: context.id, on: transaction ?? db)
    }

    /// The current answers, with their evidence ids.
    /// The draft's answers and evidence links; `transaction` reads them inside a write (one
    /// query after the other on its connection), so what a submission freezes is what it records.
    func answers(_ context: ProfileContext, in transaction: (any Database)? = nil) async throws
        -> (answers: [CriterionID: CriterionAnswer], rows: [ProfileQueries.AnswerRow], links: [ProfileQueries.LinkRow]) {
        let rows: [ProfileQueries.AnswerRow]
        let links: [ProfileQueries.LinkRow]
        if let transaction {
            let queries = ProfileQueries(transaction)
            rows = try await queries.answers(profile: context.id)
            links = try await queries.links(profile: context.id)
        } else {
            let queries = ProfileQueries(db)
            async let rowsTask = queries.answers(profile: context.id)
            async let linksTask = queries.links(profile: context.id)
            (rows, links) = try await (rowsTask, linksTask)
        }
        return (Self.answers(rows: rows, links: links), rows, links)
    }

    /// The answers of the rows read, each with its evidence ids from the links read.
    static func answers(rows: [ProfileQueries.AnswerRow], links: [ProfileQueries.LinkRow]) -> [CriterionID: CriterionAnswer] {
        var evidence: [String: [EvidenceID]] = [:]
        for link in links { evidence[link.criterion_id, default: []].append(EvidenceID(link.evidence_id)) }
        var answers: [CriterionID: CriterionAnswer] = [:]
        answers.reserveCapacity(rows.count)
        for row in rows { if let answer = row.answer(evidence: evidence[row.criterion_id] ?? []) { answers[answer.criterionID] = answer } }
        return answers
    }
}
