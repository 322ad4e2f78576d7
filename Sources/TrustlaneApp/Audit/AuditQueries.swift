import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Pages of the audit trail, newest first, with the actor's email and the company's name.
struct AuditQueries {
    let sql: any SQLDatabase
    init(_ db: any Database) { sql = db as! any SQLDatabase }

    struct Row: Decodable, Sendable {
        let seq: Int
        let occurred_at: Date
        let actor_email: String?
        let actor_user_id: UUID?
        let company_id: UUID?
        let company_name: String?
        let action: String
        let target_type: String
        let target_id: String?
        let changes: String

        var decodedChanges: [FieldChange] {
            (try? JSONDecoder().decode([FieldChange].self, from: Data(changes.utf8))) ?? []
        }
    }

    /// Up to `limit` entries older than `before`, for one company or all.
    func page(company: CompanyID?, before: Int?, limit: Int, filter: AuditFilter = AuditFilter()) async throws -> [Row] {
        var query = sql.select()
            .column(SQLColumn("seq", table: "a")).column(SQLColumn("occurred_at", table: "a"))
            .column(SQLColumn("email", table: "u"), as: "actor_email")
            .column(SQLColumn("actor_user_id", table: "a")).column(SQLColumn("company_id", table: "a"))
            .column(SQLColumn("legal_name", table: "c"), as: "company_name")
            .column(SQLColumn("action", table: "a")).column(SQLColumn("target_type", table: "a"))
            .column(SQLColumn("target_id", table: "a")).column(SQLColumn("changes", table: "a"))
            .from(SQLAlias(SQLIdentifier("audit_entries"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                  on: SQLColumn("actor_user_id", table: "a"), .equal, SQLColumn("id", table: "u"))
            .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                  on: SQLColumn("company_id", table: "a"), .equal, SQLColumn("id", table: "c"))
        if let company { query = query.where(SQLColumn("company_id", table: "a"), .equal, SQLBind(company.rawValue)) }
        if let before { query = query.where(SQLColumn("seq", table: "a"), .lessThan, SQLBind(before)) }
        if !filter.person.isEmpty {
            query = query.where(SQLQueryString("LOWER(u.email) LIKE \(bind: Self.contains(filter.person)) ESCAPE '\\'"))
        }
        if !filter.company.isEmpty {
            query = query.where(SQLQueryString("LOWER(c.legal_name) LIKE \(bind: Self.contains(filter.company)) ESCAPE '\\'"))
        }
        if filter.isFamily {
            query = query.where(SQLQueryString("a.action LIKE \(bind: Self.escapeLike(filter.action) + "%") ESCAPE '\\'"))
        } else if !filter.action.isEmpty {
            query = query.where(SQLColumn("action", table: "a"), .equal, SQLBind(filter.action))
        }
        if let start = filter.start { query = query.where(SQLColumn("occurred_at", table: "a"), .greaterThanOrEqual, SQLBind(start)) }
        if let end = filter.end { query = query.where(SQLColumn("occurred_at", table: "a"), .lessThan, SQLBind(end)) }
        return try await query.orderBy(SQLColumn("seq", table: "a"), SQLDirection.descending).limit(limit).all(decoding: Row.self)
    }

    /// A LIKE pattern matching `text` anywhere, case-insensitively (the column is lowered too).
    static func contains(_ text: String) -> String { "%" + escapeLike(text.lowercased()) + "%" }

    /// `%`, `_` and the escape itself stand for themselves (`ESCAPE '\\'`).
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
