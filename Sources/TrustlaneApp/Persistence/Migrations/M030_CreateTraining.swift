import Fluent
import SQLKit

/// Training (issue 17, MSC 12.x, 11.5): the company's roster of people (not necessarily
/// Trustlane users), each in a role whose curriculum lists the topics to keep current and how
/// often; sessions with their topics, trainer, quiz and pass mark; attendance with scores; and
/// each person's latest passed day per topic, kept on write so coverage reads one row a person
/// and topic. (M034 is the gate access logs.)
struct CreateTraining: AsyncMigration {
    var name: String { "030_CreateTraining" }

    func prepare(on database: any Database) async throws {
        try await database.schema("training_curricula")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("role_key", .string, .required)
            // [{"topic": ..., "months": n}] in order.
            .field("requirements", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "company_id", "role_key")
            .create()
        try await database.schema("people")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("employee_ref", .string)
            .field("curriculum_id", .uuid, .references("training_curricula", "id", onDelete: .setNull))
            .field("site", .string)
            .field("hired_on", .datetime)
            .field("separated_on", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("training_sessions")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            // Topic keys, comma-separated.
            .field("topics", .string, .required)
            .field("held_on", .datetime, .required)
            .field("trainer", .string, .required)
            .field("site", .string)
            .field("minutes", .int, .required)
            // TrainingQuiz as JSON, and its pass mark; null without a quiz.
            .field("quiz", .string)
            .field("pass_mark", .int)
            .field("notes", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("training_attendance")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("session_id", .uuid, .required, .references("training_sessions", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("score", .int)
            .field("passed", .bool, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "person_id")
            .create()
        try await database.schema("training_latest")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("topic", .string, .required)
            .field("last_on", .datetime, .required)
            .unique(on: "person_id", "topic")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX people_roster_idx ON people (company_id, name_key)").run()
        try await sql.raw("CREATE INDEX people_role_idx ON people (company_id, curriculum_id)").run()
        try await sql.raw("CREATE INDEX training_sessions_list_idx ON training_sessions (company_id, held_on)").run()
        try await sql.raw("CREATE INDEX training_attendance_person_idx ON training_attendance (person_id)").run()
        try await sql.raw("CREATE INDEX training_latest_company_idx ON training_latest (company_id, person_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["training_latest", "training_attendance", "training_sessions", "people", "training_curricula"] {
            try await database.schema(table).delete()
        }
    }
}
