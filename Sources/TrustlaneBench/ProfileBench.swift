import Fluent
import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Security profile workloads (BENCHMARKS.md W2-W4): every seeded company gets a profile with one
/// answer row per applicable criterion (bulk SQL), then we measure opening a profile, reading the
/// profile page and saving one answer, at the seeded scale, and a mixed run of page reads and
/// answer saves to see whether reads wait behind writes.
enum ProfileBench {
    /// One client's answer to save again and again: each client has its own, so concurrent saves
    /// never race for one answer's version (a conflict would be the bench's doing, not the
    /// server's). Each save differs from the last (the server keeps the version of a save that
    /// changes nothing), and the next builds on the version the server answers with.
    struct AnswerSlot: Sendable {
        let company: UUID
        let token: String
        let criterion: String
        var version: Int
        var saves = 0
    }

    /// A company still without a profile, and its officer's API token, for opening one (W2).
    struct FreshCompany: Sendable {
        let id: UUID
        let entityType: String
        let token: String
    }

    /// What the seeding leaves for the HTTP rows; `slots` and `freshUsed` move on from one
    /// concurrency level to the next.
    struct Fixture: Sendable {
        let profiles: Int
        let answers: Int
        let seedSeconds: Double
        /// The measured company: the seeded one with the most criteria (3PL/HC ~ 117-119).
        let company: UUID
        let officerEmail: String
        let officerToken: String
        let criterionCount: Int
        var slots: [AnswerSlot]
        let fresh: [FreshCompany]
        var freshUsed = 0

        var seedRow: BenchResult {
            BenchResult(operation: "seed: \(profiles) profiles, \(answers) answers (bulk SQL, s)", requests: 1,
                        samples: [seedSeconds * 1000], seconds: seedSeconds)
        }
    }

