import Foundation
import Testing
@testable import TrustlaneCore

/// The QR encoder against reference symbols made by other encoders (`QRCodeFixtures`, written by
/// `scripts/qr_fixtures.py`), and its parts against values published with the standard.
@Suite struct QRCodeTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test(arguments: QRCodeFixtures.vectors.map(\.name))
    func drawsTheReferenceSymbol(_ name: String) throws {
        let vector = try #require(QRCodeFixtures.vectors.first { $0.name == name })
        let code = try QRCode(bytes: Self.bytes(vector.hex), mask: vector.maskGiven ? vector.mask : nil)
        #expect(code.version == vector.version)
        #expect(code.mask == vector.mask)
        #expect(code.size == 17 + 4 * vector.version)
        let rows = code.rows
        #expect(rows.count == vector.rows.count)
        for (index, (mine, reference)) in zip(rows, vector.rows).enumerated() where mine != reference {
            Issue.record("\(name): row \(index) differs\n  mine      \(mine)\n  reference \(reference)")
        }
    }

    /// Every mask's penalty, not only which one won: the scoring agrees with the reference's.
    @Test(arguments: QRCodeFixtures.vectors.filter { !$0.maskGiven }.map(\.name))
    func scoresEachMaskAsTheReferenceDoes(_ name: String) throws {
        let vector = try #require(QRCodeFixtures.vectors.first { $0.name == name })
        var grid = QRCode.Grid(version: vector.version)
        grid.drawFunctionPatterns()
        grid.place(QRCode.codewords(data: QRCode.dataCodewords(Self.bytes(vector.hex), version: vector.version), version: vector.version))
        #expect((0...7).map { grid.penalty(mask: $0) } == vector.penalties)
    }

    @Test func theFixturesCoverEveryVersionAndMask() {
        let vectors = QRCodeFixtures.vectors
        #expect(Set(vectors.map(\.version)) == Set(1...10))
        #expect(Set(vectors.map(\.mask)) == Set(0...7))
        #expect(vectors.contains { !$0.maskGiven && $0.version >= 7 })
    }

    /// ISO/IEC 18004 annex I's worked example, as Thonky's tutorial gives it: "HELLO WORLD" at
    /// 1-M, its 16 data codewords and their 10 error correction codewords.
    @Test func reedSolomonOfTheStandardsExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(QRCode.ReedSolomon.remainder(data, degree: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
        // The field: α⁸ = α⁴ + α³ + α² + 1 (0x1D), and every non-zero element has an inverse.
        #expect(QRCode.ReedSolomon.tables.exp[8] == 0x1D)
        for a in 1...255 {
            let inverse = QRCode.ReedSolomon.tables.exp[255 - QRCode.ReedSolomon.tables.log[a]]
            #expect(QRCode.ReedSolomon.multiply(UInt8(a), inverse) == 1)
        }
    }

    @Test func formatAndVersionBitsFromTheStandardsTables() {
        // Annex C, table C.1: level M with masks 0 and 4; annex D, table D.1: versions 7 and 10.
        #expect(QRCode.Grid.formatBits(mask: 0) == 0b101010000010010)
        #expect(QRCode.Grid.formatBits(mask: 4) == 0b100010111111001)
        #expect(QRCode.Grid.versionBits(7) == 0b000111110010010100)
        #expect(QRCode.Grid.versionBits(10) == 0b001010010011010011)
    }

    @Test func capacityPerVersionAndTheLimit() throws {
        #expect(QRCode.versions.map { QRCode.byteCapacity(version: $0) } == [14, 26, 42, 62, 84, 106, 122, 152, 180, 213])
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 213)).version == 10)
        #expect(throws: QRCode.TooLong(bytes: 214, maximum: 213)) { try QRCode(bytes: Array(repeating: 0x61, count: 214)) }
        #expect(try QRCode(text: "short", minimumVersion: 4).version == 4)
        // Text is its UTF-8 bytes: "ñ" is two.
        #expect(try QRCode(text: String(repeating: "ñ", count: 7)).version == 1)
        #expect(try QRCode(text: String(repeating: "ñ", count: 8)).version == 2)
    }

    @Test func penaltyRulesOnSingleLines() {
        typealias G = QRCode.Grid
        func line(_ text: String) -> [Bool] { text.map { $0 == "#" } }
        // N1: 3 for five in a row, one more for each further module; both colours.
        #expect(G.runPenalty(line("#####.#.#.")) == 3)
        #expect(G.runPenalty(line("#######...")) == 5)
        #expect(G.runPenalty(line("####.####.")) == 0)
        #expect(G.runPenalty(line(".....#####")) == 6)
        // N3: the finder-like run with four light modules before, after, or at the edge.
        #expect(G.finderLikePenalty(line("....#.###.#.#")) == 40)
        #expect(G.finderLikePenalty(line("#.#.###.#....#")) == 40)
        #expect(G.finderLikePenalty(line("#.###.#.#.#")) == 40)
        #expect(G.finderLikePenalty(line("#.#.###.#.#.#.###.#")) == 40)
        #expect(G.finderLikePenalty(line("##.#.###.#.##")) == 0)
        #expect(G.finderLikePenalty(line("#..#.###.#..#")) == 0)
        // Fewer than four light modules up to the edge: the quiet zone beyond is light.
        #expect(G.finderLikePenalty(line("...#.###.#..#")) == 40)
    }

    @Test func theSVGDrawsExactlyTheDarkModules() throws {
        let code = try QRCode(text: "https://trustlane.example/report/abc?lang=id")
        let svg = code.svg(title: "Scan <me> & \"report\"")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>Scan &lt;me&gt; &amp; \"report\"</title>"))
        #expect(svg.contains("aria-label=\"Scan &lt;me&gt; &amp; &quot;report&quot;\""))
        let side = code.size + 2 * QRCode.quietZone
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        // Read the path back: each "Mx yhNv1h-Nz" is a run of N dark modules.
        let d = try #require(svg.range(of: "d=\"").map { svg[$0.upperBound...].prefix { $0 != "\"" } })
        var drawn = Array(repeating: false, count: code.size * code.size)
        for run in d.split(separator: "z") {
            let parts = run.dropFirst().split(whereSeparator: { "hv ".contains($0) })
            let x = Int(parts[0])! - QRCode.quietZone, y = Int(parts[1])! - QRCode.quietZone, width = Int(parts[2])!
            for column in x..<(x + width) {
                #expect(!drawn[y * code.size + column])
                drawn[y * code.size + column] = true
            }
        }
        #expect(drawn == code.modules)
    }
}
