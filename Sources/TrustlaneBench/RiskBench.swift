import Foundation
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Figures for the risk assessment: in-process scoring of a company with 200 chains and 10,000
/// nodes (the issue asks for under 50 ms in a release build), and, over HTTP, the pages of an
/// assessment whose one chain has 50 nodes (under 20 ms server time).
enum RiskBench {
    static let countries = ["ID", "MX", "US", "CN", "VN", "TH", "MY", "IN", "BR", "DE"]

    /// A chain of `count` nodes across the bench countries, every legal kind in turn.
    static func chain(_ index: Int, nodes count: Int) -> SupplyChain {
        let kinds: [ChainNodeKind] = [.packingSite, .consolidationSite, .inlandDepot, .port, .borderCrossing, .railTerminal, .warehouse]
        var nodes: [ChainNode.Draft] = []
        for i in 0..<count {
            let kind: ChainNodeKind = i == 0 ? .originFactory : (i == count - 1 ? .destination : kinds[i % kinds.count])
            nodes.append(ChainNode.Draft(key: "N\(i)", kind: kind.rawValue, name: "Site \(index)-\(i)", country: countries[(index + i) % countries.count],
                                         region: i % 3 == 0 ? "Region \(i % 4)" : nil, businessPartner: "Partner \(i % 13)"))
        }
        let legs = (1..<count).map { ChainLeg.Draft(from: "N\($0 - 1)", to: "N\($0)", mode: TransportMode.allCases[$0 % 4].rawValue) }
        // The drafts are made to be valid; a failure here is a bug in the bench.
        return try! ChainValidator.validate(SupplyChain.Draft(name: "Chain \(index)", nodes: nodes, legs: legs)).get()
    }

    static func ratings(for chains: [SupplyChain], now: Date) -> (ThreatLibrary, VulnerabilitySheet) {
        let scale = RiskScale.standard
        var threats: [ThreatRating] = []
        for (c, code) in countries.enumerated() {
            for (t, threat) in ThreatCategory.allCases.enumerated() {
                threats.append(ThreatRating(country: CountryCode(code)!, category: threat, level: RiskLevel(rank: (c + t) % scale.count),
                                            source: "bench", ratedAt: now))
            }
            threats.append(ThreatRating(country: CountryCode(code)!, region: "Region 1", category: .terrorism, level: scale.highest,
                                        source: "bench", ratedAt: now))
        }
        var vulnerabilities: [VulnerabilityRating] = []
        for chain in chains {
            for (i, node) in chain.nodes.enumerated() {
                for category in CategoryApplicability.standard.categories(for: node.kind) {
                    vulnerabilities.append(VulnerabilityRating(nodeID: node.id, category: category,
                                                               level: RiskLevel(rank: (i + category.number) % scale.count), ratedAt: now))
                }
            }
        }
        return (ThreatLibrary(ratings: threats), VulnerabilitySheet(ratings: vulnerabilities))
    }

    /// In-process scoring of 200 chains / 10,000 nodes, alone and with the matrix and action plan.
    static func scoring(iterations: Int) -> [BenchResult] {
        var results: [BenchResult] = []
        func time(_ name: String, count: Int, _ body: () -> Void) {
            var samples: [Double] = []
            let start = ContinuousClock.now
            for _ in 0..<count {
                let began = ContinuousClock.now
                body()
                samples.append((ContinuousClock.now - began).milliseconds)
            }
            results.append(BenchResult(operation: name, requests: count, samples: samples,
                                       seconds: (ContinuousClock.now - start).milliseconds / 1000))
        }
        let now = Date()
        let chains = (0..<200).map { chain($0, nodes: 50) }
        let (threats, sheet) = ratings(for: chains, now: now)
        let method = AssessmentMethod(participants: [AssessmentParticipant(name: "Bench", role: "Bench")])
        let runs = max(5, min(iterations, 50))
        time("risk: score 200 chains / 10,000 nodes (in-process)", count: runs) {
            _ = RiskScoring.score(method.scoringInput(chains: chains, threats: threats, vulnerabilities: sheet))
        }
        time("risk: score + matrix + action plan, 10,000 nodes (in-process)", count: runs) {
            let report = RiskScoring.score(method.scoringInput(chains: chains, threats: threats, vulnerabilities: sheet))
            _ = RiskMatrix(report: report)
            _ = ActionPlanProposal.propose(from: report, now: now)
        }
        return results
    }

    /// The pages the HTTP rows read: an assessment with one rated 50-node chain.
    struct Pages: Sendable {
        let assessment: String
        let chain: String
    }

    /// Makes the assessment for `company` through the services, as the pages would.
    static func seedPages(app: Application, company: CompanyID) async throws -> Pages {
        let now = Date()
        let chains = [chain(0, nodes: 50)]
        let (threats, sheet) = ratings(for: chains, now: now)
        let assessment = try await RiskAssessmentService(app: app).create(company: company, .init(title: "Bench assessment"), by: nil)
        let workspace = try await RiskWorkspace.load(assessment, company: company, db: app.db, catalogs: app.catalogs, now: now)
        let big = chain(0, nodes: 50)
        try await SupplyChainService(app: app).add(big, to: workspace, by: nil)
        let drafts = threats.ratings.map {
            ThreatRating.Draft(country: $0.country.code, region: $0.region, category: $0.category.rawValue,
                               level: RiskScale.standard.key(of: $0.level), source: $0.source)
        }
        try await RiskRatingService(app: app).rateThreats(drafts, in: workspace, by: nil)
        let rated = try await RiskWorkspace.load(assessment, company: company, db: app.db, catalogs: app.catalogs, now: now)
        let vulnerabilityDrafts = sheet.ratings.compactMap { rating -> VulnerabilityRating.Draft? in
            guard let node = big.nodes.first(where: { $0.key == chains[0].node(id: rating.nodeID)?.key }) else { return nil }
            return VulnerabilityRating.Draft(nodeKey: node.key, category: String(rating.category.number),
                                             level: RiskScale.standard.key(of: rating.level), reason: "bench")
        }
        try await RiskRatingService(app: app).rateVulnerabilities(vulnerabilityDrafts, chain: big, in: rated, by: nil)
        return Pages(assessment: SiteURL.riskAssessment(company, assessment), chain: SiteURL.riskChain(company, assessment, big.id))
    }

    static func pages(runner: LoadRunner, officer: BenchClient.Cookies, pages: Pages) async -> [BenchResult] {
        var results: [BenchResult] = []
        for (name, path) in [("risk: assessment page, one 50-node chain (HTTP)", pages.assessment), ("risk: chain page, 50 nodes (HTTP)", pages.chain)] {
            results.append(await runner.measure(name, warmup: min(runner.warmup, 5)) { try await $0.client.get(path, cookies: officer).status })
        }
        return results
    }
}
