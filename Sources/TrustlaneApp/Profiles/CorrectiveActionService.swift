import Fluent
import TrustlaneCore
import Vapor

/// Corrective actions: opened from a gap (linked to criteria), a high risk or a finding; moved
/// through their statuses with stale-edit protection.
struct CorrectiveActionService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }
    init(app: Application, db: any Database) { self.app = app; self.db = db }

    /// Opens an action. `source` says where it came from (`gap` by default; `incident` with the
    /// incident's id as `sourceID`).
    func create(company: CompanyID, profile: ProfileContext?, draft: CorrectiveActionDraft, by actor: UserID,
                source: String = "gap", sourceID: String? = nil) async throws -> CorrectiveActionModel {
        let valid = try draft.validate(in: profile?.scope)
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let action = CorrectiveActionModel()
            action.$company.id = company.rawValue
            action.title = valid.title
            action.notes = valid.details
            action.owner = valid.ownerName.isEmpty ? nil : valid.ownerName
            action.dueDate = valid.dueDate
            action.status = CorrectiveActionStatus.open.rawValue
            action.criteria = valid.criterionIDs.map(\.rawValue).joined(separator: ",")
            action.profileID = profile?.id
            action.source = source
            action.sourceID = sourceID
            action.version = 1
            action.createdBy = actor.rawValue
            action.createdAt = now
            action.updatedAt = now
            try await action.create(on: tx)
            try await AuditLog.append(AuditEvent(action: "corrective_action.created", targetType: "corrective_action", targetID: action.id?.uuidString,
                                                 companyID: company,
                                                 changes: [FieldChange(field: "title", before: nil, after: action.title),
                                                           FieldChange(field: "due_date", before: nil, after: ProgramDay.text(action.dueDate)),
                                                           FieldChange(field: "criteria", before: nil, after: action.criteria)]
                                                    + (sourceID.map { [FieldChange(field: source, before: nil, after: $0)] } ?? [])),
                                      by: actor, on: tx, at: now)
            return action
        }
    }

    /// Inserts an open action that a decision brought with it (a high risk accepted from the
    /// action plan, a denied-party match confirmed), inside the caller's transaction, with its
    /// audit entry.
    static func insertOpened(company: CompanyID, title: String, notes: String, owner: String?, dueDate: Date, source: String,
                             sourceID: String, by actor: UserID?, at now: Date, on tx: any Database) async throws {
        let action = CorrectiveActionModel()
        action.$company.id = company.rawValue
        action.title = title
        action.notes = notes
        action.owner = owner
        action.dueDate = dueDate
        action.status = CorrectiveActionStatus.open.rawValue
        action.criteria = ""
        action.source = source
        action.sourceID = sourceID
        action.version = 1
        action.createdBy = actor?.rawValue
        action.createdAt = now
        action.updatedAt = now
        try await action.create(on: tx)
        try await AuditLog.append(AuditEvent(action: "corrective_action.created", targetType: "corrective_action",
                                             targetID: action.id?.uuidString, companyID: company,
                                             changes: AuditRecord.changes(before: [:], after: [
                                                 "title": title, "owner": owner, "due_date": ProgramDay.text(dueDate),
                                                 "source": source, "source_id": sourceID,
                                             ])),
                                  by: actor, on: tx, at: now)
    }

    /// Moves an action to another status, refusing stale versions and moves the rules forbid.
    func move(_ id: UUID, company: CompanyID, to raw: String?, baseVersion: Int?, by actor: UserID) async throws {
        guard let next = raw.flatMap(CorrectiveActionStatus.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "status", messageKey: "profile.error.action_status",
                                                message: "status must be one of \(CorrectiveActionStatus.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let action = try await CorrectiveActionModel.query(on: tx).filter(\.$id == id).filter(\.$company.$id == company.rawValue).first() else {
                throw TrustlaneError.notFound
            }
            if let baseVersion, baseVersion != action.version {
                try StaleEditCheck.require(baseVersion: baseVersion, stored: .init(version: action.version, changedByName: nil, changedAt: action.updatedAt))
            }
            let current = CorrectiveActionStatus(rawValue: action.status) ?? .open
            let moved = try current.transition(to: next)
            let before = action.status
            action.status = moved.rawValue
            action.version += 1
            action.updatedAt = now
            try await action.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "corrective_action.status_changed", targetType: "corrective_action", targetID: id.uuidString,
                                                 companyID: company, changes: [FieldChange(field: "status", before: before, after: moved.rawValue)]),
                                      by: actor, on: tx, at: now)
        }
    }
}
