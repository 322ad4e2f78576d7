import Foundation
import Testing
@testable import TrustlaneCore

/// Step 2: ratings per country or region, the region's overriding the country's, unrated
/// staying unrated.
@Suite("Threat library")
struct ThreatLibraryTests {
    typealias F = RiskFixtures
    let mx = CountryCode("MX")!

    @Test func regionRatingOverridesCountryRatingAndOthersFallBack() {
        let library = ThreatLibrary(ratings: [
            F.threat("MX", .organizedCrime, 1), F.threat("MX", .terrorism, 0),
            F.threat("MX", region: "Tamaulipas", .organizedCrime, 2),
        ])

        #expect(library.rating(country: mx, region: "Tamaulipas", category: .organizedCrime)?.level == RiskLevel(rank: 2))
        #expect(library.rating(country: mx, region: "Tamaulipas", category: .terrorism)?.level == RiskLevel(rank: 0))
        #expect(library.rating(country: mx, region: "Jalisco", category: .organizedCrime)?.level == RiskLevel(rank: 1))
        #expect(library.rating(country: mx, category: .organizedCrime)?.level == RiskLevel(rank: 1))
        #expect(library.rating(country: mx, category: .agricultural) == nil)
        #expect(library.rating(country: CountryCode("CA")!, category: .terrorism) == nil)
    }

    @Test func regionOnlyRatingLeavesTheRestOfTheCountryUnrated() {
        let library = ThreatLibrary(ratings: [F.threat("MX", region: "Nuevo León", .humanSmuggling, 2)])

        #expect(library.rating(country: mx, region: "  nuevo   LEON ", category: .humanSmuggling) != nil)
        #expect(library.rating(country: mx, region: "Sonora", category: .humanSmuggling) == nil)
    }

    @Test func laterRatingOfTheSameSubjectWins() {
        let older = F.threat("MX", .terrorism, 2, at: F.now.addingTimeInterval(-86_400))
        let newer = F.threat("MX", .terrorism, 0)

        let library = ThreatLibrary(ratings: [newer, older])

        #expect(library.ratings == [newer])
    }

    @Test func gapsListTheThreatsStillUnratedAlongTheChains() throws {
        let chain = try F.shoes()
        let library = ThreatLibrary(ratings: ThreatCategory.allCases.map { F.threat("ID", $0, 1) })

        let gaps = library.gaps(in: [chain])

        #expect(gaps.map(\.country.code) == ["US"]) // both US nodes are in California: asked once
        #expect(gaps[0].region == "California")
        #expect(gaps[0].categories == ThreatCategory.allCases)
    }

    @Test func typedRatingIsCheckedAgainstTheScale() throws {
        let good = try F.value(ThreatRating.validate(.init(country: "mx", region: "Tamaulipas", category: "organized crime",
                                                           level: "High", note: "Cartel activity on routes", source: "US State Dept advisory"),
                                                     scale: .standard, ratedAt: F.now, ratedBy: nil))
        let outside = F.errors(ThreatRating.validate(.init(country: "MX", category: "terrorism", level: "4", source: "x"),
                                                     scale: .standard, ratedAt: F.now, ratedBy: nil))
        let bad = F.errors(ThreatRating.validate(.init(country: "XX", category: "piracy", level: "extreme", source: " "),
                                                 scale: .standard, ratedAt: F.now, ratedBy: nil))

        #expect(good.category == .organizedCrime)
        #expect(good.level == RiskLevel(rank: 2))
        #expect(outside.map(\.messageKey) == ["risk.error.level_outside_scale"])
        #expect(outside[0].arguments["levels"] == "low, medium, high")
        #expect(bad.map(\.field) == ["country", "category", "level", "source"])
    }

    @Test func ratingsOffAChangedScaleAreListed() {
        let library = ThreatLibrary(ratings: [F.threat("MX", .terrorism, 4), F.threat("MX", .agricultural, 1)])

        #expect(library.ratingsOutside(.fiveLevel).isEmpty)
        #expect(library.ratingsOutside(.standard).map { $0.arguments["category"] } == ["terrorism"])
    }
}
