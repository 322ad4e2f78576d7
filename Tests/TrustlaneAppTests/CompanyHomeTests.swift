import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14 (first part): the company page says where the company stands and what to do next.
    @Suite struct CompanyHomePage {
        static func tasks(_ page: String) -> [String] {
            page.components(separatedBy: "data-task=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }

        @Test func theCompanyPageListsNextTasksInJourneyOrder() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.importer])
                let page = "/companies/\(f.company.companyID)"
                let before = try await client.get(page, as: f.browser).text
                #expect(before.contains("id=\"standing\"") && before.contains("data-entity-type=\"IMP\""))
                // Nothing started: check eligibility, open the profile, do the risk assessment.
                let first = Self.tasks(before)
                #expect(Set(first) == ["check_eligibility", "open_profile", "risk_assessment_missing"], "\(first)")
                // The journey's links come in order, settings apart.
                let order = ["id=\"eligibility-link\"", "id=\"profile-link\"", "id=\"risk-link\"", "id=\"membership-link\""].map { before.range(of: $0)?.lowerBound }
                #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
                #expect(before.contains("id=\"company-settings\""))

                _ = try await client.post(page + "/profile", as: f.browser, form: [("entity_types", "IMP")])
                let after = try await client.get(page, as: f.browser).text
                let tasks = Self.tasks(after)
                #expect(tasks.contains("open_musts") && !tasks.contains("open_profile"))
                #expect(after.contains("id=\"home-profile\"") && after.contains("class=\"category-bars\""))
                let catalog = try #require(client.app.catalogs.latest()).catalog
                let musts = catalog.criteria(for: .importer).filter { $0.level == .must }.count
                #expect(after.contains("Answer \(musts) open Musts"), "the count is the profile's open Musts")
                #expect(after.contains("href=\"\(page)/profile?show=open_musts#criteria\""))
            }
        }

        /// Someone who may not read the draft sees no profile figures and no tasks built from them.
        @Test func aViewerSeesOnlyWhatTheyMay() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.importer], role: .viewer)
                let page = try await client.get("/companies/\(f.company.companyID)", as: f.browser).text
                #expect(page.contains("id=\"standing\""))
                #expect(!page.contains("id=\"company-settings\"") || !page.contains("/audit\""))
                #expect(!Self.tasks(page).contains("overdue_actions"))
                #expect(page.contains("Where you stand"))
                // Someone without a seat (an administrator) reads the company's standing, not "yours".
                try await client.makeUser("admin@example.com", admin: true)
                let admin = try await client.signIn("admin@example.com")
                let adminPage = try await client.get("/companies/\(f.company.companyID)", as: admin).text
                #expect(adminPage.contains("Where the company stands") && adminPage.contains("The company&#39;s next tasks"))
            }
        }
    }
}
