import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Business partners: validation, CSV import and export, duplicate hints")
struct BusinessPartnerCSVTests {
    static let header = "reference,legal_name,other_names,country,role,address,identifiers,sites,contact_name,contact_email,notes\n"

    static func read(_ text: String, identifiers: [String: String] = [:], references: [String: String] = [:]) -> BusinessPartnerCSV.Reading {
        BusinessPartnerCSV.read(Data(text.utf8), takenIdentifiers: identifiers, takenReferences: references)
    }

    @Test func aFileSentTwiceIsRefusedRowByRowWithItsCountsAndFirstProblems() {
        // Setup: every row's reference and identifier already belong to a partner, and row 4
        // also lacks its country.
        var text = "reference,legal_name,country,role,identifiers\n"
        for n in 1...4 { text += "R-\(n),Partner \(n),\(n == 4 ? "" : "ID"),supplier,duns:\(100_000_000 + n)\n" }
        let owners = Dictionary(uniqueKeysWithValues: (1...4).map { ("duns:\(100_000_000 + $0)", "Owner \($0)") })
        let references = Dictionary(uniqueKeysWithValues: (1...4).map { ("r-\($0)", "Owner \($0)") })
        // Act
        let reading = Self.read(text, identifiers: owners, references: references)
        // Assert
        #expect(reading.partners.isEmpty)
        #expect(reading.rejected.map(\.line) == [2, 3, 4, 5])
        #expect(reading.rejected[0].errors.map(\.message) == [
            "Line 2, column 5 (identifiers): identifier duns:100000001 already belongs to the partner Owner 1",
            "Line 2, column 1 (reference): reference R-1 already belongs to the partner Owner 1",
        ])
        #expect(reading.rejected[0].errors[0].arguments == ["value": "duns:100000001", "owner": "Owner 1", "line": "2", "column": "5",
                                                            "column_name": "identifiers"])
        // Row 5 is refused by the validator alone (its partner is never built).
        #expect(reading.rejected[3].errors.map(\.message) == ["Line 5, column 3 (country): A value is required here."])
        #expect(reading.rejected[3].cells == ["R-4", "Partner 4", "", "supplier", "duns:100000004"])
        #expect(reading.problemCount == 7)
        #expect(reading.firstProblems(3).map { $0.arguments["line"] } == ["2", "2", "3"])
        #expect(reading.firstProblems().count == 7)
        #expect(reading.errorFile().split(separator: "\n").count == 5)
    }

    @Test func validRowsBecomePartners() {
        // Setup
        let text = Self.header + """
        SUP-001,PT Sepatu Jaya,Sepatu Jaya; SJ Footwear,id,Manufacturer,"Jl. Industri 4, Bandung",tax_id:01.234.567.8-901.000; duns:123456789,Bandung factory,Dewi,dewi@example.id,
        ,Transportes del Norte,,MX,highway carrier,,scac:TDNO,Laredo lane,,,
        """
        // Act
        let reading = Self.read(text)
        // Verify
        #expect(reading.fileErrors.isEmpty)
        #expect(reading.rejected.isEmpty)
        #expect(reading.accepted.map(\.line) == [2, 3])
        let first = reading.accepted[0].partner
        #expect(first.legalName == "PT Sepatu Jaya")
        #expect(first.otherNames == ["Sepatu Jaya", "SJ Footwear"])
        #expect(first.country.code == "ID")
        #expect(first.role == .manufacturer)
        #expect(first.address == "Jl. Industri 4, Bandung")
        #expect(first.identifiers.map(\.text) == ["tax_id:01.234.567.8-901.000", "duns:123456789"])
        #expect(reading.accepted[1].partner.role == .highwayCarrier)
    }

    @Test func badRowsNameTheLineAndColumnAndTheRestStillRead() {
        let text = Self.header + """
        ,,,ID,manufacturer,,,,,,
        ,Acme,,XX,manufacturer,,,,,,
        ,Acme Two,,US,wizard,,,,,,
        ,Acme Three,,US,supplier,,duns 123,,,,
        ,Acme Four,,US,supplier,,,,,not-an-email,
        ,Good One,,US,supplier,,,,,,
        """
        let reading = Self.read(text)
        #expect(reading.accepted.map(\.line) == [7])
        #expect(reading.rejected.map(\.line) == [2, 3, 4, 5, 6])
        #expect(reading.rejected[0].errors.first?.message == "Line 2, column 2 (legal_name): A value is required here.")
        #expect(reading.rejected[1].errors.first?.message.hasPrefix("Line 3, column 4 (country): country 'XX' is not an ISO 3166-1 alpha-2 code") == true)
        #expect(reading.rejected[2].errors.first?.message.contains("use one of manufacturer, supplier, highway_carrier") == true)
        #expect(reading.rejected[3].errors.first?.arguments["column_name"] == "identifiers")
        #expect(reading.rejected[4].errors.first?.arguments["column_name"] == "contact_email")
    }

    @Test func duplicateIdentifiersAndReferencesAreRefusedWithWhoseTheyAre() {
        let text = Self.header + """
        R1,Alpha Co,,US,supplier,,duns:111,,,,
        R2,Beta Co,,US,supplier,,DUNS: 1-1-1,,,,
        r1,Gamma Co,,US,supplier,,,,,,
        R9,Delta Co,,US,supplier,,duns:999,,,,
        R8,Epsilon Co,,US,supplier,,,,,,
        """
        let reading = Self.read(text, identifiers: ["duns:999": "Old Delta"], references: ["r8": "Old Epsilon"])
        #expect(reading.accepted.map(\.line) == [2])
        let messages = reading.rejected.map { $0.errors.map(\.message).joined() }
        #expect(messages[0].contains("identifier duns:1-1-1 is already on line 2"))
        #expect(messages[1].contains("reference r1 is already on line 2"))
        #expect(messages[2].contains("already belongs to the partner Old Delta"))
        #expect(messages[3].contains("reference R8 already belongs to the partner Old Epsilon"))
    }

    @Test func aLargeFileReadOnSeveralCoresGivesTheSameRowsInOrderAndFindsRepeatsAcrossItsSlices() {
        // 12,000 rows: more than one slice of rows checked at once. Line 11,502 repeats line 2's
        // identifier and line 11,503 line 3's reference (each in another slice than its original);
        // line 6,001 has a bad country.
        var text = "reference,legal_name,country,role,identifiers\n"
        for n in 0..<12_000 {
            switch n {
            case 11_500: text += "R-new,Repeat Number Co,US,supplier,duns:500000000\n"
            case 11_501: text += "r-1,Repeat Reference Co,US,supplier,duns:499999999\n"
            case 5_999: text += "R-\(n),Bad Country Co,XX,supplier,duns:\(500_000_000 + n)\n"
            default: text += "R-\(n),Partner \(n) Trading,ID,supplier,duns:\(500_000_000 + n)\n"
            }
        }
        let reading = Self.read(text)
        #expect(reading.fileErrors.isEmpty)
        #expect(reading.rejected.map(\.line) == [6_001, 11_502, 11_503])
        #expect(reading.rejected[1].errors.map(\.message) == ["Line 11502, column 5 (identifiers): identifier duns:500000000 is already on line 2"])
        #expect(reading.rejected[2].errors.map(\.message) == ["Line 11503, column 1 (reference): reference r-1 is already on line 3"])
        #expect(reading.accepted.count == 11_997)
        #expect(reading.accepted.map(\.line) == Array(2...12_001).filter { ![6_001, 11_502, 11_503].contains($0) })
        #expect(reading.accepted[5_000].partner.legalName == "Partner 5000 Trading")
        #expect(reading.accepted[6_000].partner.legalName == "Partner 6001 Trading")
        // Ids ascend in file order (as text too, as the database stores them).
        let ids = reading.accepted.map(\.partner.id.rawValue.uuidString)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func aConcurrentMapKeepsTheOrderOfItsInput() {
        for count in [0, 1, 4_999, 10_000, 25_001] {
            let items = Array(0..<count)
            #expect(items.concurrentMap { index, item in index * 1_000 + item } == items.map { $0 * 1_001 })
        }
    }

    @Test func theFileAsAWholeIsRefusedForEncodingAndHeader() {
        var latin1 = Data((Self.header + ",Caf").utf8)
        latin1.append(0xE9) // "é" in Windows-1252: not UTF-8
        latin1.append(contentsOf: Array(",FR,supplier,,,,,,\n".utf8))
        let encoding = BusinessPartnerCSV.read(latin1)
        #expect(encoding.fileErrors.first?.messageKey == "partners.csv.encoding")
        #expect(encoding.fileErrors.first?.arguments["line"] == "2")
        #expect(encoding.accepted.isEmpty)

        let unknown = Self.read("legal_nme,country,role\nAcme,US,supplier\n")
        #expect(unknown.fileErrors.first?.message.hasPrefix("Line 1, column 1: 'legal_nme' is not a column") == true)
        let missing = Self.read("legal_name,country\nAcme,US\n")
        #expect(missing.fileErrors.first?.message.contains("must name the column role") == true)
        let semicolons = Self.read("legal_name;country;role\nAcme;US;supplier\n")
        #expect(semicolons.fileErrors.first?.message.contains("not semicolons") == true)
        #expect(Self.read("").fileErrors.first?.messageKey == "partners.csv.empty")
    }

    @Test func theErrorFileKeepsTheCellsAndSaysWhatIsWrong() {
        let text = "legal_name,country,role\nAcme,XX,supplier\n=cmd,US,supplier\nGood,US,supplier\n"
        let reading = Self.read(text)
        #expect(reading.accepted.count == 2)
        let file = reading.errorFile()
        let lines = file.split(separator: "\n")
        #expect(lines[0] == "legal_name,country,role,errors")
        #expect(lines[1].hasPrefix("Acme,XX,supplier,Line 2, column 2 (country)") == false) // the message holds commas: quoted
        #expect(lines[1].hasPrefix("Acme,XX,supplier,\"Line 2, column 2 (country)"))
        #expect(lines.count == 2)
    }

    @Test func aCorrectedErrorFileImportsAsItIsAndAnErrorFileOfOneKeepsOneErrorsColumn() {
        let reading = Self.read("legal_name,country,role\nAcme,XX,supplier\nGood,US,supplier\n")
        // The problems worded by the caller (the page passes the reader's language).
        let file = reading.errorFile { "[" + $0.messageKey + "]" }
        #expect(file == "legal_name,country,role,errors\nAcme,XX,supplier,[partners.error.country]\n")
        // Read again as it is: the errors column is ignored, the row still refused for its country.
        let again = Self.read(file)
        #expect(again.fileErrors.isEmpty && again.accepted.isEmpty && again.rejected.count == 1)
        #expect(again.rejected[0].errors.map(\.messageKey) == ["partners.error.country"])
        // Its own error file has one errors column, the new one.
        #expect(again.errorFile().split(separator: "\n")[0] == "legal_name,country,role,errors")
        #expect(again.errorFile().split(separator: "\n")[1].hasPrefix("Acme,XX,supplier,\"Line 2, column 2 (country)"))
        // Corrected, it imports; an errors column in the middle is ignored just the same.
        let fixed = Self.read(file.replacingOccurrences(of: "Acme,XX", with: "Acme,MX"))
        #expect(fixed.rejected.isEmpty && fixed.accepted.map(\.partner.legalName) == ["Acme"])
        let middle = Self.read("legal_name,errors,country,role\nAcme,\"Line 2: old problem\",MX,supplier\n")
        #expect(middle.fileErrors.isEmpty && middle.accepted.first?.partner.country.code == "MX")
        // Any other unknown column is still refused.
        #expect(Self.read("legal_name,error,country,role\nAcme,x,MX,supplier\n").fileErrors.first?.messageKey == "partners.csv.unknown_column")
    }

    @Test func anExportImportsAgainUnchanged() {
        let partners = [
            BusinessPartner(reference: "S-1", legalName: "PT Sepatu Jaya", otherNames: ["SJ, Footwear"], country: CountryCode("ID")!, role: .manufacturer,
                            address: "Jl. Industri 4\nBandung", identifiers: [.init(scheme: "duns", value: "123")], notes: "=SUM(A1)"),
            BusinessPartner(legalName: "Transportes \"del\" Norte", country: CountryCode("MX")!, role: .highwayCarrier),
        ]
        let text = BusinessPartnerCSV.write(partners)
        #expect(text.contains("'=SUM(A1)"))
        let back = Self.read(text)
        #expect(back.rejected.isEmpty)
        // "SJ, Footwear" holds no `;`, so it stays one name; ids are new on import.
        #expect(back.accepted.map { $0.partner.draft } == partners.map(\.draft))
    }

    @Test func duplicateHintsFindTheSameNameUnderOtherLegalForms() {
        let id = CountryCode("ID")!
        let rows: [(line: Int, partner: BusinessPartner)] = [
            (2, BusinessPartner(legalName: "PT Sepatu Jaya", country: id, role: .manufacturer)),
            (3, BusinessPartner(legalName: "SEPATU JAYA, PT.", country: id, role: .manufacturer)),
            (4, BusinessPartner(legalName: "Sepatu Jaya Abadi", country: id, role: .manufacturer)),
            (5, BusinessPartner(legalName: "Sepatu Jaya", country: CountryCode("MY")!, role: .manufacturer)),
            (6, BusinessPartner(legalName: "CV Kain Indah", country: id, role: .supplier)),
        ]
        let existing = [BusinessPartnerDuplicates.key("Kain Indah", country: id): "Kain Indah"]
        let hints = BusinessPartnerDuplicates.hints(rows, existing: existing)
        #expect(hints == [
            .init(line: 3, name: "SEPATU JAYA, PT.", similarTo: "PT Sepatu Jaya", similarLine: 2),
            .init(line: 6, name: "CV Kain Indah", similarTo: "Kain Indah", similarLine: nil),
        ])
        // The names' tokens computed once beforehand give the same hints.
        let tokens = BusinessPartnerDuplicates.nameTokens(rows.map(\.partner))
        #expect(tokens[1] == [["sepatu", "jaya"]])
        #expect(BusinessPartnerDuplicates.hints(rows, nameTokens: tokens, existing: existing) == hints)
        let aliased = [(line: 7, partner: BusinessPartner(legalName: "Batik Sari", otherNames: ["PT. Sepatu Jaya"], country: id, role: .agent))]
        #expect(BusinessPartnerDuplicates.hints(rows + aliased, nameTokens: BusinessPartnerDuplicates.nameTokens((rows + aliased).map(\.partner)),
                                                existing: existing).last == .init(line: 7, name: "PT. Sepatu Jaya", similarTo: "PT Sepatu Jaya", similarLine: 2))
    }

    @Test func roleTextIsAcceptedInSeveralSpellings() {
        #expect(BusinessPartnerRole(text: "3PL") == .thirdPartyLogistics)
        #expect(BusinessPartnerRole(text: "Customs broker") == .customsBroker)
        #expect(BusinessPartnerRole(text: "sea-carrier") == .seaCarrier)
        #expect(BusinessPartnerRole(text: "pirate") == nil)
        #expect(BusinessPartnerIdentifier(scheme: "tax_id", value: "01.234-5").key == BusinessPartnerIdentifier(scheme: "tax_id", value: "012345").key)
    }

    /// The ASCII shortcut of `key` gives what the general rule gives (upper case, letters and
    /// digits only), and text outside ASCII still takes the general rule.
    @Test func identifierKeysKeepOnlyLettersAndDigitsInCapitals() {
        func general(_ value: String) -> String {
            String(value.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        }
        var samples = ["01.234.567-8", "abc-DEF 12/34", "  x_y~z!@#$%^&*()[]{}|;:'\",<>?`", "", "MID:IDSEPJAY123BAN", "scac abcd"]
        samples += (0..<128).map { String(UnicodeScalar(UInt8($0))) + "a\($0)z" }
        for value in samples {
            #expect(BusinessPartnerIdentifier(scheme: "s", value: value).key == "s:" + general(value), "value \(value.debugDescription)")
        }
        #expect(BusinessPartnerIdentifier(scheme: "tax_id", value: "ñ-12.ß").key == "tax_id:Ñ12SS")
        #expect(BusinessPartnerIdentifier(scheme: "tax_id", value: "0123-4567").key == "tax_id:01234567")
        #expect(BusinessPartnerIdentifier(scheme: "duns", value: "ab.cd").key == "duns:ABCD")
    }
}

