import Fluent
import SQLKit

/// A reviewer's decision on a Must the company declared not applicable to its business model
/// (CBP's MSC for U.S. customs brokers, March 2020). Rows are never edited: a later decision on
/// the same criterion supersedes the earlier one, and each is bound to the answer version it
/// was made on, so a new answer sets it aside.
struct CreateNotApplicableDecisions: AsyncMigration {
    var name: String { "014_CreateNotApplicableDecisions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("not_applicable_decisions")
            .id()
            // managed fields
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("snapshot_id", .uuid, .references("profile_snapshots", "id", onDelete: .setNull))
            // data fields
            .field("criterion_id", .string, .required)
            // 1, 2, ... per profile and criterion: the newest decision wins, whatever the clock says
            .field("sequence", .int, .required)
            .field("answer_version", .int, .required)
            .field("verdict", .string, .required)
            .field("reason", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "not_applicable_decisions_profile_idx").on("not_applicable_decisions")
            .column("profile_id").column("criterion_id").column("sequence").unique().run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("not_applicable_decisions").delete()
    }
}
