import Fluent
import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Security profile workloads (BENCHMARKS.md W2-W4): every seeded company gets a profile with one
/// answer row per applicable criterion (bulk SQL), then we measure opening a profile, reading the
/// profile page and saving one answer, at the seeded scale.
enum ProfileBench {
    static func run(app: Application, client: BenchClient, companies: Int, iterations: Int, warmup: Int) async throws -> [BenchResult] {
        guard let entry = app.catalogs.latest() else { return [] }
        let sql = app.db as! any SQLDatabase
        struct Company: Decodable { let id: UUID; let entity_type: String }
        let rows = try await sql.select().column(SQLColumn("id", table: "companies")).column(SQLColumn("entity_type", table: "t"))
            .from("companies").join(SQLAlias(SQLIdentifier("company_entity_types"), as: SQLIdentifier("t")),
                                     on: SQLColumn("id", table: "companies"), .equal, SQLColumn("company_id", table: "t"))
            .all(decoding: Company.self)
        // Keep some companies without a profile, to measure opening one.
        let fresh = Array(rows.suffix(iterations + warmup))
        let seeded = rows.dropLast(iterations + warmup)
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
                    answerBatch.append([SQLBind(UUID()), SQLBind(profileID), SQLBind(item.criterion.id.rawValue), SQLBind(status),
                                        SQLBind(status == "unanswered" ? "" : "Procedure PR-\(i) covers this; reviewed yearly."), SQLBind(status == "unanswered" ? 0 : 1)])
                }
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
        // The measured company: the one with the most criteria among seeded ones (3PL/HC ~ 117-119).
        guard let target = seeded.max(by: { entry.index.criteria(for: [EntityType(rawValue: $0.entity_type) ?? .importer]).count
                                            < entry.index.criteria(for: [EntityType(rawValue: $1.entity_type) ?? .importer]).count }),
              let officer = try await CompanyMemberModel.query(on: app.db).filter(\.$company.$id == target.id).first(),
              let user = try await UserModel.find(officer.$user.id, on: app.db) else { return [] }
        let token = try await APITokenService(app: app).create(for: user, name: "profile bench").1
        let cookies = try await client.signIn(email: user.email, password: BulkSeed.password)
        let criterionCount = entry.index.criteria(for: [EntityType(rawValue: target.entity_type)!]).count
        var results: [BenchResult] = [BenchResult(operation: "seed: \(seeded.count) profiles, \(answers) answers (bulk SQL, s)", requests: 1, failures: 0,
                                                  samples: [seedSeconds * 1000], seconds: seedSeconds)]

        func measure(_ name: String, count: Int, warm: Int, _ op: (Int) async throws -> HTTPStatus) async throws {
            for i in 0..<warm { _ = try await op(i) }
            var samples: [Double] = []
            var failures = 0
            let began = ContinuousClock.now
            for i in 0..<count {
                let t = ContinuousClock.now
                if try await op(warm + i).code >= 400 { failures += 1 }
                samples.append((ContinuousClock.now - t).milliseconds)
            }
            results.append(BenchResult(operation: name, requests: count, failures: failures, samples: samples,
                                       seconds: (ContinuousClock.now - began).milliseconds / 1000))
        }

        try await measure("W3 profile page, \(criterionCount) criteria, \(answers) answers in DB", count: iterations, warm: warmup) { _ in
            try await client.get("/companies/\(target.id.uuidString.lowercased())/profile", cookies: cookies).status
        }
        try await measure("W3 API GET profile (JSON)", count: iterations, warm: warmup) { _ in
            try await client.get("/api/v1/companies/\(target.id.uuidString.lowercased())/profile", bearer: token).status
        }
        let criterion = entry.index.criteria(for: [EntityType(rawValue: target.entity_type)!]).first!.criterion.id.rawValue
        let current = try await ProfileAnswerModel.query(on: app.db).join(SecurityProfileModel.self, on: \ProfileAnswerModel.$profile.$id == \SecurityProfileModel.$id)
            .filter(SecurityProfileModel.self, \.$company.$id == target.id).filter(\.$criterionID == criterion).first()
        var version = current?.version ?? 0
        try await measure("W4 save one answer (API PUT)", count: iterations, warm: warmup) { i in
            let status = i % 2 == 0 ? "partly" : "meets"
            let response = try await client.send(.PUT, "/api/v1/companies/\(target.id.uuidString.lowercased())/profile/answers/\(criterion)", bearer: token,
                                                 json: "{\"status\": \"\(status)\", \"narrative\": \"Gate guards log every truck; the log is reviewed weekly (\(i)).\", \"baseVersion\": \(version)}")
            if response.status == .ok { version += 1 }
            return response.status
        }
        // Tokens for the companies still without a profile are made before the clock starts.
        var owners: [(UUID, String, String)] = []
        for company in fresh {
            guard let member = try await CompanyMemberModel.query(on: app.db).filter(\.$company.$id == company.id).first(),
                  let owner = try await UserModel.find(member.$user.id, on: app.db) else { continue }
            owners.append((company.id, company.entity_type, try await APITokenService(app: app).create(for: owner, name: "bench").1))
        }
        var nextFresh = 0
        try await measure("W2 open a profile (one answer row per criterion)", count: min(iterations, max(0, owners.count - warmup)), warm: min(warmup, owners.count)) { _ in
            guard nextFresh < owners.count else { return .ok }
            let (company, type, ownerToken) = owners[nextFresh]
            nextFresh += 1
            return try await client.send(.POST, "/api/v1/companies/\(company.uuidString.lowercased())/profile", bearer: ownerToken,
                                         json: "{\"entityTypes\": [\"\(type)\"]}").status
        }
        return results
    }
}

extension BenchClient {
    func send(_ method: HTTPMethod, _ path: String, bearer: String, json: String) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: bearer)
        headers.contentType = .json
        return try await app.client.send(method, headers: headers, to: URI(string: base + path)) { request in
            request.body = ByteBuffer(string: json)
        }
    }
}