extension BusinessPartnerCSVTests {
    /// A file read two rows at a time accepts and rejects exactly the rows `read` does: a
    /// reference or identifier repeated in a later chunk names the earlier row's line.
    @Test func aFileReadInChunksChecksEveryRowAgainstTheEarlierChunks() throws {
        // Setup: line 6 repeats line 2's identifier and line 7 line 3's reference (other chunks).
        let text = """
        reference,legal_name,country,role,identifiers
        R-1,Pabrik Satu,ID,manufacturer,duns:100000001
        R-2,Pabrik Dua,ID,manufacturer,duns:100000002

        R-3,Pabrik Tiga,ID,manufacturer,duns:100000003
        R-4,Pabrik Empat,ID,manufacturer,DUNS:100000001
        r-2,Pabrik Lima,ID,manufacturer,duns:100000005
        R-6,Pabrik Enam,ID,,duns:100000006
        R-7,Pabrik Tujuh,ID,manufacturer,duns:100000007
        """
        guard case .opened(var stream) = BusinessPartnerCSV.Stream.open(Data(text.utf8)) else { Issue.record("the file was refused"); return }
        // Act
        var chunks: [BusinessPartnerCSV.Stream.Chunk] = []
        while let chunk = stream.next(rows: 2) { chunks.append(chunk) }
        // Verify: four chunks of two rows (the blank line skipped), the same as one reading.
        let whole = Self.read(text)
        #expect(chunks.map { $0.partners.count + $0.rejected.count } == [2, 2, 2, 1])
        #expect(chunks.flatMap(\.acceptedLines) == whole.acceptedLines)
        #expect(chunks.flatMap(\.acceptedLines) == [2, 3, 5, 9])
        #expect(Set(chunks.flatMap(\.partners).map(\.id)).count == 4, "each partner its own id across the chunks")
        let rejected = chunks.flatMap(\.rejected)
        #expect(rejected.map(\.line) == whole.rejected.map(\.line))
        #expect(rejected.flatMap(\.errors).map(\.message) == [
            "Line 6, column 5 (identifiers): identifier duns:100000001 is already on line 2",
            "Line 7, column 1 (reference): reference r-2 is already on line 3",
            "Line 8, column 4 (role): A value is required here.",
        ])
        #expect(stream.fileErrors.isEmpty && stream.rowsRead == 7)
        #expect(stream.next(rows: 2)?.partners.count == nil, "an ended file stays ended")
    }

    /// A quote never closed in a later chunk ends the file there: the rows before were given
    /// out (an import's transaction undoes them), and `read` refuses the file with the line alone.
    @Test func aQuoteNeverClosedInALaterChunkEndsTheFileWithItsLine() throws {
        // Setup
        let text = "legal_name,country,role\nPabrik Satu,ID,supplier\nPabrik Dua,ID,supplier\n\"Pabrik Tiga,ID,supplier\nPabrik Empat,ID,supplier\n"
        guard case .opened(var stream) = BusinessPartnerCSV.Stream.open(Data(text.utf8)) else { Issue.record("the file was refused"); return }
        // Act
        let first = stream.next(rows: 2)
        let second = stream.next(rows: 2)
        // Verify
        #expect(first?.partners.count == 2)
        #expect(second?.partners.count == nil)
        #expect(stream.fileErrors.map(\.message) == ["Line 4: A quoted cell starting on line 4 is never closed."])
        let whole = Self.read(text)
        #expect(whole.partners.isEmpty && whole.rejected.isEmpty)
        #expect(whole.fileErrors.map(\.message) == stream.fileErrors.map(\.message))
    }

    @Test func bytesThatAreNotUTF8InALaterChunkEndTheFileWithTheirLine() throws {
        // Setup: the fifth line holds a Windows-1252 "é"
        var data = Data("legal_name,country,role\nPabrik Satu,ID,supplier\nPabrik Dua,ID,supplier\nPabrik Tiga,ID,supplier\nCaf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array(",FR,supplier\nPabrik Lima,ID,supplier\n".utf8))
        guard case .opened(var stream) = BusinessPartnerCSV.Stream.open(data) else { Issue.record("the file was refused"); return }
        // Act
        let first = stream.next(rows: 2)
        let second = stream.next(rows: 2)
        // Verify
        #expect(first?.partners.map(\.legalName) == ["Pabrik Satu", "Pabrik Dua"])
        #expect(second == nil)
        #expect(stream.fileErrors.map(\.messageKey) == ["partners.csv.encoding"])
        #expect(stream.fileErrors.first?.arguments["line"] == "5")
        let whole = BusinessPartnerCSV.read(data)
        #expect(whole.partners.isEmpty && whole.rejected.isEmpty)
        #expect(whole.fileErrors.map(\.message) == stream.fileErrors.map(\.message))
    }
}