    /// Seeds profiles for all companies but the last `freshCompanies` (kept without one, to
    /// measure opening one; at most half), and makes `slots` answer slots, one per client of the
    /// highest concurrency level, on the measured company first.
    static func seed(app: Application, freshCompanies: Int, slots slotCount: Int) async throws -> Fixture? {
        guard let entry = app.catalogs.latest() else { return nil }
        let sql = app.db as! any SQLDatabase
        struct Company: Decodable { let id: UUID; let entity_type: String }
        let rows = try await sql.select().column(SQLColumn("id", table: "companies")).column(SQLColumn("entity_type", table: "t"))
            .from("companies").join(SQLAlias(SQLIdentifier("company_entity_types"), as: SQLIdentifier("t")),
                                     on: SQLColumn("id", table: "companies"), .equal, SQLColumn("company_id", table: "t"))
            .orderBy(SQLColumn("id", table: "companies"))
            .all(decoding: Company.self)
        let freshCount = min(freshCompanies, rows.count / 2)
        let fresh = Array(rows.suffix(freshCount))
        let seeded = Array(rows.dropLast(freshCount))
        let start = ContinuousClock.now
        let now = Date()
        let answers = try await app.db.transaction { tx -> Int in
            var answers = 0
            let sql = tx as! any SQLDatabase
            var profileInsert = sql.insert(into: "security_profiles")
                .columns("id", "created_at", "updated_at", "company_id", "catalog_id", "entity_types", "condition_answers", "submission_count")
            var pending = 0
            var answerBatch: [[any SQLExpression]] = []
            let statuses = ["meets", "meets", "partly", "not_yet", "unanswered"]
            for (n, company) in seeded.enumerated() {
                guard let type = EntityType(rawValue: company.entity_type) else { continue }
                let profileID = UUID()
                profileInsert = profileInsert.values([SQLBind(profileID), SQLBind(now), SQLBind(now), SQLBind(company.id), SQLBind(entry.catalog.id),
                                                      SQLBind(type.code), SQLBind("{}"), SQLBind(0)])
                pending += 1
                for (i, item) in entry.index.criteria(for: [type]).enumerated() {
                    let status = statuses[(n + i) % statuses.count]
                    answerBatch.append([SQLBind(UUID.timeOrdered()), SQLBind(profileID), SQLBind(item.criterion.id.rawValue), SQLBind(status),
                                        SQLBind(status == "unanswered" ? "" : "Procedure PR-\(i) covers this; reviewed yearly."), SQLBind(status == "unanswered" ? 0 : 1)])
                }
                // 200 profiles x 8 and 400 answers x 6 binds: far below PostgreSQL's 65,535 binds
                // per statement and SQLite's 32,766.
                if pending == 200 || n == seeded.count - 1 {
                    try await profileInsert.run()
                    profileInsert = sql.insert(into: "security_profiles")
                        .columns("id", "created_at", "updated_at", "company_id", "catalog_id", "entity_types", "condition_answers", "submission_count")
                    pending = 0
                    for chunk in stride(from: 0, to: answerBatch.count, by: 400) {
                        var insert = sql.insert(into: "profile_answers").columns("id", "profile_id", "criterion_id", "status", "narrative", "version")
                        for row in answerBatch[chunk..<min(chunk + 400, answerBatch.count)] { insert = insert.values(row) }
                        try await insert.run()
                    }
                    answers += answerBatch.count
                    answerBatch.removeAll(keepingCapacity: true)
                }
            }
            return answers
        }
        let seedSeconds = (ContinuousClock.now - start).milliseconds / 1000
        func criteria(_ company: Company) -> [String] {
            entry.index.criteria(for: [EntityType(rawValue: company.entity_type) ?? .importer]).map(\.criterion.id.rawValue)
        }
        // Most criteria first: the measured company, then others for the slots if it has too few.
        let byCriteria = seeded.sorted { criteria($0).count > criteria($1).count }
        guard let target = byCriteria.first, let (officer, token) = try await officerAndToken(of: target.id, app: app) else { return nil }

        var slots: [AnswerSlot] = []
        for company in byCriteria where slots.count < slotCount {
            let slotToken: String
            if company.id == target.id {
                slotToken = token
            } else if let (_, other) = try await officerAndToken(of: company.id, app: app) {
                slotToken = other
            } else {
                continue
            }
            let versions = try await answerVersions(of: company.id, app: app)
            for criterion in criteria(company) where slots.count < slotCount {
                slots.append(AnswerSlot(company: company.id, token: slotToken, criterion: criterion, version: versions[criterion] ?? 0))
            }
        }
        // Tokens for the companies still without a profile are made before any clock starts.
        var owners: [FreshCompany] = []
        for company in fresh {
            guard let (_, ownerToken) = try await officerAndToken(of: company.id, app: app) else { continue }
            owners.append(FreshCompany(id: company.id, entityType: company.entity_type, token: ownerToken))
        }
        return Fixture(profiles: seeded.count, answers: answers, seedSeconds: seedSeconds, company: target.id, officerEmail: officer.email,
                       officerToken: token, criterionCount: criteria(target).count, slots: slots, fresh: owners)
    }

    /// A company's first member and a new API token of theirs.
    private static func officerAndToken(of company: UUID, app: Application) async throws -> (UserModel, String)? {
        guard let member = try await CompanyMemberModel.query(on: app.db).filter(\.$company.$id == company).first(),
              let user = try await UserModel.find(member.$user.id, on: app.db) else { return nil }
        return (user, try await APITokenService(app: app).create(for: user, name: "profile bench").1)
    }

    private static func answerVersions(of company: UUID, app: Application) async throws -> [String: Int] {
        let answers = try await ProfileAnswerModel.query(on: app.db)
            .join(SecurityProfileModel.self, on: \ProfileAnswerModel.$profile.$id == \SecurityProfileModel.$id)
            .filter(SecurityProfileModel.self, \.$company.$id == company).all()
        return Dictionary(answers.map { ($0.criterionID, $0.version) }, uniquingKeysWith: max)
    }

    static let openRow = "W2 open a profile (one answer row per criterion)"

