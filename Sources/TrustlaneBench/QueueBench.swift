import Fluent
import Foundation
import SQLKit
import TrustlaneApp
import TrustlaneCore
import Vapor

/// The reviewer's workspace at program scale: gives every benchmark company an application in
/// a realistic state, then measures the queue's first page and the program overview, over
/// HTTP and in-process (server time: the queries plus rendering, no network).
enum QueueBench {
    static func run(app: Application, client: BenchClient, iterations: Int, warmup: Int) async throws -> [BenchResult] {
        let reviewers = try await ProgramScaleSeed(app: app).seedReviewers(count: 40, passwordHash: try await app.passwords.hash(BulkSeed.password))
        let applications = try await ProgramScaleSeed(app: app).seedApplications(reviewers: reviewers, now: Date())
        let cookies = try await client.signIn(email: "reviewer00@program.trustlane.example", password: BulkSeed.password)
        var results: [BenchResult] = []
        func time(_ name: String, _ body: () async throws -> HTTPStatus) async throws {
            for _ in 0..<warmup { _ = try await body() }
            var samples: [Double] = []
            var failures = 0
            let start = ContinuousClock.now
            for _ in 0..<iterations {
                let began = ContinuousClock.now
                if try await body().code >= 400 { failures += 1 }
                samples.append((ContinuousClock.now - began).milliseconds)
            }
            results.append(BenchResult(operation: name, requests: iterations, failures: failures, samples: samples,
                                       seconds: (ContinuousClock.now - start).milliseconds / 1000))
        }
        try await time("review queue page 1 of \(applications) (reviewer)") { try await client.get("/review", cookies: cookies).status }
        try await time("review queue filtered state+country") {
            try await client.get("/review?state=certified&country=MX", cookies: cookies).status
        }
        try await time("program overview of \(applications)") { try await client.get("/review/overview", cookies: cookies).status }
        let queries = ReviewQueueQueries(app.db)
        let today = ProgramDay(Date())
        try await time("review queue page 1: queries only (in-process)") { _ = try await queries.page(.init()); return .ok }
        try await time("program overview: queries only (in-process)") { _ = try await queries.overview(today: today); return .ok }
        return results
    }
}
