import Fluent
import Foundation
import TrustlaneApp
import TrustlaneCore
import Vapor

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
