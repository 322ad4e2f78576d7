import Fluent

/// Backups taken by `trustlane backup` or the scheduled backup (issue 18), one row each, so the
/// administrator's home can show the last one: when, where, how big, and whether its copy verified.
struct CreateBackupRuns: AsyncMigration {
    var name: String { "035_CreateBackupRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema("backup_runs")
            .id()
            // data
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime, .required)
            .field("location", .string, .required)
            .field("database_kind", .string, .required)
            .field("bytes", .int64, .required)
            .field("files", .int, .required)
            .field("audit_entries", .int, .required)
            .field("verified", .bool, .required)
            // What failed, when `verified` is false.
            .field("problem", .string)
            .field("scheduled", .bool, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("backup_runs").delete()
    }
}
