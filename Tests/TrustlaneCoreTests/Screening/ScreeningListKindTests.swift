import Foundation
import Testing
@testable import TrustlaneCore

/// The import side of screening: which reader a kind uses, the UTF-8 check, and the fingerprints
/// a remembered false positive is held against.
@Suite("Screening: list kinds and fingerprints")
struct ScreeningListKindTests {
    @Test func eachKindReadsItsOwnFormat() throws {
        let sdn = DeniedPartyListTests.sdn
        let list = try ScreeningListKind.ofacSDN.parse(.init(primary: ("sdn.csv", Data(sdn.utf8)), aliases: ("alt.csv", Data(DeniedPartyListTests.alt.utf8))))
        #expect(list.source == "OFAC SDN" && list.entries.count == 3)
        let uflpa = "name,aliases,country\nExample Cotton Co. Ltd.,Example Cotton,CN\n"
        #expect(try ScreeningListKind.uflpa.parse(.init(primary: ("uflpa.csv", Data(uflpa.utf8)))).entries.first?.name == "Example Cotton Co. Ltd.")
        #expect(throws: ListImportError.self) { try ScreeningListKind.consolidatedScreeningList.parse(.init()) }
    }

    @Test func aFileThatIsNotUTF8IsRefusedOnItsLine() {
        var data = Data("name,country\nGood,CN\nCaf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array(",FR\n".utf8))
        do {
            _ = try ScreeningListKind.uflpa.parse(.init(primary: ("uflpa.csv", data)))
            Issue.record("a Latin-1 file was accepted")
        } catch {
            #expect(error.description == "uflpa.csv line 3: not UTF-8 text: save the file as UTF-8 and upload it again")
        }
    }

    @Test func fingerprintsChangeWithNamesAndCountryButNotWithCaseOrLegalForm() {
        let base = ScreeningFingerprint.partner(names: ["PT Batik Nusantara", "Batik N"], country: "ID")
        #expect(base == ScreeningFingerprint.partner(names: ["Batik N", "BATIK NUSANTARA"], country: "id"))
        #expect(base != ScreeningFingerprint.partner(names: ["PT Batik Nusantara", "Batik N", "Nusantara Export"], country: "ID"))
        #expect(base != ScreeningFingerprint.partner(names: ["PT Batik Nusantara", "Batik N"], country: "MY"))
        let entry = DeniedPartyList.Entry(number: "1", name: "BATIK NUSANTARA", addresses: [.init(street: "Jl. 1", country: "Indonesia")])
        let moved = DeniedPartyList.Entry(number: "1", name: "BATIK NUSANTARA", addresses: [.init(street: "Jl. 2", country: "Indonesia")])
        #expect(ScreeningFingerprint.entry(entry) != ScreeningFingerprint.entry(moved))
        #expect(ScreeningFingerprint.entry(entry).count == 16)
    }
}
