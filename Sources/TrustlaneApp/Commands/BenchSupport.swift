import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Bulk seeding for the benchmark: plain SQL in large batches inside one transaction.
struct BenchSeed {
    let app: Application
    static let password = "benchmark password 2026"

    struct Seeded {
        let adminEmail: String
        let officerEmail: String
        let companyID: CompanyID
        let adminToken: String
        let searchTerm: String
        let seconds: Double
    }

    /// Every account it makes (the administrator and each company's officer) gets `password`.
    func seed(companies count: Int, password: String = Self.password) async throws -> Seeded {
        let start = ContinuousClock.now
        let hash = try await app.passwords.hash(password)
        let sql = app.db as! any SQLDatabase
        let now = Date()
        let admin = UserModel(email: "admin@bench.example", name: "Bench Admin", passwordHash: hash, isAdministrator: true)
        try await admin.create(on: app.db)
        let countries = ["US", "MX", "ID", "CN", "VN", "IN", "DE", "CA", "BR", "TR"]
        let types = EntityType.allCases
        let (firstCompany, firstOfficer) = try await app.db.transaction { tx -> (UUID?, String?) in
            var firstCompany: UUID?
            var firstOfficer: String?
            let sql = tx as! any SQLDatabase
            var index = 0
            while index < count {
                let batch = min(250, count - index)
                var companies = sql.insert(into: "companies").columns("id", "legal_name", "country", "address", "created_at", "updated_at")
                var entity = sql.insert(into: "company_entity_types").columns("id", "company_id", "entity_type")
                var users = sql.insert(into: "users").columns("id", "email", "name", "password_hash", "is_administrator", "is_reviewer", "is_consultant", "created_at", "updated_at")
                var members = sql.insert(into: "company_members").columns("id", "company_id", "user_id", "role", "created_at")
                for offset in 0..<batch {
                    let n = index + offset
                    let companyID = UUID(), userID = UUID()
                    let name = String(format: "Company %06d %@", n, ["Logistics", "Imports", "Carriers", "Garments", "Foods"][n % 5])
                    companies = companies.values([SQLBind(companyID), SQLBind(name), SQLBind(countries[n % countries.count]),
                                                  SQLBind("\(n) Harbor Road"), SQLBind(now), SQLBind(now)])
                    entity = entity.values([SQLBind(UUID()), SQLBind(companyID), SQLBind(types[n % types.count].rawValue)])
                    let email = "officer\(n)@bench.example"
                    users = users.values([SQLBind(userID), SQLBind(email), SQLBind("Officer \(n)"), SQLBind(hash), SQLBind(false),
                                          SQLBind(false), SQLBind(false), SQLBind(now), SQLBind(now)])
                    members = members.values([SQLBind(UUID()), SQLBind(companyID), SQLBind(userID), SQLBind("officer"), SQLBind(now)])
                    if n == count / 2 { firstCompany = companyID; firstOfficer = email }
                }
                try await companies.run()
                try await entity.run()
                try await users.run()
                try await members.run()
                index += batch
            }
            return (firstCompany, firstOfficer)
        }
        _ = sql
        let token = try await APITokenService(app: app).create(for: admin, name: "bench").1
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        return Seeded(adminEmail: admin.email, officerEmail: firstOfficer!, companyID: CompanyID(firstCompany!), adminToken: token,
                      searchTerm: String(format: "%06d", count / 2), seconds: seconds)
    }
}

/// A keep-alive HTTP client for the benchmark, with cookies carried by hand.
struct BenchClient {
    let app: Application
    let base: String

    struct Cookies: Sendable { var values: [String: String] = [:] }

    func get(_ path: String, cookies: Cookies? = nil, bearer: String? = nil) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        if let cookies { headers.add(name: .cookie, value: cookies.values.map { "\($0)=\($1)" }.joined(separator: "; ")) }
        if let bearer { headers.bearerAuthorization = .init(token: bearer) }
        return try await app.client.get(URI(string: base + path), headers: headers)
    }

    func signIn(email: String, password: String) async throws -> Cookies {
        var cookies = Cookies()
        let page = try await get("/sign-in")
        for (name, value) in page.headers.setCookie?.all ?? [:] { cookies.values[name] = value.string }
        let response = try await post("/sign-in", cookies: cookies, form: ["email": email, "password": password,
                                                                         "_csrf": cookies.values[CSRFMiddleware.cookieName] ?? ""])
        guard response.status == .seeOther else { throw Abort(.internalServerError, reason: "bench sign-in failed: \(response.status)") }
        for (name, value) in response.headers.setCookie?.all ?? [:] { cookies.values[name] = value.string }
        return cookies
    }

    /// One sign-in as the form posts it (the CSRF cookie fetched once beforehand).
    func signInStatus(email: String, password: String) async throws -> HTTPStatus {
        let csrf = SecureToken.generate()
        let cookies = Cookies(values: [CSRFMiddleware.cookieName: csrf])
        return try await post("/sign-in", cookies: cookies, form: ["email": email, "password": password, "_csrf": csrf]).status
    }

    func post(_ path: String, cookies: Cookies, form: [String: String]) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.values.map { "\($0)=\($1)" }.joined(separator: "; "))
        return try await app.client.post(URI(string: base + path), headers: headers) { request in
            try request.content.encode(form, as: .urlEncodedForm)
        }
    }
}

struct BenchResult: Codable {
    let operation: String
    let requests: Int
    let failures: Int
    let p50: Double
    let p95: Double
    let p99: Double
    let throughput: Double

    init(operation: String, requests: Int, failures: Int, samples: [Double], seconds: Double) {
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        self.operation = operation
        self.requests = requests
        self.failures = failures
        p50 = percentile(0.50)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
        throughput = seconds > 0 ? Double(requests) / seconds : 0
    }

    /// Peak resident memory of this process (VmHWM), in MB; nil where /proc is absent.
    static func peakMemoryMB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}

enum BenchReport {
    static func print(_ results: [BenchResult], scale: Int, seedSeconds: Double, peakMemoryMB: Double?, console: any Console) {
        func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        var lines = ["Trustlane bench: \(scale) companies seeded in \(fixed(seedSeconds))s; one client, keep-alive, latency at the client (ms)",
                     "operation".padding(toLength: 52, withPad: " ", startingAt: 0) + "     n     p50     p95     p99    req/s  fail"]
        for r in results {
            lines.append(r.operation.padding(toLength: 52, withPad: " ", startingAt: 0)
                         + String(format: "%6d %7.2f %7.2f %7.2f %8.1f %5d", r.requests, r.p50, r.p95, r.p99, r.throughput, r.failures))
        }
        if let peakMemoryMB { lines.append("peak memory (server and client in one process): \(fixed(peakMemoryMB, 1)) MB") }
        console.print(lines.joined(separator: "\n"))
        struct Output: Codable { let companies: Int; let seedSeconds: Double; let peakMemoryMB: Double?; let results: [BenchResult] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(Output(companies: scale, seedSeconds: seedSeconds, peakMemoryMB: peakMemoryMB, results: results)) {
            console.print(String(decoding: data, as: UTF8.self))
        }
    }
}
