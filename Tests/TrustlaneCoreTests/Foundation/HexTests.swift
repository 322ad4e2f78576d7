import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct HexTests {
    @Test func everyByteAsTheFormatterWroteIt() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.lowercase(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([UInt8]()) == "")
    }

    @Test func knownDigests() {
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        #expect(SecureToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aUUIDAsFoundationWritesIt() throws {
        let edges = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                     try #require(UUID(uuidString: "0192F4A1-7B3C-7D2E-8F10-A1B2C3D4E5F6"))]
        for uuid in edges + (0..<1_000).map({ _ in UUID() }) {
            #expect(Hex.uuid(uuid) == uuid.uuidString)
        }
    }
}
