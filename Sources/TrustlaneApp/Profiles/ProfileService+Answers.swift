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
        return try await app.writeGate.transaction(on: db, access: .unchanged) { tx -> CriterionAnswer in
            guard let row = try await ProfileAnswerModel.query(on: tx).filter(\.$profile.$id == profileID)
                .filter(\.$criterionID == criterion).first() else { throw TrustlaneError.notFound }
            let links = try await EvidenceLinkModel.query(on: tx).filter(\.$profileID == profileID).filter(\.$criterionID == criterion).all()
            let stored = CriterionAnswer(criterionID: edit.criterionID, status: AnswerStatus(rawValue: row.status) ?? .unanswered,
                                         narrative: row.narrative, notApplicableReason: row.notApplicableReason ?? "",
                                         responsible: row.responsible ?? "", evidenceIDs: links.map { EvidenceID($0.evidenceID) },
                                         version: row.version, updatedBy: row.updatedBy.map(UserID.init), updatedAt: row.updatedAt)
            // The name is read only when it is needed: to tell who saved in between.
            var changedByName: String?
            if edit.baseVersion != stored.version, let by = row.updatedBy { changedByName = try await UserModel.find(by, on: tx)?.name }
            if let stale = StaleEditCheck.check(edit, stored: stored, changedByName: changedByName) { throw ValidationFailure([stale]) }
            // Evidence must be the company's own files.
            let wanted = Set(validated.evidenceIDs.map(\.rawValue))
            if !wanted.isEmpty {
                let owned = try await EvidenceFileModel.query(on: tx).filter(\.$company.$id == company.rawValue)
                    .filter(\.$id ~~ Array(wanted)).all().compactMap(\.id)
                if Set(owned) != wanted {
                    throw ValidationFailure([FieldError(field: "evidence", messageKey: "profile.error.evidence_unknown",
                                                        message: "evidence lists a file that is not one of this company's evidence files")])
                }
            }
            let updated = stored.applying(validated, by: actor, at: now)
            if updated.hasSameContent(as: stored) { return stored }
            row.status = updated.status.rawValue
            row.narrative = updated.narrative
            row.notApplicableReason = updated.notApplicableReason.isEmpty ? nil : updated.notApplicableReason
            row.responsible = updated.responsible.isEmpty ? nil : updated.responsible
            row.version = updated.version
            row.updatedBy = actor.rawValue
            row.updatedAt = now
            try await row.save(on: tx)
            // Links follow the answer.
            let before = Set(links.map(\.evidenceID))
            for link in links where !wanted.contains(link.evidenceID) { try await link.delete(on: tx) }
            for id in validated.evidenceIDs.map(\.rawValue) where !before.contains(id) {
                let link = EvidenceLinkModel()
                link.profileID = profileID
                link.criterionID = criterion
                link.evidenceID = id
                link.linkedBy = actor.rawValue
                link.linkedAt = now
                try await link.create(on: tx)
            }
            let titles = wanted.isEmpty ? [] : try await EvidenceFileModel.query(on: tx).filter(\.$id ~~ Array(wanted)).all().map(\.title).sorted()
            let history = ProfileAnswerHistoryModel()
            history.profileID = profileID
            history.criterionID = criterion
            history.version = updated.version
            history.status = updated.status.rawValue
            history.narrative = updated.narrative
            history.notApplicableReason = row.notApplicableReason
            history.responsible = row.responsible
            history.evidence = String(decoding: try JSONEncoder().encode(titles), as: UTF8.self)
            history.changedBy = actor.rawValue
            history.changedAt = now
            try await history.create(on: tx)
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
