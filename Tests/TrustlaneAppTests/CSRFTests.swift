import Foundation
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

        /// Issue 13: a form refused for an expired token is not a dead end: what was typed is on
        /// the page (escaped, without the password or the token) with the way back to the form.
        @Test func aRefusedFormShowsWhatWasTypedAndTheWayBack() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn("admin@example.com")
                let typed = "Seal 4471 <b>torn</b> at the\nLaredo gate"
                let fields = [("legal_name", typed), ("country", "US"), ("current_password", "secret words here"), ("_csrf", "stale")]
                let encoded = fields.map { "\(TestClient.encode($0.0))=\(TestClient.encode($0.1))" }.joined(separator: "&")
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                headers.replaceOrAdd(name: .host, value: "trustlane.test")
                headers.replaceOrAdd(name: .referer, value: "http://trustlane.test/admin/companies/new?from=home")
                let refused = try await client.send(.POST, "/admin/companies", browser: browser, headers: headers, body: ByteBuffer(string: encoded))
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("id=\"kept-input\""))
                #expect(refused.text.contains("Seal 4471 &lt;b&gt;torn&lt;/b&gt; at the\nLaredo gate"), "kept, and escaped")
                #expect(!refused.text.contains("secret words here") && !refused.text.contains("stale"), "no password, no token")
                #expect(refused.text.contains("id=\"error-back\" href=\"/admin/companies/new?from=home\""))
                // A page from another site is no way back.
                headers.replaceOrAdd(name: .referer, value: "http://elsewhere.example/admin")
                let foreign = try await client.send(.POST, "/admin/companies", browser: browser, headers: headers, body: ByteBuffer(string: encoded))
                #expect(!foreign.text.contains("id=\"error-back\""))
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
