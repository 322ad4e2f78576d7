import Foundation
import Testing
@testable import TrustlaneCore

/// Step 1 from a file: every bad row named by line and column, nothing half-imported, and what
/// is written reads back the same.
@Suite("Chain CSV")
struct ChainCSVTests {
    typealias F = RiskFixtures

    static let example = """
    # Trustlane supply chain map, format 1
    chain,Footwear Bandung to Long Beach,Footwear
    node,F1,origin_factory,PT Sepatu Jaya,ID,West Java,PT Sepatu Jaya
    node,P1,port,Tanjung Priok,ID,Jakarta,Jakarta International Container Terminal
    node,D1,destination,Long Beach DC,US,California,
    leg,F1,P1,truck,PT Trans Logistik
    leg,P1,D1,sea,Ocean Network Express

    """

    @Test func readsTheDocumentedExample() throws {
        let chain = try F.value(ChainCSV.read(Self.example))

        #expect(chain.name == "Footwear Bandung to Long Beach")
        #expect(chain.productLine == "Footwear")
        #expect(chain.nodes.map(\.key) == ["F1", "P1", "D1"])
        #expect(chain.nodes[0].region == "West Java")
        #expect(chain.nodes[2].businessPartner == nil)
        #expect(chain.legs[1].mode == .sea)
        #expect(chain.legs[1].businessPartner == "Ocean Network Express")
    }

    @Test func everyBadRowIsNamedByLineAndColumnAndNothingIsReturned() {
        let text = """
        chain,Lane,
        node,F1,factory,PT Sepatu Jaya,ID
        node,P1,port,Tanjung Priok,XX
        node,D1,destination,Long Beach DC,US
        leg,F1,P1,boat
        leg,P1,Q9,sea
        """

        let errors = F.errors(ChainCSV.read(text))
        let places = errors.map { "\($0.arguments["line"] ?? "-"):\($0.arguments["column"] ?? "-"):\($0.arguments["column_name"] ?? "-")" }

        #expect(places == ["2:3:kind", "3:5:country", "5:4:mode", "6:3:to"])
        #expect(errors.allSatisfy { $0.field == "file" })
        #expect(errors[1].message.hasPrefix("Line 3, column 5 (country): 'XX' is not an ISO 3166-1 alpha-2 country code"))
    }

    @Test func missingCellsAreNamedAsRequired() {
        let errors = F.errors(ChainCSV.read("chain,Lane\nnode,A,port,Port A\nnode,B,port,Port B,US\nleg,A,B,sea\n"))

        #expect(errors.count == 1)
        #expect(errors[0].message == "Line 2, column 5 (country): A value is required here.")
    }

    @Test func unknownRowTypeAndExtraColumnsAreNamed() {
        let text = "chain,Lane\nnod,A,port,Port A,ID\nnode,B,port,Port B,ID,,,surplus\nnode,C,port,Port C,ID,,,,\n"

        let errors = F.errors(ChainCSV.read(text))

        #expect(errors.map(\.messageKey) == ["risk.csv.row_type", "risk.csv.extra_column"])
        #expect(errors.map { $0.arguments["line"] } == ["2", "3"])
        #expect(errors[1].arguments["column"] == "8")
    }

    @Test func semicolonSeparatedFileGetsAHint() {
        let errors = F.errors(ChainCSV.read("chain;Lane\nnode;A;port;Port A;ID\n"))

        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.message.hasSuffix("separated by commas, not semicolons.") })
    }

    @Test func brokenQuotingIsNamed() {
        let stray = F.errors(ChainCSV.read("chain,Lane\nnode,A,port,Port \"A\",ID\n"))
        let unclosed = F.errors(ChainCSV.read("chain,Lane\nnode,A,port,\"Port A,ID\nnode,B,port,Port B,ID\n"))

        #expect(stray.map(\.messageKey) == ["risk.csv.stray_quote"])
        #expect(stray[0].arguments["line"] == "2")
        #expect(stray[0].arguments["column"] == "4")
        #expect(unclosed.map(\.messageKey) == ["risk.csv.unclosed_quote"])
        #expect(unclosed[0].arguments["line"] == "2")
    }

    @Test func structuralErrorsPointAtTheirRow() {
        let text = "chain,Loop\nnode,A,port,A,ID\nnode,B,port,B,ID\nleg,A,B,sea\nleg,B,A,sea\n"

        let errors = F.errors(ChainCSV.read(text))

        #expect(errors.map(\.messageKey) == ["risk.error.chain_loop"])
        #expect(errors[0].arguments["line"] == "5")
        #expect(errors[0].arguments["column_name"] == "to")
    }

    @Test func fileWithoutChainRowTakesTheGivenNameOrAsksForOne() throws {
        let rows = "node,A,port,Port A,ID\nnode,B,port,Port B,US\r\nleg,A,B,sea\r\n"

        let named = try F.value(ChainCSV.read(rows, name: "Given name"))
        let unnamed = F.errors(ChainCSV.read(rows))

        #expect(named.name == "Given name")
        #expect(unnamed.map(\.messageKey) == ["risk.csv.chain_row_missing"])
    }

    @Test func quotedCellsKeepCommasQuotesAndLineBreaksAndLinesStayRight() throws {
        let text = "chain,Lane\nnode,A,port,\"Port \"\"A\"\", pier 1\nnorth side\",ID\nnode,B,port,Port B,XX\nleg,A,B,sea\n"

        let errors = F.errors(ChainCSV.read(text))
        let fixed = try F.value(ChainCSV.read(text.replacingOccurrences(of: "XX", with: "US")))

        #expect(errors.map { $0.arguments["line"] } == ["4"])
        #expect(fixed.nodes[0].name == "Port \"A\", pier 1\nnorth side")
    }

    @Test func writtenMapReadsBackTheSame() throws {
        let chain = try F.value(ChainValidator.validate(F.draft([
            F.node("F1", "origin_factory", region: "Jawa Barat", name: "Sepatu, \"Jaya\"", partner: "#1 Partner"),
            F.node("P1", "port", name: " Leading space", partner: "=HYPERLINK(\"http://x\")"),
            F.node("D1", "destination", country: "US", name: "'s-Hertogenbosch DC"),
        ], [F.leg("F1", "P1", partner: "-Trucks"), F.leg("P1", "D1", "air")], name: "Lane, with comma")))

        let text = ChainCSV.write(chain)
        let again = try F.value(ChainCSV.read(text))

        #expect(text.contains("'=HYPERLINK"))
        #expect(text.contains(",'-Trucks"))
        #expect(again.name == chain.name)
        #expect(again.productLine == chain.productLine)
        #expect(again.nodes.map(\.key) == chain.nodes.map(\.key))
        #expect(again.nodes.map(\.name) == ["Sepatu, \"Jaya\"", "Leading space", "'s-Hertogenbosch DC"])
        #expect(again.nodes.map(\.businessPartner) == chain.nodes.map(\.businessPartner))
        #expect(again.nodes.map(\.region) == chain.nodes.map(\.region))
        #expect(again.legs.map(\.businessPartner) == chain.legs.map(\.businessPartner))
        #expect(again.legs.map(\.mode) == chain.legs.map(\.mode))
        #expect(ChainCSV.write(again) == text)
    }

    @Test func oversizedFileIsRefusedWhole() {
        let big = String(repeating: "#", count: ChainCSV.maxBytes + 1)

        #expect(F.errors(ChainCSV.read(big)).map(\.messageKey) == ["risk.csv.too_large"])
    }
}
