import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Bulk seeding for `demo --scale program` and the benchmark: companies, officers and one
/// administrator, in plain SQL in large batches inside one transaction.
package struct BulkSeed {
    package let app: Application
    package init(app: Application) { self.app = app }
    package static let password = "benchmark password 2026"

    package struct Seeded {
        package let adminEmail: String
        package let officerEmail: String
        package let companyID: CompanyID
        package let adminToken: String
        package let searchTerm: String
        package let seconds: Double
    }

    /// Every account it makes (the administrator and each company's officer) gets `password`.
    package func seed(companies count: Int, password: String = Self.password) async throws -> Seeded {
        let start = ContinuousClock.now
        let hash = try await app.passwords.hash(password)
        let sql = app.db as! any SQLDatabase
        let now = Date()
        let admin = UserModel(email: "admin@bench.example", name: "Bench Admin", passwordHash: hash, isAdministrator: true)
        try await admin.create(on: app.db)
        let countries = ["US", "MX", "ID", "CN", "VN", "IN", "DE", "CA", "BR", "TR"]
        let types = EntityType.allCases
        let (firstCompany, firstOfficer) = try await app.db.transaction { tx -> (UUID?, String?) in
            var firstCompany: UUID?
            var firstOfficer: String?
            let sql = tx as! any SQLDatabase
            var index = 0
            while index < count {
                let batch = min(250, count - index)
                var companies = sql.insert(into: "companies").columns("id", "legal_name", "country", "address", "created_at", "updated_at")
                var entity = sql.insert(into: "company_entity_types").columns("id", "company_id", "entity_type")
                var users = sql.insert(into: "users").columns("id", "email", "name", "password_hash", "is_administrator", "is_reviewer", "is_consultant", "created_at", "updated_at")
                var members = sql.insert(into: "company_members").columns("id", "company_id", "user_id", "role", "created_at")
                for offset in 0..<batch {
                    let n = index + offset
                    let companyID = UUID(), userID = UUID()
                    let name = String(format: "Company %06d %@", n, ["Logistics", "Imports", "Carriers", "Garments", "Foods"][n % 5])
                    companies = companies.values([SQLBind(companyID), SQLBind(name), SQLBind(countries[n % countries.count]),
                                                  SQLBind("\(n) Harbor Road"), SQLBind(now), SQLBind(now)])
                    entity = entity.values([SQLBind(UUID()), SQLBind(companyID), SQLBind(types[n % types.count].rawValue)])
                    let email = "officer\(n)@bench.example"
                    users = users.values([SQLBind(userID), SQLBind(email), SQLBind("Officer \(n)"), SQLBind(hash), SQLBind(false),
                                          SQLBind(false), SQLBind(false), SQLBind(now), SQLBind(now)])
                    members = members.values([SQLBind(UUID()), SQLBind(companyID), SQLBind(userID), SQLBind("officer"), SQLBind(now)])
                    if n == count / 2 { firstCompany = companyID; firstOfficer = email }
                }
                try await companies.run()
                try await entity.run()
                try await users.run()
                try await members.run()
                index += batch
            }
            return (firstCompany, firstOfficer)
        }
        _ = sql
        let token = try await APITokenService(app: app).create(for: admin, name: "bench").1
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        return Seeded(adminEmail: admin.email, officerEmail: firstOfficer!, companyID: CompanyID(firstCompany!), adminToken: token,
                      searchTerm: String(format: "%06d", count / 2), seconds: seconds)
    }
}

