import Fluent
import SQLKit

/// "Membership" meant two things: a person's seat in a company and the company's CTPAT
/// membership. The seat is now a company member (`company_members`); "membership" is left to
/// the CTPAT lifecycle (`membership_applications`, `membership_events`).
struct UpdateMembershipsRenameToCompanyMembers: AsyncMigration {
    var name: String { "013_UpdateMembershipsRenameToCompanyMembers" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE memberships RENAME TO company_members").run()
        // SQLite cannot rename an index; dropping and creating it works on both.
        try await sql.drop(index: "memberships_user_idx").run()
        try await sql.create(index: "company_members_user_idx").on("company_members").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "company_members_user_idx").run()
        try await sql.raw("ALTER TABLE company_members RENAME TO memberships").run()
        try await sql.create(index: "memberships_user_idx").on("memberships").column("user_id").run()
    }
}
