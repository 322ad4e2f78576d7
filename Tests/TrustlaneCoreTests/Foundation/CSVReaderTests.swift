import Foundation
import Testing
@testable import TrustlaneCore

/// The one CSV reader under catalogs and supply-chain maps, and its one line-ending rule: CR, LF
/// and CRLF each end a line outside quotes and count as one line inside them.
@Suite("CSV reader")
struct CSVReaderTests {
    static func read(_ text: String) throws -> [CSVReader.Record] {
        var reader = CSVReader(text)
        var records: [CSVReader.Record] = []
        while let record = try reader.nextRecord() { records.append(record) }
        return records
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndingEndsARecordAndALine(_ ending: String) throws {
        let records = try Self.read("a,b" + ending + "c,d" + ending + "e" + ending)

        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func mixedLineEndingsCountOneLineEach() throws {
        let records = try Self.read("a\rb\nc\r\nd")

        #expect(records.map(\.fields) == [["a"], ["b"], ["c"], ["d"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func aLineBreakInsideQuotesStaysInTheFieldAndCountsOneLine(_ ending: String) throws {
        let records = try Self.read("\"two" + ending + "lines\",x" + ending + "next")

        #expect(records[0].fields == ["two" + ending + "lines", "x"])
        #expect(records[1].fields == ["next"])
        #expect(records[1].line == 3)
    }

    @Test func quotedFieldsKeepCommasAndDoubledQuotes() throws {
        let records = try Self.read("\"a, \"\"b\"\"\",c\n")

        #expect(records.map(\.fields) == [["a, \"b\"", "c"]])
        #expect(records[0].strayQuote == nil)
    }

    @Test func strayQuotesAreNamedWithTheirColumn() throws {
        let records = try Self.read("a,b\"c\n\"d\"e,f\n")

        #expect(records[0].strayQuote == CSVReader.StrayQuote(column: 2, afterClosingQuote: false))
        #expect(records[1].strayQuote == CSVReader.StrayQuote(column: 1, afterClosingQuote: true))
    }

    @Test func anUnclosedQuoteNamesTheLineItsRecordStartsOn() {
        #expect(throws: CSVReader.UnclosedQuote(line: 2, column: 2)) {
            try Self.read("a\rb,\"never\r\nclosed")
        }
    }

    @Test func commentLinesEndAtAnyLineEndingAndABOMIsIgnored() throws {
        var reader = CSVReader("\u{FEFF}# one\r# two\r\n# three\nx")

        #expect(reader.commentLine()! == (1, " one"))
        #expect(reader.commentLine()! == (2, " two"))
        #expect(reader.commentLine()! == (3, " three"))
        #expect(reader.commentLine() == nil)
        #expect(try reader.nextRecord()?.fields == ["x"])
        #expect(reader.line == 4)
    }

    @Test func bytesReadInPlaceSplitAsTextDoesAndNameTheLineThatIsNotUTF8() throws {
        let text = "\u{FEFF}name,city\r\n\"Café \"\"Ñandú\"\"\nS.A.\",Zürich 🚚\r\nlast,x\n"
        var fromBytes = CSVReader(utf8: Data(text.utf8))
        var fromText = CSVReader(text)
        while let record = try fromText.nextRecord() {
            let same = try fromBytes.nextRecord()
            #expect(same?.fields == record.fields)
            #expect(same?.line == record.line)
            #expect(same?.invalidUTF8Line == nil)
        }
        #expect(try fromBytes.nextRecord() == nil)

        // A Windows-1252 "é" (0xE9) in a quoted cell whose second line is the file's fourth.
        var latin1 = Data("a,b\nok,fine\n\"two\nlines ".utf8)
        latin1.append(0xE9)
        latin1.append(contentsOf: Array("\",x\nnext,row\n".utf8))
        var reader = CSVReader(utf8: latin1)
        let records = try [reader.nextRecord(), reader.nextRecord(), reader.nextRecord(), reader.nextRecord()]
        #expect(records.map { $0?.invalidUTF8Line } == [nil, nil, 4, nil])
        #expect(records[2]?.fields == ["two\nlines \u{FFFD}", "x"])
        #expect(records[3]?.line == 5)
    }

    @Test func writtenLinesReadBack() throws {
        let fields = ["plain", "a, b", "say \"hi\"", "two\r\nlines", " padded ", "#hash", "cr\ronly"]

        let records = try Self.read(CSVReader.line(fields) + CSVReader.line(["next"]))

        #expect(records.map(\.fields) == [fields, ["next"]])
        #expect(records[1].line == 4) // the CRLF and the CR inside quotes count one line each
    }

    // The two callers keep their own messages, on the lines an editor shows.

    @Test func aCatalogFileWithBareCRLineEndingsLoads() throws {
        let text = CatalogCSVAndJSONErrorTests.facts + CatalogCSVAndJSONErrorTests.header + "\n"
            + "1.1,Corporate Security,1,Security Vision,Should,IMP;HC,Summary.\n"
        let lf = try CatalogLoader.load(text, format: .csv)

        let cr = try CatalogLoader.load(text.replacingOccurrences(of: "\n", with: "\r"), format: .csv)
        let crlf = try CatalogLoader.load(text.replacingOccurrences(of: "\n", with: "\r\n"), format: .csv)

        #expect(cr == lf)
        #expect(crlf == lf)
    }

    @Test(arguments: ["\r", "\r\n"])
    func catalogSyntaxErrorsKeepTheirLineWhateverTheLineEnding(_ ending: String) {
        let text = (CatalogCSVAndJSONErrorTests.facts + CatalogCSVAndJSONErrorTests.header
            + "\n1.1,Corporate Security,1,Vision,Should,IMP,\"never closed\n").replacingOccurrences(of: "\n", with: ending)

        let issues = CatalogFixtures.issues(text, .csv)

        #expect(issues.map(\.kind) == [.syntax])
        #expect(issues.first?.line == 8)
        #expect(issues.first?.message == "A quoted field starting on this line is never closed; add the closing `\"`.")
    }

    @Test(arguments: ["\r", "\r\n"])
    func chainErrorsKeepTheirLineAndColumnWhateverTheLineEnding(_ ending: String) {
        let rows = ["chain,Lane", "node,A,port,\"Port\nA\",ID", "node,B,port,Port B,US", "leg,A,B,sea,a\"b"]
        let withLF = RiskFixtures.errors(ChainCSV.read(rows.joined(separator: "\n") + "\n"))

        let errors = RiskFixtures.errors(ChainCSV.read(rows.joined(separator: ending) + ending))

        #expect(errors.map(\.message) == withLF.map(\.message))
        #expect(errors.contains {
            $0.arguments["line"] == "5" && $0.arguments["column"] == "5"
                && $0.message.hasPrefix("Line 5, column 5") && $0.message.contains("A quote inside an unquoted field")
        })
    }
}
