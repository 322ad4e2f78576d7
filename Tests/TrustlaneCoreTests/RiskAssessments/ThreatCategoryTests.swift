import Foundation
import Testing
@testable import TrustlaneCore

/// Step 2's threat categories are CBP's (five-step guide, 2010) plus agricultural (MSC 8, CBP's
/// 8.1 bulletin); "public safety", which had no CBP source, is retired but still reads.
@Suite("Threat categories")
struct ThreatCategoryTests {
    typealias F = RiskFixtures

    @Test func categoriesAreTheGuidesFiveThenAgricultural() {
        #expect(ThreatCategory.allCases.map(\.rawValue) == [
            "terrorism", "contraband_smuggling", "human_smuggling", "organized_crime", "fostering_conditions", "agricultural",
        ])
        #expect(ThreatCategory.allCases.map(\.ordinal) == Array(0..<6))
        #expect(ThreatCategory(rawValue: "public_safety") == nil)
    }

    @Test func fosteringConditionsNamesPoliticalEconomicAndSocialConditionsAndCorruption() {
        let summary = ThreatCategory.fosteringConditions.summary

        for word in ["political", "economic", "social", "corruption"] { #expect(summary.contains(word)) }
        #expect(ThreatCategory(text: " Fostering conditions ") == .fosteringConditions)
        #expect(ThreatCategory(text: "fostering-conditions") == .fosteringConditions)
    }

    @Test func everyCategoryKindAndModeHasItsWords() {
        // (Every language has every English key: LocalizationTests.)
        let english = LocalizationCatalog.shared.localizer(for: .english)
        for category in ThreatCategory.allCases {
            #expect(english.has(category.nameKey), "\(category.nameKey)")
            #expect(english.has(category.descriptionKey), "\(category.descriptionKey)")
        }
        #expect(english.has(LegacyThreatCategory.publicSafety.nameKey))
        for kind in ChainNodeKind.allCases { #expect(english.has(kind.nameKey), "\(kind.nameKey)") }
        for mode in TransportMode.allCases { #expect(english.has(mode.nameKey), "\(mode.nameKey)") }
        for status in ThreatScreening.Status.allCases { #expect(english.has(status.nameKey), "\(status.nameKey)") }
    }

    @Test func storedPublicSafetyReadsAsALegacyCategory() {
        #expect(StoredThreatCategory(stored: "public_safety") == .legacy(.publicSafety))
        #expect(StoredThreatCategory(stored: "fostering_conditions") == .current(.fosteringConditions))
        #expect(StoredThreatCategory(stored: "piracy") == nil)
        #expect(LegacyThreatCategory.publicSafety.title == "Public safety (not a CBP category)")
        #expect(StoredThreatCategory.legacy(.publicSafety).rawValue == "public_safety")
    }

    @Test func typingPublicSafetyIsRefusedNamingTheFieldAndWhereItsConcernsGo() {
        let errors = F.errors(ThreatRating.validate(.init(country: "MX", category: "Public Safety", level: "high", source: "Advisory"),
                                                    scale: .standard, ratedAt: F.now, ratedBy: nil))

        #expect(errors.map(\.field) == ["category"])
        #expect(errors[0].messageKey == "risk.error.threat_category_legacy")
        #expect(errors[0].message.contains("CBP's five-step guide does not name it"))
        #expect(errors[0].message.contains("fostering_conditions"))
    }

    @Test func unknownCategoryListsTheCurrentOnes() {
        let errors = F.errors(ThreatRating.validate(.init(country: "MX", category: "piracy", level: "high", source: "Advisory"),
                                                    scale: .standard, ratedAt: F.now, ratedBy: nil))

        #expect(errors.map(\.messageKey) == ["risk.error.threat_category"])
        #expect(errors[0].message.contains("fostering_conditions, agricultural"))
        #expect(!errors[0].message.contains("public_safety"))
    }
}
