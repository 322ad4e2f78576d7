import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct SecureTokenTests {
    /// Foundation's base64 turned into base64url, the way tokens were made before.
    func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func base64URLAgreesWithFoundationForEveryLength() {
        var generator = SeededRandom(seed: 7)
        for length in 0...40 {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                #expect(SecureToken.base64URL(bytes, count: length) == reference(bytes), "length \(length)")
            }
        }
        #expect(SecureToken.base64URL([0xfb, 0xff, 0xbf], count: 3) == "-_-_")
    }

    @Test func tokensAre43URLSafeCharactersAndDiffer() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var seen: Set<String> = []
        for _ in 0..<500 {
            let token = SecureToken.generate(prefix: "tl_")
            #expect(token.hasPrefix("tl_"))
            #expect(token.count == 46)
            #expect(token.dropFirst(3).allSatisfy(allowed.contains))
            seen.insert(token)
        }
        #expect(seen.count == 500)
    }
}
