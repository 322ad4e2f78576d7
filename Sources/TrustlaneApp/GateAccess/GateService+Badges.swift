import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The badge, access card and key inventory (MSC 10.1): add an item, issue it to a person,
/// record its return or its loss. Each change is one gated transaction with an event in the
/// item's log and an audit entry.
extension GateService {
    /// Adds an item; the same number twice within a kind is refused by name.
    func addBadge(_ draft: BadgeDraft, company: CompanyID, by actor: UserID) async throws -> GateBadgeID {
        let now = app.clock.now()
        let valid = try BadgeInventory.validate(draft)
        let id = UUID.timeOrdered()
        try await app.writeGate.transaction(on: db) { tx in
            if try await GateQueries(tx).badgeExists(company: company, kind: valid.kind, numberKey: valid.numberKey) {
                throw ValidationFailure([FieldError(field: "number", messageKey: "gate.error.badge_exists",
                                                    message: "number \(valid.number) is already in the inventory as a \(valid.kind.rawValue)",
                                                    arguments: ["number": valid.number])])
            }
            let sql = tx as! any SQLDatabase
            try await sql.raw("""
            INSERT INTO gate_badges (id, company_id, number, number_key, kind, area, status, created_at, updated_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: valid.number), \(bind: valid.numberKey), \(bind: valid.kind.rawValue), \(bind: valid.area),
            \(bind: BadgeStatus.available.rawValue), \(bind: now), \(bind: now))
            """).run()
            try await Self.badgeEvent(id, "added", person: nil, note: nil, company: company, by: actor, now: now, on: sql)
            try await AuditLog.append(AuditEvent(action: "gate.badge_added", targetType: "gate_badge", targetID: id.uuidString.lowercased(), companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "number": valid.number, "kind": valid.kind.rawValue, "area": valid.area,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return GateBadgeID(id)
    }

    static func badgeEvent(_ badge: UUID, _ event: String, person: String?, note: String?, company: CompanyID, by actor: UserID, now: Date,
                           on sql: any SQLDatabase) async throws {
        try await sql.raw("""
        INSERT INTO gate_badge_events (id, company_id, badge_id, event, person, note, at, recorded_by)
        VALUES (\(bind: UUID.timeOrdered()), \(bind: company.rawValue), \(bind: badge), \(bind: event), \(bind: person), \(bind: note), \(bind: now),
        \(bind: actor.rawValue))
        """).run()
    }

    /// Runs a step on an item inside the gate: the status machine decides (a conflict when the
    /// step is not allowed from the item's status), then the item, its log and the audit trail.
    func step(_ id: GateBadgeID, _ step: BadgeStep, holder: String? = nil, note: String? = nil, company: CompanyID, by actor: UserID) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await GateQueries(tx).badge(company: company, id: id) else { throw TrustlaneError.notFound }
            let next: BadgeStatus
            switch row.badgeStatus.applying(step, number: row.number, holder: row.holder) {
            case .success(let status): next = status
            case .failure(let conflict): throw conflict
            }
            let sql = tx as! any SQLDatabase
            let newHolder = next == .issued ? holder : nil
            let event: String
            switch step {
            case .issue: event = "issued"
            case .return: event = "returned"
            case .reportLost: event = "lost"
            }
            try await sql.raw("""
            UPDATE gate_badges SET status = \(bind: next.rawValue), holder = \(bind: newHolder), holder_key = \(bind: newHolder.map(GateSearch.nameKey)),
            issued_at = \(bind: next == .issued ? now : nil), visit_id = NULL, updated_at = \(bind: now)
            WHERE company_id = \(bind: company.rawValue) AND id = \(bind: row.id)
            """).run()
            try await Self.badgeEvent(row.id, event, person: holder ?? row.holder, note: note, company: company, by: actor, now: now, on: sql)
            try await AuditLog.append(AuditEvent(action: "gate.badge_\(event)", targetType: "gate_badge", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["status": row.status, "holder": row.holder],
                                                                              after: ["status": next.rawValue, "holder": newHolder, "note": note])),
                                      by: actor, on: tx, at: now)
        }
    }

    func issueBadge(_ id: GateBadgeID, to holder: String?, company: CompanyID, by actor: UserID) async throws {
        let name = try BadgeInventory.holder(holder)
        try await step(id, .issue, holder: name, company: company, by: actor)
    }

    func returnBadge(_ id: GateBadgeID, note: String?, company: CompanyID, by actor: UserID) async throws {
        try await step(id, .return, note: try BadgeInventory.note(note), company: company, by: actor)
    }

    func reportBadgeLost(_ id: GateBadgeID, note: String?, company: CompanyID, by actor: UserID) async throws {
        try await step(id, .reportLost, note: try BadgeInventory.note(note), company: company, by: actor)
    }
}
