import Foundation
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Everything seeded before any clock starts, in the bench process: companies and officers
/// (BulkSeed), profiles and answers, reviewers and applications, a rated risk assessment. Only
/// names, keys and paths come out of it, so the HTTP rows can run against any server that reads
/// the same database.
struct BenchFixture: Sendable {
    let site: SiteBench.Fixture
    var profile: ProfileBench.Fixture
    let risk: RiskBench.Pages
    let partners: PartnerBench.Fixture
    /// The daily records (about two million inspections, seals and gate visits): `nil` when the
    /// run was told to leave them out (`--without-daily`).
    let field: FieldBench.Fixture?
    let training: TrainingBench.Fixture?
    let gate: GateBench.Fixture?
    let applications: Int
    let adminEmail: String
    /// Seconds BulkSeed took for the companies.
    let seedSeconds: Double

    static func seed(app: Application, companies: Int, freshCompanies: Int, answerSlots: Int, daily: Bool = true) async throws -> BenchFixture {
        let seeded = try await BenchMemory.stage("seed: companies") { try await BulkSeed(app: app).seed(companies: companies) }
        guard let profile = try await BenchMemory.stage("seed: profiles and answers", { try await ProfileBench.seed(app: app, freshCompanies: freshCompanies, slots: answerSlots) }) else {
            throw BenchError("no criteria catalog is loaded, so there are no profiles to seed")
        }
        let applications = try await BenchMemory.stage("seed: applications") { try await QueueBench.seed(app: app) }
        let risk = try await BenchMemory.stage("seed: risk assessment") { try await RiskBench.seedPages(app: app, company: seeded.companyID) }
        let partners = try await PartnerBench.seed(app: app, company: seeded.companyID)
        var field: FieldBench.Fixture?, training: TrainingBench.Fixture?, gate: GateBench.Fixture?
        if daily {
            let seeded = try await FieldBench.seed(app: app, company: seeded.companyID)
            field = seeded
            training = try await BenchMemory.stage("seed: training") { try await TrainingBench.seed(app: app, company: seeded.company, token: seeded.token) }
            gate = try await BenchMemory.stage("seed: gate visits") { try await GateBench.seed(app: app, company: seeded.company) }
        }
        let site = SiteBench.Fixture(companies: companies, companyID: seeded.companyID, officerEmail: seeded.officerEmail,
                                     adminToken: seeded.adminToken, searchTerm: seeded.searchTerm, bcryptCost: app.config.bcryptCost)
        return BenchFixture(site: site, profile: profile, risk: risk, partners: partners, field: field, training: training, gate: gate, applications: applications, adminEmail: seeded.adminEmail,
                            seedSeconds: seeded.seconds)
    }
}
