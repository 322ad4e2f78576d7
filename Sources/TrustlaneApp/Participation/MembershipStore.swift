import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Reads and writes of the lifecycle tables through SQLKit: `membership_applications` keeps the
/// whole `MembershipApplication` as JSON in `state` plus hot columns for the queue; events,
/// validations and findings keep their Core value as JSON too.
struct MembershipStore {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder = JSONDecoder()

    static func json<T: Encodable>(_ value: T) -> String { String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? { try? decoder.decode(type, from: Data(text.utf8)) }

    /// An application with the version its row holds (optimistic concurrency).
    struct Stored: Sendable {
        let application: MembershipApplication
        let version: Int
    }

    private struct StateRow: Decodable { let state: String; let version: Int }

    func application(company: CompanyID, type: EntityType) async throws -> Stored? {
        try await sql.select().column("state").column("version").from("membership_applications")
            .where("company_id", .equal, SQLBind(company.rawValue)).where("entity_type", .equal, SQLBind(type.rawValue))
            .first(decoding: StateRow.self).flatMap(Self.stored)
    }

    func application(id: MembershipApplicationID) async throws -> Stored? {
        try await sql.select().column("state").column("version").from("membership_applications")
            .where("id", .equal, SQLBind(id.rawValue)).first(decoding: StateRow.self).flatMap(Self.stored)
    }

    func applications(company: CompanyID) async throws -> [Stored] {
        try await sql.select().column("state").column("version").from("membership_applications")
            .where("company_id", .equal, SQLBind(company.rawValue)).orderBy("entity_type")
            .all(decoding: StateRow.self).compactMap(Self.stored)
    }

    private static func stored(_ row: StateRow) -> Stored? {
        decode(MembershipApplication.self, row.state).map { Stored(application: $0, version: row.version) }
    }

    /// The queue key of an application on `now`: its nearest running deadline, or an annual review
    /// waiting for the reviewer's decision (due by the anniversary), whichever comes first.
    static func queueKey(_ application: MembershipApplication, now: Date, clocks: MembershipClocks) -> (dueOn: String?, kind: String?) {
        queueKey(application, clocks: clocks.clocks(for: application, now: now))
    }

    static let annualReviewDecision = "annual_review_decision"

    static func queueKey(_ application: MembershipApplication, clocks: [MembershipClock]) -> (dueOn: String?, kind: String?) {
        let next = ReviewQueueOrdering.nextDeadline(clocks)
        var key: (dueOn: String?, kind: String?) = (next?.dueOn.description, next?.kind.rawValue)
        if let cycle = application.annualReview, cycle.status == .submitted, !application.status.isClosed {
            let due = cycle.anniversary.description
            if key.dueOn.map({ due <= $0 }) ?? true { key = (due, annualReviewDecision) }
        }
        return key
    }

    func insert(_ application: MembershipApplication, now: Date, clocks: MembershipClocks) async throws {
        let key = Self.queueKey(application, now: now, clocks: clocks)
        try await sql.insert(into: "membership_applications")
            .columns("id", "company_id", "entity_type", "status", "tier", "assigned_reviewer_id", "applied_at", "certified_at",
                     "next_due_on", "next_due_kind", "state", "version", "updated_at", "country")
            .values(SQLBind(application.id.rawValue), SQLBind(application.companyID.rawValue), SQLBind(application.entityType.rawValue),
                    SQLBind(application.status.rawValue), SQLBind(application.tier?.rawValue), SQLBind(application.assignedReviewerID?.rawValue),
                    SQLBind(application.dates.appliedAt), SQLBind(application.dates.certifiedAt), SQLBind(key.dueOn), SQLBind(key.kind),
                    SQLBind(Self.json(application)), SQLBind(1), SQLBind(now), Self.companyCountry(application.companyID.rawValue))
            .run()
    }

    /// The company's country, copied into the application row for the queue's filters and the
    /// overview's counts (`membership_counts`); a trigger keeps it when the company moves.
    static func companyCountry(_ company: UUID) -> any SQLExpression {
        SQLQueryString("(SELECT country FROM companies WHERE id = \(bind: company))")
    }

    /// Saves the new state if the row still holds `expectedVersion`; `false` when another
    /// request changed it first (nothing is written then).
    func update(_ application: MembershipApplication, expectedVersion: Int, now: Date, clocks: MembershipClocks) async throws -> Bool {
        let key = Self.queueKey(application, now: now, clocks: clocks)
        struct Returned: Decodable { let version: Int }
        let rows = try await sql.update("membership_applications")
            .set("status", to: SQLBind(application.status.rawValue))
            .set("tier", to: SQLBind(application.tier?.rawValue))
            .set("assigned_reviewer_id", to: SQLBind(application.assignedReviewerID?.rawValue))
            .set("applied_at", to: SQLBind(application.dates.appliedAt))
            .set("certified_at", to: SQLBind(application.dates.certifiedAt))
            .set("next_due_on", to: SQLBind(key.dueOn))
            .set("next_due_kind", to: SQLBind(key.kind))
            .set("state", to: SQLBind(Self.json(application)))
            .set("version", to: SQLBind(expectedVersion + 1))
            .set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(application.id.rawValue))
            .where("version", .equal, SQLBind(expectedVersion))
            .returning("version")
            .all(decoding: Returned.self)
        return !rows.isEmpty
    }

