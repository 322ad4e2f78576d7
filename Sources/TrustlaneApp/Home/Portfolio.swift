import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// The portfolio (issue 14): one row per company the person holds a seat in, for a consultant
/// with many clients or an officer of several companies: entity types with status and tier,
/// profile progress, open Musts and requests, overdue corrective actions, the next deadline.
/// Read in six queries whatever the number of companies; profile progress comes from the counts
/// stored with each profile, so 200 clients read 200 profile rows, not their 20,000 answers.
package struct Portfolio: Sendable {
    struct Row: Sendable {
        let id: CompanyID
        let name: String
        let country: String
        var applications: [(type: EntityType, status: MembershipStatus?, tier: Tier?)] = []
        var nextDue: ProgramDay?
        var nextDueKind: String?
        var answered = 0
        var complete = 0
        var total = 0
        var openMusts = 0
        var openRequests = 0
        var overdueActions = 0

        var percent: Int { total == 0 ? 0 : complete * 100 / total }
        func daysLeft(today: ProgramDay) -> Int? { nextDue.map { today.days(until: $0) } }
    }

    enum Sort: String, CaseIterable, Sendable { case deadline, name, progress, overdue }

    struct Filter: Sendable {
        var country: String?
        var status: MembershipStatus?
        var withinDays: Int?
        var sort: Sort = .deadline
    }

    /// Rows for `companies`, sorted and filtered.
    static func load(_ req: Request, companies: [CompanyID], filter: Filter, today: ProgramDay) async throws -> [Row] {
        try await load(db: req.db, catalogs: req.application.catalogs, companies: companies, filter: filter, today: today)
    }

    /// For `trustlane bench`: the portfolio of `companies`, unfiltered, and how many rows it has.
    package static func benchmark(db: any Database, catalogs: CatalogRegistry, companies: [UUID], today: ProgramDay) async throws -> Int {
        try await load(db: db, catalogs: catalogs, companies: companies.map(CompanyID.init), filter: Filter(), today: today).count
    }

    static func load(db: any Database, catalogs: CatalogRegistry, companies: [CompanyID], filter: Filter, today: ProgramDay) async throws -> [Row] {
        guard !companies.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        let ids = companies.map(\.rawValue)
        struct CompanyRow: Decodable { let id: UUID; let legal_name: String; let country: String }
        struct ApplicationRow: Decodable { let company_id: UUID; let entity_type: String; let status: String; let tier: String?; let next_due_on: String?; let next_due_kind: String? }
        struct TypeRow: Decodable { let company_id: UUID; let entity_type: String }
        struct CountRow: Decodable { let company_id: UUID; let n: Int }

        async let companyRows = sql.select().columns("id", "legal_name", "country").from("companies")
            .where("id", .in, SQLBind.group(ids)).all(decoding: CompanyRow.self)
        async let typeRows = sql.select().columns("company_id", "entity_type").from("company_entity_types")
            .where("company_id", .in, SQLBind.group(ids)).all(decoding: TypeRow.self)
        async let applicationRows = sql.select().columns("company_id", "entity_type", "status", "tier", "next_due_on", "next_due_kind")
            .from("membership_applications").where("company_id", .in, SQLBind.group(ids)).all(decoding: ApplicationRow.self)
        // The counts stored with each profile (`ProfileProgressCounters`): one row per client.
        struct StoredCounts: Decodable {
            let id: UUID; let company_id: UUID; let progress_total: Int?; let progress_complete: Int?
            let progress_answered: Int?; let progress_open_musts: Int?
        }
        async let profileRows = sql.select()
            .columns("id", "company_id", "progress_total", "progress_complete", "progress_answered", "progress_open_musts")
            .from("security_profiles").where("archived_at", .is, SQLLiteral.null).where("company_id", .in, SQLBind.group(ids))
            .all(decoding: StoredCounts.self)
        async let requestRows = sql.raw("""
            SELECT p.company_id AS company_id, COUNT(*) AS n FROM review_comments r JOIN security_profiles p ON p.id = r.profile_id \
            WHERE p.archived_at IS NULL AND p.company_id IN \(SQLBind.group(ids)) AND r.kind = 'request_for_information' \
            AND r.status = 'open' AND r.internal = \(bind: false) GROUP BY p.company_id
            """).all(decoding: CountRow.self)
        async let actionRows = sql.raw("""
            SELECT company_id, COUNT(*) AS n FROM corrective_actions WHERE company_id IN \(SQLBind.group(ids)) \
            AND status IN ('open', 'in_progress') AND due_date < \(bind: today.startDate()) GROUP BY company_id
            """).all(decoding: CountRow.self)

        var rows: [UUID: Row] = [:]
        for company in try await companyRows {
            rows[company.id] = Row(id: CompanyID(company.id), name: company.legal_name, country: company.country)
        }
        let applications = try await applicationRows
        var applied: [UUID: [EntityType: ApplicationRow]] = [:]
        for application in applications {
            guard let type = EntityType(code: application.entity_type) else { continue }
            applied[application.company_id, default: [:]][type] = application
            if let due = application.next_due_on.flatMap(ProgramDay.init), rows[application.company_id]?.nextDue.map({ due < $0 }) ?? true {
                rows[application.company_id]?.nextDue = due
                rows[application.company_id]?.nextDueKind = application.next_due_kind
            }
        }
        for type in try await typeRows {
            guard let entityType = EntityType(code: type.entity_type) else { continue }
            let application = applied[type.company_id]?[entityType]
            rows[type.company_id]?.applications.append((entityType, application.flatMap { MembershipStatus(rawValue: $0.status) },
                                                        application?.tier.flatMap(Tier.init(rawValue:))))
        }
        let profiles = try await profileRows
        // Profiles not counted yet (before the start-up count finished) are counted from their answers.
        let uncounted = profiles.filter { $0.progress_total == nil }.map(\.id)
        let counted = try await ProfileProgressCounters.count(profiles: uncounted, on: sql, catalogs: catalogs)
        for profile in profiles {
            let counts = counted[profile.id] ?? ProgressCounts(total: profile.progress_total ?? 0, complete: profile.progress_complete ?? 0,
                                                               answered: profile.progress_answered ?? 0, openMusts: profile.progress_open_musts ?? 0)
            rows[profile.company_id]?.total = counts.total
            rows[profile.company_id]?.complete = counts.complete
            rows[profile.company_id]?.answered = counts.answered
            rows[profile.company_id]?.openMusts = counts.openMusts
        }
        for request in try await requestRows { rows[request.company_id]?.openRequests = request.n }
        for action in try await actionRows { rows[action.company_id]?.overdueActions = action.n }

        var list = rows.values.map { row -> Row in
            var row = row
            row.applications.sort { $0.type.code < $1.type.code }
            return row
        }
        if let country = filter.country?.uppercased(), !country.isEmpty { list = list.filter { $0.country == country } }
        if let status = filter.status { list = list.filter { $0.applications.contains { $0.status == status } } }
        if let days = filter.withinDays { list = list.filter { ($0.daysLeft(today: today) ?? .max) <= days } }
        switch filter.sort {
        case .name: list.sort { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        case .progress: list.sort { ($0.percent, $0.name) < ($1.percent, $1.name) }
        case .overdue: list.sort { ($1.overdueActions, $0.name) < ($0.overdueActions, $1.name) }
        case .deadline:
            // Undated last.
            let never = ProgramDay(year: 9999, month: 12, day: 31)!
            list.sort { ($0.nextDue ?? never, $0.name) < ($1.nextDue ?? never, $1.name) }
        }
        return list
    }
}
