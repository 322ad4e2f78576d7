import Foundation
import Testing
@testable import TrustlaneCore

/// CBP's triage: screen chains by the threat at origin and along the routing first, and give a
/// full vulnerability assessment only to the chains flagged.
@Suite("Threat screening")
struct ThreatScreeningTests {
    typealias F = RiskFixtures

    /// Mexico (Nuevo León) by road to a Texas border crossing, then a US warehouse.
    static func mexicoLane() throws -> SupplyChain {
        try F.value(ChainValidator.validate(F.draft([
            F.node("M1", "origin_factory", country: "MX", region: "Nuevo León"),
            F.node("R1", "route", country: "MX", region: "Nuevo León"),
            F.node("B1", "border_crossing", country: "US", region: "Texas"),
            F.node("W1", "warehouse", country: "US", region: "Texas"),
        ], [F.leg("M1", "R1"), F.leg("R1", "B1"), F.leg("B1", "W1")], name: "Auto parts Monterrey to Laredo")))
    }

    /// Every category at one level in a country.
    static func all(_ country: String, _ level: Int) -> [ThreatRating] {
        ThreatCategory.allCases.map { F.threat(country, $0, level) }
    }

    @Test func aHighThreatAnywhereOnThePathFlagsTheChainAndSaysWhere() throws {
        let shoes = try F.shoes(), lane = try Self.mexicoLane()
        let library = ThreatLibrary(ratings: Self.all("ID", 0) + Self.all("US", 0) + Self.all("MX", 1)
            + [F.threat("ID", .terrorism, 2)])

        let screening = ThreatScreening.screen([shoes, lane], threats: library, scale: .standard)

        #expect(screening.threshold == RiskLevel(rank: 2))
        #expect(screening.flagged.map(\.name) == [shoes.name])
        let flagged = try #require(screening.chain(shoes.id))
        #expect(flagged.status == .flagged && flagged.needsFullAssessment)
        // Both Indonesian places fall back to the country's rating; each is named with its nodes.
        #expect(flagged.reasons.map(\.place.text) == ["ID, West Java", "ID, Jakarta"])
        #expect(flagged.reasons.map(\.place.nodeKeys) == [["F1"], ["P1"]])
        #expect(flagged.reasons.allSatisfy { $0.category == .terrorism && $0.level == RiskLevel(rank: 2) })
        #expect(screening.chain(lane.id)?.status == .clear)
    }

    @Test func conditionsThatFosterThreatsCountLikeAnyOtherThreat() throws {
        let lane = try Self.mexicoLane()
        let library = ThreatLibrary(ratings: Self.all("MX", 1) + Self.all("US", 0)
            + [F.threat("MX", region: "Nuevo León", .fosteringConditions, 2)])

        let result = try #require(ThreatScreening.screen([lane], threats: library, scale: .standard).chains.first)

        #expect(result.status == .flagged)
        #expect(result.reasons.map(\.category) == [.fosteringConditions])
        #expect(result.reasons.first?.place.nodeKeys == ["M1", "R1"]) // one place, two nodes
    }

    @Test func aChainWithThreatsStillUnratedIsIncompleteNotClear() throws {
        let lane = try Self.mexicoLane()
        let library = ThreatLibrary(ratings: Self.all("MX", 1) + [F.threat("US", .terrorism, 0)])

        let result = try #require(ThreatScreening.screen([lane], threats: library, scale: .standard).chains.first)

        #expect(result.status == .incomplete && !result.needsFullAssessment)
        #expect(result.unrated.map(\.place.text) == ["US, Texas"])
        #expect(result.unrated.first?.categories == Array(ThreatCategory.allCases.dropFirst()))
    }

    @Test func theLevelIsConfigurable() throws {
        let lane = try Self.mexicoLane()
        let library = ThreatLibrary(ratings: Self.all("MX", 1) + Self.all("US", 0))
        let fromMedium = try F.value(ThreatScreening.Rule.validate("Medium", scale: .standard))

        let standard = ThreatScreening.screen([lane], threats: library, scale: .standard)
        let stricter = ThreatScreening.screen([lane], threats: library, scale: .standard, rule: fromMedium)

        #expect(standard.flagged.isEmpty)
        #expect(stricter.flagged.count == 1)
        #expect(stricter.chains[0].reasons.count == ThreatCategory.allCases.count)
        #expect(try F.value(ThreatScreening.Rule.validate("2", scale: .standard)) == fromMedium)
        #expect(try F.value(ThreatScreening.Rule.validate(" ", scale: .standard)) == .standard)
    }

    @Test func aLevelOffTheScaleIsRefusedNamingTheField() {
        let errors = F.errors(ThreatScreening.Rule.validate("extreme", scale: .standard))

        #expect(errors.map(\.field) == ["screen_from"])
        #expect(errors[0].messageKey == "risk.error.screen_from")
        #expect(errors[0].message.contains("low, medium, high"))
    }

    @Test func theDefaultIsTheHighestLevelOfTheScale() {
        let method = AssessmentMethod(scale: .fiveLevel, participants: [])

        #expect(RiskScale.fiveLevel.key(of: method.screening.threshold(on: .fiveLevel)) == "very_high")
        // A saved level that fell off a changed scale goes back to the default.
        #expect(ThreatScreening.Rule(flagFrom: RiskLevel(rank: 4)).threshold(on: .standard) == RiskLevel(rank: 2))
    }
}
