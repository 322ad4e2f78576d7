import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct Invitations {
        /// Pulls the invitation path out of the company page.
        static func invitationPath(in html: String) -> String? {
            guard let range = html.range(of: "id=\"invitation-link\" href=\"") else { return nil }
            let rest = html[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let url = String(rest[..<end])
            return url.range(of: "/invitations/").map { String(url[$0.lowerBound...]) }
        }

        @Test func administratorInvitesAndTheInviteeSetsAPasswordOnce() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let company = try await client.makeCompany("Transportes Norte")
                let admin = try await client.signIn("admin@example.com")
                let page = try await client.post("/companies/\(company.companyID)/invitations", as: admin,
                                                 form: [("email", "Officer@Example.com"), ("role", "officer")])
                #expect(page.status == .ok)
                let path = try #require(Self.invitationPath(in: page.text))
                // only the digest of the token is stored
                let token = String(path.dropFirst("/invitations/".count))
                let stored = try #require(try await InvitationModel.query(on: client.db).first())
                #expect(stored.tokenHash == SecureToken.digest(token) && stored.email == "officer@example.com")

                let invitee = client.browser()
                let form = try await client.get(path, as: invitee)
                #expect(form.status == .ok && form.text.contains("id=\"accept-form\"") && form.text.contains("Transportes Norte"))
                let short = try await client.post(path, as: invitee, form: [("name", "Olga"), ("password", "short"), ("password_confirmation", "short")])
                #expect(short.status == .badRequest && short.text.contains("data-field=\"password\""))
                #expect(try await client.count(CompanyMemberModel.self) == 0)
                let accepted = try await client.post(path, as: invitee, form: [("name", "Olga Officer"), ("password", TestClient.password),
                                                                              ("password_confirmation", TestClient.password)])
                #expect(accepted.status == .seeOther && accepted.location == "/companies/\(company.companyID)")
                let landing = try await client.get("/companies/\(company.companyID)", as: invitee)
                #expect(landing.status == .ok && landing.text.contains("officer@example.com") && landing.text.contains("id=\"nav-company\""))
                let membership = try #require(try await CompanyMemberModel.query(on: client.db).first())
                #expect(membership.role == "officer")

                // the link works once
                let reused = try await client.get(path, as: client.browser())
                #expect(reused.status == .gone && !reused.text.contains("accept-form"))
                let reusedPost = try await client.post(path, as: client.browser(), form: [("name", "Eve"), ("password", TestClient.password),
                                                                                          ("password_confirmation", TestClient.password)])
                #expect(reusedPost.status == .gone)
                #expect(try await client.count(UserModel.self) == 2)
            }
        }

        @Test func anExpiredInvitationCannotBeUsed() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Norte")
                let invitation = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: "late@example.com", role: "viewer", by: nil)
                client.app.clock = .fixed(Date().addingTimeInterval(8 * 24 * 3600))
                let page = try await client.get("/invitations/\(invitation.token)", as: client.browser())
                #expect(page.status == .gone)
                let post = try await client.post("/invitations/\(invitation.token)", as: client.browser(), form: [
                    ("name", "Late"), ("password", TestClient.password), ("password_confirmation", TestClient.password)])
                #expect(post.status == .gone)
                #expect(try await client.count(UserModel.self) == 0)
            }
        }

        @Test func anExistingAccountJoinsAnotherCompanyWithoutANewPassword() async throws {
            try await withTrustlane { client in
                let first = try await client.makeCompany("First Co")
                let second = try await client.makeCompany("Second Co", country: "US", types: [.importer])
                let consultant = try await client.makeUser("consultant@example.com", consultant: true)
                try await client.addMember(consultant, to: first, role: .consultant)
                let invitation = try await CompanyMemberService(app: client.app).invite(to: second.companyID, email: "consultant@example.com", role: "consultant", by: nil)
                // not signed in: told to sign in first
                let anonymous = try await client.post("/invitations/\(invitation.token)", as: client.browser())
                #expect(anonymous.status == .conflict && anonymous.text.contains("sign in as consultant@example.com"))
                let browser = try await client.signIn("consultant@example.com")
                let accepted = try await client.post("/invitations/\(invitation.token)", as: browser)
                #expect(accepted.status == .seeOther)
                let home = try await client.get("/", as: browser)
                #expect(home.text.contains("First Co") && home.text.contains("Second Co"))
                #expect(home.text.contains("id=\"switch-company\""))
                // switching the company in view
                let switched = try await client.post("/switch-company", as: browser, form: [("company_id", first.companyID.description)])
                #expect(switched.status == .seeOther)
                let page = try await client.get("/", as: browser)
                #expect(page.text.contains("<span id=\"nav-company\">First Co</span>"))
            }
        }

        @Test func invitingSomeoneWhoIsAlreadyAMemberIsRefused() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Norte")
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let browser = try await client.signIn("officer@example.com")
                let response = try await client.post("/companies/\(company.companyID)/invitations", as: browser,
                                                     form: [("email", "officer@example.com"), ("role", "viewer")])
                #expect(response.status == .badRequest && response.text.contains("data-field=\"email\""))
                #expect(try await client.count(InvitationModel.self) == 0)
            }
        }
    }
}
