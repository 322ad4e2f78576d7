import Foundation
import Testing
@testable import TrustlaneCore

/// A company with 200 chains and 10,000 nodes: the scores must be right; the time is printed
/// (the budget, under 50 ms in a release build, is measured by the benchmark, not asserted).
@Suite("Risk scoring at company size")
struct RiskScoringSpeedTests {
    static let countries = ["ID", "MX", "CN", "VN", "US", "CA", "DE", "BR", "IN", "TH"]

    static func company(chains chainCount: Int = 200, nodesPerChain: Int = 50) throws -> RiskScoring.Input {
        let kinds = ChainNodeKind.allCases
        var chains: [SupplyChain] = []
        var vulnerabilities: [VulnerabilityRating] = []
        for c in 0..<chainCount {
            let nodes = (0..<nodesPerChain).map { n in
                RiskFixtures.node("N\(n)", kinds[(c + n) % kinds.count].rawValue, country: countries[(c * 7 + n) % countries.count],
                                  region: n % 5 == 0 ? "Region \(n % 3)" : nil)
            }
            let legs = (1..<nodesPerChain).map { RiskFixtures.leg("N\($0 - 1)", "N\($0)") }
            let chain = try RiskFixtures.value(ChainValidator.validate(RiskFixtures.draft(nodes, legs, name: "Chain \(c)")))
            chains.append(chain)
            for (n, node) in chain.nodes.enumerated() {
                for category in CategoryApplicability.standard.categories(for: node.kind) {
                    vulnerabilities.append(RiskFixtures.vulnerability(node, category, (c + n + category.number) % 3))
                }
            }
        }
        var threats: [ThreatRating] = []
        for (index, country) in countries.enumerated() {
            for category in ThreatCategory.allCases {
                threats.append(RiskFixtures.threat(country, category, (index + category.ordinal) % 3))
                threats.append(RiskFixtures.threat(country, region: "Region 1", category, 2))
            }
        }
        return RiskScoring.Input(chains: chains, threats: ThreatLibrary(ratings: threats),
                                 vulnerabilities: VulnerabilitySheet(ratings: vulnerabilities))
    }

    @Test func scoresTwoHundredChainsOfTenThousandNodes() throws {
        let input = try Self.company()

        let clock = ContinuousClock()
        var report: RiskReport?
        let elapsed = clock.measure { report = RiskScoring.score(input) }
        let result = try #require(report)
        print("RiskScoring: 200 chains / 10,000 nodes scored in \(elapsed) (test build)")

        #expect(result.chains.count == 200)
        #expect(result.chains.reduce(0) { $0 + $1.nodes.count } == 10_000)
        #expect(result.count(nil) == 0) // every node has threats and vulnerabilities
        #expect(result.ranking.count == 200)
        // Spot check one node against the formula computed the slow way.
        let node = result.chains[17].nodes[23]
        let threat = ThreatCategory.allCases.compactMap { input.threats.rating(country: node.node.country, region: node.node.region, category: $0)?.level.rank }.max()!
        let vulnerability = CategoryApplicability.standard.categories(for: node.node.kind)
            .compactMap { input.vulnerabilities.rating(node: node.node.id, category: $0)?.level.rank }.max()!
        #expect(node.score == (threat + 1) * (vulnerability + 1))
        #expect(result.rankedChains.first!.score == 9)
    }
}
