import Fluent
import SQLKit
import TrustlaneCore
import Vapor

extension ProfileService {
    /// Saves one answer. Refuses a stale edit (someone saved since the form was opened) naming who
    /// and when; checks the Must and not-applicable rules; keeps every version in the history.
    ///
    /// The usual save (its evidence links unchanged) reads the answer before taking the write
    /// gate and writes it conditionally on the version read (`UPDATE ... WHERE version = :read`):
    /// the gate is held for the update, the history row and the audit entry only. If anyone saved
    /// in between, or the links change, the whole save runs inside the gate as before.
    @discardableResult
    func saveAnswer(_ context: ProfileContext, edit: AnswerEdit, by actor: UserID) async throws -> CriterionAnswer {
        let validated = try AnswerRules.validate(edit, in: context.scope)
        let profileID = context.id
        let company = context.companyID
        let now = app.clock.now()
        let wanted = Set(validated.evidenceIDs.map(\.rawValue))
        // Only criteria in scope count in the portfolio (excluded ones may still be answered).
        let isMust: Bool? = context.scope.contains(edit.criterionID) ? context.catalog.criterion(id: edit.criterionID)?.level == .must : nil

        let read = try await StoredAnswer.read(db as! any SQLDatabase, profile: profileID, criterion: edit.criterionID)
        if wanted == read.linked {
            try read.refuseIfStale(edit)
            let updated = read.answer.applying(validated, by: actor, at: now)
            if updated.hasSameContent(as: read.answer) { return read.answer }
            // An answer changes nobody's access: signed-in people's cached credentials stay.
            let saved = try await app.writeGate.transaction(on: db, access: .unchanged) { tx -> Bool in
                try await StoredAnswer.write(updated, over: read, in: tx, profile: profileID, company: company, actor: actor, now: now,
                                             linksAdded: [], linksRemoved: [], onlyIfVersionIs: read.answer.version, isMust: isMust)
            }
            if saved { return updated }
        }

        // Links change, or someone saved since the read: everything inside the gate.
        return try await app.writeGate.transaction(on: db, access: .unchanged) { tx -> CriterionAnswer in
            let sql = tx as! any SQLDatabase
            var stored = try await StoredAnswer.read(sql, profile: profileID, criterion: edit.criterionID)
            try stored.refuseIfStale(edit)
            // Evidence must be the company's own files.
            if !wanted.isSubset(of: stored.linked) {
                struct Owned: Decodable { let id: UUID; let title: String }
                let owned = try await sql.select().columns("id", "title").from("evidence_files")
                    .where("company_id", .equal, SQLBind(company.rawValue)).where("id", .in, SQLBind.group(Array(wanted)))
                    .all(decoding: Owned.self)
                if Set(owned.map(\.id)) != wanted {
                    throw ValidationFailure([FieldError(field: "evidence", messageKey: "profile.error.evidence_unknown",
                                                        message: "evidence lists a file that is not one of this company's evidence files")])
                }
                for file in owned { stored.titles[file.id] = file.title }
            }
            let updated = stored.answer.applying(validated, by: actor, at: now)
            if updated.hasSameContent(as: stored.answer) { return stored.answer }
            _ = try await StoredAnswer.write(updated, over: stored, in: tx, profile: profileID, company: company, actor: actor, now: now,
                                             linksAdded: validated.evidenceIDs.map(\.rawValue).filter { !stored.linked.contains($0) },
                                             linksRemoved: stored.linked.subtracting(wanted), onlyIfVersionIs: nil, isMust: isMust)
            return updated
        }
    }

