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
