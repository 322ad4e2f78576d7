import Fluent
import SQLKit

/// One row counting the committed changes of access (accounts, roles, seats, sessions, tokens,
/// company names) on PostgreSQL, where several processes share the database: each change of
/// access adds one in its own transaction, and a process compares the stored count with the one
/// it last read before it trusts its cache of resolved sign-ins. So a token revoked through one
/// process is refused by every other on the very next request, not only once the `NOTIFY`
/// arrives a few milliseconds later. SQLite keeps the row at zero (one process serves it).
struct CreateAccessGeneration: AsyncMigration {
    var name: String { "051_CreateAccessGeneration" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE TABLE access_generation (id INTEGER PRIMARY KEY, generation BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO access_generation (id, generation) VALUES (1, 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE access_generation").run()
    }
}
