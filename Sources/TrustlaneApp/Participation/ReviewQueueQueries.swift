import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// The reviewer queue and the program overview: SQLKit over `membership_applications` joined
/// with `companies`, ordered by the stored queue key (`next_due_on`, indexed), a fixed number
/// of queries whatever the data size.
package struct ReviewQueueQueries {
    let sql: any SQLDatabase

    package init(_ db: any Database) { sql = db as! any SQLDatabase }

    package struct Filter: Sendable, Equatable {
        var status: MembershipStatus?
        var entityType: EntityType?
        var country: String?
        /// A reviewer's id, or `unassigned`.
        var reviewer: String?
        var page = 1
        var per = 50

        package init(status: MembershipStatus? = nil, entityType: EntityType? = nil, country: String? = nil, reviewer: String? = nil,
                     page: Int = 1, per: Int = 50) {
            self.status = status
            self.entityType = entityType
            self.country = country
            self.reviewer = reviewer
            self.page = page
            self.per = per
        }
    }

    struct Row: Decodable, Sendable {
        let id: UUID
        let company_id: UUID
        let legal_name: String
        let country: String
        let entity_type: String
        let status: String
        let tier: String?
        let assigned_reviewer_id: UUID?
        let reviewer_name: String?
        let applied_at: Date?
        let next_due_on: String?
        let next_due_kind: String?
    }

    package struct Page: Sendable {
        let rows: [Row]
        let total: Int
    }

    /// Statuses the queue leaves out unless asked: nothing to do for a reviewer.
    static let idle: [MembershipStatus] = [.eligibilityConfirmed, .rejected, .removed, .withdrawn]

    private func filtered<B: SQLPredicateBuilder>(_ builder: B, _ filter: Filter) -> B {
        var builder = builder
        if let status = filter.status {
            builder = builder.where(SQLColumn("status", table: "a"), .equal, SQLBind(status.rawValue))
        } else {
            builder = builder.where(SQLColumn("status", table: "a"), .notIn, SQLBind.group(Self.idle.map(\.rawValue)))
        }
        if let type = filter.entityType { builder = builder.where(SQLColumn("entity_type", table: "a"), .equal, SQLBind(type.rawValue)) }
        if let country = filter.country { builder = builder.where(SQLColumn("country", table: "a"), .equal, SQLBind(country)) }
        if let reviewer = filter.reviewer {
            if reviewer == "unassigned" {
                builder = builder.where(SQLColumn("assigned_reviewer_id", table: "a"), .is, SQLLiteral.null)
            } else if let id = UUID(uuidString: reviewer) {
                builder = builder.where(SQLColumn("assigned_reviewer_id", table: "a"), .equal, SQLBind(id))
            }
        }
        return builder
    }

    private var applications: any SQLExpression { SQLAlias(SQLIdentifier("membership_applications"), as: SQLIdentifier("a")) }
    private var companies: any SQLExpression { SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")) }

    /// One page of the queue: nearest deadline first, then items without one. The totals come
    /// from `membership_counts` (one small read) unless a reviewer is asked for; then two or
    /// three queries in all.
    package func page(_ filter: Filter) async throws -> Page {
        let counts = try await totals(filter)
        let offset = (filter.page - 1) * filter.per
        var rows: [Row] = []
        if offset < counts.dated {
            rows = try await select(filter).where(SQLColumn("next_due_on", table: "a"), .isNot, SQLLiteral.null)
                // (next_due_on, id) is the queue index, so the first page stops after `per` rows.
                .orderBy(SQLColumn("next_due_on", table: "a")).orderBy(SQLColumn("id", table: "a"))
                .limit(filter.per).offset(offset).all(decoding: Row.self)
        }
        if rows.count < filter.per, counts.total > counts.dated {
            rows += try await select(filter).where(SQLColumn("next_due_on", table: "a"), .is, SQLLiteral.null)
                .orderBy(SQLColumn("applied_at", table: "a")).orderBy(SQLColumn("id", table: "a"))
                .limit(filter.per - rows.count).offset(max(0, offset - counts.dated)).all(decoding: Row.self)
        }
        return Page(rows: rows, total: counts.total)
    }

    private struct Totals: Decodable { let total: Int; let dated: Int }

    /// How many applications match, and how many of them have a deadline.
    private func totals(_ filter: Filter) async throws -> Totals {
        guard filter.reviewer == nil else {
            let query = sql.select()
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
                .column(SQLFunction("COUNT", args: SQLColumn("next_due_on", table: "a")), as: "dated")
                .from(applications)
            return try await filtered(query, filter).first(decoding: Totals.self) ?? Totals(total: 0, dated: 0)
        }
        let counts = SQLAlias(SQLIdentifier("membership_counts"), as: SQLIdentifier("a"))
        var query = sql.select()
            .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLColumn("n", table: "a")), SQLLiteral.numeric("0")), as: "total")
            .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLColumn("dated", table: "a")), SQLLiteral.numeric("0")), as: "dated")
            .from(counts)
        query = filtered(query, filter)
        return try await query.first(decoding: Totals.self) ?? Totals(total: 0, dated: 0)
    }

    private func select(_ filter: Filter) -> SQLSelectBuilder {
        filtered(sql.select()
            .columns(SQLColumn("id", table: "a"), SQLColumn("company_id", table: "a"), SQLColumn("legal_name", table: "c"),
                     SQLColumn("country", table: "c"), SQLColumn("entity_type", table: "a"), SQLColumn("status", table: "a"),
                     SQLColumn("tier", table: "a"), SQLColumn("assigned_reviewer_id", table: "a"), SQLColumn("applied_at", table: "a"),
                     SQLColumn("next_due_on", table: "a"), SQLColumn("next_due_kind", table: "a"))
            .column(SQLColumn("name", table: "u"), as: "reviewer_name")
            .from(applications)
            .join(companies, on: SQLColumn("company_id", table: "a"), .equal, SQLColumn("id", table: "c"))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                  on: SQLColumn("assigned_reviewer_id", table: "a"), .equal, SQLColumn("id", table: "u")), filter)
    }

    struct Reviewer: Decodable, Sendable { let id: UUID; let name: String; let email: String }

    func reviewers() async throws -> [Reviewer] {
        // The bare column, exactly as the partial index `users_reviewers_idx` is declared, so the
        // planner uses it (SQLite matches a partial index's condition term by term).
        try await sql.select().columns("id", "name", "email").from("users").where(SQLColumn("is_reviewer"))
            .orderBy("name").limit(500).all(decoding: Reviewer.self)
    }

    // MARK: Overview

    package struct Overview: Sendable {
        var byStatus: [String: Int] = [:]
        var byEntityType: [String: Int] = [:]
        var byCountry: [String: Int] = [:]
        var total = 0
        var overdue: [Row] = []
        var overdueTotal = 0
        /// Overdue applications by how long overdue, in the buckets of `overdueAges`.
        var overdueByAge: [Int] = []
    }

    /// Buckets of days overdue for the overview's chart: 1–30, 31–90, 91–180, over 180. They
    /// follow one another from the first day overdue to the last (the overview's total is their sum).
    static let overdueAges: [ClosedRange<Int>] = [1...30, 31...90, 91...180, 181...Int.max]

    /// Counts by state, entity type and country (one read of `membership_counts`, summed per
    /// dimension by the database: some eighty rows instead of every combination) and what is
    /// overdue (two reads of the queue index: range counts by age, whose sum is the total, and the first rows).
    package func overview(today: ProgramDay, overdueLimit: Int = 50) async throws -> Overview {
        var overview = Overview()
        func grouped(_ dimension: String, _ column: String) -> String {
            "SELECT '\(dimension)' AS dimension, \(column) AS key, SUM(n) AS n FROM membership_counts WHERE n > 0 GROUP BY \(column)"
        }
        let statement = [grouped("s", "status"), grouped("t", "entity_type"), grouped("c", "country")].joined(separator: " UNION ALL ")
        for row in try await sql.raw(SQLQueryString(statement)).all() {
            let key = try row.decode(column: "key", as: String.self), n = try row.decode(column: "n", as: Int.self)
            switch try row.decode(column: "dimension", as: String.self) {
            case "s": overview.byStatus[key] = n; overview.total += n
            case "t": overview.byEntityType[key] = n
            default: overview.byCountry[key] = n
            }
        }
        let due = today.description
        // How long the overdue are overdue, bucketed, and so how many (the buckets cover every
        // day overdue from the first, once): a count of one range of the queue index each, in
        // the index alone. Comparing each overdue row's date with every bucket's bounds instead
        // cost the page 1.3 ms at 5,900 overdue; these counts 0.4 ms.
        let counts: [SQLQueryString] = Self.overdueAges.enumerated().map { index, range in
            let newest = today.adding(days: -range.lowerBound).description
            let oldest: SQLQueryString = range.upperBound == Int.max
                ? "" : " AND next_due_on >= \(bind: today.adding(days: -range.upperBound).description)"
            return "(SELECT COUNT(*) FROM membership_applications WHERE next_due_on <= \(bind: newest)\(oldest)) AS b\(unsafeRaw: String(index))"
        }
        if let row = try await sql.raw("SELECT \(counts.joined(separator: ", "))").first() {
            overview.overdueByAge = try Self.overdueAges.indices.map { try row.decode(column: "b\($0)", as: Int.self) }
            overview.overdueTotal = overview.overdueByAge.reduce(0, +)
        }
        overview.overdue = try await select(Filter()).where(SQLColumn("next_due_on", table: "a"), .lessThan, SQLBind(due))
            .orderBy(SQLColumn("next_due_on", table: "a")).orderBy(SQLColumn("id", table: "a")).limit(overdueLimit)
            .all(decoding: Row.self)
        return overview
    }
}
