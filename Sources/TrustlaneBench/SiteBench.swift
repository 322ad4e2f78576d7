import Foundation
import TrustlaneApp
import TrustlaneCore
import Vapor

/// The floor and the requests every visitor makes: the health probe (bare, and with a bearer
/// token, to show what resolving a token costs on every API call), the criteria browser, signing
/// in, the company pages and the company API, each at the runner's concurrency.
enum SiteBench {
    /// The seeded names and keys these rows use (BulkSeed's middle company and its officer).
    struct Fixture: Sendable {
        let companies: Int
        let companyID: CompanyID
        let officerEmail: String
        let adminToken: String
        let searchTerm: String
        let bcryptCost: Int
    }

    static func rows(runner: LoadRunner, fixture: Fixture, officer: BenchClient.Cookies, admin: BenchClient.Cookies) async -> [BenchResult] {
        let scale = fixture.companies, company = fixture.companyID, token = fixture.adminToken
        let search = fixture.searchTerm, email = fixture.officerEmail
        var results: [BenchResult] = []
        results.append(await runner.measure("floor: GET /healthz") { try await $0.client.get("/healthz").status })
        results.append(await runner.measure("floor: GET /healthz with bearer token") { try await $0.client.get("/healthz", bearer: token).status })
        results.append(await runner.measure("criteria browser: HC+MLH, Must, text 'seal'") {
            try await $0.client.get("/catalog?entity=HC&entity=MLH&level=must&q=seal").status
        })
        results.append(await runner.measure("API criteria: IMP, all (~116 rows, JSON)") {
            try await $0.client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=IMP").status
        })
        results.append(await runner.measure("sign-in (bcrypt cost \(fixture.bcryptCost))", requests: min(runner.requests, 30),
                                            warmup: min(runner.warmup, 3)) {
            try await $0.client.signInStatus(email: email, password: BulkSeed.password)
        })
        results.append(await runner.measure("company page (officer)") { try await $0.client.get("/companies/\(company)", cookies: officer).status })
        results.append(await runner.measure("companies list page, 50 of \(scale) (admin)") {
            try await $0.client.get("/admin/companies", cookies: admin).status
        })
        results.append(await runner.measure("API GET /api/v1/companies?per=20 of \(scale)") {
            try await $0.client.get("/api/v1/companies?per=20", bearer: token).status
        })
        results.append(await runner.measure("API GET /api/v1/companies/{id}") {
            try await $0.client.get("/api/v1/companies/\(company)", bearer: token).status
        })
        results.append(await runner.measure("API search q= one match of \(scale)") {
            try await $0.client.get("/api/v1/companies?q=\(search)", bearer: token).status
        })
        return results
    }
}
