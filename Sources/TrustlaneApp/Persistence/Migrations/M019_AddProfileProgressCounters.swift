import Fluent
import SQLKit

/// The portfolio's counts stored with each profile (Core's `ProgressCounts`): NULL until
/// computed; `ProfileProgressCounters.backfill` fills existing profiles at start-up, and every
/// write to answers keeps them current.
struct AddProfileProgressCounters: AsyncMigration {
    var name: String { "019_AddProfileProgressCounters" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        for column in ["progress_total", "progress_complete", "progress_answered", "progress_open_musts"] {
            try await database.schema("security_profiles").field(FieldKey(stringLiteral: column), .int).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["progress_total", "progress_complete", "progress_answered", "progress_open_musts"] {
            try await database.schema("security_profiles").deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
