import Fluent
import SQLKit
import TrustlaneCore
import Vapor

extension ProfileService {
    /// Saves one answer. Refuses a stale edit (someone saved since the form was opened) naming who
    /// and when; checks the Must and not-applicable rules; keeps every version in the history.
    @discardableResult
    func saveAnswer(_ context: ProfileContext, edit: AnswerEdit, by actor: UserID) async throws -> CriterionAnswer {
        let validated = try AnswerRules.validate(edit, in: context.scope)
        let profileID = context.id
        let company = context.companyID
        let criterion = edit.criterionID.rawValue
        let now = app.clock.now()
        // An answer changes nobody's access: signed-in people's cached credentials stay.
        // SQLKit throughout: one read of the answer with its links, one update, one history row,
        // the audit entry; the links only when they change.
        return try await app.writeGate.transaction(on: db, access: .unchanged) { tx -> CriterionAnswer in
            let sql = tx as! any SQLDatabase
            struct StoredRow: Decodable {
                let id: UUID; let status: String; let narrative: String; let not_applicable_reason: String?; let responsible: String?
                let version: Int; let updated_by: UUID?; let updated_at: Date?; let evidence_id: UUID?; let evidence_title: String?
                let updated_by_name: String?
            }
            let links = SQLAlias(SQLIdentifier(EvidenceLinkModel.schema), as: SQLIdentifier("l"))
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "a")).column(SQLColumn("status", table: "a")).column(SQLColumn("narrative", table: "a"))
                .column(SQLColumn("not_applicable_reason", table: "a")).column(SQLColumn("responsible", table: "a"))
                .column(SQLColumn("version", table: "a")).column(SQLColumn("updated_by", table: "a")).column(SQLColumn("updated_at", table: "a"))
                .column(SQLColumn("evidence_id", table: "l")).column(SQLColumn("title", table: "e"), as: "evidence_title")
                .column(SQLColumn("name", table: "u"), as: "updated_by_name")
                .from(SQLAlias(SQLIdentifier(ProfileAnswerModel.schema), as: SQLIdentifier("a")))
                .join(links, method: SQLJoinMethod.left, on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("profile_id", table: "l"), .equal, SQLColumn("profile_id", table: "a")), .and,
                    SQLBinaryExpression(SQLColumn("criterion_id", table: "l"), .equal, SQLColumn("criterion_id", table: "a"))))
                .join(SQLAlias(SQLIdentifier("evidence_files"), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                      on: SQLColumn("id", table: "e"), .equal, SQLColumn("evidence_id", table: "l"))
                .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                      on: SQLColumn("id", table: "u"), .equal, SQLColumn("updated_by", table: "a"))
                .where(SQLColumn("profile_id", table: "a"), .equal, SQLBind(profileID))
                .where(SQLColumn("criterion_id", table: "a"), .equal, SQLBind(criterion))
                .all(decoding: StoredRow.self)
            guard let row = rows.first else { throw TrustlaneError.notFound }
            let linked = rows.compactMap(\.evidence_id)
            let stored = CriterionAnswer(criterionID: edit.criterionID, status: AnswerStatus(rawValue: row.status) ?? .unanswered,
                                         narrative: row.narrative, notApplicableReason: row.not_applicable_reason ?? "",
                                         responsible: row.responsible ?? "", evidenceIDs: linked.map { EvidenceID($0) },
                                         version: row.version, updatedBy: row.updated_by.map(UserID.init), updatedAt: row.updated_at)
            // The name tells who saved in between, for a stale edit.
            let changedByName = edit.baseVersion != stored.version ? row.updated_by_name : nil
            if let stale = StaleEditCheck.check(edit, stored: stored, changedByName: changedByName) { throw ValidationFailure([stale]) }
            // Evidence must be the company's own files.
            let wanted = Set(validated.evidenceIDs.map(\.rawValue))
            let before = Set(linked)
            var titles = Dictionary(rows.compactMap { r in r.evidence_id.map { ($0, r.evidence_title ?? "") } }, uniquingKeysWith: { a, _ in a })
            if !wanted.isSubset(of: before) {
                struct Owned: Decodable { let id: UUID; let title: String }
                let owned = try await sql.select().columns("id", "title").from("evidence_files")
                    .where("company_id", .equal, SQLBind(company.rawValue)).where("id", .in, SQLBind.group(Array(wanted)))
                    .all(decoding: Owned.self)
                if Set(owned.map(\.id)) != wanted {
                    throw ValidationFailure([FieldError(field: "evidence", messageKey: "profile.error.evidence_unknown",
                                                        message: "evidence lists a file that is not one of this company's evidence files")])
                }
                for file in owned { titles[file.id] = file.title }
            }
            let updated = stored.applying(validated, by: actor, at: now)
            if updated.hasSameContent(as: stored) { return stored }
            let reason = updated.notApplicableReason.isEmpty ? nil : updated.notApplicableReason
            let responsible = updated.responsible.isEmpty ? nil : updated.responsible
            try await sql.update(ProfileAnswerModel.schema)
                .set("status", to: SQLBind(updated.status.rawValue)).set("narrative", to: SQLBind(updated.narrative))
                .set("not_applicable_reason", to: SQLBind(reason)).set("responsible", to: SQLBind(responsible))
                .set("version", to: SQLBind(updated.version)).set("updated_by", to: SQLBind(actor.rawValue))
                .set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(row.id)).run()
            // Links follow the answer.
            let removed = before.subtracting(wanted)
            if !removed.isEmpty {
                try await sql.delete(from: EvidenceLinkModel.schema).where("profile_id", .equal, SQLBind(profileID))
                    .where("criterion_id", .equal, SQLBind(criterion)).where("evidence_id", .in, SQLBind.group(Array(removed))).run()
            }
            let added = validated.evidenceIDs.map(\.rawValue).filter { !before.contains($0) }
            if !added.isEmpty {
                var insert = sql.insert(into: EvidenceLinkModel.schema).columns("id", "profile_id", "criterion_id", "evidence_id", "linked_by", "linked_at")
                for id in added {
                    insert = insert.values(SQLBind(UUID()), SQLBind(profileID), SQLBind(criterion), SQLBind(id), SQLBind(actor.rawValue), SQLBind(now))
                }
                try await insert.run()
            }
            let historyTitles = wanted.compactMap { titles[$0] }.sorted()
            try await sql.insert(into: ProfileAnswerHistoryModel.schema)
                .columns("id", "profile_id", "criterion_id", "version", "status", "narrative", "not_applicable_reason", "responsible",
                         "evidence", "changed_by", "changed_at")
                .values(SQLBind(UUID.timeOrdered(at: now)), SQLBind(profileID), SQLBind(criterion), SQLBind(updated.version), SQLBind(updated.status.rawValue),
                        SQLBind(updated.narrative), SQLBind(reason), SQLBind(responsible),
                        SQLBind(String(decoding: try JSONEncoder().encode(historyTitles), as: UTF8.self)),
                        SQLBind(actor.rawValue), SQLBind(now))
                .run()
            let changes = AuditRecord.changes(
                before: ["status": stored.status.rawValue, "narrative": stored.narrative, "not_applicable_reason": stored.notApplicableReason,
                         "responsible": stored.responsible, "evidence": stored.evidenceIDs.map(\.description).sorted().joined(separator: ",")],
                after: ["status": updated.status.rawValue, "narrative": updated.narrative, "not_applicable_reason": updated.notApplicableReason,
                        "responsible": updated.responsible, "evidence": updated.evidenceIDs.map(\.description).sorted().joined(separator: ",")])
            try await AuditLog.append(AuditEvent(action: "profile.answer_saved", targetType: "criterion", targetID: criterion,
                                                 companyID: company, changes: changes),
                                      by: actor, on: tx, at: now)
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
