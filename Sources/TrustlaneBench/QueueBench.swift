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
    static let reviewerEmail = "reviewer00@program.trustlane.example"

    /// 40 reviewers and one application per company; returns how many applications.
    static func seed(app: Application) async throws -> Int {
        let reviewers = try await ProgramScaleSeed(app: app).seedReviewers(count: 40, passwordHash: try await app.passwords.hash(BulkSeed.password))
        return try await ProgramScaleSeed(app: app).seedApplications(reviewers: reviewers, now: Date())
    }

    static func pages(runner: LoadRunner, reviewer: BenchClient.Cookies, applications: Int) async -> [BenchResult] {
        [await runner.measure("review queue page 1 of \(applications) (reviewer)") { try await $0.client.get("/review", cookies: reviewer).status },
         await runner.measure("review queue filtered state+country") {
             try await $0.client.get("/review?state=certified&country=MX", cookies: reviewer).status
         },
         await runner.measure("program overview of \(applications)") { try await $0.client.get("/review/overview", cookies: reviewer).status }]
    }

    /// The queries behind the two pages, in the bench process on its own database handle.
    static func queries(app: Application, iterations: Int, warmup: Int) async throws -> [BenchResult] {
        var results: [BenchResult] = []
        func time(_ name: String, _ body: () async throws -> Void) async throws {
            for _ in 0..<warmup { try await body() }
            var samples: [Double] = []
            let start = ContinuousClock.now
            for _ in 0..<iterations {
                let began = ContinuousClock.now
                try await body()
                samples.append((ContinuousClock.now - began).milliseconds)
            }
            results.append(BenchResult(operation: name, requests: iterations, samples: samples,
                                       seconds: (ContinuousClock.now - start).milliseconds / 1000))
        }
        let queries = ReviewQueueQueries(app.db)
        let today = ProgramDay(Date())
        try await time("review queue page 1: queries only (in-process)") { _ = try await queries.page(.init()) }
        try await time("program overview: queries only (in-process)") { _ = try await queries.overview(today: today) }
        // A consultant's portfolio of 200 clients (issue 14's goal: under 10 ms of server time).
        struct Row: Decodable { let id: UUID }
        let clients = try await (app.db as! any SQLDatabase).select().column("id").from("companies").orderBy("legal_name").limit(200)
            .all(decoding: Row.self).map(\.id)
        var listed = 0
        try await time("portfolio of \(clients.count) clients: queries + rows (in-process)") {
            listed = try await Portfolio.benchmark(db: app.db, catalogs: app.catalogs, companies: clients, today: today)
        }
        if listed != clients.count { throw BenchError("the portfolio listed \(listed) of \(clients.count) clients") }
        // The same consultant's calendar feed: every deadline of the 200 clients as iCalendar.
        let consultant = try await CalendarFeedService.benchmarkConsultant(app: app, companies: clients)
        var events = 0
        try await time("calendar feed of a consultant with \(clients.count) clients (in-process)") {
            events = try await CalendarFeedService.benchmarkFeed(app: app, user: consultant)
        }
        if events == 0 { throw BenchError("the calendar feed of \(clients.count) clients held no event") }
        return results
    }
}
