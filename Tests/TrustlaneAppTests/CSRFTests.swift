import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct CSRF {
        @Test func formPostWithoutTokenIsRefusedWith403() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let browser = client.browser()
                try await client.get("/sign-in", as: browser)
                let missing = try await client.post("/sign-in", as: browser, form: [("email", "a@example.com"), ("password", TestClient.password)], csrf: "")
                #expect(missing.status == .forbidden)
                #expect(missing.text.contains("form expired"))
                let forged = try await client.post("/sign-in", as: browser, form: [("email", "a@example.com"), ("password", TestClient.password)],
                                                   csrf: SecureToken.generate())
                #expect(forged.status == .forbidden)
                #expect(browser.cookies[SessionStore.cookieName] == nil)
            }
        }

        @Test func signedInFormsAreCheckedToo() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                _ = admin
                let browser = try await client.signIn("admin@example.com")
                let response = try await client.post("/admin/companies", as: browser, form: [("legal_name", "X"), ("country", "US"), ("entity_types", "IMP")], csrf: "")
                #expect(response.status == .forbidden)
                #expect(try await client.count(CompanyModel.self) == 0)
            }
        }

        @Test func apiCallsWithABearerTokenAreExempt() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let response = try await client.api(.POST, "/api/v1/companies", token: token,
                                                    json: #"{"legalName":"Acme","country":"US","entityTypes":["IMP"]}"#)
                #expect(response.status == .created)
            }
        }

        @Test func everyFormOnAPageCarriesTheToken() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn("admin@example.com")
                for path in ["/account", "/admin/companies/new", "/admin/users"] {
                    let html = try await client.get(path, as: browser).text
                    let forms = html.components(separatedBy: "method=\"post\"").count - 1
                    let tokens = html.components(separatedBy: "name=\"_csrf\"").count - 1
                    #expect(forms > 0 && forms == tokens, "\(path): \(forms) forms, \(tokens) tokens")
                }
            }
        }
    }
}
