import Foundation
import Testing
@testable import TrustlaneCore

@Suite("OSCAL export")
struct CatalogOSCALExportTests {
    private func oscal() throws -> [String: Any] {
        let json = CatalogExporter.oscalJSON(try CatalogFixtures.bundled())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(root["catalog"] as? [String: Any])
    }

    @Test func hasOSCALCatalogMetadata() throws {
        let catalog = try oscal()

        let metadata = try #require(catalog["metadata"] as? [String: Any])
        #expect(metadata["title"] as? String == "CTPAT Minimum Security Criteria 2020")
        #expect(metadata["oscal-version"] as? String == "1.1.2")
        #expect(metadata["version"] as? String == "2020")
        #expect(metadata["last-modified"] as? String == "2020-01-01T00:00:00Z")
        let uuid = try #require(catalog["uuid"] as? String)
        #expect(UUID(uuidString: uuid) != nil)
        #expect(uuid.dropFirst(14).first == "5") // name-based, version 5
    }

    @Test func groupsFocusAreasAndCategoriesAroundControls() throws {
        let catalog = try oscal()

        let focusAreas = try #require(catalog["groups"] as? [[String: Any]])
        let categories = focusAreas.flatMap { ($0["groups"] as? [[String: Any]]) ?? [] }
        let controls = categories.flatMap { ($0["controls"] as? [[String: Any]]) ?? [] }
        #expect(focusAreas.map { $0["class"] as? String } == ["focus-area", "focus-area", "focus-area"])
        #expect(categories.map { $0["id"] as? String } == (1...12).map { "category-\($0)" })
        #expect(controls.count == (try CatalogFixtures.bundled()).criteria.count)
    }

    @Test func controlCarriesLevelEntityTypesVerificationAndProse() throws {
        let catalog = try oscal()
        let controls = (catalog["groups"] as? [[String: Any]] ?? [])
            .flatMap { ($0["groups"] as? [[String: Any]]) ?? [] }
            .flatMap { ($0["controls"] as? [[String: Any]]) ?? [] }

        let control = try #require(controls.first { $0["id"] as? String == "msc-7.37" })
        let props = try #require(control["props"] as? [[String: String]])
        let parts = try #require(control["parts"] as? [[String: String]])
        #expect(props.first { $0["name"] == "label" }?["value"] == "7.37")
        #expect(props.first { $0["name"] == "level" }?["value"] == "must")
        #expect(props.first { $0["name"] == "level" }?["ns"] == CatalogExporter.oscalNamespace)
        #expect(props.filter { $0["name"] == "entity-type" }.count == 12)
        #expect(props.first { $0["name"] == "verified" }?["value"] == "true")
        #expect(parts.map { $0["name"] } == ["statement", "guidance"])
        #expect(parts.allSatisfy { ($0["prose"] ?? "").isEmpty == false })
    }

    @Test func conditionalControlExplainsItsCondition() throws {
        let catalog = try oscal()
        let controls = (catalog["groups"] as? [[String: Any]] ?? [])
            .flatMap { ($0["groups"] as? [[String: Any]]) ?? [] }
            .flatMap { ($0["controls"] as? [[String: Any]]) ?? [] }

        let control = try #require(controls.first { $0["id"] as? String == "msc-9.15" })
        let parts = try #require(control["parts"] as? [[String: String]])
        #expect(parts.last?["name"] == "applicability")
        #expect(parts.last?["prose"]?.contains("Does the company use security cameras?") == true)
    }
}
