import Foundation
import Testing
@testable import TrustlaneCore

/// A bad file is refused whole, with every problem located by line and field.
@Suite("Catalog import errors")
struct CatalogLoaderErrorTests {
    @Test func smallFixtureLoads() throws {
        let catalog = try CatalogFixtures.small()

        #expect(catalog.criteria.count == 3)
        #expect(catalog.entityTypes == [.importer, .highwayCarrier])
        #expect(catalog.criterion(id: "1.1")?.entityTypes == [.importer, .highwayCarrier]) // `all` = the catalog's types
        #expect(catalog.criterion(id: "5.1")?.condition?.question == "Does the company use security cameras?")
        #expect(catalog.criterion(id: "5.1")?.guidance == "Fence the yard and log who enters.")
    }

    @Test func duplicateIDIsReportedOnTheSecondOccurrenceWithTheFirstLine() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "5.1"
            category: 5
            title: Second 5.1
            summary: A copy.
            level: must
            entity_types: [HC]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        let issue = issues.first { $0.kind == .duplicateID }
        #expect(issues.count == 1)
        #expect(issue?.field == "id")
        #expect(issue?.itemID == "criterion 5.1")
        #expect(issue?.line == CatalogFixtures.line(of: "title: Second 5.1", in: text).map { $0 - 2 })
        #expect(issue?.message.contains("first on line \(CatalogFixtures.line(of: "id: \"5.1\"", in: text)!)") == true)
    }

    @Test func unknownEntityTypeIsReportedWithItsLineAndTheValidCodes() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "5.2"
            category: 5
            title: Odd types
            summary: Lists a code that does not exist.
            level: must
            entity_types: [HC, IMPORTER]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.count == 1)
        #expect(issues.first?.kind == .unknownEntityType)
        #expect(issues.first?.field == "entity_types")
        #expect(issues.first?.line == CatalogFixtures.line(of: "[HC, IMPORTER]", in: text))
        #expect(issues.first?.message.contains("`IMPORTER` is not an entity type") == true)
        #expect(issues.first?.message.contains("3PL") == true)
    }

    @Test func missingLevelIsReportedAtTheCriterion() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "5.2"
            category: 5
            title: No level
            summary: Forgot the level.
            entity_types: [HC]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.count == 1)
        #expect(issues.first?.kind == .missingField)
        #expect(issues.first?.field == "level")
        #expect(issues.first?.itemID == "criterion 5.2")
        #expect(issues.first?.line == CatalogFixtures.line(of: "id: \"5.2\"", in: text))
        #expect(issues.first?.message == "The level is missing; write Must or Should.")
    }

    @Test func levelOtherThanMustOrShouldIsRefused() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "5.2"
            category: 5
            title: Odd level
            summary: Level is not Must or Should.
            level: Mandatory
            entity_types: [HC]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.kind) == [.invalidLevel])
        #expect(issues.first?.line == CatalogFixtures.line(of: "level: Mandatory", in: text))
    }

    @Test func categoryThatDoesNotExistIsRefused() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "13.1"
            category: 13
            title: Unknown category
            summary: Category 13 is not defined.
            level: must
            entity_types: [HC]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.kind) == [.unknownCategory])
        #expect(issues.first?.field == "category")
        #expect(issues.first?.line == CatalogFixtures.line(of: "category: 13", in: text))
        #expect(issues.first?.message.contains("use one of 1, 5") == true)
    }

    @Test func idPrefixThatDiffersFromTheCategoryIsRefused() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "1.9"
            category: 5
            title: Wrong category
            summary: Filed under 5 but numbered in 1.
            level: must
            entity_types: [HC]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.kind) == [.categoryMismatch])
        #expect(issues.first?.line == CatalogFixtures.line(of: "title: Wrong category", in: text).map { $0 - 1 })
        #expect(issues.first?.message.contains("set category to 1 or renumber") == true)
    }

    @Test func everyProblemIsReportedInOnePass() {
        let text = CatalogFixtures.smallYAML(appendingCriterion: """
          - id: "5.1"
            category: 5
            title: Duplicate
            summary: Same id as before.
            level: must
            entity_types: [HC]
          - id: "5.3"
            category: 5
            title: Bad code
            summary: Unknown type.
            level: should
            entity_types: [XX]
          - id: "5.4"
            category: 5
            title: No level
            summary: Missing level.
            entity_types: [IMP]
          - id: "5.5"
            category: 5
            titel: Typo in a field name
            title: Has a typo above
            summary: One unknown field.
            level: should
            entity_types: [IMP]

        """)

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(Set(issues.map(\.kind)) == [.duplicateID, .unknownEntityType, .missingField, .unknownField])
        #expect(issues.allSatisfy { $0.line != nil })
        #expect(issues.map { $0.line ?? 0 } == issues.map { $0.line ?? 0 }.sorted())
    }

    @Test func malformedYAMLIsRefusedWithItsLine() {
        let text = "id: x\nprogram: [unclosed\nversion: 1\n"

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.count == 1)
        #expect(issues.first?.kind == .syntax)
        #expect(issues.first?.line != nil)
    }

    @Test func missingTopLevelFactsAreEachReported() {
        let text = """
        program: TEST
        focus_areas: []
        categories: []
        criteria: []
        """

        let fields = Set(CatalogFixtures.issues(text, .yaml).map(\.field))

        #expect(fields.isSuperset(of: ["id", "version", "title", "effective_date"]))
    }

    @Test func badDateIsRefused() {
        let text = CatalogFixtures.smallYAML.replacingOccurrences(of: "\"2024-01-01\"", with: "2024-02-30")

        let issues = CatalogFixtures.issues(text, .yaml)

        #expect(issues.map(\.field) == ["effective_date"])
        #expect(issues.first?.line == 5)
    }

    @Test func loadErrorDescribesEveryIssueForTheCommandLine() throws {
        let text = CatalogFixtures.smallYAML.replacingOccurrences(of: "level: should", with: "level: maybe")

        let error = #expect(throws: CatalogLoadError.self) {
            try CatalogLoader.load(text, format: .yaml, source: "new.yaml")
        }

        #expect(error?.description.hasPrefix("new.yaml was not loaded: 1 problem.") == true)
        #expect(error?.description.contains("line 20, criterion 1.1, field level") == true)
    }
}
