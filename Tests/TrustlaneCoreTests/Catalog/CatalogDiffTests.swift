import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Catalog diff")
struct CatalogDiffTests {
    @Test func sameCatalogHasNoDifferences() throws {
        let catalog = try CatalogFixtures.bundled()

        #expect(CatalogDiff(old: catalog, new: catalog).isEmpty)
    }

    @Test func listsAddedRemovedAndChangedCriteriaWithTheirFields() throws {
        let old = try CatalogFixtures.small()
        let newText = CatalogFixtures.smallYAML
            .replacingOccurrences(of: "title: Yard exit inspection", with: "title: Yard exit check")
            .replacingOccurrences(of: "summary: Trailers are inspected when they leave the yard.\n    level: must",
                                  with: "summary: Trailers are inspected when they leave the yard.\n    level: should")
            .replacingOccurrences(of: "verified: [IMP]", with: "verified: true")
            .replacingOccurrences(of: "id: \"5.1\"\n    category: 5", with: "id: \"5.2\"\n    category: 5")
        let new = try CatalogLoader.load(newText, format: .yaml)

        let diff = CatalogDiff(old: old, new: new)

        #expect(diff.added.map(\.id) == ["5.2"])
        #expect(diff.removed.map(\.id) == ["5.1"])
        #expect(diff.changed.map(\.id) == ["1.1", "5.10"])
        #expect(diff.changed.first { $0.id == "5.10" }?.fields == [.title, .level])
        #expect(diff.changed.first { $0.id == "1.1" }?.fields == [.verified])
        #expect(!diff.isEmpty)
    }

    @Test func listsChangedEligibilityQuestions() throws {
        let old = try CatalogFixtures.small()
        let new = try CatalogLoader.load(CatalogFixtures.smallYAML
            .replacingOccurrences(of: "reason: The company must be active.", with: "reason: Only active companies qualify.")
            .replacingOccurrences(of: "  - id: owes_debt", with: "  - id: owes_final_debt"), format: .yaml)

        let diff = CatalogDiff(old: old, new: new)

        #expect(diff.changedQuestions == ["active"])
        #expect(diff.addedQuestions.map(\.id) == ["owes_final_debt"])
        #expect(diff.removedQuestions.map(\.id) == ["owes_debt"])
        #expect(diff.added.isEmpty && diff.removed.isEmpty && diff.changed.isEmpty)
    }

    @Test func changedFieldsNamesEachField() {
        let old = Criterion(id: "3.4", title: "A", summary: "S", guidance: "G", level: .must, entityTypes: [.importer])
        let new = Criterion(id: "3.4", title: "A", summary: "S2", guidance: "G2", level: .must,
                            entityTypes: [.importer, .exporter],
                            condition: ApplicabilityCondition(id: "c", question: "Q?"), note: "Checked.")

        #expect(CatalogDiff.changedFields(old, new) == [.summary, .guidance, .entityTypes, .condition, .note])
    }
}
