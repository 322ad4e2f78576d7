import Crypto
import Foundation

/// Secrets Trustlane must keep readable (a company's webhook signing secret) sealed at rest with
/// AES-256-GCM under a key derived from the audit key (HKDF, its own label), which is never in
/// the database: a copy of the database alone does not give the secrets away, and a changed
/// stored value fails to open instead of signing with something else.
/// Stored form: `enc:v1:` + base64(nonce, ciphertext, tag). A value without the prefix is a
/// secret stored before sealing existed, read as it is (and sealed at the next start-up).
public struct SecretBox: Sendable {
    static let prefix = "enc:v1:"
    let key: SymmetricKey

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The stored value is sealed but does not open under this key (another key, or altered).
        case doesNotOpen
        /// A sealed value and no key to open it with.
        case noKey

        public var description: String {
            switch self {
            case .doesNotOpen: "a stored secret does not open with this installation's key (another audit key, or the value was altered)"
            case .noKey: "a stored secret is sealed, and no audit key is configured to open it (TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE)"
            }
        }
    }

    /// The box of an installation: derived from its audit key's secret bytes.
    public init(auditKey: AuditKey) {
        key = auditKey.secretsKey
    }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// `secret` sealed for storage; a new random nonce each time.
    public func seal(_ secret: String) -> String {
        // Sealing in-memory data with a valid 256-bit key does not fail.
        let box = try! AES.GCM.seal(Data(secret.utf8), using: key)
        return Self.prefix + box.combined!.base64EncodedString()
    }

    /// The secret from its stored form (a value stored before sealing comes back as it is).
    public func open(_ stored: String) throws(Problem) -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key),
              let text = String(data: plain, encoding: .utf8) else { throw .doesNotOpen }
        return text
    }

    /// Opens with `box` when there is one; a sealed value without a box is an error.
    public static func open(_ stored: String, with box: SecretBox?) throws(Problem) -> String {
        if let box { return try box.open(stored) }
        guard !isSealed(stored) else { throw .noKey }
        return stored
    }
}
