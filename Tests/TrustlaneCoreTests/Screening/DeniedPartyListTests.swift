import Foundation
import Testing
@testable import TrustlaneCore

/// OFAC's legacy CSV set, written here in its real format (no header, quoted fields, CR record
/// ends, `-0-` for empty, a closing Ctrl-Z) with invented names; never a downloaded list.
@Suite("Denied-party lists: OFAC legacy CSV and screening")
struct DeniedPartyListTests {
    static func record(_ fields: [String]) -> String {
        fields.map { $0 == "-0-" ? $0 : "\"\($0)\"" }.joined(separator: ",") + "\r"
    }

    static let sdn = [
        record(["10001", "NUSANTARA BAYANGAN TRADING CO., LTD.", "-0-", "[SDGT] [IRAN-EO13902]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "Invented for tests."]),
        record(["10002", "FRONTERA OSCURA LOGISTICA, S.A. DE C.V.", "-0-", "[ILLICIT-DRUGS-EO14059]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-"]),
        record(["10003", "HASSAN, Mohammed", "individual", "[SDGT]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "DOB 1970."]),
    ].joined() + "\u{1A}"
    static let alt = [
        record(["10001", "201", "aka", "BAYANGAN NUSANTARA", "-0-"]),
        record(["10003", "202", "aka", "AL-HASAN, Mohamed", "-0-"]),
    ].joined()
    static let add = [
        record(["10001", "301", "Jl. Contoh 1", "Jakarta", "Indonesia", "-0-"]),
        record(["10002", "302", "Av. Ejemplo 2", "Monterrey, Nuevo Leon", "Mexico", "-0-"]),
    ].joined()
    static let comments = record(["10001", " Further remarks."])

    static func list() throws -> DeniedPartyList {
        try OFACLegacyCSV.parse(.init(primary: ("sdn.csv", sdn), aliases: ("alt.csv", alt), addresses: ("add.csv", add),
                                      comments: ("sdn_comments.csv", comments)), source: "OFAC SDN")
    }

    @Test func theFourFilesJoinOnTheEntityNumber() throws {
        let list = try Self.list()
        #expect(list.entries.map(\.number) == ["10001", "10002", "10003"])
        let first = list.entries[0]
        #expect(first.type == "" && first.programs == ["SDGT", "IRAN-EO13902"])
        #expect(first.aliases == ["BAYANGAN NUSANTARA"] && first.addresses.first?.country == "Indonesia")
        #expect(first.remarks == "Invented for tests. Further remarks.")
        #expect(list.entries[2].type == "individual" && list.entries[1].remarks == "")
    }

    @Test func aFileThatFailsAFormatCheckIsRefusedWholeWithItsLines() {
        let short = Self.record(["10004", "SHORT ROW", "-0-"])
        let badNumber = Self.record(["X1", "NAME", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-"])
        do {
            _ = try OFACLegacyCSV.parse(.init(primary: ("sdn.csv", Self.sdn.replacingOccurrences(of: "\u{1A}", with: "") + short + badNumber),
                                              aliases: ("alt.csv", Self.record(["99999", "1", "aka", "NOBODY", "-0-"]))), source: "OFAC SDN")
            Issue.record("a malformed list was accepted")
        } catch {
            #expect(error.problems.map(\.line) == [4, 5, 1])
            #expect(error.description.contains("sdn.csv line 4: 3 fields, 12 expected"))
            #expect(error.description.contains("sdn.csv line 5: the entity number \"X1\" is not a number"))
            #expect(error.description.contains("alt.csv line 1: entity number 99999 is not in sdn.csv"))
        }
        #expect(throws: ListImportError.self) { try OFACLegacyCSV.parse(.init(primary: ("sdn.csv", "")), source: "OFAC SDN") }
    }

    @Test func screeningFindsNamesAndAliasesAndSaysWhy() throws {
        let index = ScreeningIndex(try Self.list())
        let hits = index.screen("PT Nusantara Bayangan Trading", country: "ID")
        #expect(hits.map(\.entry.number) == ["10001"])
        #expect(hits.first?.countryAgrees == true)
        let alias = index.screen("Mohamed Al Hasan")
        #expect(alias.first?.entry.number == "10003")
        #expect(alias.first?.match.explanation.contains("~") == true)
        #expect(index.screen("Frontera Oscura Logistica SA de CV", country: "MX").first?.countryAgrees == true)
        // Partners that only share a word are not raised.
        #expect(index.screen("Nusantara Garmen").isEmpty)
        #expect(index.screen("Logistica del Norte").isEmpty)
    }
}