    /// Submits the profile: the officer, after the declaration, with every applicable Must
    /// answered. Freezes an immutable snapshot that reviewers read.
    func submit(_ context: ProfileContext, role: CompanyRole?, declarationConfirmed: Bool, declaration: String,
                by actor: UserID) async throws -> ProfileSnapshotModel {
        let now = app.clock.now()
        let profileID = context.id
        let company = context.companyID
        let app = self.app
        let service = self
        return try await app.writeGate.transaction(on: db) { tx -> ProfileSnapshotModel in
            // Read inside the gate: no answer can be saved between what is frozen and the
            // `submitted_version` recorded below.
            let (answers, _, links) = try await service.answers(context, in: tx)
            let decisions = try await service.notApplicableDecisions(context, in: tx)
            // A Must claimed not applicable counts as answered, unless the reviewer rejected that very answer.
            try SubmissionRules.require(role: role, declarationConfirmed: declarationConfirmed, scope: context.scope,
                                        statuses: answers.mapValues(\.status),
                                        claims: NotApplicableClaims.states(scope: context.scope, answers: answers, decisions: decisions))
            var evidence: [EvidenceID: EvidenceReference] = [:]
            for link in links { evidence[EvidenceID(link.evidence_id)] = EvidenceReference(id: EvidenceID(link.evidence_id), title: link.title, sha256: link.sha256) }
            guard let profile = try await SecurityProfileModel.find(profileID, on: tx) else { throw TrustlaneError.notFound }
            let snapshotID = SnapshotID()
            let snapshot = ProfileSnapshot.capture(id: snapshotID, profileID: SecurityProfileID(profileID), companyID: company, scope: context.scope,
                                                   answers: answers, evidence: evidence, submittedBy: actor, submittedAt: now,
                                                   declaration: declaration)
            let model = ProfileSnapshotModel()
            model.id = snapshotID.rawValue
            model.profileID = profileID
            model.sequence = profile.submissionCount + 1
            model.submittedBy = actor.rawValue
            model.submittedAt = snapshot.submittedAt
            model.declaration = declaration
            model.digest = snapshot.digest
            model.content = String(decoding: try snapshot.encoded(), as: UTF8.self)
            try await model.create(on: tx)
            profile.submissionCount += 1
            profile.lastSubmittedAt = now
            try await profile.save(on: tx)
            let sql = tx as! any SQLDatabase
            try await sql.update("profile_answers").set(SQLIdentifier("submitted_version"), to: SQLIdentifier("version"))
                .where("profile_id", .equal, SQLBind(profileID)).run()
            try await MembershipHooks.profileSubmitted(company: company, snapshotID: snapshotID.rawValue, by: actor, role: role, app: app, on: tx, now: now)
            try await AuditLog.append(AuditEvent(action: "profile.submitted", targetType: "profile_snapshot", targetID: snapshotID.description,
                                                 companyID: company,
                                                 changes: [FieldChange(field: "sequence", before: nil, after: String(model.sequence)),
                                                           FieldChange(field: "digest", before: nil, after: snapshot.digest)]),
                                      by: actor, on: tx, at: now)
            return model
        }
    }
}

/// One stored answer as a save needs it: the row, the answer, who saved it last, and its evidence
/// links with their titles. One SQLKit query, no model.
struct StoredAnswer: Sendable {
    let rowID: UUID
    let answer: CriterionAnswer
    let updatedByName: String?
    let linked: Set<UUID>
    var titles: [UUID: String]

    static func read(_ sql: any SQLDatabase, profile profileID: UUID, criterion: CriterionID) async throws -> StoredAnswer {
        struct Row: Decodable {
            let id: UUID; let status: String; let narrative: String; let not_applicable_reason: String?; let responsible: String?
            let version: Int; let updated_by: UUID?; let updated_at: Date?; let evidence_id: UUID?; let evidence_title: String?
            let updated_by_name: String?
        }
        // Written out, not built: a save reads this before and (rarely) inside the write gate,
        // and the builder's serialisation of its joins showed in perf of saves.
        let rows = try await sql.raw("""
            SELECT a.id, a.status, a.narrative, a.not_applicable_reason, a.responsible, a.version, a.updated_by, a.updated_at, \
            l.evidence_id, e.title AS evidence_title, u.name AS updated_by_name \
            FROM profile_answers a \
            LEFT JOIN evidence_links l ON l.profile_id = a.profile_id AND l.criterion_id = a.criterion_id \
            LEFT JOIN evidence_files e ON e.id = l.evidence_id \
            LEFT JOIN users u ON u.id = a.updated_by \
            WHERE a.profile_id = \(bind: profileID) AND a.criterion_id = \(bind: criterion.rawValue)
            """).all(decoding: Row.self)
        guard let row = rows.first else { throw TrustlaneError.notFound }
        let linked = rows.compactMap(\.evidence_id)
        let answer = CriterionAnswer(criterionID: criterion, status: AnswerStatus(rawValue: row.status) ?? .unanswered,
                                     narrative: row.narrative, notApplicableReason: row.not_applicable_reason ?? "",
                                     responsible: row.responsible ?? "", evidenceIDs: linked.map { EvidenceID($0) },
                                     version: row.version, updatedBy: row.updated_by.map(UserID.init), updatedAt: row.updated_at)
        return StoredAnswer(rowID: row.id, answer: answer, updatedByName: row.updated_by_name, linked: Set(linked),
                            titles: Dictionary(rows.compactMap { r in r.evidence_id.map { ($0, r.evidence_title ?? "") } },
                                               uniquingKeysWith: { a, _ in a }))
    }

