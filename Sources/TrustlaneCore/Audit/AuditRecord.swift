import Foundation

/// One change of one field, as kept in the audit trail. `nil` means absent.
public struct FieldChange: Codable, Sendable, Equatable {
    public let field: String
    public let before: String?
    public let after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// The content of an audit entry that the hash chain covers: everything but the hashes.
public struct AuditRecord: Sendable, Equatable {
    public let sequence: Int
    public let occurredAt: Date
    public let actorUserID: UserID?
    public let companyID: CompanyID?
    public let action: String
    public let targetType: String
    public let targetID: String?
    public let changes: [FieldChange]

    public init(sequence: Int, occurredAt: Date, actorUserID: UserID?, companyID: CompanyID?,
                action: String, targetType: String, targetID: String?, changes: [FieldChange]) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorUserID = actorUserID
        self.companyID = companyID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.changes = changes
    }

    /// Lists the fields whose values differ between two snapshots of a record.
    public static func changes(before: [String: String?], after: [String: String?]) -> [FieldChange] {
        let fields = Set(before.keys).union(after.keys).sorted()
        return fields.compactMap { field in
            let old = before[field] ?? nil
            let new = after[field] ?? nil
            return old == new ? nil : FieldChange(field: field, before: old, after: new)
        }
    }

    /// The changes as JSON text, as stored.
    public var changesJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(changes)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