    /// Refreshes only the queue key (the clock pass).
    func updateQueueKey(id: MembershipApplicationID, dueOn: String?, kind: String?) async throws {
        try await sql.update("membership_applications").set("next_due_on", to: SQLBind(dueOn)).set("next_due_kind", to: SQLBind(kind))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    // MARK: Events

    func insertEvent(_ event: LifecycleEvent, extra: [String: String]) async throws {
        let details = event.details.merging(extra) { first, _ in first }
        // Called inside the write gate's transaction, so positions are consecutive.
        struct Last: Decodable { let position: Int? }
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "position").from("membership_events")
            .where("application_id", .equal, SQLBind(event.applicationID.rawValue)).first(decoding: Last.self)?.position ?? 0
        try await sql.insert(into: "membership_events")
            .columns("id", "application_id", "kind", "from_status", "to_status", "actor_id", "actor_role", "details", "occurred_at", "position")
            .values(SQLBind(UUID()), SQLBind(event.applicationID.rawValue), SQLBind(event.kind.rawValue), SQLBind(event.fromStatus.rawValue),
                    SQLBind(event.toStatus.rawValue), SQLBind(event.actorUserID?.rawValue), SQLBind(event.actorRole.rawValue),
                    SQLBind(Self.json(details)), SQLBind(event.occurredAt), SQLBind(last + 1))
            .run()
    }

    struct EventRow: Decodable, Sendable {
        let kind: String
        let from_status: String?
        let to_status: String
        let actor_role: String
        let actor_name: String?
        let details: String
        let occurred_at: Date

        var detailValues: [String: String] { MembershipStore.decode([String: String].self, details) ?? [:] }
    }

