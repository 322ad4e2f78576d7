import Foundation
import Testing
@testable import TrustlaneCore

/// The Consolidated Screening List download in both its forms, written here with the real column
/// names and layout (header row, "; "-joined cells, ISO-2 address countries; `{"results": [...]}`)
/// and invented entries; never a downloaded list.
@Suite("Denied-party lists: Consolidated Screening List CSV and JSON")
struct ConsolidatedScreeningListTests {
    static let columns = ["_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
                          "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
                          "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
                          "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
                          "nationalities", "places_of_birth", "source_information_url", "ids"]
    static let sdn = "Specially Designated Nationals (SDN) - Treasury Department"
    static let entityList = "Entity List (EL) - Bureau of Industry and Security"

    /// One CSV line with every field quoted, as the download writes them.
    static func row(_ values: [String: String]) -> String {
        columns.map { "\"" + (values[$0] ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }

    static let csv = columns.joined(separator: ",") + "\n"
        + row(["_id": "90001", "source": sdn, "entity_number": "90001", "type": "Entity", "programs": "SDGT; IRAN-EO13902",
               "name": "NUSANTARA BAYANGAN TRADING CO., LTD.", "addresses": "Jl. Contoh 1, Jakarta, ID; Jl. Contoh 2, Surabaya, ID",
               "alt_names": "BAYANGAN NUSANTARA; NBT", "start_date": "2021-03-04", "remarks": "Invented for tests."])
        + row(["_id": "5f1c0ab3", "source": entityList, "name": "Frontera Oscura Logistica, S.A. de C.V.",
               "addresses": "Av. Ejemplo 2, Monterrey, Nuevo Leon, MX; and Calle Falsa 3, Tijuana, MX",
               "alt_names": "Oscura Logistics; and FOL Group", "start_date": "2019-05-16"])
        + row(["_id": "6a2d1bc4", "source": "Denied Persons List (DPL) - Bureau of Industry and Security", "name": "Harbor Phantom Imports",
               "addresses": "1 Nowhere Road, Springfield, XX, 00000", "start_date": "16/05/2019"])

    @Test func theCSVFormReadsEveryEntryWithItsSourceList() throws {
        let list = try ConsolidatedScreeningList.parseCSV(Self.csv, file: "consolidated.csv")
        #expect(list.source == "Consolidated Screening List")
        #expect(list.entries.map(\.number) == ["90001", "5f1c0ab3", "6a2d1bc4"])
        let first = list.entries[0]
        #expect(first.source == Self.sdn && first.type == "Entity" && first.programs == ["SDGT", "IRAN-EO13902"])
        #expect(first.aliases == ["BAYANGAN NUSANTARA", "NBT"])
        #expect(first.addresses == [.init(street: "Jl. Contoh 1, Jakarta", country: "ID"), .init(street: "Jl. Contoh 2, Surabaya", country: "ID")])
        #expect(first.countries == ["ID"] && first.listedOn == ProgramDay("2021-03-04") && first.remarks == "Invented for tests.")
        // The Entity List's "...; and X" leaves no "and" in front of the last alias or address.
        let second = list.entries[1]
        #expect(second.aliases == ["Oscura Logistics", "FOL Group"] && second.countries == ["MX"])
        #expect(second.addresses.last?.street == "Calle Falsa 3, Tijuana")
        // An address without a country code keeps all its parts; a date in another form is left out.
        #expect(list.entries[2].addresses == [.init(street: "1 Nowhere Road, Springfield, XX, 00000")])
        #expect(list.entries[2].listedOn == nil)
        #expect(ConsolidatedScreeningList.sourceCode(first.source) == "SDN")
        #expect(ConsolidatedScreeningList.sourceCode("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department") == "NS-MBS")
    }

    @Test func theJSONFormReadsTheSameRecords() throws {
        let json = """
        {"results": [
          {"id": "90001", "source": "\(Self.sdn)", "entity_number": "90001", "type": "Entity", "programs": ["SDGT"],
           "name": "NUSANTARA BAYANGAN TRADING CO., LTD.", "alt_names": ["BAYANGAN NUSANTARA"], "remarks": null,
           "addresses": [{"address": "Jl. Contoh 1", "city": "Jakarta", "state": null, "postal_code": "10110", "country": "ID"}],
           "start_date": "2021-03-04", "ids": []},
          {"id": "5f1c0ab3", "source": "\(Self.entityList)", "entity_number": null, "type": null, "programs": [],
           "name": "Frontera Oscura Logistica, S.A. de C.V.", "alt_names": null, "addresses": null, "start_date": null}
        ], "sources_used": []}
        """
        let list = try ConsolidatedScreeningList.parse(Data(json.utf8), file: "consolidated.json")
        #expect(list.entries.map(\.number) == ["90001", "5f1c0ab3"])
        #expect(list.entries[0].addresses == [.init(street: "Jl. Contoh 1", cityLine: "Jakarta, 10110", country: "ID")])
        #expect(list.entries[0].aliases == ["BAYANGAN NUSANTARA"] && list.entries[0].source == Self.sdn)
        #expect(list.entries[1].type == "" && list.entries[1].aliases.isEmpty && list.entries[1].listedOn == nil)
        // A bare array of records reads too, and `parse` tells CSV from JSON by the first character.
        let bare = try ConsolidatedScreeningList.parse(Data("[{\"source\": \"\(Self.sdn)\", \"name\": \"Harbor Phantom\"}]".utf8), file: "csl.json")
        #expect(bare.entries.map(\.number) == ["record 1"])
        #expect(try ConsolidatedScreeningList.parse(Data(Self.csv.utf8), file: "consolidated.csv").entries.count == 3)
    }

    @Test func aCSVThatFailsAFormatCheckIsRefusedWholeWithItsLinesAndFields() {
        let header = Self.columns.joined(separator: ",") + "\n"
        do {
            _ = try ConsolidatedScreeningList.parseCSV(header + Self.row(["_id": "1", "source": Self.sdn, "name": ""])
                                                       + "\"2\",\"short row\"\n"
                                                       + Self.row(["_id": "3", "name": "No Source Trading"]), file: "consolidated.csv")
            Issue.record("a malformed list was accepted")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3, 4])
            #expect(error.description.contains("consolidated.csv line 2: `name` is empty"))
            #expect(error.description.contains("consolidated.csv line 3: 2 fields, 29 expected"))
            #expect(error.description.contains("consolidated.csv line 4: `source` is empty"))
        }
        do {
            _ = try ConsolidatedScreeningList.parseCSV("_id,source,entity_number,alt_names\n\"1\",\"x\",\"1\",\"\"\n", file: "other.csv")
            Issue.record("a file without a name column was accepted")
        } catch {
            #expect(error.description == "other.csv line 1: the header has no `name` column: is this the Consolidated Screening List CSV (columns _id, source, entity_number, type, programs, name, ...)?")
        }
        #expect(throws: ListImportError.self) { try ConsolidatedScreeningList.parseCSV("", file: "empty.csv") }
        #expect(throws: ListImportError.self) { try ConsolidatedScreeningList.parseCSV(header, file: "header-only.csv") }
    }

