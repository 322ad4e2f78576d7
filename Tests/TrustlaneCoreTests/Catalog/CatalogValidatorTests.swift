import Foundation
import Testing
@testable import TrustlaneCore

/// Whole-catalog checks, on catalogs built in code (no lines) and loaded from files.
@Suite("Catalog consistency checks")
struct CatalogValidatorTests {
    /// A CTPAT-program catalog with one category and the two program-wide criteria.
    private func ctpatCatalog(_ criteria: [Criterion], types: [EntityType] = [.importer, .customsBroker]) -> Catalog {
        Catalog(id: "ctpat-test", program: "CTPAT", version: "t", title: "Test", effectiveDate: Date(timeIntervalSince1970: 0),
                entityTypes: types,
                focusAreas: [FocusArea(id: "transportation_security", title: "Transportation Security"),
                             FocusArea(id: "people_and_physical_security", title: "People and Physical Security")],
                categories: [CriterionCategory(number: 7, title: "Procedural Security", focusAreaID: "transportation_security"),
                             CriterionCategory(number: 11, title: "Personnel Security", focusAreaID: "people_and_physical_security")],
                criteria: criteria)
    }

    private func criterion(_ id: CriterionID, _ level: CriterionLevel = .must, _ types: Set<EntityType> = [.importer, .customsBroker]) -> Criterion {
        Criterion(id: id, title: "T \(id)", summary: "S \(id)", level: level, entityTypes: types)
    }

    @Test func consistentCatalogHasNoIssues() {
        let catalog = ctpatCatalog([criterion("7.37"), criterion("11.5")])

        #expect(CatalogValidator.validate(catalog).isEmpty)
    }

    @Test func incidentInvestigationMustBeMust() {
        let catalog = ctpatCatalog([criterion("7.37", .should), criterion("11.5")])

        let issues = CatalogValidator.validate(catalog)

        #expect(issues.map(\.kind) == [.programRule])
        #expect(issues.first?.itemID == "criterion 7.37")
        #expect(issues.first?.field == "level")
        #expect(issues.first?.message.contains("change its level to Must") == true)
    }

    @Test func codeOfConductMustCoverEveryEntityType() {
        let catalog = ctpatCatalog([criterion("7.37"), criterion("11.5", .must, [.importer])])

        let issues = CatalogValidator.validate(catalog)

        #expect(Set(issues.map(\.kind)) == [.programRule, .missingCoverage])
        #expect(issues.first { $0.kind == .programRule }?.message.contains("CB is missing") == true)
        #expect(issues.first { $0.kind == .missingCoverage }?.message.hasPrefix("CB has no criterion in category 11") == true)
    }

    @Test func missingProgramCriterionIsReported() {
        let catalog = ctpatCatalog([criterion("7.37"), criterion("11.4")])

        let issues = CatalogValidator.validate(catalog)

        #expect(issues.contains { $0.kind == .programRule && $0.itemID == "criterion 11.5" })
    }

    @Test func programRulesApplyOnlyToCTPAT() throws {
        let catalog = try CatalogFixtures.small()

        #expect(catalog.criterion(id: "7.37") == nil)
        #expect(CatalogValidator.validate(catalog).isEmpty)
    }

