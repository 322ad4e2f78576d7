import Foundation
import TrustlaneCore
import Vapor

struct AuditEntryResponse: Content, Sendable {
    let sequence: Int
    let occurredAt: Date
    let actorEmail: String?
    let companyId: UUID?
    let action: String
    let targetType: String
    let targetId: String?
    let changes: [FieldChange]
}

extension AuditEntryResponse {
    /// One audit entry as the company's and the platform's audit endpoints both answer it.
    init(_ row: AuditQueries.Row) {
        self.init(sequence: row.seq, occurredAt: row.occurred_at, actorEmail: row.actor_email, companyId: row.company_id,
                  action: row.action, targetType: row.target_type, targetId: row.target_id, changes: row.decodedChanges)
    }
}