    @Test func aJSONFileThatFailsAFormatCheckIsRefusedWholeWithItsRecords() {
        do {
            _ = try ConsolidatedScreeningList.parseJSON(Data("""
            {"results": [{"source": "\(Self.sdn)", "name": "Fine Name"}, {"source": "\(Self.sdn)"}, "text",
                         {"source": "\(Self.sdn)", "name": "Bad Aliases", "alt_names": 7}]}
            """.utf8), file: "consolidated.json")
            Issue.record("a malformed list was accepted")
        } catch {
            #expect(error.problems.map(\.place) == [.record(2), .record(3), .record(4)])
            #expect(error.description.contains("consolidated.json record 2: `name` is empty"))
            #expect(error.description.contains("consolidated.json record 3: an object expected"))
            #expect(error.description.contains("consolidated.json record 4: `alt_names` must be a list of texts or null"))
        }
        for (text, expected) in [("{\"results\": [", "consolidated.json: not readable JSON"),
                                 ("{\"total\": 0}", "consolidated.json: a `results` array"),
                                 ("{\"results\": []}", "consolidated.json: no entries")] {
            do {
                _ = try ConsolidatedScreeningList.parseJSON(Data(text.utf8), file: "consolidated.json")
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.hasPrefix(expected), "\(error.description)")
            }
        }
    }

    @Test func screeningACSLListSaysWhichListHitAndAgreesOnISOCountries() throws {
        let index = ScreeningIndex(try ConsolidatedScreeningList.parseCSV(Self.csv, file: "consolidated.csv"))
        let hit = try #require(index.screen("PT Nusantara Bayangan Trading", country: "ID").first)
        #expect(hit.entry.source == Self.sdn && hit.countryAgrees)
        #expect(index.screen("Frontera Oscura Logistica SA de CV", country: "MX").first?.entry.number == "5f1c0ab3")
        #expect(index.screen("Nusantara Garmen").isEmpty)
    }
}
