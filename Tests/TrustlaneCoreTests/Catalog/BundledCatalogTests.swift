import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Bundled CTPAT catalog")
struct BundledCatalogTests {
    @Test func bundledCatalogLoadsAndPassesEveryCheck() throws {
        let catalogs = try BundledCatalogs.load()
        let catalog = try #require(catalogs.catalog(id: "ctpat-msc-2020"))

        #expect(CatalogValidator.validate(catalog).isEmpty)
        // Revision 2 (issue 11) is the newest; the first version stays loadable for the profiles answered against it.
        #expect(catalogs.latest(program: "ctpat")?.id == "ctpat-msc-2020-r2")
        #expect(catalogs.index(id: "ctpat-msc-2020") != nil)
        #expect(catalog.program == "CTPAT")
        #expect(catalog.effectiveDateText == "2020-01-01")
        #expect(catalog.entityTypes == EntityType.allCases)
    }

    @Test func hasThreeFocusAreasAndTwelveNumberedCategories() throws {
        let catalog = try CatalogFixtures.bundled()

        #expect(catalog.focusAreas.map(\.id) == ["corporate_security", "transportation_security", "people_and_physical_security"])
        #expect(catalog.categories.map(\.number) == Array(1...12))
        #expect(catalog.category(number: 9)?.title == "Physical Security")
        #expect(catalog.category(number: 10)?.title == "Physical Access Controls")
        #expect(catalog.focusArea(ofCategory: 4)?.id == "corporate_security")
        #expect(catalog.focusArea(ofCategory: 8)?.id == "transportation_security")
        #expect(catalog.focusArea(ofCategory: 12)?.id == "people_and_physical_security")
    }

    @Test func everyEntityTypeHasCriteriaInEveryCategory() throws {
        let catalog = try CatalogFixtures.bundled()

        for type in EntityType.allCases {
            let categories = Set(catalog.criteria(for: type).map(\.categoryNumber))
            #expect(categories == Set(1...12), "\(type.code) lacks categories \(Set(1...12).subtracting(categories).sorted())")
        }
    }

    @Test func sizeIsRealistic() throws {
        let catalog = try CatalogFixtures.bundled()

        #expect((120...160).contains(catalog.criteria.count))
        for type in EntityType.allCases {
            // Customs brokers rarely handle cargo, so their list is the shortest.
            #expect(catalog.criteria(for: type).count >= 85, "\(type.code) has only \(catalog.criteria(for: type).count)")
        }
    }

    @Test func incidentInvestigationAndCodeOfConductAreMustForEveryType() throws {
        let catalog = try CatalogFixtures.bundled()

        for id: CriterionID in ["7.37", "11.5"] {
            let criterion = try #require(catalog.criterion(id: id))
            #expect(criterion.level == .must)
            #expect(criterion.entityTypes == Set(EntityType.allCases))
            #expect(criterion.verified)
        }
    }

    /// Only what the research notes confirm is marked verified.
    @Test func verificationIsClaimedOnlyWhereTheNotesConfirmIt() throws {
        let catalog = try CatalogFixtures.bundled()
        let confirmedFive: Set<EntityType> = [.importer, .highwayCarrier, .mexicanLongHaulCarrier, .foreignManufacturer, .thirdPartyLogistics]

        let verified = catalog.criteria.filter { !$0.verifiedEntityTypes.isEmpty }
        #expect(verified.map(\.id.rawValue).sorted() == ["1.1", "1.2", "11.5", "7.37"])
        #expect(catalog.criterion(id: "1.1")?.verifiedEntityTypes == confirmedFive)
        #expect(catalog.criterion(id: "1.2")?.verifiedEntityTypes == confirmedFive)
        #expect(catalog.criterion(id: "1.1")?.verified == false) // listed for all twelve, confirmed for five
    }

    /// Every row of shared/domain/msc-criteria.csv is in the catalog with the CSV's level.
    @Test func containsEveryResearchCSVRowWithItsLevel() throws {
        let catalog = try CatalogFixtures.bundled()
        let must = "1.3 1.4 2.1 2.3 3.1 3.4 3.5 3.6 3.8 4.1 4.2 4.3 4.5 4.6 4.7 4.8 4.9 4.10 4.13 5.1 5.2 5.3 5.4 5.7 5.29 "
            + "6.1 6.2 6.5 6.6 6.7 7.1 7.2 7.6 7.8 7.23 7.24 7.27 7.37 8.1 9.1 9.4 9.6 9.8 9.10 9.13 9.15 10.1 10.2 10.3 "
            + "10.4 10.10 11.1 11.5 12.1 12.2 12.8 12.9 12.10"
        let should = "1.1 1.2 2.2 2.4 3.7 3.9 4.4 4.11 4.12 5.5 5.6 5.8 5.14 5.15 5.16 5.24 7.4 7.5 7.7 7.25 7.28 7.29 7.30 "
            + "9.5 9.7 9.9 9.11 9.12 9.14 9.16 10.7 10.8 11.2 12.4"
        let expected = must.split(separator: " ").map { (String($0), CriterionLevel.must) }
            + should.split(separator: " ").map { (String($0), CriterionLevel.should) }
        #expect(expected.count == 92)

        for (id, level) in expected {
            let criterion = try #require(catalog.criterion(id: CriterionID(id)!), "missing \(id)")
            #expect(criterion.level == level, "\(id) should be \(level.title)")
        }
        // Criteria added beyond the research rows say that their number is reconstructed.
        let researched = Set(expected.map { CriterionID($0.0)! })
        for criterion in catalog.criteria where !researched.contains(criterion.id) {
            #expect(criterion.note.contains("reconstructed"), "\(criterion.id) has no provenance note")
            #expect(!criterion.verified)
        }
    }

    @Test func conditionalCriteriaNameTheirQuestion() throws {
        let catalog = try CatalogFixtures.bundled()

        #expect(catalog.criterion(id: "9.15")?.condition?.id == "uses_security_cameras")
        #expect(catalog.criterion(id: "6.6")?.condition?.id == "keeps_seal_inventory")
        #expect(catalog.criterion(id: "10.10")?.condition?.id == "uses_security_guards")
        #expect(catalog.criterion(id: "7.37")?.condition == nil)
        #expect(catalog.conditions.allSatisfy { $0.question.hasSuffix("?") })
    }

    @Test func everyEntityTypeHasEligibilityQuestions() throws {
        let catalog = try CatalogFixtures.bundled()

        for type in EntityType.allCases {
            let rules = catalog.eligibilityRules(for: type)
            #expect(rules.questions.count >= 6, "\(type.code)")
            #expect(rules.question(id: "unpaid_final_debt_to_cbp")?.effect == .disqualifying)
        }
        #expect(catalog.eligibilityRules(for: .importer).verified)
        #expect(!catalog.eligibilityRules(for: .customsBroker).verified)
    }
}