    @Test func entityTypeWithoutCriteriaInACategoryIsReported() throws {
        let text = CatalogFixtures.smallYAML.replacingOccurrences(of: "entity_types: [IMP, HC]\n    condition", with: "entity_types: [HC]\n    condition")

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.count == 1)
        #expect(issues.first?.kind == .missingCoverage)
        #expect(issues.first?.itemID == "category 5")
        #expect(issues.first?.message.hasPrefix("IMP has no criterion in category 5 (Conveyance)") == true)
    }

    @Test func categoryLimitedToSomeTypesIsNotExpectedOfOthers() throws {
        let text = CatalogFixtures.smallYAML
            .replacingOccurrences(of: "entity_types: [IMP, HC]\n    condition", with: "entity_types: [HC]\n    condition")
            .replacingOccurrences(of: "focus_area: transportation_security}", with: "focus_area: transportation_security, entity_types: [HC]}")

        #expect(CatalogFixtures.issues(text, .yaml).isEmpty)
    }

    @Test func criterionOutsideItsCategoryTypesIsReported() throws {
        let text = CatalogFixtures.smallYAML
            .replacingOccurrences(of: "focus_area: transportation_security}", with: "focus_area: transportation_security, entity_types: [HC]}")

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.kind) == [.invalidValue])
        #expect(issues.first?.message.contains("Category 5 does not apply to IMP") == true)
    }

    @Test func unknownConditionAndFocusAreaAreReported() {
        let text = CatalogFixtures.smallYAML
            .replacingOccurrences(of: "condition: uses_security_cameras", with: "condition: uses_cameras")
            .replacingOccurrences(of: "{number: 1, title: Vision, focus_area: corporate_security}", with: "{number: 1, title: Vision, focus_area: corporate}")

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(Set(issues.map(\.kind)) == [.unknownCondition, .unknownFocusArea])
        #expect(issues.first { $0.kind == .unknownCondition }?.message.contains("use one of: uses_security_cameras") == true)
    }

    @Test func verificationForTypesTheCriterionLacksIsReported() {
        let text = CatalogFixtures.smallYAML.replacingOccurrences(of: "verified: [IMP]", with: "verified: [IMP, CB]")

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.field) == ["verified"])
    }

    @Test func eligibilityQuestionsAreChecked() {
        let text = CatalogFixtures.smallYAML + """
          - id: active
            entity_types: [HC]
            effect: sometimes
            text: Duplicate id and odd effect?
            reason: Never shown.
          - id: depends
            entity_types: [HC]
            effect: required
            asked_if: {question: owes_debt, answer: false}
            text: Depends on a question HC is not asked?
            reason: Shown on no.

        """

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(Set(issues.map(\.kind)) == [.invalidValue, .unknownQuestion])
        #expect(issues.first { $0.kind == .unknownQuestion }?.message.contains("`owes_debt` is not asked of HC") == true)
    }

    /// Issue 11: sources, local ids and the mapping from a replaced version are checked.
    @Test func sourcesLocalIDsAndTheMappingAreChecked() {
        let good = CatalogFixtures.smallYAML
            .replacingOccurrences(of: "entity_types: [IMP, HC]\nfocus_areas:",
                                  with: "entity_types: [IMP, HC]\nreplaces: test-catalog-0\nsources:\n  - {id: booklet, title: A CBP booklet, kind: cbp}\nmapping:\n  - {from: \"5.9\", to: \"TL-5-A\", change: renumbered}\nfocus_areas:")
            .replacingOccurrences(of: "    verified: [IMP]\n", with: "    verified: [IMP]\n    sources: [booklet]\n")
            .replacingOccurrences(of: "eligibility:\n", with: """
              - id: "TL-5-A"
                category: 5
                title: Local check
                summary: A check Trustlane keeps without a CBP number.
                level: should
                entity_types: [HC]
            eligibility:

            """)
        #expect(good.contains("sources: [booklet]"))
        #expect(CatalogFixtures.issues(good, .yaml).isEmpty, "\(CatalogFixtures.issues(good, .yaml).map(\.message))")

        let bad = good
            .replacingOccurrences(of: "sources: [booklet]", with: "sources: [bookelt]")
            .replacingOccurrences(of: "to: \"TL-5-A\"", with: "to: \"TL-5-B\"")
            .replacingOccurrences(of: "summary: A check Trustlane keeps without a CBP number.\n    level: should\n    entity_types: [HC]",
                                  with: "summary: A check Trustlane keeps without a CBP number.\n    level: should\n    entity_types: [HC]\n    verified: true")
        let issues = CatalogFixtures.issues(bad, .yaml)
        #expect(issues.contains { $0.field == "sources" && $0.message.contains("`bookelt` is not in the catalog's `sources`; use one of: booklet") })
        #expect(issues.contains { $0.field == "mapping.to" && $0.message.contains("TL-5-B is not a criterion of this version") })
        #expect(issues.contains { $0.field == "verified" && $0.message.contains("TL-5-A is a Trustlane-local id") })
        #expect(issues.count == 3, "\(issues.map(\.message))")
    }
}

