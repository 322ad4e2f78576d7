import Fluent
import Foundation

/// One backup taken (`backup_runs`): the administrator's home shows the newest.
final class BackupRunModel: Model, @unchecked Sendable {
    static let schema = "backup_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "finished_at") var finishedAt: Date
    @Field(key: "location") var location: String
    @Field(key: "database_kind") var databaseKind: String
    @Field(key: "bytes") var bytes: Int64
    @Field(key: "files") var files: Int
    @Field(key: "audit_entries") var auditEntries: Int
    @Field(key: "verified") var verified: Bool
    @OptionalField(key: "problem") var problem: String?
    @Field(key: "scheduled") var scheduled: Bool

    init() {}
}
