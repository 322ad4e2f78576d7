import Foundation
import Testing
@testable import TrustlaneCore

/// The formula: threat x vulnerability per node and threat, the node's highest, legs from their
/// ends, chains from their highest node, with breakdowns and a ranking.
@Suite("Risk scoring")
struct RiskScoringTests {
    typealias F = RiskFixtures

    /// The shoes chain with: Indonesia terrorism low, contraband high (West Java: medium),
    /// US organized crime medium; F1 physical security medium, access control high; P1 seals low.
    func scored(_ configure: (inout RiskScoring.Input) -> Void = { _ in }) throws -> (SupplyChain, RiskReport) {
        let chain = try F.shoes()
        let f1 = chain.nodes[0], p1 = chain.nodes[1]
        var input = RiskScoring.Input(
            chains: [chain],
            threats: ThreatLibrary(ratings: [
                F.threat("ID", .terrorism, 0), F.threat("ID", .contrabandSmuggling, 2),
                F.threat("ID", region: "West Java", .contrabandSmuggling, 1), F.threat("US", .organizedCrime, 1),
            ]),
            vulnerabilities: VulnerabilitySheet(ratings: [
                F.vulnerability(f1, .physicalSecurity, 1), F.vulnerability(f1, .physicalAccessControls, 2),
                F.vulnerability(p1, .sealSecurity, 0),
                F.vulnerability(p1, .cybersecurity, 2), // not rated at a port: ignored
            ]))
        configure(&input)
        return (chain, RiskScoring.score(input))
    }

    @Test func nodeRiskIsHighestThreatTimesHighestApplicableVulnerability() throws {
        let (_, report) = try scored()
        let f1 = report.chains[0].nodes[0]

        #expect(f1.vulnerability == RiskLevel(rank: 2)) // access controls high
        #expect(f1.drivingCategory == .physicalAccessControls)
        #expect(f1.threatLevel == RiskLevel(rank: 1)) // West Java contraband medium overrides high
        #expect(f1.drivingThreat == .contrabandSmuggling)
        #expect(f1.score == 6) // 2 x 3
        #expect(f1.band == .high)
        #expect(f1.byThreat[.terrorism] == 3) // 1 x 3
        #expect(f1.byThreat[.contrabandSmuggling] == 6)
        #expect(f1.byThreat[.humanSmuggling] == nil)
        #expect(f1.byCategory[.physicalSecurity] == 4) // 2 x 2
        #expect(f1.byCategory[.physicalAccessControls] == 6)
    }

    @Test func ratingInACategoryThatDoesNotApplyIsIgnored() throws {
        let (_, report) = try scored()
        let p1 = report.chains[0].nodes[1]

        #expect(p1.vulnerability == RiskLevel(rank: 0))
        #expect(p1.vulnerabilityLevel(.cybersecurity) == nil)
        #expect(p1.score == 3) // Jakarta: contraband high (country) 3 x seals low 1
        #expect(p1.band == .medium)
    }

    @Test func legIsTheHigherOfItsEndsAndChainIsItsHighestNode() throws {
        let (chain, report) = try scored()
        let risk = report.chains[0]

        #expect(risk.legs.map(\.score) == [6, 3, nil])
        #expect(risk.legs.map(\.band) == [.high, .medium, nil])
        #expect(risk.score == 6)
        #expect(risk.band == .high)
        #expect(risk.highestNodeID == chain.nodes[0].id)
        #expect(risk.byThreat[.contrabandSmuggling] == 6)
        #expect(risk.byThreat[.terrorism] == 3)
        #expect(risk.byThreat[.organizedCrime] == nil) // the US nodes have no vulnerability rated
        #expect(risk.byCategory[.physicalAccessControls] == 6)
        #expect(risk.byCategory[.sealSecurity] == 3)
        #expect(risk.byCategory.highest?.key == .physicalAccessControls)
        #expect([risk.count(.high), risk.count(.medium), risk.count(.low), risk.unratedNodes] as [Int] == [1, 1, 0, 2])
    }

    @Test func unratedValuesCanCountAsHighestForTriage() throws {
        let (_, report) = try scored { $0.unrated = .assumeHighest }
        let d1 = report.chains[0].nodes[3]

        #expect(d1.threatLevel == RiskLevel(rank: 2))
        #expect(d1.vulnerability == RiskLevel(rank: 2))
        #expect(d1.score == 9)
        #expect(report.chains[0].unratedNodes == 0)
    }

    @Test func sameRanksOnAFiveLevelScaleScoreOnThatScale() throws {
        let (_, report) = try scored {
            $0.scale = .fiveLevel
            $0.bands = RiskBands(mediumFrom: 9, highFrom: 17)
        }
        let f1 = report.chains[0].nodes[0]

        // Ranks 1 and 2 are "low" (2) and "medium" (3) on the five-level scale.
        #expect(f1.score == 6)
        #expect(f1.band == .low)
        #expect(RiskScoring.problems(in: RiskScoring.Input(chains: [], threats: ThreatLibrary(), vulnerabilities: VulnerabilitySheet(),
                                                           scale: .fiveLevel, bands: RiskBands(mediumFrom: 9, highFrom: 17))).isEmpty)
    }

    @Test func ratingsOffTheScaleAndBandsThatDoNotFitAreProblems() throws {
        let chain = try F.shoes()
        let input = RiskScoring.Input(chains: [chain],
                                      threats: ThreatLibrary(ratings: [F.threat("ID", .terrorism, 4)]),
                                      vulnerabilities: VulnerabilitySheet(ratings: [F.vulnerability(chain.nodes[0], .sealSecurity, 3)]),
                                      bands: RiskBands(mediumFrom: 3, highFrom: 12))

        let keys = RiskScoring.problems(in: input).map(\.messageKey)

        #expect(keys == ["risk.error.band_high", "risk.error.threat_rating_outside_scale", "risk.error.vulnerability_outside_scale"])
        #expect(RiskScoring.score(input).chains[0].nodes[0].score == 9) // counted at the highest, never lower
    }

    @Test func chainsAreRankedByScoreThenHighNodesThenName() throws {
        func chain(_ name: String, _ countries: [String]) throws -> SupplyChain {
            let nodes = countries.enumerated().map { F.node("N\($0.offset)", "warehouse", country: $0.element) }
            let legs = (1..<countries.count).map { F.leg("N\($0 - 1)", "N\($0)") }
            return try F.value(ChainValidator.validate(F.draft(nodes, legs, name: name)))
        }
        let chains = [try chain("Beta", ["ID", "MX"]), try chain("alpha", ["ID", "MX"]), try chain("Gamma", ["ID", "ID"]),
                      try chain("Delta", ["US", "US"]), try chain("Epsilon", ["CA", "CA"])]
        let ratings = chains.flatMap { $0.nodes.map { F.vulnerability($0, .physicalSecurity, 2) } }
        let threats = ThreatLibrary(ratings: [F.threat("ID", .terrorism, 2), F.threat("MX", .organizedCrime, 0),
                                              F.threat("US", .terrorism, 2)])

        let report = RiskScoring.score(RiskScoring.Input(chains: chains, threats: threats, vulnerabilities: VulnerabilitySheet(ratings: ratings)))

        // Gamma and Delta: two high nodes; alpha and Beta: one high, one medium; Epsilon unrated.
        #expect(report.rankedChains.map(\.name) == ["Delta", "Gamma", "alpha", "Beta", "Epsilon"])
        #expect(report.rank(of: chains[4].id) == 5)
        #expect(report.count(.high) == 6)
    }
}
