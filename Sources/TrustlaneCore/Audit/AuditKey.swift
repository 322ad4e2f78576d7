import Crypto
import Foundation

/// The audit trail's secret, kept outside the database (`TRUSTLANE_AUDIT_KEY` or a key file).
/// One secret of at least 32 random bytes; three independent keys are derived from it with
/// HKDF-SHA256, so no use of one can reveal another:
/// - the chain key: each entry's hash is HMAC-SHA256 under it, so someone who can edit the
///   database but does not hold the secret cannot recompute the chain after changing it;
/// - the checkpoint signing key (Ed25519): checkpoints carry a signature anyone holding the
///   public key can check, without being able to forge one or to rewrite the chain;
/// - the key id: a short public name for the key, stored with every keyed entry, so a wrong
///   key is named as such instead of reading as tampering everywhere.
public struct AuditKey: Sendable {
    /// The fewest bytes a secret may have.
    public static let minimumBytes = 32

    let chainKey: SymmetricKey
    let signingKey: Curve25519.Signing.PrivateKey
    /// Seals stored secrets (`SecretBox`): derived with a label of its own.
    let secretsKey: SymmetricKey
    /// A public name of the key (16 hex digits), stored with each keyed entry.
    public let id: String

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notBase64
        case tooShort(bytes: Int)

        public var description: String {
            switch self {
            case .notBase64: "the audit key must be base64 text (for example the output of `openssl rand -base64 32`)"
            case .tooShort(let bytes): "the audit key must be at least \(AuditKey.minimumBytes) bytes of random data; this one has \(bytes)"
            }
        }
    }

    /// A key from its secret bytes.
    public init(secret: Data) throws(Problem) {
        guard secret.count >= Self.minimumBytes else { throw .tooShort(bytes: secret.count) }
        let material = SymmetricKey(data: secret)
        func derive(_ label: String) -> Data {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: material, salt: Data("trustlane audit".utf8), info: Data(label.utf8),
                                   outputByteCount: 32).withUnsafeBytes { Data($0) }
        }
        chainKey = SymmetricKey(data: derive("chain hmac-sha256 v1"))
        secretsKey = SymmetricKey(data: derive("stored secrets aes-256-gcm v1"))
        // Any 32 bytes are a valid Ed25519 seed.
        signingKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: derive("checkpoint ed25519 v1"))
        id = Hex.lowercase(derive("key id v1").prefix(8))
    }

    /// A key from base64 text (surrounding white space ignored), as in the setting or key file.
    public init(base64 text: String) throws(Problem) {
        guard let secret = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw .notBase64 }
        try self.init(secret: secret)
    }

    /// A new random secret (32 bytes), as base64 text for a key file.
    public static func generateSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// HMAC-SHA256 (hex) of `data` under the chain key.
    func authenticationCode(_ data: Data) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: data, using: chainKey))
    }

    /// The checkpoint verification key, base64 (32 bytes, raw Ed25519).
    public var publicKey: String { signingKey.publicKey.rawRepresentation.base64EncodedString() }

    func sign(_ data: Data) -> Data {
        // Signing with a valid key over in-memory data does not fail.
        (try? signingKey.signature(for: data)) ?? Data()
    }
}