    /// Someone saved since the edit's form was opened: refused, naming who.
    func refuseIfStale(_ edit: AnswerEdit) throws {
        let changedByName = edit.baseVersion != answer.version ? updatedByName : nil
        if let stale = StaleEditCheck.check(edit, stored: answer, changedByName: changedByName) { throw ValidationFailure([stale]) }
    }

    /// The update, the links, the history row and the audit entry, inside the caller's
    /// transaction. With `onlyIfVersionIs`, nothing is written (false) unless the stored version
    /// is still that one.
    static func write(_ updated: CriterionAnswer, over stored: StoredAnswer, in tx: any Database, profile profileID: UUID,
                      company: CompanyID, actor: UserID, now: Date, linksAdded: [UUID], linksRemoved: Set<UUID>,
                      onlyIfVersionIs expected: Int?, isMust: Bool?) async throws -> Bool {
        let sql = tx as! any SQLDatabase
        let criterion = updated.criterionID.rawValue
        let reason = updated.notApplicableReason.isEmpty ? nil : updated.notApplicableReason
        let responsible = updated.responsible.isEmpty ? nil : updated.responsible
        // Written out once rather than built: these statements run while the write gate is held.
        let condition: SQLQueryString = expected.map { "AND version = \(bind: $0) RETURNING id" } ?? ""
        let update = sql.raw("""
            UPDATE profile_answers SET status = \(bind: updated.status.rawValue), narrative = \(bind: updated.narrative), \
            not_applicable_reason = \(bind: reason), responsible = \(bind: responsible), version = \(bind: updated.version), \
            updated_by = \(bind: actor.rawValue), updated_at = \(bind: now) WHERE id = \(bind: stored.rowID) \(condition)
            """)
        if expected != nil {
            struct Changed: Decodable { let id: UUID }
            if try await update.all(decoding: Changed.self).isEmpty { return false }
        } else {
            try await update.run()
        }
        // The portfolio's stored counts move with the status, in the same transaction (criteria in scope only).
        if let isMust {
            try await ProfileProgressCounters.apply(ProgressCounts.change(from: stored.answer.status, to: updated.status, isMust: isMust),
                                                    profile: profileID, on: sql)
        }
        // Links follow the answer.
        if !linksRemoved.isEmpty {
            try await sql.delete(from: EvidenceLinkModel.schema).where("profile_id", .equal, SQLBind(profileID))
                .where("criterion_id", .equal, SQLBind(criterion)).where("evidence_id", .in, SQLBind.group(Array(linksRemoved))).run()
        }
        if !linksAdded.isEmpty {
            var insert = sql.insert(into: EvidenceLinkModel.schema).columns("id", "profile_id", "criterion_id", "evidence_id", "linked_by", "linked_at")
            for id in linksAdded {
                insert = insert.values(SQLBind(UUID()), SQLBind(profileID), SQLBind(criterion), SQLBind(id), SQLBind(actor.rawValue), SQLBind(now))
            }
            try await insert.run()
        }
        let historyTitles = updated.evidenceIDs.compactMap { stored.titles[$0.rawValue] }.sorted()
        let evidence = historyTitles.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(historyTitles), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO profile_answer_history (id, profile_id, criterion_id, version, status, narrative, not_applicable_reason, responsible, \
            evidence, changed_by, changed_at) VALUES (\(bind: UUID.timeOrdered(at: now)), \(bind: profileID), \(bind: criterion), \
            \(bind: updated.version), \(bind: updated.status.rawValue), \(bind: updated.narrative), \(bind: reason), \(bind: responsible), \
            \(bind: evidence), \(bind: actor.rawValue), \(bind: now))
            """).run()
        let before = stored.answer
        let changes = AuditRecord.changes(
            before: ["status": before.status.rawValue, "narrative": before.narrative, "not_applicable_reason": before.notApplicableReason,
                     "responsible": before.responsible, "evidence": before.evidenceIDs.map(\.description).sorted().joined(separator: ",")],
            after: ["status": updated.status.rawValue, "narrative": updated.narrative, "not_applicable_reason": updated.notApplicableReason,
                    "responsible": updated.responsible, "evidence": updated.evidenceIDs.map(\.description).sorted().joined(separator: ",")])
        try await AuditLog.append(AuditEvent(action: "profile.answer_saved", targetType: "criterion", targetID: criterion,
                                             companyID: company, changes: changes),
                                  by: actor, on: tx, at: now)
        return true
    }
}
