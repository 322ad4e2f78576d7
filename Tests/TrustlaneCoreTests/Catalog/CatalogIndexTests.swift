import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Catalog index")
struct CatalogIndexTests {
    private func index() throws -> CatalogIndex {
        CatalogIndex(try CatalogFixtures.bundled())
    }

    @Test func unionOfTwoEntityTypesShowsWhichTypesRequireEachCriterion() throws {
        let index = try index()

        let result = index.criteria(for: [.importer, .highwayCarrier])

        let byID = Dictionary(uniqueKeysWithValues: result.map { ($0.id, $0.entityTypes) })
        #expect(byID["1.1"] == [.importer, .highwayCarrier])
        #expect(byID["5.9"] == [.highwayCarrier])
        #expect(byID["5.21"] == [.importer])
        #expect(byID["3.11"] == nil) // customs brokers only
        let expected = Set(index.catalog.criteria.filter { $0.applies(to: .importer) || $0.applies(to: .highwayCarrier) }.map(\.id))
        #expect(Set(result.map(\.id)) == expected)
        #expect(result.map(\.id) == result.map(\.id).sorted())
    }

    @Test func noSelectedTypeMeansEveryCriterionWithAllItsTypes() throws {
        let index = try index()

        let result = index.criteria(for: [])

        #expect(result.count == index.catalog.criteria.count)
        #expect(result.first { $0.id == "11.5" }?.entityTypes.count == 12)
    }

    @Test func filtersByFocusAreaCategoryAndLevel() throws {
        let index = try index()

        let transport = index.search(CatalogQuery(focusAreaIDs: ["transportation_security"]))
        let physicalMusts = index.search(CatalogQuery(categoryNumbers: [9], level: .must))
        let brokerShoulds = index.search(CatalogQuery(entityTypes: [.customsBroker], level: .should))

        #expect(Set(transport.map(\.criterion.categoryNumber)) == [5, 6, 7, 8])
        #expect(!physicalMusts.isEmpty)
        #expect(physicalMusts.allSatisfy { $0.criterion.categoryNumber == 9 && $0.criterion.level == .must })
        #expect(brokerShoulds.allSatisfy { $0.criterion.level == .should && $0.entityTypes == [.customsBroker] })
        #expect(brokerShoulds.count == index.catalog.criteria.filter { $0.level == .should && $0.applies(to: .customsBroker) }.count)
    }

    @Test func textSearchIgnoresCaseAndAccentsAndMatchesEveryWord() throws {
        let index = try index()

        let vvtt = index.search(CatalogQuery(text: "vvtt")).map(\.id)
        let iso = index.search(CatalogQuery(text: "iso 17712")).map(\.id)
        let accented = index.search(CatalogQuery(text: "SÉAL Lóg")).map(\.id)

        #expect(vvtt.contains("6.7"))
        #expect(vvtt.contains("12.3"))
        #expect(iso == ["6.5"])
        #expect(accented.contains("6.4"))
    }

    @Test func textSearchCoversIDsTitlesAndGuidance() throws {
        let index = try index()

        #expect(index.search(CatalogQuery(text: "7.37")).map(\.id) == ["7.37"])
        #expect(index.search(CatalogQuery(text: "code of conduct")).map(\.id).contains("11.5"))
        #expect(index.search(CatalogQuery(text: "NIST SP 800-88")).map(\.id) == ["4.14"]) // only in guidance
        #expect(index.search(CatalogQuery(text: "no-such-word-anywhere")).isEmpty)
    }

    @Test func filtersCombine() throws {
        let index = try index()

        let result = index.search(CatalogQuery(entityTypes: [.seaCarrier], focusAreaIDs: ["transportation_security"],
                                               categoryNumbers: [5], level: .must, text: "vessel"))

        #expect(result.map(\.id) == ["5.11", "5.12", "5.30"])
        #expect(result.allSatisfy { $0.entityTypes == [.seaCarrier] })
    }

    @Test func looksUpByID() throws {
        let index = try index()

        #expect(index.criterion("3.10")?.title == "Informing clients about supply chain security")
        #expect(index.criterion("99.1") == nil)
    }
}
