import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: the overview and the queue's totals read `membership_counts`, which the database's
/// triggers keep; after any mix of writes it must equal a full recount of the applications.
extension AppTests {
    @Suite struct MembershipCounts {
        struct Count: Decodable, Hashable { let status: String; let entity_type: String; let country: String; let n: Int; let dated: Int }

        static func kept(_ db: any Database) async throws -> Set<Count> {
            let sql = db as! any SQLDatabase
            return Set(try await sql.select().columns("status", "entity_type", "country", "n", "dated").from("membership_counts")
                .where("n", .greaterThan, SQLLiteral.numeric("0")).all(decoding: Count.self))
        }

        static func recounted(_ db: any Database) async throws -> Set<Count> {
            let sql = db as! any SQLDatabase
            return Set(try await sql.raw("""
                SELECT a.status, a.entity_type, c.country, COUNT(*) AS n, COUNT(a.next_due_on) AS dated \
                FROM membership_applications a JOIN companies c ON c.id = a.company_id GROUP BY a.status, a.entity_type, c.country
                """).all(decoding: Count.self))
        }

        @Test func countsFollowTransitionsTheClockAndACompanyThatMoves() async throws {
            try await withTrustlane { client in
                let reviewers = (try await client.makeUser("c1@example.com", reviewer: true), try await client.makeUser("c2@example.com", reviewer: true))
                var fixtures: [LifecycleFixture] = []
                for index in 0..<3 {
                    fixtures.append(try await LifecycleFixture.make(client, name: "Count Co \(index)", reviewers: reviewers))
                }
                #expect(try await Self.kept(client.db) == Self.recounted(client.db))

                try await fixtures[0].api(#"{"kind":"apply","agreementAccepted":true}"#, as: fixtures[0].officerToken)
                try await fixtures[1].api(#"{"kind":"apply","agreementAccepted":true}"#, as: fixtures[1].officerToken)
                #expect(try await Self.kept(client.db) == Self.recounted(client.db))
                let applied = try await Self.kept(client.db).filter { $0.status == "applied" }.map(\.n).reduce(0, +)
                #expect(applied == 2)

                // The company moves to another country: its application's counts move with it.
                let draft = try CompanyDraft.validate(.init(legalName: "Count Co 1", country: "GT", address: "Elsewhere 2",
                                                            entityTypes: ["HC"])).get()
                try await CompanyService(app: client.app).update(fixtures[1].company.companyID, with: draft, by: nil)
                let moved = try await Self.kept(client.db)
                #expect(moved == (try await Self.recounted(client.db)))
                #expect(moved.contains { $0.country == "GT" && $0.status == "applied" && $0.n == 1 })

                // The clock pass rewrites queue keys: the dated counts follow.
                client.app.clock = .fixed(Date().addingTimeInterval(400 * 86_400))
                _ = try await ClockPass(app: client.app).run()
                #expect(try await Self.kept(client.db) == Self.recounted(client.db))

                // The overview page shows the kept numbers.
                let reviewer = try await client.signIn(reviewers.0.email)
                let overview = try await client.get("/review/overview", as: reviewer)
                #expect(overview.status == .ok && overview.text.contains("GT"))
                let queue = try await client.api(.GET, "/api/v1/review/queue?country=GT", token: fixtures[0].reviewerToken)
                #expect(queue.status == .ok && queue.text.contains(#""total":1"#), "\(queue.text.prefix(300))")
            }
        }
    }
}
