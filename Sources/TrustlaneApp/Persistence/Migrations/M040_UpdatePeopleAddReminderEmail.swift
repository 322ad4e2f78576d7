import Fluent
import SQLKit

/// Training reminders (issue 17): a person of the roster may have an email address, and the
/// language their reminder is written in; most people on a roster have no account, so the
/// address is theirs alone, never a sign-in. The index reads the people due or overdue across
/// companies for the clock pass (active people by their last fully-current day).
struct UpdatePeopleAddReminderEmail: AsyncMigration {
    var name: String { "040_UpdatePeopleAddReminderEmail" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE people ADD COLUMN email TEXT").run()
        try await sql.raw("ALTER TABLE people ADD COLUMN language TEXT NOT NULL DEFAULT 'en'").run()
        try await sql.raw("CREATE INDEX people_due_idx ON people (separated_on, current_until)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX people_due_idx").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN language").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN email").run()
    }
}
