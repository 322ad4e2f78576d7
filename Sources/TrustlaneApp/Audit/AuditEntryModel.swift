import Fluent
import Foundation
import TrustlaneCore

/// One entry of the append-only, hash-chained audit trail.
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    /// Gap-free sequence number, assigned while holding the append lock.
    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "company_id") var companyID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "target_type") var targetType: String
    @OptionalField(key: "target_id") var targetID: String?
    @Field(key: "changes") var changes: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    /// The key the hash was made with (HMAC-SHA256); nil for plain SHA-256.
    @OptionalField(key: "key_id") var keyID: String?

    init() {}

    init(record: AuditRecord, changesJSON: String, previousHash: String, hash: String, keyID: String? = nil) {
        self.id = record.sequence
        self.occurredAt = record.occurredAt
        self.actorUserID = record.actorUserID?.rawValue
        self.companyID = record.companyID?.rawValue
        self.action = record.action
        self.targetType = record.targetType
        self.targetID = record.targetID
        self.changes = changesJSON
        self.previousHash = previousHash
        self.hash = hash
        self.keyID = keyID
    }

    var record: AuditRecord {
        let decoded = (try? JSONDecoder().decode([FieldChange].self, from: Data(changes.utf8))) ?? []
        return AuditRecord(sequence: id ?? 0, occurredAt: occurredAt, actorUserID: actorUserID.map(UserID.init),
                           companyID: companyID.map(CompanyID.init), action: action, targetType: targetType,
                           targetID: targetID, changes: decoded)
    }

    var stored: AuditChain.StoredEntry {
        AuditChain.StoredEntry(record: record, changesJSON: changes, previousHash: previousHash, hash: hash, keyID: keyID)
    }
}
