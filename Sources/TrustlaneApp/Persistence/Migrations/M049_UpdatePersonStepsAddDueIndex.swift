import Fluent
import SQLKit

/// Re-screening reminders (issue 17, MSC 11.2): the clock pass reads, across companies, the last
/// cleared background checks before a day (`RescreeningReminders`); this index gives it that
/// range instead of every company's checklist steps.
struct UpdatePersonStepsAddDueIndex: AsyncMigration {
    var name: String { "049_UpdatePersonStepsAddDueIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX person_steps_due_idx ON person_steps (step, result, done_on)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX person_steps_due_idx").run()
    }
}
