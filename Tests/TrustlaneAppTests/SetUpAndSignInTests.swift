import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct SetUpAndSignIn {
        @Test func firstVisitLeadsToSetUpWhichCreatesOneAdministratorOnce() async throws {
            try await withTrustlane { client in
                // setup
                let browser = client.browser()
                // act
                let home = try await client.get("/", as: browser)
                let page = try await client.get("/setup", as: browser)
                let created = try await client.post("/setup", as: browser, form: [
                    ("name", "Ada Admin"), ("email", "Ada@Example.com"),
                    ("password", TestClient.password), ("password_confirmation", TestClient.password)])
                // verify
                #expect(home.status == .seeOther && home.location == "/setup")
                #expect(page.status == .ok && page.text.contains("id=\"setup-form\""))
                #expect(created.status == .seeOther && created.location == "/")
                let admins = try await UserModel.query(on: client.db).all()
                #expect(admins.count == 1 && admins[0].isAdministrator && admins[0].email == "ada@example.com")
                #expect(admins[0].passwordHash.hasPrefix("$2"), "stored as a Bcrypt hash")
                let signedIn = try await client.get("/", as: browser)
                #expect(signedIn.status == .ok && signedIn.text.contains("ada@example.com"))

                // a second attempt, from another browser, finds nothing
                let other = client.browser()
                let again = try await client.get("/setup", as: other)
                #expect(again.status == .notFound)
                let secondPost = try await client.post("/setup", as: other, form: [
                    ("name", "Mallory"), ("email", "mallory@example.com"),
                    ("password", TestClient.password), ("password_confirmation", TestClient.password)])
                #expect(secondPost.status == .notFound)
                #expect(try await client.count(UserModel.self) == 1)
            }
        }

        @Test func setUpShowsFieldErrorsAndSavesNothing() async throws {
            try await withTrustlane { client in
                let browser = client.browser()
                let response = try await client.post("/setup", as: browser, form: [
                    ("name", ""), ("email", "not-an-email"), ("password", "short"), ("password_confirmation", "short")])
                #expect(response.status == .badRequest)
                #expect(response.text.contains("data-field=\"name\""))
                #expect(response.text.contains("data-field=\"email\""))
                #expect(response.text.contains("data-field=\"password\""))
                #expect(try await client.count(UserModel.self) == 0)
            }
        }

        @Test func wrongPasswordIsRefusedAndRepeatedFailuresLockTheAccount() async throws {
            try await withTrustlane(configure: { $0.signInFailureLimit = 3 }) { client in
                try await client.makeUser("officer@example.com")
                let browser = client.browser()
                for _ in 0..<3 {
                    let wrong = try await client.post("/sign-in", as: browser, form: [("email", "officer@example.com"), ("password", "wrong password 123")])
                    #expect(wrong.status == .unauthorized)
                    #expect(wrong.text.contains("The email or password is not right."))
                }
                // now even the right password is refused for a while, with a clear message
                let locked = try await client.post("/sign-in", as: browser, form: [("email", "officer@example.com"), ("password", TestClient.password)])
                #expect(locked.status == .tooManyRequests)
                #expect(locked.text.contains("Too many failed sign-ins"))
                #expect(browser.cookies[SessionStore.cookieName] == nil)

                // after the lockout has passed, the right password works
                let later = client.app.clock.now().addingTimeInterval(16 * 60)
                client.app.clock = .fixed(later)
                let ok = try await client.post("/sign-in", as: browser, form: [("email", "officer@example.com"), ("password", TestClient.password)])
                #expect(ok.status == .seeOther)
            }
        }

        @Test func signInRotatesTheSessionAndSetsSafeCookies() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let browser = try await client.signIn("a@example.com")
                let first = try #require(browser.cookies[SessionStore.cookieName])
                let firstCSRF = browser.csrf
                // signing in again (e.g. after a session fixation attempt) issues a new session id
                let response = try await client.post("/sign-in", as: browser, form: [("email", "a@example.com"), ("password", TestClient.password)])
                let setCookie = response.headers[.setCookie].first { $0.hasPrefix(SessionStore.cookieName + "=") } ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && !setCookie.contains("Secure"))
                let second = try #require(browser.cookies[SessionStore.cookieName])
                #expect(first != second)
                #expect(browser.csrf != firstCSRF)
                // the old session no longer signs anyone in
                let stale = client.browser()
                stale.cookies[SessionStore.cookieName] = first
                let page = try await client.get("/account", as: stale)
                #expect(page.status == .seeOther && page.location?.hasPrefix("/sign-in") == true)
                // sessions are stored as digests, not as the cookie value
                let stored = try await SessionModel.query(on: client.db).all().map(\.tokenHash)
                #expect(!stored.contains(second) && stored.contains(SecureToken.digest(second)))
            }
        }

        @Test func cookiesAreSecureBehindHTTPS() async throws {
            try await withTrustlane(configure: { $0.publicURL = "https://trustlane.example.org" }) { client in
                try await client.makeUser("a@example.com")
                let browser = client.browser()
                try await client.get("/sign-in", as: browser)
                let response = try await client.post("/sign-in", as: browser, form: [("email", "a@example.com"), ("password", TestClient.password)])
                let setCookie = response.headers[.setCookie].first { $0.hasPrefix(SessionStore.cookieName + "=") } ?? ""
                #expect(setCookie.contains("Secure"))
            }
        }

        @Test func signOutEndsTheSession() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let browser = try await client.signIn("a@example.com")
                let token = try #require(browser.cookies[SessionStore.cookieName])
                let out = try await client.post("/sign-out", as: browser)
                #expect(out.status == .seeOther && out.location == "/sign-in")
                #expect(try await SessionModel.query(on: client.db).filter(\.$tokenHash == SecureToken.digest(token)).count() == 0)
                let replay = client.browser()
                replay.cookies[SessionStore.cookieName] = token
                #expect(try await client.get("/account", as: replay).status == .seeOther)
            }
        }

        @Test func changingPasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let laptop = try await client.signIn("a@example.com")
                let phone = try await client.signIn("a@example.com")
                let wrong = try await client.post("/account/password", as: laptop, form: [
                    ("current_password", "not it at all"), ("new_password", "a brand new passphrase"),
                    ("new_password_confirmation", "a brand new passphrase")])
                // Refused, then redirected (a reload does not post the passwords again); the page marks the field.
                #expect(wrong.status == .seeOther && wrong.headers.first(name: .location) == "/account#password-form")
                let told = try await client.get("/account", as: laptop).text
                #expect(told.contains("data-field=\"current_password\"") && told.contains("aria-invalid=\"true\""))
                #expect(!told.contains("not it at all") && !told.contains("a brand new passphrase"), "passwords are never shown back")
                let ok = try await client.post("/account/password", as: laptop, form: [
                    ("current_password", TestClient.password), ("new_password", "a brand new passphrase"),
                    ("new_password_confirmation", "a brand new passphrase")])
                #expect(ok.status == .seeOther)
                #expect(try await client.get("/account", as: laptop).status == .ok)
                #expect(try await client.get("/account", as: phone).status == .seeOther)
                _ = try await client.signIn("a@example.com", password: "a brand new passphrase")
            }
        }
    }
}
