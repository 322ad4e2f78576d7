import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14: the administrator's home is a short health list; nobody else sees it.
    @Suite struct AdminHome {
        static func level(_ page: String, _ key: String) -> String? {
            guard let start = page.range(of: "data-health=\"\(key)\" data-level=\"") else { return nil }
            return String(page[start.upperBound...].prefix { $0 != "\"" })
        }

        @Test func healthListShowsWhatNeedsAnAdministrator() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", name: "Ada Admin", admin: true)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                _ = try await client.makeCompany("Health Check Co", country: "ID", types: [.importer])
                let browser = try await client.signIn(admin.email)
                let home = try await client.get("/", as: browser).text
                #expect(home.contains("id=\"admin-health\""))
                #expect(home.contains("data-people=\"2\" data-companies=\"1\""))
                #expect(Self.level(home, "smtp") == "warning", "no SMTP in tests")
                #expect(Self.level(home, "outbox") == "ok")
                #expect(Self.level(home, "migrations") == "ok")
                #expect(Self.level(home, "audit") == "unknown", "not verified since start")
                #expect(Self.level(home, "backup") == "warning", "no backup recorded yet")

                // An email waiting in the outbox shows; verifying the chain records the result.
                try await NotificationOutbox(client.db).enqueueEmail(key: "email.password_reset", parameters: ["name": "Ada"], link: "/",
                                                                    to: "ada@example.com", language: .english, userID: admin.id,
                                                                    companyID: nil, dedupeKey: "health-test", now: client.app.clock.now())
                #expect(try await client.post("/admin/audit/verify", as: browser, form: []).status == .seeOther)
                let after = try await client.get("/", as: browser).text
                #expect(Self.level(after, "outbox") == "warning")
                #expect(Self.level(after, "audit") == "ok")

                // A reviewer neither sees the list nor may run the check.
                let other = try await client.signIn(reviewer.email)
                #expect(!(try await client.get("/", as: other).text.contains("id=\"admin-health\"")))
                #expect(try await client.post("/admin/audit/verify", as: other, form: []).status == .forbidden)
            }
        }
    }
}