    func events(application: MembershipApplicationID) async throws -> [EventRow] {
        try await sql.select()
            .columns(SQLColumn("kind", table: "e"), SQLColumn("from_status", table: "e"), SQLColumn("to_status", table: "e"),
                     SQLColumn("actor_role", table: "e"), SQLColumn("details", table: "e"), SQLColumn("occurred_at", table: "e"))
            .column(SQLColumn("name", table: "u"), as: "actor_name")
            .from(SQLAlias(SQLIdentifier("membership_events"), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                  on: SQLColumn("actor_id", table: "e"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("application_id", table: "e"), .equal, SQLBind(application.rawValue))
            .orderBy(SQLColumn("position", table: "e"), SQLDirection.descending)
            .orderBy(SQLColumn("occurred_at", table: "e"), SQLDirection.descending)
            .limit(200)
            .all(decoding: EventRow.self)
    }

    func lastEventKind(application: MembershipApplicationID) async throws -> String? {
        struct Row: Decodable { let kind: String }
        return try await sql.select().column("kind").from("membership_events")
            .where("application_id", .equal, SQLBind(application.rawValue))
            .orderBy("position", .descending).orderBy("occurred_at", .descending).limit(1).first(decoding: Row.self)?.kind
    }

    // MARK: Validations and findings

    func insertValidation(_ plan: ValidationPlan, application: MembershipApplicationID, by actor: UserID?, now: Date) async throws {
        try await sql.insert(into: "validations")
            .columns("id", "application_id", "plan", "outcome", "report_notes", "created_by", "created_at", "closed_at")
            .values(SQLBind(plan.id.rawValue), SQLBind(application.rawValue), SQLBind(Self.json(plan)), SQLBind(String?.none),
                    SQLBind(""), SQLBind(actor?.rawValue), SQLBind(now), SQLBind(Date?.none))
            .run()
    }

    func closeValidation(_ id: ValidationID, outcome: String, now: Date) async throws {
        try await sql.update("validations").set("outcome", to: SQLBind(outcome)).set("closed_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    func setReportNotes(_ id: ValidationID, notes: String) async throws {
        try await sql.update("validations").set("report_notes", to: SQLBind(notes)).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    struct ValidationRow: Decodable, Sendable {
        let id: UUID
        let plan: String
        let outcome: String?
        let report_notes: String
        let created_at: Date
        let closed_at: Date?

        var decodedPlan: ValidationPlan? { MembershipStore.decode(ValidationPlan.self, plan) }
    }

    func validations(application: MembershipApplicationID) async throws -> [ValidationRow] {
        try await sql.select().columns("id", "plan", "outcome", "report_notes", "created_at", "closed_at").from("validations")
            .where("application_id", .equal, SQLBind(application.rawValue)).orderBy("created_at", .descending)
            .all(decoding: ValidationRow.self)
    }

    private struct FindingRow: Decodable { let state: String }

    func findings(validation: ValidationID) async throws -> [ValidationFinding] {
        try await sql.select().column("state").from("validation_findings")
            .where("validation_id", .equal, SQLBind(validation.rawValue)).orderBy("created_at")
            .all(decoding: FindingRow.self).compactMap { Self.decode(ValidationFinding.self, $0.state) }
    }

    func insertFinding(_ finding: ValidationFinding, now: Date) async throws {
        try await sql.insert(into: "validation_findings")
            .columns("id", "validation_id", "criterion_id", "kind", "status", "state", "created_at", "updated_at")
            .values(SQLBind(finding.id.rawValue), SQLBind(finding.validationID.rawValue), SQLBind(finding.criterion),
                    SQLBind(finding.kind.rawValue), SQLBind(finding.status.rawValue), SQLBind(Self.json(finding)), SQLBind(now), SQLBind(now))
            .run()
    }

    func updateFinding(_ finding: ValidationFinding, now: Date) async throws {
        try await sql.update("validation_findings").set("status", to: SQLBind(finding.status.rawValue))
            .set("state", to: SQLBind(Self.json(finding))).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(finding.id.rawValue)).run()
    }

    func finding(_ id: FindingID) async throws -> ValidationFinding? {
        try await sql.select().column("state").from("validation_findings").where("id", .equal, SQLBind(id.rawValue))
            .first(decoding: FindingRow.self).flatMap { Self.decode(ValidationFinding.self, $0.state) }
    }

    // MARK: Facts from the security profile

    private struct Count: Decodable { let n: Int }

    /// A snapshot was submitted for one of the company's security profiles.
    func hasSubmittedSnapshot(company: CompanyID) async throws -> Bool {
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("profile_snapshots"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("security_profiles"), as: SQLIdentifier("p")),
                  on: SQLColumn("profile_id", table: "s"), .equal, SQLColumn("id", table: "p"))
            .where(SQLColumn("company_id", table: "p"), .equal, SQLBind(company.rawValue))
            .first(decoding: Count.self)
        return (row?.n ?? 0) > 0
    }

    /// Open requests for information on the company's profile.
    func openInformationRequests(company: CompanyID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("review_comments"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("security_profiles"), as: SQLIdentifier("p")),
                  on: SQLColumn("profile_id", table: "c"), .equal, SQLColumn("id", table: "p"))
            .where(SQLColumn("company_id", table: "p"), .equal, SQLBind(company.rawValue))
            .where(SQLColumn("kind", table: "c"), .equal, SQLBind("request_for_information"))
            .where(SQLColumn("status", table: "c"), .equal, SQLBind("open"))
            .first(decoding: Count.self)?.n ?? 0
    }

    /// The lifecycle context of an application, read from the profile and findings tables.
    func context(for application: MembershipApplication, now: Date, agreementAccepted: Bool = false,
                 agreementVersion: String? = nil) async throws -> LifecycleContext {
        let base = LifecycleContext(now: now, hasSubmittedProfileSnapshot: try await hasSubmittedSnapshot(company: application.companyID),
                                    partnerAgreementAccepted: agreementAccepted, partnerAgreementVersion: agreementVersion,
                                    openInformationRequests: try await openInformationRequests(company: application.companyID))
        guard let validation = application.currentValidationID else { return base }
        return base.counting(findings: try await findings(validation: validation))
    }
}
