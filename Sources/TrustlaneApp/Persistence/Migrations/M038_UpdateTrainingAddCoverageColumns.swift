import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Training coverage counted from columns kept on write (issue 17; `TrainingCoverageStore`):
/// each person's last fully-current day, and the role each latest passed day counts for, with
/// the two indexes coverage reads; existing rosters are filled in.
struct UpdateTrainingAddCoverageColumns: AsyncMigration {
    var name: String { "038_UpdateTrainingAddCoverageColumns" }

    func prepare(on database: any Database) async throws {
        try await database.schema("people").field("current_until", .datetime).update()
        try await database.schema("training_latest").field("curriculum_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX people_coverage_idx ON people (company_id, curriculum_id, separated_on, current_until)").run()
        try await sql.raw("CREATE INDEX training_latest_coverage_idx ON training_latest (company_id, curriculum_id, topic, last_on)").run()
        struct Company: Decodable { let company_id: UUID }
        for row in try await sql.raw("SELECT DISTINCT company_id FROM people").all(decoding: Company.self) {
            try await TrainingCoverageStore.refresh(.company, company: CompanyID(row.company_id), on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX training_latest_coverage_idx").run()
        try await sql.raw("DROP INDEX people_coverage_idx").run()
        try await database.schema("training_latest").deleteField("curriculum_id").update()
        try await database.schema("people").deleteField("current_until").update()
    }
}
