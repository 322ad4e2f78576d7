import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Issue 17's training goal: the coverage of a 5,000-person company under 20 ms. The roster
/// (5,000 people in five roles with two to four topics each) and each person's latest passed day
/// per topic are written in bulk, as years of sessions would leave them; some people are current,
/// some due soon, some overdue, some never trained.
enum TrainingBench {
    static let people = 5_000

    struct Fixture: Sendable {
        let company: CompanyID
        let token: String
        let seedSeconds: Double
    }

    static func seed(app: Application, company: CompanyID, token: String) async throws -> Fixture {
        let started = ContinuousClock.now
        let sql = app.db as! any SQLDatabase
        let roles: [(String, [TrainingTopic])] = [
            ("Dock staff", [.inspectionsAndSeals, .agriculturalContamination, .incidentReporting]),
            ("Drivers", [.inspectionsAndSeals, .securityAwareness]),
            ("Security guards", [.securityAwareness, .securityTechnology, .incidentReporting, .codeOfConduct]),
            ("Shipping clerks", [.securityAwareness, .tradeBasedMoneyLaundering]),
            ("IT", [.cybersecurity, .securityAwareness, .incidentReporting]),
        ]
        var curricula: [UUID] = []
        let now = Date()
        for (role, topics) in roles {
            let id = UUID()
            let requirements = "[" + topics.map { #"{"topic":"\#($0.rawValue)","months":12}"# }.joined(separator: ",") + "]"
            try await sql.raw("""
            INSERT INTO training_curricula (id, company_id, role, role_key, requirements, updated_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: role), \(bind: role.lowercased()), \(bind: requirements), \(bind: now))
            """).run()
            curricula.append(id)
        }
        let companyValue = BulkValue.repeated(company.rawValue)
        var people: [BulkValue] = []
        var latest: [BulkValue] = []
        for n in 0..<Self.people {
            let id = UUID()
            let role = n % roles.count
            let name = String(format: "Person %05d", n)
            people += [.uuid(id), companyValue, .text(name), .text(name.lowercased()), .text(String(format: "E%05d", n)), .uuid(curricula[role]),
                       .text("Site \(n % 20 + 1)"), .date(now)]
            for (index, topic) in roles[role].1.enumerated() where (n + index) % 7 != 0 {
                // Spread over the last 15 months: most current, some due soon or overdue.
                latest += [companyValue, .uuid(id), .text(topic.rawValue), .date(now.addingTimeInterval(-Double((n * 37 + index * 11) % 450) * 86_400))]
            }
        }
        let rosterValues = people, latestValues = latest
        try await app.db.transaction { tx in
            let db = tx as! any SQLDatabase
            try await BulkInsert(into: "people", columns: ["id", "company_id", "name", "name_key", "employee_ref", "curriculum_id", "site", "created_at"])
                .run(rosterValues, on: db)
            try await BulkInsert(into: "training_latest", columns: ["company_id", "person_id", "topic", "last_on"]).run(latestValues, on: db)
            // What coverage counts from, as the services keep it on each write.
            try await TrainingCoverageStore.refresh(.company, company: company, on: db)
        }
        return Fixture(company: company, token: token, seedSeconds: (ContinuousClock.now - started).milliseconds / 1000)
    }

    static func pages(runner: LoadRunner, officer: BenchClient.Cookies, fixture: Fixture) async -> [BenchResult] {
        let company = fixture.company.description
        return [
            await runner.measure("training: coverage of a 5,000-person company (API)") { turn in
                try await turn.client.get("/api/v1/companies/\(company)/training/coverage", bearer: fixture.token).status
            },
            await runner.measure("training: coverage page of a 5,000-person company (HTTP)") { turn in
                try await turn.client.get("/companies/\(company)/training", cookies: officer).status
            },
        ]
    }
}
