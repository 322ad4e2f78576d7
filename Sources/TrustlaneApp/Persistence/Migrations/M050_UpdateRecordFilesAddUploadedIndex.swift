import Fluent
import SQLKit

/// Training sessions' files as a record kind of their own on the Records hub (issue 17): the
/// validation pack counts and draws them by upload time, and the retention pass removes them by
/// it, each within one company and kind of record.
struct UpdateRecordFilesAddUploadedIndex: AsyncMigration {
    var name: String { "050_UpdateRecordFilesAddUploadedIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX record_files_uploaded_idx ON record_files (company_id, record_kind, uploaded_at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX record_files_uploaded_idx").run()
    }
}
