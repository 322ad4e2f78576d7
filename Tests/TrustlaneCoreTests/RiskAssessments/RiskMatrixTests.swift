import Foundation
import Testing
@testable import TrustlaneCore

/// The heat map: nodes counted by (threat, vulnerability), cells banded, drawn as safe SVG.
@Suite("Risk matrix")
struct RiskMatrixTests {
    typealias F = RiskFixtures

    func report() throws -> RiskReport {
        let chain = try F.shoes()
        let (f1, p1, p2) = (chain.nodes[0], chain.nodes[1], chain.nodes[2])
        return RiskScoring.score(RiskScoring.Input(
            chains: [chain],
            threats: ThreatLibrary(ratings: [F.threat("ID", .terrorism, 2), F.threat("US", .organizedCrime, 0)]),
            vulnerabilities: VulnerabilitySheet(ratings: [
                F.vulnerability(f1, .sealSecurity, 2), F.vulnerability(p1, .sealSecurity, 2), F.vulnerability(p2, .sealSecurity, 1),
            ])))
    }

    @Test func countsNodesByThreatAndVulnerabilityWithABandPerCell() throws {
        let matrix = RiskMatrix(report: try report())
        let (low, medium, high) = (RiskLevel(rank: 0), RiskLevel(rank: 1), RiskLevel(rank: 2))

        #expect(matrix.size == 3)
        #expect(matrix.count(threat: high, vulnerability: high) == 2)
        #expect(matrix.count(threat: low, vulnerability: medium) == 1)
        #expect(matrix.total == 3)
        #expect(matrix.unplaced == 1)
        #expect(matrix.band(threat: high, vulnerability: high) == .high)
        #expect(matrix.band(threat: low, vulnerability: high) == .medium)
        #expect(matrix.band(threat: low, vulnerability: medium) == .low)
        #expect([matrix.count(.high), matrix.count(.medium), matrix.count(.low)] as [Int] == [2, 0, 1])
    }

    @Test func matrixFollowsTheScaleSize() {
        var matrix = RiskMatrix(scale: .fiveLevel, bands: RiskBands(mediumFrom: 9, highFrom: 17))

        matrix.add(threat: RiskLevel(rank: 4), vulnerability: RiskLevel(rank: 3))

        #expect(matrix.size == 5)
        #expect(matrix.count(threat: RiskLevel(rank: 4), vulnerability: RiskLevel(rank: 3)) == 1)
        #expect(matrix.band(threat: RiskLevel(rank: 4), vulnerability: RiskLevel(rank: 3)) == .high) // 5 x 4 = 20
    }

    @Test func svgIsWellFormedAndEscapesEveryLabel() throws {
        let matrix = RiskMatrix(report: try report())
        var labels = RiskMatrix.Labels.english(for: .standard)
        labels.title = "Matrix <script>alert('x')</script> & co"
        labels.threatAxis = "Amenaza \"A\""
        labels.unplacedNote = "1 node <b>not</b> rated"

        let svg = matrix.svg(labels: labels)
        let parsed = F.parseXML(svg)

        #expect(parsed.wellFormed)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>"))
        #expect(parsed.text.contains("Matrix <script>alert('x')</script> & co"))
        #expect(parsed.text.contains("Amenaza \"A\""))
        #expect(parsed.elements.isSubset(of: ["svg", "title", "text", "g", "rect"]))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 9)
        #expect(svg.contains(RiskBand.high.colour))
    }

    @Test func controlCharactersNeverBreakTheXML() {
        let svg = RiskMatrix().svg(labels: .init(title: "bad\u{0}\u{1B}title", threatAxis: "T", vulnerabilityAxis: "V",
                                                 levelNames: ["a", "b", "c"]))

        #expect(F.parseXML(svg).wellFormed)
    }
}
