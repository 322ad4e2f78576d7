import Foundation
import Testing
@testable import TrustlaneCore

/// Trustlane's own CSV format for the UFLPA Entity List, with invented entities.
@Suite("Denied-party lists: UFLPA Entity List CSV (Trustlane's format)")
struct UFLPAEntityListCSVTests {
    static let csv = """
    # UFLPA Entity List, copied by hand for tests (invented entities)
    name,aliases,country,address,listed_on,notes
    Tianshan Example Cotton Co. Ltd.,Tianshan Example Cotton; TEC Textile Group,CN,"1 Example Road, Urumqi",2024-05-16,list (iii)

    Example Polysilicon Materials Co.,,cn,,2023-06-09,
    Borderless Yarn Trading,,,,,
    """

    @Test func theFileReadsIntoAListWithAliasesCountriesAndDates() throws {
        let list = try UFLPAEntityListCSV.parse(Self.csv, file: "uflpa.csv")
        #expect(list.source == "UFLPA Entity List")
        #expect(list.entries.map(\.number) == ["3", "5", "6"], "an entry's number is its line")
        let first = list.entries[0]
        #expect(first.aliases == ["Tianshan Example Cotton", "TEC Textile Group"])
        #expect(first.addresses == [.init(street: "1 Example Road, Urumqi", country: "CN")])
        #expect(first.listedOn == ProgramDay("2024-05-16") && first.remarks == "list (iii)" && first.source == "UFLPA Entity List")
        #expect(list.entries[1].countries == ["CN"], "a lower-case code is read as upper case")
        #expect(list.entries[2].addresses.isEmpty && list.entries[2].listedOn == nil)
        // Columns in another order, some left out, read the same.
        let reordered = try UFLPAEntityListCSV.parse("country,name\nCN,Example Polysilicon Materials Co.\n", file: "short.csv")
        #expect(reordered.entries.first?.countries == ["CN"] && reordered.entries.first?.name == "Example Polysilicon Materials Co.")
    }

    @Test func aFileThatFailsAFormatCheckIsRefusedWholeWithItsLinesAndFields() {
        let bad = """
        name,aliases,country,address,listed_on,notes
        ,Nameless,CN,,,
        Example Dye Works,,China,,16/05/2024,
        Example Dye Works,,CN,,,
        """
        do {
            _ = try UFLPAEntityListCSV.parse(bad, file: "uflpa.csv")
            Issue.record("a malformed list was accepted")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3, 3])
            #expect(error.description.contains("uflpa.csv line 2: `name` is empty"))
            #expect(error.description.contains("uflpa.csv line 3: `country` \"CHINA\" is not an ISO 3166 alpha-2 code"))
            #expect(error.description.contains("uflpa.csv line 3: `listed_on` \"16/05/2024\" is not a YYYY-MM-DD day"))
        }
        do {
            _ = try UFLPAEntityListCSV.parse("name,alias\nA,B\nA,C\n", file: "uflpa.csv")
            Issue.record("an unknown column was accepted")
        } catch {
            #expect(error.description == "uflpa.csv line 1: unknown column `alias` (allowed: name, aliases, country, address, listed_on, notes)")
        }
        do {
            _ = try UFLPAEntityListCSV.parse("name\nExample Dye Works\nexample dye works\n", file: "uflpa.csv")
            Issue.record("a name twice was accepted")
        } catch {
            #expect(error.description.contains("uflpa.csv line 3: `name` \"example dye works\" is already on line 2"))
        }
        #expect(throws: ListImportError.self) { try UFLPAEntityListCSV.parse("aliases,country\nX,CN\n", file: "uflpa.csv") }
        #expect(throws: ListImportError.self) { try UFLPAEntityListCSV.parse("# only a comment\n", file: "uflpa.csv") }
        #expect(throws: ListImportError.self) { try UFLPAEntityListCSV.parse("name,aliases\n", file: "uflpa.csv") }
    }

    @Test func suppliersAreScreenedAgainstItLikeAnyDeniedPartyList() throws {
        let index = ScreeningIndex(try UFLPAEntityListCSV.parse(Self.csv, file: "uflpa.csv"))
        let hit = try #require(index.screen("TEC Textile Group Co., Ltd.", country: "CN").first)
        #expect(hit.entry.name == "Tianshan Example Cotton Co. Ltd." && hit.countryAgrees)
        #expect(index.screen("Example Polysilicon Materials").first?.entry.number == "5")
    }
}
