import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct SecretBoxTests {
    static func box() throws -> SecretBox { SecretBox(auditKey: try AuditKey(base64: AuditKey.generateSecret())) }

    @Test func aSealedSecretOpensWithItsKeyOnly() throws {
        let box = try Self.box()
        let sealed = box.seal("whsec_abc123")
        #expect(SecretBox.isSealed(sealed) && !sealed.contains("abc123"))
        #expect(try box.open(sealed) == "whsec_abc123")
        // A new nonce each time: the same secret never looks the same twice.
        #expect(box.seal("whsec_abc123") != sealed)
        // Another installation's key, an altered value, no key at all: refused, never a wrong secret.
        #expect(throws: SecretBox.Problem.doesNotOpen) { try Self.box().open(sealed) }
        // A byte of the ciphertext changed (decoded and encoded again: changing a base64 letter
        // can touch only the padding bits, which decode to the same bytes).
        var bytes = [UInt8](try #require(Data(base64Encoded: String(sealed.dropFirst("enc:v1:".count)))))
        bytes[14] ^= 0x01
        #expect(throws: SecretBox.Problem.doesNotOpen) { try box.open("enc:v1:" + Data(bytes).base64EncodedString()) }
        #expect(throws: SecretBox.Problem.noKey) { try SecretBox.open(sealed, with: nil) }
    }

    @Test func aSecretStoredBeforeSealingIsReadAsItIs() throws {
        #expect(try Self.box().open("whsec_plain") == "whsec_plain")
        #expect(try SecretBox.open("whsec_plain", with: nil) == "whsec_plain")
    }

    @Test func theKeyIsTheAuditKeysOwnDerivation() throws {
        // The same audit key secret gives the same box: a second process or a restore opens it.
        let secret = AuditKey.generateSecret()
        let sealed = SecretBox(auditKey: try AuditKey(base64: secret)).seal("s")
        #expect(try SecretBox(auditKey: try AuditKey(base64: secret)).open(sealed) == "s")
    }
}
