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
}
