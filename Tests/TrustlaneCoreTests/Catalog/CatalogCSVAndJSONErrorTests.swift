import Foundation
import Testing
@testable import TrustlaneCore

@Suite("CSV and JSON import errors")
struct CatalogCSVAndJSONErrorTests {
    static let header = "id,focus_area,category_number,category_name,level,entity_types,summary"
    static let facts = """
    # id: csv-test
    # program: TEST
    # version: 1
    # title: CSV test
    # effective_date: 2024-01-01
    # entity_types: IMP;HC

    """

    @Test func researchShapedCSVLoads() throws {
        let text = Self.facts + Self.header + "\n"
            + "1.1,Corporate Security,1,Security Vision & Responsibility,Should,IMP;HC,Senior official signs a statement; post it.\n"
            + "5.1,Transportation Security,5,Conveyance Security,Must,all,\"Store conveyances securely, away from public roads.\"\n"

        let catalog = try CatalogLoader.load(text, format: .csv)

        #expect(catalog.id == "csv-test")
        #expect(catalog.focusAreas.map(\.id) == ["corporate_security", "transportation_security"])
        #expect(catalog.criterion(id: "1.1")?.title == "Senior official signs a statement") // derived: no title column
        #expect(catalog.criterion(id: "5.1")?.summary == "Store conveyances securely, away from public roads.")
        #expect(catalog.criterion(id: "5.1")?.entityTypes == [.importer, .highwayCarrier])
    }

    @Test func rowProblemsCarryTheRowLineAndColumnName() {
        let text = Self.facts + Self.header + "\n"
            + "1.1,Corporate Security,1,Vision,Should,IMP;HC,Fine row.\n"
            + "5.1,Transportation Security,5,Conveyance,,IMP;HC,Level left empty.\n"
            + "5.2,Transportation Security,5,Conveyance,Must,UNVERIFIED,Research placeholder for types.\n"
            + "5.1,Transportation Security,5,Conveyance,Must,HC,Duplicate id.\n"
            + "1.5,Transportation Security,5,Conveyance,Must,HC,Prefix does not match.\n"
        let firstRow = CatalogFixtures.line(of: "Fine row", in: text)!

        let issues = CatalogFixtures.issues(text, .csv)

        #expect(issues.map(\.line) == [firstRow + 1, firstRow + 2, firstRow + 3, firstRow + 4])
        #expect(issues.map(\.field) == ["level", "entity_types", "id", "category_number"])
        #expect(issues.map(\.kind) == [.missingField, .unknownEntityType, .duplicateID, .categoryMismatch])
        #expect(issues[1].message.contains("`UNVERIFIED` is not an entity type"))
        #expect(issues[3].message.contains("`category_number`") || issues[3].message.contains("category"))
    }

    @Test func missingColumnAndUnknownColumnAreReportedOnTheHeader() {
        let text = Self.facts + "id,focus_area,category_number,category_name,entity_types,summary,colour\n"
            + "1.1,Corporate Security,1,Vision,IMP;HC,No level column.\n"
        let headerLine = CatalogFixtures.line(of: "id,focus_area", in: text)

        let issues = CatalogFixtures.issues(text, .csv)

        let onHeader = issues.filter { $0.line == headerLine }
        #expect(Set(onHeader.map(\.field)) == ["level", "colour"])
    }

    @Test func missingCatalogFactsSayWhereToAddThem() {
        let text = Self.header + "\n1.1,Corporate Security,1,Vision,Should,IMP,Row.\n"

        let issues = CatalogFixtures.issues(text, .csv)

        let dateIssue = issues.first { $0.field == "effective_date" }
        #expect(dateIssue?.message == "The catalog's `effective_date` is missing; add a line `# effective_date: ...` above the header row.")
    }

    @Test func unclosedQuoteIsASyntaxError() {
        let text = Self.facts + Self.header + "\n1.1,Corporate Security,1,Vision,Should,IMP,\"never closed\n"

        let issues = CatalogFixtures.issues(text, .csv)

        #expect(issues.map(\.kind) == [.syntax])
        #expect(issues.first?.line == CatalogFixtures.line(of: "never closed", in: text))
    }

    @Test func raggedRowIsReported() {
        let text = Self.facts + Self.header + "\n1.1,Corporate Security,1,Vision,Should,IMP;HC,Summary, with a comma\n"

        let issues = CatalogFixtures.issues(text, .csv)

        #expect(issues.contains { $0.field == "row" && $0.message.contains("has 8 fields but the header has 7") })
    }

    @Test func jsonProblemsCarryLines() throws {
        let catalog = try CatalogFixtures.small()
        let json = CatalogExporter.json(catalog).replacingOccurrences(of: "\"level\": \"must\"", with: "\"level\": \"often\"")
        let badLines = json.components(separatedBy: "\n").enumerated().filter { $0.element.contains("\"often\"") }.map { $0.offset + 1 }

        let issues = CatalogFixtures.issues(json, .json)

        #expect(issues.map(\.kind) == [.invalidLevel, .invalidLevel])
        #expect(issues.map(\.line) == badLines)
    }

    @Test func malformedJSONIsRefusedWithItsLine() {
        let text = "{\n  \"id\": \"x\",\n  \"program\": \"TEST\"\n  \"version\": \"1\"\n}\n"

        let issues = CatalogFixtures.issues(text, .json)

        #expect(issues.map(\.kind) == [.syntax])
        #expect(issues.first?.line == 4)
    }

    @Test func numericIDsInJSONKeepTheirDigits() throws {
        let catalog = try CatalogFixtures.small()
        let json = CatalogExporter.json(catalog).replacingOccurrences(of: "\"id\": \"5.10\"", with: "\"id\": 5.10")

        let reloaded = try CatalogLoader.load(json, format: .json)

        #expect(reloaded.criterion(id: "5.10") != nil)
    }
}
