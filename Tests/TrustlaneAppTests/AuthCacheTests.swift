import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: credentials are resolved in one query and kept for a few seconds, and every change
/// of access made through the write gate is seen on the very next request.
extension AppTests {
    @Suite struct AuthCache {
        @Test func aRepeatedTokenCostsNoQueryAndARevokedOneIsRefusedOnTheNextRequest() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("script@example.com")
                let token = try await client.token(for: user)
                let cold = try await QueryCounter.shared.measure { let r = try await client.api(.GET, "/api/v1/me", token: token); #expect(r.status == .ok) }
                let warm = try await QueryCounter.shared.measure { let r = try await client.api(.GET, "/api/v1/me", token: token); #expect(r.status == .ok) }
                // Cold: one query for token, person and seats; warm: none, and no write either.
                #expect(cold == warm + 1, "queries cold \(cold), warm \(warm)")
                #expect(client.app.authCache.count == 1)

                let stored = try #require(try await APITokenModel.query(on: client.db).first())
                try await APITokenService(app: client.app).revoke(stored.id!, of: user)
                let after = try await client.api(.GET, "/api/v1/me", token: token)
                #expect(after.status == .unauthorized && after.text.contains("unknown or revoked"))
            }
        }

        @Test func aWithdrawnPlatformRoleIsRefusedOnTheNextRequest() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let browser = try await client.signIn(reviewer.email)
                #expect(try await client.get("/review", as: browser).status == .ok)
                #expect(try await client.get("/review", as: browser).status == .ok)
                let adminToken = try await client.token(for: admin)
                let withdrawn = try await client.api(.DELETE, "/api/v1/users/\(reviewer.id!.uuidString)/roles/reviewer", token: adminToken)
                #expect(withdrawn.status.code < 300, "\(withdrawn.status) \(withdrawn.text)")
                #expect(try await client.get("/review", as: browser).status == .forbidden)
            }
        }

        @Test func aNewSeatCountsOnTheNextRequestAndSigningOutEndsTheSessionAtOnce() async throws {
            try await withTrustlane { client in
                let person = try await client.makeUser("new.member@example.com")
                let company = try await client.makeCompany("Seat Test SA")
                let browser = try await client.signIn(person.email)
                let path = "/companies/\(company.companyID)"
                let before = try await client.get(path, as: browser).status
                #expect(before == .forbidden || before == .notFound)
                try await client.addMember(person, to: company, role: .contributor)
                #expect(try await client.get(path, as: browser).status == .ok)

                let cookies = browser.cookies
                #expect(try await client.post("/sign-out", as: browser).status == .seeOther)
                let stale = TestClient.Browser()
                stale.cookies = cookies
                let home = try await client.get(path, as: stale)
                #expect(home.status != .ok, "a signed-out session still opened the company page")
            }
        }

        @Test func theUnreadBadgeFollowsANewNotificationAndReadingIt() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("badge@example.com")
                let company = try await client.makeCompany("Badge SA")
                try await client.addMember(user, to: company, role: .officer)
                let browser = try await client.signIn(user.email)
                #expect(!(try await client.get("/", as: browser)).text.contains("id=\"unread-count\""))
                // A notification arrives the way the outbox writes it: inside the write gate.
                try await client.app.writeGate.transaction(on: client.db) { tx in
                    _ = try await AppTests.NotificationRead.notification(for: user, company: company, on: tx)
                }
                #expect(try await client.get("/", as: browser).text.contains("id=\"unread-count\">1<"))
                try await client.post("/notifications/read-all", as: browser)
                #expect(!(try await client.get("/", as: browser)).text.contains("id=\"unread-count\""))
            }
        }

        @Test func tokenUseIsNotedInMemoryAndWrittenBeforeTheListShowsIt() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("lastused@example.com")
                let token = try await client.token(for: user)
                #expect(try await client.api(.GET, "/api/v1/me", token: token).status == .ok)
                // Nothing written on the request path.
                #expect(try await APITokenModel.query(on: client.db).first()?.lastUsedAt == nil)
                let listed = try await APITokenService(app: client.app).list(for: user)
                #expect(listed.first?.lastUsedAt != nil)
            }
        }

        @Test func withTheCacheOffEveryRequestResolvesAgain() async throws {
            try await withTrustlane(configure: { $0.authCacheSeconds = 0 }) { client in
                let user = try await client.makeUser("nocache@example.com")
                let token = try await client.token(for: user)
                let first = try await QueryCounter.shared.measure { let r = try await client.api(.GET, "/api/v1/me", token: token); #expect(r.status == .ok) }
                let second = try await QueryCounter.shared.measure { let r = try await client.api(.GET, "/api/v1/me", token: token); #expect(r.status == .ok) }
                #expect(first == second && first >= 1)
                #expect(client.app.authCache.count == 0)
            }
        }

        @Test func theConfiguredLifetimeIsCheckedAtStartUp() throws {
            #expect(try AppConfig.fromEnvironment(environment: ["TRUSTLANE_AUTH_CACHE_SECONDS": "0"]).authCacheSeconds == 0)
            #expect(try AppConfig.fromEnvironment(environment: [:]).authCacheSeconds == 10)
            #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(environment: ["TRUSTLANE_AUTH_CACHE_SECONDS": "-1"]) }
            #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(environment: ["TRUSTLANE_AUTH_CACHE_SECONDS": "soon"]) }
        }

        @Test func theSQLiteReadPoolIsCheckedAtStartUp() throws {
            #expect(try AppConfig.fromEnvironment(environment: ["TRUSTLANE_SQLITE_READERS": "3"]).sqliteReadersPerLoop == 3)
            #expect(try AppConfig.fromEnvironment(environment: [:]).sqliteReadersPerLoop == AppConfig.defaultSQLiteReadersPerLoop)
            for bad in ["0", "9", "two", ""] {
                #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(environment: ["TRUSTLANE_SQLITE_READERS": bad]) }
            }
        }

        @Test func pagesAndAPIAnswersSayWhereTheirTimeWent() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("timing@example.com")
                let company = try await client.makeCompany("Timing SA")
                try await client.addMember(user, to: company, role: .officer)
                let browser = try await client.signIn(user.email)
                let page = try await client.get("/companies/\(company.companyID)", as: browser)
                let header = try #require(page.headers.first(name: "Server-Timing"))
                for metric in ["auth;dur=", "db;dur=", "app;dur=", "total;dur="] { #expect(header.contains(metric), "\(header)") }
                let queries = header.split(separator: "\"").dropFirst().first.flatMap { Int($0.split(separator: " ").first ?? "") }
                #expect((queries ?? 0) > 0, "\(header)")
                let api = try await client.api(.GET, "/api/v1/me", token: try await client.token(for: user))
                #expect(api.headers.first(name: "Server-Timing")?.contains("total;dur=") == true)
            }
        }
    }
}
