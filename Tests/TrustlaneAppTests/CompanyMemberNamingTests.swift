import Fluent
import SQLKit
import Testing
import Vapor
@testable import TrustlaneApp

extension AppTests {
    /// Issue 10, step 6: a person's seat in a company is a company member (`company_members`);
    /// "membership" is left to the CTPAT lifecycle.
    @Suite struct CompanyMemberNaming {
        @Test func seatsLiveInCompanyMembersAndMembershipMeansTheCTPATLifecycle() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Alpha Imports")
                let person = try await client.makeUser("person@example.com")
                try await client.addMember(person, to: company, role: .coordinator)
                let sql = client.db as! any SQLDatabase
                struct Count: Decodable { let n: Int }
                let seats = try await sql.raw("SELECT COUNT(*) AS n FROM company_members").first(decoding: Count.self)
                #expect(seats?.n == 1)
                // the old table name is gone; the lifecycle's tables keep "membership"
                await #expect(throws: (any Error).self) { _ = try await sql.raw("SELECT COUNT(*) AS n FROM memberships").all() }
                let applications = try await sql.raw("SELECT COUNT(*) AS n FROM membership_applications").first(decoding: Count.self)
                #expect(applications?.n == 0)
            }
        }
    }
}
