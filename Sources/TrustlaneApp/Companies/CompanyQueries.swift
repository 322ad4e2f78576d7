import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Read models for company pages, fetched with SQLKit into small structs: a fixed number of
/// queries per page whatever the data size.
struct CompanyQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    struct ListRow: Decodable, Sendable {
        let id: UUID
        let legal_name: String
        let country: String
        let entity_types: String?
        let members: Int
    }

    /// One page of companies, optionally filtered by a name fragment and to some ids, ordered by name.
    func list(search: String?, limit: Int, offset: Int, only ids: [UUID]? = nil) async throws -> (rows: [ListRow], total: Int) {
        if let ids, ids.isEmpty { return ([], 0) }
        var pattern: String?
        if let search = search?.trimmingCharacters(in: .whitespaces).lowercased(), !search.isEmpty {
            pattern = "%" + search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
        }
        let typesColumn = SQLRaw(sql.dialect.name == "postgresql"
            ? "(SELECT string_agg(entity_type, ',' ORDER BY entity_type) FROM company_entity_types t WHERE t.company_id = companies.id) AS entity_types"
            : "(SELECT group_concat(entity_type, ',') FROM company_entity_types t WHERE t.company_id = companies.id) AS entity_types")
        var query = sql.select()
            .column("id").column("legal_name").column("country")
            .column(typesColumn)
            .column(SQLRaw("(SELECT COUNT(*) FROM company_members m WHERE m.company_id = companies.id) AS members"))
            .from("companies")
        var count = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("companies")
        if let pattern {
            let condition = SQLBinaryExpression(SQLFunction("LOWER", args: SQLColumn("legal_name")), .like, SQLBind(pattern))
            query = query.where(SQLBinaryExpression(left: condition, op: SQLRaw("ESCAPE"), right: SQLLiteral.string("\\")))
            count = count.where(SQLBinaryExpression(left: condition, op: SQLRaw("ESCAPE"), right: SQLLiteral.string("\\")))
        }
        if let ids {
            query = query.where("id", .in, SQLBind.group(ids))
            count = count.where("id", .in, SQLBind.group(ids))
        }
        // The total rides along on every row (a window count), so one scan answers both; only a
        // page past the end needs the separate count.
        struct Counted: Decodable { let total: Int }
        let rows = try await query.column(SQLRaw("COUNT(*) OVER () AS total"))
            .orderBy("legal_name").orderBy("id").limit(limit).offset(offset).all()
        guard let first = rows.first else {
            return ([], try await count.first(decodingColumn: "n", as: Int.self) ?? 0)
        }
        return (try rows.map { try $0.decode(model: ListRow.self) }, try first.decode(model: Counted.self).total)
    }

    struct MemberRow: Decodable, Sendable {
        let user_id: UUID
        let name: String
        let email: String
        let role: String
    }

    func members(of company: CompanyID) async throws -> [MemberRow] {
        try await sql.select()
            .column(SQLColumn("user_id", table: "company_members")).column(SQLColumn("name", table: "users"))
            .column(SQLColumn("email", table: "users")).column(SQLColumn("role", table: "company_members"))
            .from("company_members")
            .join("users", on: SQLColumn("user_id", table: "company_members"), .equal, SQLColumn("id", table: "users"))
            .where(SQLColumn("company_id", table: "company_members"), .equal, SQLBind(company.rawValue))
            .orderBy(SQLColumn("name", table: "users"))
            .all(decoding: MemberRow.self)
    }

    struct PendingInvitationRow: Decodable, Sendable {
        let id: UUID
        let email: String
        let role: String
        let expires_at: Date
    }

    func pendingInvitations(of company: CompanyID, now: Date) async throws -> [PendingInvitationRow] {
        try await sql.select()
            .column("id").column("email").column("role").column("expires_at")
            .from("invitations")
            .where("company_id", .equal, SQLBind(company.rawValue))
            .where("accepted_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, SQLBind(now))
            .orderBy("email")
            .all(decoding: PendingInvitationRow.self)
    }
}
