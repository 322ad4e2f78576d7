import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14: a consultant's portfolio, one row per client, in a bounded number of queries.
    @Suite struct PortfolioPage {
        static func companies(_ page: String) -> [String] {
            page.components(separatedBy: "<tr data-company=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }

        @Test func aConsultantSeesEveryClientAndOnlyThem() async throws {
            try await withTrustlane { client in
                let consultant = try await client.makeUser("consultant@example.com", consultant: true)
                let norte = try await client.makeCompany("Norte SA", country: "MX", types: [.highwayCarrier])
                let batik = try await client.makeCompany("Batik Jaya", country: "ID", types: [.foreignManufacturer])
                let other = try await client.makeCompany("Not A Client", country: "MX")
                for company in [norte, batik] { try await client.addMember(consultant, to: company, role: .consultant) }
                let browser = try await client.signIn("consultant@example.com")
                // A profile with open Musts and an overdue corrective action at Batik.
                let context = try await ProfileService(app: client.app).open(company: batik.companyID, entityTypes: ["FM"], catalogID: nil, by: nil)
                let catalog = context.catalog
                let musts = context.scope.criteria.filter { $0.criterion.level == .must }.count
                _ = catalog
                let action = CorrectiveActionModel()
                action.$company.id = batik.companyID.rawValue
                action.title = "Fix the fence"
                action.dueDate = Date().addingTimeInterval(-10 * 86_400)
                action.status = "open"
                action.notes = ""
                action.criteria = ""
                action.source = "gap"
                action.version = 1
                action.createdAt = Date()
                action.updatedAt = Date()
                try await action.create(on: client.db)

                let page = try await client.get("/portfolio", as: browser)
                #expect(page.status == .ok)
                let listed = Set(Self.companies(page.text))
                #expect(listed == [norte.companyID.description, batik.companyID.description])
                #expect(!page.text.contains("Not A Client") && !listed.contains(other.companyID.description))
                #expect(page.text.contains("id=\"portfolio-overdue\"") && page.text.contains("Batik Jaya</strong>"))
                #expect(page.text.contains("data-label=\"Open Musts\" class=\"num\">\(musts)<"), "open Musts counted from the profile")
                #expect(try await client.get("/", as: browser).text.contains("href=\"/portfolio\""))

                #expect(Self.companies(try await client.get("/portfolio?country=id", as: browser).text) == [batik.companyID.description])
                #expect(Self.companies(try await client.get("/portfolio?sort=overdue", as: browser).text).first == batik.companyID.description)
                #expect(Self.companies(try await client.get("/portfolio?sort=name", as: browser).text) == [batik.companyID.description, norte.companyID.description])
                #expect(Self.companies(try await client.get("/portfolio?within=30", as: browser).text).isEmpty, "no deadline within 30 days")
                #expect(try await client.get("/portfolio?within=soon", as: browser).status == .badRequest)

                // More clients, the same number of queries.
                let few = try await QueryCounter.shared.measure { _ = try await client.get("/portfolio", as: browser) }
                for index in 0..<15 {
                    let company = try await client.makeCompany("Client \(index)")
                    try await client.addMember(consultant, to: company, role: .consultant)
                }
                let again = try await client.signIn("consultant@example.com")
                _ = try await client.get("/portfolio", as: again)
                let many = try await QueryCounter.shared.measure { _ = try await client.get("/portfolio", as: again) }
                if !usingPostgres { #expect(few == many, "queries grew with the clients: \(few) → \(many)") }
                #expect(Self.companies(try await client.get("/portfolio", as: again).text).count == 17)
            }
        }
    }
}
