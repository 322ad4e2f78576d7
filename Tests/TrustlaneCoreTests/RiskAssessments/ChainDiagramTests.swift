import Foundation
import Testing
@testable import TrustlaneCore

/// The map drawn on the server: left to right, coloured by band, every text escaped.
@Suite("Chain diagram")
struct ChainDiagramTests {
    typealias F = RiskFixtures

    @Test func diagramIsWellFormedAndEscapesNodeNames() throws {
        let chain = try F.value(ChainValidator.validate(F.draft([
            F.node("A", "origin_factory", name: "<script>alert(1)</script>", partner: "O'Brien & \"Sons\""),
            F.node("B", "destination", country: "US", region: "<i>x</i>"),
        ], [F.leg("A", "B", "air", partner: "</svg><script>")], name: "Lane <1>")))
        let labels = ChainDiagram.Labels.english(title: chain.name)

        let svg = ChainDiagram.svg(chain: chain, risk: nil, labels: labels)
        let parsed = F.parseXML(svg)

        #expect(parsed.wellFormed)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<i>"))
        #expect(parsed.text.contains("<script>alert(1)</script>"))
        #expect(parsed.text.contains("O'Brien & \"Sons\""))
        #expect(parsed.text.contains("Air"))
        #expect(parsed.elements.isSubset(of: ["svg", "title", "defs", "marker", "path", "text", "g", "rect"]))
        #expect(svg.contains(RiskBand.unratedColour))
    }

    @Test func nodesAreColouredByBandAndRowsWrap() throws {
        let nodes = (0..<7).map { F.node("N\($0)", country: "ID") }
        let legs = (1..<7).map { F.leg("N\($0 - 1)", "N\($0)", $0 == 3 ? "rail" : "truck") }
        let chain = try F.value(ChainValidator.validate(F.draft(nodes, legs)))
        let report = RiskScoring.score(RiskScoring.Input(
            chains: [chain], threats: ThreatLibrary(ratings: [F.threat("ID", .terrorism, 2)]),
            vulnerabilities: VulnerabilitySheet(ratings: [F.vulnerability(chain.nodes[0], .sealSecurity, 2),
                                                          F.vulnerability(chain.nodes[1], .sealSecurity, 0)])))
        var labels = ChainDiagram.Labels.english(title: "Seven")
        labels.modeNames[.rail] = "Ferrocarril"

        let svg = ChainDiagram.svg(chain: chain, risk: report.chains[0], labels: labels, nodesPerRow: 3)

        #expect(F.parseXML(svg).wellFormed)
        #expect(svg.contains("fill=\"\(RiskBand.high.colour)\""))
        #expect(svg.contains("fill=\"\(RiskBand.medium.colour)\""))
        #expect(svg.contains(">Ferrocarril<"))
        #expect(svg.contains("width=\"698\" height=\"412\"")) // 3 per row, 3 rows
    }
}
