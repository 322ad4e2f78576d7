import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to a company's own checklists: add one (version 1), revise it (a new version; the
/// inspections made keep the version they used), retire it (no longer offered; still shown on
/// the inspections made with it). Each write is one gated transaction with its audit entry; a
/// refusal names every field, with nothing saved.
struct CompanyChecklistService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// The criterion ids a checklist may name: the current bundled CTPAT catalog's, read once.
    static let knownCriteria: Set<CriterionID> = InspectionChecklists.currentCriteria()
    /// The most checklists (keys) a company keeps.
    static let maxChecklists = 50

    static func encode(_ draft: InspectionChecklist.Draft) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(draft)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Adds a checklist; returns it. Its key is the one given, or one made from its title.
    @discardableResult
    func create(_ draft: InspectionChecklist.Draft, company: CompanyID, by actor: UserID) async throws -> InspectionChecklist {
        var draft = CompanyChecklist.completingKeys(draft)
        draft.version = 1
        let now = app.clock.now()
        let finalDraft = draft
        return try await app.writeGate.transaction(on: db) { tx in
            let rows = try await CompanyChecklistQueries(tx).rows(company: company)
            let keys = Set(rows.map(\.checklist_key))
            if keys.count >= Self.maxChecklists {
                throw ValidationFailure([FieldError(field: "key", messageKey: "checklists.error.too_many",
                                                    message: "the company already keeps \(Self.maxChecklists) checklists; retire or revise one instead",
                                                    arguments: ["max": String(Self.maxChecklists)])])
            }
            let reserved = Set(InspectionChecklists.bundled.checklists.map(\.key)).union(keys)
            let checklist = try CompanyChecklist.validate(finalDraft, companyID: company, knownCriteria: Self.knownCriteria, reservedKeys: reserved).get().checklist
            try await Self.insert(checklist, draft: finalDraft, company: company, by: actor, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "inspection_checklist.created", targetType: "inspection_checklist", targetID: checklist.key,
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: Self.auditFields(checklist))),
                                      by: actor, on: tx, at: now)
            return checklist
        }
    }

    /// Revises a checklist: a new version with the draft's contents (its key stays). Refused:
    /// an unknown or retired checklist, or a draft that changes nothing.
    @discardableResult
    func revise(key: String, _ draft: InspectionChecklist.Draft, company: CompanyID, by actor: UserID) async throws -> InspectionChecklist {
        var draft = draft
        draft.key = key
        draft = CompanyChecklist.completingKeys(draft)
        let now = app.clock.now()
        let base = draft
        return try await app.writeGate.transaction(on: db) { tx in
            let library = ChecklistLibrary(company: company, rows: try await CompanyChecklistQueries(tx).rows(company: company))
            guard let entry = library.entry(key) else { throw TrustlaneError.notFound }
            if entry.retired { throw ValidationFailure([Self.retiredError(key)]) }
            var next = base
            next.version = entry.checklist.version + 1
            let checklist = try CompanyChecklist.validate(next, companyID: company, knownCriteria: Self.knownCriteria,
                                                          reservedKeys: Set(InspectionChecklists.bundled.checklists.map(\.key))).get().checklist
            if checklist.draft == Self.comparable(entry.checklist, version: checklist.version) {
                throw ValidationFailure([FieldError(field: "points", messageKey: "checklists.error.unchanged",
                                                    message: "nothing changed from version \(entry.checklist.version); change a point, a text or the criteria to make a new version",
                                                    arguments: ["version": String(entry.checklist.version)])])
            }
            try await Self.insert(checklist, draft: next, company: company, by: actor, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "inspection_checklist.revised", targetType: "inspection_checklist", targetID: key, companyID: company,
                                                 changes: AuditRecord.changes(before: Self.auditFields(entry.checklist), after: Self.auditFields(checklist))),
                                      by: actor, on: tx, at: now)
            return checklist
        }
    }

    /// Retires a checklist: every version, for good (a company adds a new list to replace it).
    func retire(key: String, company: CompanyID, by actor: UserID) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let library = ChecklistLibrary(company: company, rows: try await CompanyChecklistQueries(tx).rows(company: company))
            guard let entry = library.entry(key) else { throw TrustlaneError.notFound }
            if entry.retired { throw ValidationFailure([Self.retiredError(key)]) }
            try await (tx as! any SQLDatabase).raw("""
            UPDATE company_checklists SET retired_at = \(bind: now), retired_by = \(bind: actor.rawValue)
            WHERE company_id = \(bind: company.rawValue) AND checklist_key = \(bind: key)
            """).run()
            try await AuditLog.append(AuditEvent(action: "inspection_checklist.retired", targetType: "inspection_checklist", targetID: key, companyID: company,
                                                 changes: AuditRecord.changes(before: ["retired": "no"], after: ["retired": "yes", "version": String(entry.checklist.version)])),
                                      by: actor, on: tx, at: now)
        }
    }

    static func retiredError(_ key: String) -> FieldError {
        FieldError(field: "key", messageKey: "checklists.error.retired",
                   message: "checklist \(key) is retired; add a new checklist instead", arguments: ["key": key])
    }

    /// A checklist as a draft at another version, to tell whether a revision changes anything.
    static func comparable(_ checklist: InspectionChecklist, version: Int) -> InspectionChecklist.Draft {
        var draft = checklist.draft
        draft.version = version
        return draft
    }

    static func insert(_ checklist: InspectionChecklist, draft: InspectionChecklist.Draft, company: CompanyID, by actor: UserID, now: Date,
                       on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).raw("""
        INSERT INTO company_checklists (id, company_id, checklist_key, version, conveyance, title, draft, created_by, created_at)
        VALUES (\(bind: UUID()), \(bind: company.rawValue), \(bind: checklist.key), \(bind: checklist.version), \(bind: checklist.conveyance.rawValue),
        \(bind: checklist.title.english), \(bind: Self.encode(draft)), \(bind: actor.rawValue), \(bind: now))
        """).run()
    }

    static func auditFields(_ checklist: InspectionChecklist) -> [String: String?] {
        ["key": checklist.key, "version": String(checklist.version), "title": checklist.title.english, "conveyance": checklist.conveyance.rawValue,
         "criteria": checklist.criteria.map(\.rawValue).joined(separator: ", "), "points": checklist.points.map(\.key).joined(separator: ", ")]
    }
}
