import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The "who may" rules that used to be checked by hand, answered by the guard.
    @Suite struct AccessActions {
        @Test func administratorOutsideTheCompanyIsRefusedAtTheGuardWhenSubmittingAProfile() async throws {
            try await withTrustlane { client in
                // setup: a company with an opened profile; an administrator who is none of its members
                let f = try await SecurityProfile.fixture(client)
                _ = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn(admin.email)
                let token = try await client.token(for: admin)

                // act
                let form = try await client.get("/companies/\(f.company.companyID)/profile/submit", as: browser)
                let post = try await client.post("/companies/\(f.company.companyID)/profile/submit", as: browser, form: [("declaration", "yes")])
                let api = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/profile/submissions", token: token,
                                               json: #"{"declaration": true}"#)

                // verify: the guard's 403, and nothing submitted
                #expect(form.status == .forbidden)
                #expect(post.status == .forbidden)
                #expect(api.status == .forbidden)
                #expect(try await client.count(ProfileSnapshotModel.self) == 0)
                // the administrator still reads and edits the draft
                #expect(try await client.get("/companies/\(f.company.companyID)/profile", as: browser).status == .ok)
            }
        }

        @Test func onlyAReviewerFromOutsideClosesARequestNotAnAdministratorOrAMember() async throws {
            try await withTrustlane { client in
                // setup: an opened profile; an administrator (no reviewer role) and a reviewer who is a member
                let f = try await SecurityProfile.fixture(client)
                _ = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let insider = try await client.makeUser("insider@example.com", reviewer: true)
                try await client.addMember(insider, to: f.company, role: .coordinator)
                let close = "/companies/\(f.company.companyID)/profile/comments/\(UUID())/close"

                // act
                let byAdministrator = try await client.post(close, as: try await client.signIn(admin.email))
                let byInsider = try await client.post(close, as: try await client.signIn(insider.email))
                let byOfficer = try await client.post(close, as: f.browser)

                // verify: the guard's 403 for each (a reviewer from outside gets past it: 404 for a request that is not there)
                #expect(byAdministrator.status == .forbidden)
                #expect(byInsider.status == .forbidden)
                #expect(byOfficer.status == .forbidden)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                #expect(try await client.post(close, as: try await client.signIn(reviewer.email)).status == .notFound)
            }
        }

        @Test func aReviewerWhoIsAMemberIsSentToTheCompanysOwnMembershipPage() async throws {
            try await withTrustlane { client in
                // setup: a reviewer who is also the company's coordinator
                let company = try await client.makeCompany("Harborline Imports", country: "US", types: [.importer])
                let insider = try await client.makeUser("insider@example.com", reviewer: true)
                try await client.addMember(insider, to: company, role: .coordinator)

                // act
                let page = try await client.get("/companies/\(company.companyID)/membership/IMP/review", as: try await client.signIn(insider.email))

                // verify: `reviewMembership` refuses them, so the workspace sends them to their company's page
                #expect(page.status == .seeOther)
                #expect(page.location == SiteURL.companyMembership(company.companyID))
            }
        }
    }
}
