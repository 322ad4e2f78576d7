import Fluent
import SQLKit

/// Personnel security on the roster (issue 17, MSC 11.1, 11.2, 11.5, 10.1, 4.7): each person's
/// position sensitivity and kind of employment, and the hiring and separation checklists as one
/// row a step with its day (and, for a background check, cleared or not: never the report).
struct CreatePersonnelSteps: AsyncMigration {
    var name: String { "031_CreatePersonnelSteps" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE people ADD COLUMN sensitivity TEXT NOT NULL DEFAULT 'standard'").run()
        try await sql.raw("ALTER TABLE people ADD COLUMN employment_kind TEXT NOT NULL DEFAULT 'employee'").run()
        try await database.schema("person_steps")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("step", .string, .required)
            .field("done_on", .datetime, .required)
            .field("result", .string)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("recorded_at", .datetime, .required)
            .unique(on: "person_id", "step")
            .create()
        try await sql.raw("CREATE INDEX person_steps_company_idx ON person_steps (company_id, step)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("person_steps").delete()
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE people DROP COLUMN employment_kind").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN sensitivity").run()
    }
}
