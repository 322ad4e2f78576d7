import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// A company with an officer, an eligible check for one entity type, and two reviewers.
struct LifecycleFixture {
    let client: TestClient
    let company: CompanyModel
    let officer: UserModel
    let reviewer: UserModel
    let otherReviewer: UserModel
    let officerToken: String
    let reviewerToken: String
    let type: EntityType

    var companyID: CompanyID { company.companyID }
    var transitionsPath: String { "/api/v1/companies/\(companyID)/memberships/\(type.code)/transitions" }
    var formPath: String { "/companies/\(companyID)/membership/\(type.code)/transitions" }

    static func make(_ client: TestClient, name: String = "Fronteras Carriers", type: EntityType = .highwayCarrier,
                     reviewers: (UserModel, UserModel)? = nil) async throws -> LifecycleFixture {
        let company = try await client.makeCompany(name, types: [type])
        let slug = UUID().uuidString.prefix(8).lowercased()
        let officer = try await client.makeUser("officer-\(slug)@example.com", name: "Olga Officer")
        try await client.addMember(officer, to: company, role: .officer)
        let pair: (UserModel, UserModel)
        if let reviewers { pair = reviewers } else {
            pair = (try await client.makeUser("rosa-\(slug)@example.com", name: "Rosa Reviewer", reviewer: true),
                    try await client.makeUser("raul-\(slug)@example.com", name: "Raul Reviewer", reviewer: true))
        }
        try await makeEligible(client, company: company, type: type, by: officer)
        return LifecycleFixture(client: client, company: company, officer: officer, reviewer: pair.0, otherReviewer: pair.1,
                                officerToken: try await client.token(for: officer), reviewerToken: try await client.token(for: pair.0),
                                type: type)
    }

    /// Answers the eligibility questions the way an eligible company would.
    static func makeEligible(_ client: TestClient, company: CompanyModel, type: EntityType, by user: UserModel) async throws {
        let rules = try #require(client.app.catalogs.latest()).catalog.eligibilityRules(for: type)
        var answers: [String: Bool] = [:]
        for question in rules.questions { answers[question.id.rawValue] = question.effect == .required }
        let result = try await EligibilityService(app: client.app).answer(company: company.companyID, entityType: type, answers: answers,
                                                                          by: user.userID)
        #expect(result.outcome == .eligible, "fixture eligibility: \(result.outcome)")
    }

    /// Stands in for the security profile's submission: a profile with one snapshot, then the hook.
    func submitProfileSnapshot() async throws {
        let sql = client.db as! any SQLDatabase
        let now = client.app.clock.now()
        struct Row: Decodable { let id: UUID }
        var profile = try await sql.select().column("id").from("security_profiles").where("company_id", .equal, SQLBind(companyID.rawValue))
            .first(decoding: Row.self)?.id
        if profile == nil {
            let id = UUID()
            try await sql.insert(into: "security_profiles")
                .columns("id", "created_at", "updated_at", "company_id", "catalog_id", "entity_types", "condition_answers", "submission_count")
                .values(SQLBind(id), SQLBind(now), SQLBind(now), SQLBind(companyID.rawValue), SQLBind("ctpat-msc-2020"),
                        SQLBind(type.rawValue), SQLBind("{}"), SQLBind(0)).run()
            profile = id
        }
        struct Count: Decodable { let n: Int }
        let sequence = (try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("profile_snapshots")
            .where("profile_id", .equal, SQLBind(profile!)).first(decoding: Count.self)?.n ?? 0) + 1
        let snapshot = UUID()
        let profileID = profile!
        let app = client.app
        let company = companyID, officer = officer.userID
        // A real (empty) snapshot, so pages that read the submission decode it.
        let content = String(decoding: try ProfileSnapshot(id: SnapshotID(snapshot), profileID: SecurityProfileID(profileID), companyID: company,
                                                           catalogID: "ctpat-msc-2020", entityTypes: [type], conditions: ConditionAnswers(),
                                                           submittedBy: officer, submittedAt: now, entries: []).encoded(), as: UTF8.self)
        try await app.writeGate.transaction(on: app.db) { tx in
            try await (tx as! any SQLDatabase).insert(into: "profile_snapshots")
                .columns("id", "profile_id", "sequence", "submitted_by", "submitted_at", "declaration", "digest", "content")
                .values(SQLBind(snapshot), SQLBind(profileID), SQLBind(sequence), SQLBind(officer.rawValue), SQLBind(now),
                        SQLBind("true"), SQLBind("digest-\(sequence)"), SQLBind(content)).run()
            try await MembershipHooks.profileSubmitted(company: company, snapshotID: snapshot, by: officer, role: .officer, app: app, on: tx, now: now)
        }
    }

    /// An information request on the profile, open or answered.
    func informationRequest(open: Bool) async throws {
        let sql = client.db as! any SQLDatabase
        struct Row: Decodable { let id: UUID }
        guard let profile = try await sql.select().column("id").from("security_profiles")
            .where("company_id", .equal, SQLBind(companyID.rawValue)).first(decoding: Row.self)?.id else { return }
        if open {
            try await sql.insert(into: "review_comments")
                .columns("id", "profile_id", "criterion_id", "kind", "status", "body", "internal", "author_id", "created_at")
                .values(SQLBind(UUID()), SQLBind(profile), SQLBind("3.4"), SQLBind("request_for_information"), SQLBind("open"),
                        SQLBind("Send the seal log"), SQLBind(false), SQLBind(reviewer.id!), SQLBind(client.app.clock.now())).run()
        } else {
            try await sql.update("review_comments").set("status", to: SQLBind("resolved")).where("profile_id", .equal, SQLBind(profile)).run()
        }
    }

    /// Posts a transition through the API and decodes the answer.
    @discardableResult
    func api(_ json: String, as token: String? = nil, expect status: HTTPStatus = .ok) async throws -> TestingHTTPResponse {
        let response = try await client.api(.POST, transitionsPath, token: token ?? reviewerToken, json: json)
        #expect(response.status == status, "\(json) -> \(response.status): \(response.text)")
        return response
    }

    func application() async throws -> MembershipApplication {
        try #require(try await MembershipStore(client.db).application(company: companyID, type: type)).application
    }

    /// Drives the application to `certified` through the API.
    func certify() async throws {
        try await api(#"{"kind":"apply","agreementAccepted":true}"#, as: officerToken)
        try await submitProfileSnapshot()
        try await api(#"{"kind":"start_review"}"#)
        try await api(#"{"kind":"complete_vetting"}"#)
        try await api(#"{"kind":"certify"}"#)
        #expect(try await application().status == .certified)
    }

    func count(_ table: String, where column: String, _ value: String) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await (client.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            .where(SQLIdentifier(column), .equal, SQLBind(value)).first(decoding: Count.self)?.n ?? 0
    }
}

extension Date {
    /// Midday UTC of a day, so day arithmetic never crosses midnight.
    static func day(_ text: String) -> Date { ProgramDay(text)!.startDate().addingTimeInterval(12 * 3600) }
}
