import Foundation
import Testing
@testable import TrustlaneCore

/// Export then import gives back the same catalog.
@Suite("Catalog export and re-import")
struct CatalogRoundTripTests {
    @Test func yamlRoundTripKeepsEverything() throws {
        let catalog = try CatalogFixtures.bundled()

        let yaml = try CatalogExporter.yaml(catalog)
        let reloaded = try CatalogLoader.load(yaml, format: .yaml)

        #expect(reloaded == catalog)
        #expect(yaml.contains("id: \"3.10\""))
    }

    @Test func jsonRoundTripKeepsEverything() throws {
        let catalog = try CatalogFixtures.bundled()

        let json = CatalogExporter.json(catalog)
        let reloaded = try CatalogLoader.load(json, format: .json)

        #expect(reloaded == catalog)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
    }

    @Test func csvRoundTripKeepsCriteriaAndCatalogFacts() throws {
        let catalog = try CatalogFixtures.bundled()

        let csv = CatalogExporter.csv(catalog)
        let reloaded = try CatalogLoader.load(csv, format: .csv)

        #expect(reloaded.criteria == catalog.criteria)
        #expect(reloaded.categories == catalog.categories)
        #expect(reloaded.focusAreas == catalog.focusAreas)
        #expect(reloaded.id == catalog.id)
        #expect(reloaded.effectiveDate == catalog.effectiveDate)
        #expect(reloaded.notes == catalog.notes)
        #expect(reloaded.eligibilityQuestions.isEmpty) // CSV holds criteria only
        #expect(csv.hasPrefix("# id: ctpat-msc-2020\n"))
    }

    @Test func csvKeepsTheResearchColumnsFirst() throws {
        let csv = CatalogExporter.csv(try CatalogFixtures.bundled())

        let header = csv.split(separator: "\n").first { !$0.hasPrefix("#") }
        #expect(header == "id,focus_area,category_number,category_name,level,entity_types,title,summary,guidance,condition,verified,note")
        #expect(csv.contains("\n7.37,Transportation Security,7,Procedural Security,Must,IMP;EXP;FM;HC;MLH;RC;SC;AC;CONS;CB;3PL;MPTO,"))
    }

    @Test func smallCatalogRoundTripsThroughEveryFormat() throws {
        let catalog = try CatalogFixtures.small()

        for format in CatalogFormat.allCases {
            let text = try CatalogExporter.export(catalog, as: format)
            let reloaded = try CatalogLoader.load(text, format: format)
            #expect(reloaded.criteria == catalog.criteria, "\(format)")
            #expect(reloaded.entityTypes == catalog.entityTypes, "\(format)")
        }
    }

    @Test func exportIsDeterministic() throws {
        let catalog = try CatalogFixtures.bundled()

        #expect(try CatalogExporter.yaml(catalog) == CatalogExporter.yaml(catalog))
        #expect(CatalogExporter.oscalJSON(catalog) == CatalogExporter.oscalJSON(catalog))
    }

    @Test func loadsFromAFileByExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = try CatalogFixtures.small()
        try CatalogExporter.csv(catalog).write(to: directory.appendingPathComponent("small.csv"), atomically: true, encoding: .utf8)
        try "not a catalog".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let loaded = try BundledCatalogs.load(directory: directory)

        #expect(loaded.catalogs.map(\.id) == ["test-catalog"])
        #expect(throws: CatalogLoadError.self) { try CatalogLoader.load(contentsOf: directory.appendingPathComponent("notes.txt")) }
    }
}