    /// W3 reads, W4 saves and W2 opens at the runner's concurrency.
    static func rows(runner: LoadRunner, officer: BenchClient.Cookies, fixture: inout Fixture) async -> [BenchResult] {
        let company = fixture.company.uuidString.lowercased(), token = fixture.officerToken
        var results: [BenchResult] = []
        results.append(await runner.measure("W3 profile page, \(fixture.criterionCount) criteria, \(fixture.answers) answers in DB") {
            try await $0.client.get("/companies/\(company)/profile", cookies: officer).status
        })
        results.append(await runner.measure("company home page (officer): standing, clocks, progress, next tasks") {
            try await $0.client.get("/companies/\(company)", cookies: officer).status
        })
        results.append(await runner.measure("W3 API GET profile (JSON)") {
            try await $0.client.get("/api/v1/companies/\(company)/profile", bearer: token).status
        })
        let (saved, slots) = await runner.run(rows: ["W4 save one answer (API PUT)"], states: fixture.slots, requests: runner.requestCount(),
                                              warmup: runner.warmupCount(), row: { _ in 0 }) { slot, turn in
            try await save(&slot, client: turn.client)
        }
        results += saved
        fixture.slots = slots

        // Each request opens a profile for a company that has none: the level takes its share.
        let fresh = fixture.fresh, first = fixture.freshUsed
        let warm = min(runner.warmupCount(), fresh.count - first)
        let count = min(runner.requestCount(), fresh.count - first - warm)
        if count > 0 {
            let (opened, _) = await runner.run(rows: [openRow], states: Array(repeating: (), count: runner.concurrency),
                                               requests: count, warmup: warm, row: { _ in 0 }) { _, turn in
                let owner = fresh[first + turn.index]
                return try await turn.client.send(.POST, "/api/v1/companies/\(owner.id.uuidString.lowercased())/profile", bearer: owner.token,
                                             json: "{\"entityTypes\": [\"\(owner.entityType)\"]}").status
            }
            results += opened
            fixture.freshUsed += warm + count
        }
        return results
    }

    /// Four page reads to one answer save per client (staggered, so saves from different clients
    /// overlap reads), reported as two rows: reads and writes, each row's req/s its share of the
    /// run's throughput. Five times the requests of one operation, so the writes alone number
    /// about as many as one operation's requests.
    static func mixed(runner: LoadRunner, officer: BenchClient.Cookies, fixture: inout Fixture) async -> [BenchResult] {
        let page = "/companies/\(fixture.company.uuidString.lowercased())/profile"
        let isWrite: @Sendable (LoadRunner.Turn) -> Bool = { ($0.round + $0.number) % 5 == 4 }
        let (results, slots) = await runner.run(rows: ["mixed 80/20: reads, profile page (officer)", "mixed 80/20: writes, save one answer (API PUT)"],
                                                states: fixture.slots, requests: runner.requestCount() * 5, warmup: runner.warmupCount(),
                                                row: { isWrite($0) ? 1 : 0 }) { slot, turn in
            isWrite(turn) ? try await save(&slot, client: turn.client) : try await turn.client.get(page, cookies: officer).status
        }
        fixture.slots = slots
        return results
    }

    /// One save of the slot's answer, its status alternating and its narrative numbered.
    static func save(_ slot: inout AnswerSlot, client: BenchClient) async throws -> HTTPStatus {
        slot.saves += 1
        let status = slot.saves % 2 == 0 ? "partly" : "meets"
        let response = try await client.send(.PUT, "/api/v1/companies/\(slot.company.uuidString.lowercased())/profile/answers/\(slot.criterion)",
                                             bearer: slot.token,
                                             json: "{\"status\": \"\(status)\", \"narrative\": \"Gate guards log every truck; the log is reviewed weekly (\(slot.saves)).\", \"baseVersion\": \(slot.version)}")
        if response.status == .ok {
            struct Saved: Decodable { let version: String }
            let saved = try? JSONDecoder().decode(Saved.self, from: Data(String(buffer: response.body).utf8))
            slot.version = saved.flatMap { Int($0.version) } ?? slot.version + 1
        }
        return response.status
    }
}
