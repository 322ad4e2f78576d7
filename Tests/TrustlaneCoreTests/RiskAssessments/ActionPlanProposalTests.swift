import Foundation
import Testing
@testable import TrustlaneCore

/// Step 4: every high risk proposes one corrective action per category and site operator.
@Suite("Action plan proposals")
struct ActionPlanProposalTests {
    typealias F = RiskFixtures

    /// Two chains through the same Jakarta terminal (run by JICT) and one factory each.
    func report() throws -> RiskReport {
        let first = try F.shoes(name: "Shoes")
        let second = try F.value(ChainValidator.validate(F.draft([
            F.node("F9", "origin_factory", country: "ID", name: "Other factory", partner: "PT Lain"),
            F.node("P1", "port", country: "ID", region: "Jakarta", name: "Tanjung Priok", partner: " jict "),
            F.node("D9", "destination", country: "US"),
        ], [F.leg("F9", "P1"), F.leg("P1", "D9", "sea")], name: "Bags")))
        let threats = ThreatLibrary(ratings: [F.threat("ID", .contrabandSmuggling, 2), F.threat("ID", .terrorism, 1),
                                              F.threat("US", .terrorism, 0)])
        let sheet = VulnerabilitySheet(ratings: [
            F.vulnerability(first.nodes[0], .physicalAccessControls, 2), // F1: 3 x 3 = 9
            F.vulnerability(first.nodes[0], .sealSecurity, 1), // F1: 3 x 2 = 6, high too
            F.vulnerability(first.nodes[0], .personnelSecurity, 0), // F1: 3 x 1 = 3, medium
            F.vulnerability(first.nodes[1], .sealSecurity, 1), // P1 (JICT): 6
            F.vulnerability(second.nodes[1], .sealSecurity, 2), // P1 (jict): 9
            F.vulnerability(second.nodes[2], .sealSecurity, 2), // D9: 1 x 3 = 3, medium
        ])
        return RiskScoring.score(RiskScoring.Input(chains: [first, second], threats: threats, vulnerabilities: sheet))
    }

    @Test func highRisksProposeOneActionPerCategoryAndOperator() throws {
        let proposals = ActionPlanProposal.propose(from: try report(), now: F.now)

        #expect(proposals.map { "\($0.category.number)/\($0.businessPartner ?? "own")" } == ["6/JICT", "10/PT Sepatu Jaya", "6/PT Sepatu Jaya"])
        let terminal = proposals[0]
        #expect(terminal.findings.map(\.chainName) == ["Bags", "Shoes"]) // riskiest first, deduplicated across chains
        #expect(terminal.highestScore == 9)
        #expect(terminal.findings[1].threats == [.contrabandSmuggling]) // terrorism medium x medium = 4
        #expect(terminal.title == "Seal Security: reduce the high risk at 2 sites run by JICT")
        #expect(terminal.titleKey == "risk.action.title_partner")
        #expect(terminal.dueDate == F.now.addingTimeInterval(90 * 86_400))
    }

    @Test func mediumAndLowRisksProposeNothing() throws {
        let proposals = ActionPlanProposal.propose(from: try report(), now: F.now)

        #expect(!proposals.contains { $0.category == .personnelSecurity })
        #expect(!proposals.flatMap(\.findings).contains { $0.node.key == "D9" })
    }

    @Test func openActionsAreNotProposedAgainAndDueDaysAreConfigurable() throws {
        let existing: Set<ActionPlanProposal.Key> = [.init(category: .sealSecurity, businessPartner: "Jict")]

        let proposals = ActionPlanProposal.propose(from: try report(), now: F.now, dueInDays: 30, existing: existing)

        #expect(proposals.map(\.key) == [.init(category: .physicalAccessControls, businessPartner: "PT Sepatu Jaya"),
                                         .init(category: .sealSecurity, businessPartner: "pt sepatu jaya")])
        #expect(proposals.allSatisfy { $0.dueDate == F.now.addingTimeInterval(30 * 86_400) })
    }

    @Test func sitesTheCompanyRunsGetItsOwnTitle() throws {
        let chain = try F.value(ChainValidator.validate(F.draft([F.node("A", country: "ID"), F.node("B", country: "ID")], [F.leg("A", "B")])))
        let report = RiskScoring.score(RiskScoring.Input(
            chains: [chain], threats: ThreatLibrary(ratings: [F.threat("ID", .terrorism, 2)]),
            vulnerabilities: VulnerabilitySheet(ratings: [F.vulnerability(chain.nodes[0], .physicalSecurity, 2)])))

        let proposals = ActionPlanProposal.propose(from: report, now: F.now)

        #expect(proposals.map(\.title) == ["Physical Security: reduce the high risk at 1 site"])
        #expect(proposals[0].titleKey == "risk.action.title_own")
        #expect(proposals[0].businessPartner == nil)
    }
}
