import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 8: every form that sets a password refuses blank, common and
    /// context-specific passwords with the field and the reason, and saves nothing.
    @Suite struct PasswordRuleForms {
        @Test func setUpRefusesSpacesACommonPasswordAndTheOwnEmail() async throws {
            try await withTrustlane { client in
                let browser = client.browser()
                let cases: [(String, String)] = [
                    (String(repeating: " ", count: 12), "A password of only spaces is not allowed"),
                    ("aaaaaaaaaaaa", "This is a commonly used password"),
                    ("Password1234", "This is a commonly used password"),
                    ("root@norte.example", "must not be based on your email address"),
                    ("Trustlane2026!", "must not be based on the name of this service"),
                ]
                for (password, message) in cases {
                    let response = try await client.post("/setup", as: browser, form: [
                        ("name", "Rosa Admin"), ("email", "root@norte.example"), ("password", password), ("password_confirmation", password)])
                    #expect(response.status == .badRequest, "\(password)")
                    #expect(response.text.contains("data-field=\"password\""), "\(password)")
                    #expect(response.text.contains(message), "\(password): \(message)")
                }
                #expect(try await client.count(UserModel.self) == 0)
            }
        }

        @Test func invitationAcceptanceRefusesTheInvitedEmailAndTheName() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Norte")
                let invitation = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: "invitee17@norte.example",
                                                                                     role: "viewer", by: nil)
                let path = "/invitations/\(invitation.token)"
                let invitee = client.browser()
                for (password, message) in [("invitee17@norte.example", "email address"), ("OlgaOrtiz1990", "your name"),
                                            ("qwertyuiop123", "commonly used")] {
                    let response = try await client.post(path, as: invitee, form: [("name", "Olga Ortiz"), ("password", password),
                                                                                  ("password_confirmation", password)])
                    #expect(response.status == .badRequest && response.text.contains("data-field=\"password\""), "\(password)")
                    #expect(response.text.contains(message), "\(password)")
                }
                #expect(try await client.count(CompanyMemberModel.self) == 0)
                #expect(try await UserModel.query(on: client.db).filter(\.$email == "invitee17@norte.example").count() == 0)
            }
        }

        @Test func changingThePasswordRefusesTheCurrentOneAndCommonOnes() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("a@example.com")
                let browser = try await client.signIn("a@example.com")
                for (password, message) in [(TestClient.password, "must differ from your current password"),
                                            ("welcome12345", "commonly used"), ("            ", "only spaces")] {
                    let response = try await client.post("/account/password", as: browser, form: [
                        ("current_password", TestClient.password), ("new_password", password), ("new_password_confirmation", password)])
                    #expect(response.status == .seeOther, "\(password)")
                    let page = try await client.get("/account", as: browser).text
                    #expect(page.contains("data-field=\"new_password\""), "\(password)")
                    #expect(page.contains(message), "\(password)")
                }
                let stored = try #require(try await UserModel.find(user.id, on: client.db))
                #expect(stored.passwordHash == user.passwordHash)
            }
        }
    }
}
