import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: every statement the hot pages run is planned on an index. The SQL each page runs is
/// recorded, and SQLite's `EXPLAIN QUERY PLAN` of it must not read a whole table, except the
/// few that are small by nature or scanned on purpose (named below, with why).
extension AppTests {
    @Suite struct QueryPlans {
        /// Reads that are fine: `membership_counts` holds a few hundred rows at most (that is its
        /// point); a name search with `LIKE '%…%'` reads every company by design (one scan for rows
        /// and total, whose page of at most `limit` rows is then read as `p`); the audit append's
        /// `ORDER BY seq DESC LIMIT 1` walks the rowid b-tree from its end, one row.
        static let allowedScans: Set<String> = ["SCAN membership_counts", "SCAN a", "SCAN companies", "SCAN p", "SCAN audit_entries"]
        /// `SCAN CONSTANT ROW`: a SELECT of scalar subqueries only (the overview's counts), each planned on its own line.
        static let allowedPrefixes = ["SCAN (subquery-", "SCAN CONSTANT ROW"]

        static func fullScans(of statements: [String], on db: any Database) async throws -> [String] {
            let sql = db as! any SQLDatabase
            struct Plan: Decodable { let detail: String }
            var found: [String] = []
            for statement in Set(statements) where statement.uppercased().hasPrefix("SELECT") {
                let plan = try await sql.raw(SQLQueryString("EXPLAIN QUERY PLAN " + statement)).all(decoding: Plan.self)
                for line in plan.map(\.detail) where line.hasPrefix("SCAN ") && !line.contains(" USING ")
                    && !allowedPrefixes.contains(where: line.hasPrefix) {
                    found.append("\(line)   ← \(statement.prefix(160))")
                }
            }
            return found
        }

        @Test func hotPagesReadThroughIndexes() async throws {
            guard !usingPostgres else { return }
            try await withTrustlane { client in
                let reviewers = (try await client.makeUser("plan.r1@example.com", reviewer: true), try await client.makeUser("plan.r2@example.com", reviewer: true))
                let f = try await LifecycleFixture.make(client, name: "Plan Co", reviewers: reviewers)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                let profile = try await AppTests.SecurityProfile.fixture(client, types: [.importer])
                let context = try await ProfileService(app: client.app).open(company: profile.company.companyID, entityTypes: ["IMP"],
                                                                             catalogID: nil, by: nil)
                let criterion = try #require(context.scope.criteria.first).id
                let officerToken = try await client.token(for: profile.officer)
                let reviewer = try await client.signIn(reviewers.0.email)
                let company = "/companies/\(profile.company.companyID)"
                // (path, who, queries at most in the steady state, whatever the data size)
                let pages: [(String, TestClient.Browser, Int)] = [
                    (company + "/profile", profile.browser, 1), (company, profile.browser, 16), ("/", profile.browser, 0),
                    ("/notifications", profile.browser, 1), ("/review", reviewer, 3), ("/review?state=applied&country=MX", reviewer, 3),
                    ("/review/overview", reviewer, 3), ("/admin/companies?q=plan", reviewer, 1),
                ]
                var scans: [String] = []
                for (path, browser, bound) in pages {
                    _ = try await client.get(path, as: browser)
                    var status = HTTPStatus.ok
                    let statements = try await QueryCounter.shared.statements { status = try await client.get(path, as: browser).status }
                    #expect(status == .ok || status == .forbidden, "\(path): \(status)")
                    #expect(!statements.isEmpty || bound == 0, "\(path) ran no recorded SQL")
                    #expect(statements.count <= bound, "\(path): \(statements.count) queries, at most \(bound) expected")
                    scans += try await Self.fullScans(of: statements, on: client.db).filter { line in
                        !Self.allowedScans.contains { line.hasPrefix($0 + "   ") }
                    }.map { "\(path): \($0)" }
                }
                _ = try await client.api(.GET, "/api/v1\(company)/profile", token: officerToken)
                let jsonAgain = try await QueryCounter.shared.statements {
                    let response = try await client.api(.GET, "/api/v1\(company)/profile", token: officerToken)
                    #expect(response.status == .ok)
                }
                #expect(jsonAgain.count <= 7, "profile JSON: \(jsonAgain.count) queries")
                scans += try await Self.fullScans(of: jsonAgain, on: client.db).filter { line in
                    !Self.allowedScans.contains { line.hasPrefix($0 + "   ") }
                }.map { "profile JSON: \($0)" }
                let save = try await QueryCounter.shared.statements {
                    let body = #"{"status":"meets","narrative":"Planned on an index.","baseVersion":0}"#
                    let response = try await client.api(.PUT, "/api/v1\(company)/profile/answers/\(criterion.rawValue)", token: officerToken, json: body)
                    #expect(response.status == .ok)
                }
                // Profile and company reads, then in one transaction: the answer with its links, the
                // update, the portfolio's stored counts (issue 14), the history row, the audit entry's
                // predecessor and the entry.
                #expect(save.count <= 10, "save answer: \(save.count) statements: \(save)")
                scans += try await Self.fullScans(of: save, on: client.db).filter { line in
                    !Self.allowedScans.contains { line.hasPrefix($0 + "   ") }
                }.map { "save answer: \($0)" }
                #expect(scans.isEmpty, "full scans:\n\(scans.joined(separator: "\n"))")
            }
        }
    }
}
