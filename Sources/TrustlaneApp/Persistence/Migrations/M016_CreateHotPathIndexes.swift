import Fluent
import SQLKit

/// Indexes found missing by the query-plan test of the hot pages (issue 12,
/// `QueryPlanTests`): the reviewers every queue and application page lists (a partial index,
/// so the queue does not read every account to find forty reviewers).
struct CreateHotPathIndexes: AsyncMigration {
    var name: String { "016_CreateHotPathIndexes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX users_reviewers_idx ON users (name) WHERE is_reviewer").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX users_reviewers_idx").run()
    }
}
