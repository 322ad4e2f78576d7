import Foundation
import Testing
@testable import TrustlaneCore

/// Comparing this year's assessment with last year's.
@Suite("Assessment comparison")
struct AssessmentComparisonTests {
    typealias F = RiskFixtures

    @Test func comparisonNamesAddedRemovedAndChangedNodesAndChains() throws {
        let before = try F.shoes()
        // This year: P2 dropped, a border crossing added, the factory's seals fixed.
        let afterDraft = SupplyChain.Draft(id: before.id, name: before.name, productLine: before.productLine,
                                           nodes: before.draft.nodes.filter { $0.key != "P2" } + [F.node("B1", "border_crossing", country: "US")],
                                           legs: [F.leg("F1", "P1"), F.leg("P1", "B1", "sea"), F.leg("B1", "D1")])
        let after = try F.value(ChainValidator.validate(afterDraft))
        let retired = try F.value(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B")], name: "Retired lane")))
        let renamedCopy = try F.value(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B")], name: "Bags")))
        let bagsLastYear = try F.value(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B")], name: " bags ")))
        let threats = ThreatLibrary(ratings: [F.threat("ID", .terrorism, 2)])
        let oldSheet = VulnerabilitySheet(ratings: [F.vulnerability(before.nodes[0], .sealSecurity, 2), F.vulnerability(before.nodes[1], .sealSecurity, 1)])
        let newSheet = VulnerabilitySheet(ratings: [F.vulnerability(after.nodes[0], .sealSecurity, 0), F.vulnerability(after.nodes[1], .sealSecurity, 1)])
        let previous = [before, retired, bagsLastYear]
        let current = [after, renamedCopy, try F.value(ChainValidator.validate(F.draft([F.node("X"), F.node("Y")], [F.leg("X", "Y")], name: "New lane")))]

        let comparison = AssessmentComparison.compare(
            previous: .init(chains: previous, report: RiskScoring.score(.init(chains: previous, threats: threats, vulnerabilities: oldSheet))),
            current: .init(chains: current, report: RiskScoring.score(.init(chains: current, threats: threats, vulnerabilities: newSheet))))

        #expect(comparison.chainsAdded == ["New lane"])
        #expect(comparison.chainsRemoved == ["Retired lane"])
        #expect(comparison.chains.map(\.name) == [before.name, "Bags"]) // matched by id, then by name
        let shoes = comparison.chains[0]
        #expect(shoes.nodesAdded == ["B1"])
        #expect(shoes.nodesRemoved == ["P2"])
        #expect(shoes.nodeChanges.map(\.key) == ["F1"])
        #expect(shoes.nodeChanges[0].change == .init(before: 9, after: 3, bandBefore: .high, bandAfter: .medium))
        #expect(!shoes.nodeChanges[0].change.isWorse)
        #expect(shoes.change.before == 9 && shoes.change.after == 6)
        #expect(!comparison.chains[1].isChanged)
    }
}
