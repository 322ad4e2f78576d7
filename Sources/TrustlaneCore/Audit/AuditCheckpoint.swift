import Crypto
import Foundation

/// A signed statement of the audit chain's length and newest hash at a moment: "installation
/// I held N entries, the N-th with hash H, at time T". Kept outside the server (an email, a
/// webhook receiver, a file), it lets `trustlane audit verify --checkpoint` tell whether the
/// newest entries were removed since, or the chain up to N rewritten. Signed with Ed25519 so
/// that whoever holds only the public key can check it and cannot make one.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public static let currentFormat = "trustlane-audit-checkpoint/1"

    public let format: String
    /// The installation's id (a UUID made by the database's first migration of it).
    public let installation: String
    /// Entries in the chain: the sequence number of the newest.
    public let count: Int
    /// The newest entry's hash (the genesis hash when `count` is 0).
    public let head: String
    /// When it was made, ISO 8601 in UTC to the second.
    public let createdAt: String
    /// The audit key's id, and the Ed25519 public key (base64) the signature is checked with.
    public let keyID: String
    public let publicKey: String
    /// Ed25519 signature (base64) of `signedText`.
    public let signature: String

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(String)
        case otherInstallation(checkpoint: String, database: String)
        case otherKey(checkpoint: String, configured: String)
        case badSignature

        public var description: String {
            switch self {
            case .unreadable(let why): "the checkpoint cannot be read: \(why)"
            case .otherInstallation(let checkpoint, let database):
                "the checkpoint is of installation \(checkpoint), and this database is installation \(database)"
            case .otherKey(let checkpoint, let configured):
                "the checkpoint was signed with audit key \(checkpoint), and the configured key is \(configured)"
            case .badSignature: "the checkpoint's signature does not match its content: it was altered or forged"
            }
        }
    }

    /// Makes and signs a checkpoint.
    public static func make(installation: String, count: Int, head: String, at date: Date, key: AuditKey) -> AuditCheckpoint {
        let unsigned = AuditCheckpoint(format: currentFormat, installation: installation, count: count, head: head,
                                       createdAt: timestamp(date), keyID: key.id, publicKey: key.publicKey, signature: "")
        return unsigned.with(signature: key.sign(Data(unsigned.signedText.utf8)).base64EncodedString())
    }

    /// What the signature covers: every field but the signature, one per line.
    public var signedText: String {
        [format, installation, String(count), head, createdAt, keyID, publicKey].joined(separator: "\n")
    }

    /// Whether the signature matches the content under the embedded public key. Says nothing of
    /// whose key that is: `authenticate(with:installation:)` checks it is this installation's.
    public var hasValidSignature: Bool {
        guard let raw = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(signature, for: Data(signedText.utf8))
    }

    /// Refuses a checkpoint that is not this installation's, not signed with this key, or whose
    /// signature does not match.
    public func authenticate(with key: AuditKey, installation: String) throws(Problem) {
        guard publicKey == key.publicKey else { throw .otherKey(checkpoint: keyID, configured: key.id) }
        guard hasValidSignature else { throw .badSignature }
        guard self.installation.lowercased() == installation.lowercased() else {
            throw .otherInstallation(checkpoint: self.installation, database: installation)
        }
    }

    /// The checkpoint as a file: JSON, keys sorted, one per line.
    public var fileText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads a checkpoint file.
    public static func read(_ data: Data) throws(Problem) -> AuditCheckpoint {
        let checkpoint: AuditCheckpoint
        do { checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: data) } catch {
            throw .unreadable("it is not a Trustlane audit checkpoint (JSON with format, installation, count, head, createdAt, keyID, publicKey, signature)")
        }
        guard checkpoint.format == currentFormat else { throw .unreadable("its format is \(checkpoint.format.prefix(60)), expected \(currentFormat)") }
        guard checkpoint.count >= 0 else { throw .unreadable("its count is negative") }
        return checkpoint
    }

    private func with(signature: String) -> AuditCheckpoint {
        AuditCheckpoint(format: format, installation: installation, count: count, head: head, createdAt: createdAt, keyID: keyID,
                        publicKey: publicKey, signature: signature)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
