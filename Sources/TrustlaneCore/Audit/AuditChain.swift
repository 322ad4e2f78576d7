import Crypto
import Foundation

/// The audit trail's hash chain. Each entry stores a hash of the previous entry's hash together
/// with its own content, so altering or removing any entry breaks every hash after it. With an
/// `AuditKey` the hash is HMAC-SHA256 under a key outside the database, and the entry stores the
/// key's id; without one (entries from before keying, installations with no key) it is plain
/// SHA-256, which anyone who can edit the database can recompute after a change. What each
/// scheme detects is in docs/AUDIT.md.
public enum AuditChain {
    /// The `previousHash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical text an entry's hash covers. Fields are length-prefixed so that no two
    /// different records can produce the same text.
    public static func canonicalText(of record: AuditRecord, changesJSON: String) -> String {
        let millis = Int64((record.occurredAt.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            String(record.sequence),
            String(millis),
            record.actorUserID?.description ?? "",
            record.companyID?.description ?? "",
            record.action,
            record.targetType,
            record.targetID ?? "",
            changesJSON,
        ]
        return fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }

    /// The hash (hex) of the previous hash and this entry's canonical text: HMAC-SHA256 under
    /// `key`'s chain key, or SHA-256 without a key.
    public static func hash(previousHash: String, record: AuditRecord, changesJSON: String, key: AuditKey? = nil) -> String {
        var message = Data(previousHash.utf8)
        message.append(UInt8(ascii: "\n"))
        message.append(contentsOf: canonicalText(of: record, changesJSON: changesJSON).utf8)
        if let key { return key.authenticationCode(message) }
        return Hex.lowercase(SHA256.hash(data: message))
    }

    /// An entry as stored: content plus the two hashes.
    public struct StoredEntry: Sendable {
        public let record: AuditRecord
        public let changesJSON: String
        public let previousHash: String
        public let hash: String
        /// The id of the key the hash was made with; nil for plain SHA-256.
        public let keyID: String?

        public init(record: AuditRecord, changesJSON: String, previousHash: String, hash: String, keyID: String? = nil) {
            self.record = record
            self.changesJSON = changesJSON
            self.previousHash = previousHash
            self.hash = hash
            self.keyID = keyID
        }
    }

    /// What walking the chain found.
    public enum Verification: Equatable, Sendable {
        case intact(entries: Int)
        /// The first entry that does not fit: its content was altered, entries before it were
        /// removed or reordered, the chain was rewritten, or (at the end) it is shorter than a
        /// checkpoint says it was.
        case broken(sequence: Int, reason: String)
        /// The entry was keyed, and the key to check it is missing or another one: nothing is
        /// known about it or what follows.
        case unverifiable(sequence: Int, reason: String)
    }

    /// Walks the chain in sequence order. Feed entries in ascending order, then read `result`.
    ///
    /// Keyed and unkeyed entries: a database from before keying holds unkeyed entries, and the
    /// first keyed entry's hash covers the last unkeyed one, so the whole chain still verifies.
    /// Once an entry is keyed, every later one must be: an unkeyed entry after a keyed one is
    /// how a rewrite by someone without the key would look.
    public struct Verifier: Sendable {
        private let key: AuditKey?
        private let checkpoint: AuditCheckpoint?
        private var expectedPrevious = AuditChain.genesis
        private var lastSequence = 0
        private var count = 0
        public private(set) var failure: Verification?
        /// The first keyed entry seen, if any.
        public private(set) var firstKeyed: Int?
        /// How many entries were unkeyed (all before `firstKeyed`).
        public private(set) var unkeyed = 0

        /// - Parameters:
        ///   - key: the audit key keyed entries are checked with.
        ///   - checkpoint: an authenticated checkpoint the chain must still agree with (its
        ///     signature and installation are the caller's to check first).
        public init(key: AuditKey? = nil, checkpoint: AuditCheckpoint? = nil) {
            self.key = key
            self.checkpoint = checkpoint
        }

        /// The newest entry checked: its number and hash.
        public var head: (count: Int, hash: String) { (lastSequence, expectedPrevious) }

        /// Checks the next entry; returns false once the chain is broken.
        @discardableResult
        public mutating func check(_ entry: StoredEntry) -> Bool {
            guard failure == nil else { return false }
            let sequence = entry.record.sequence
            if sequence != lastSequence + 1 {
                failure = .broken(sequence: sequence, reason: "entry \(lastSequence + 1) is missing (the next stored entry is \(sequence))")
                return false
            }
            if entry.previousHash != expectedPrevious {
                failure = .broken(sequence: sequence, reason: "its previous-hash does not match entry \(lastSequence)")
                return false
            }
            var entryKey: AuditKey?
            if let keyID = entry.keyID {
                guard let key else {
                    failure = .unverifiable(sequence: sequence, reason: "it was written with audit key \(keyID), and no audit key is configured (set TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE)")
                    return false
                }
                guard key.id == keyID else {
                    failure = .unverifiable(sequence: sequence, reason: "it was written with audit key \(keyID), and the configured key is \(key.id): wrong key (or the entry's key id was altered)")
                    return false
                }
                entryKey = key
            } else if let firstKeyed {
                failure = .broken(sequence: sequence, reason: "it is not keyed, and entry \(firstKeyed) before it is: the chain was rewritten from here by someone without the key")
                return false
            }
            let recomputed = AuditChain.hash(previousHash: entry.previousHash, record: entry.record, changesJSON: entry.changesJSON, key: entryKey)
            if recomputed != entry.hash {
                failure = .broken(sequence: sequence, reason: "its content no longer matches its hash (altered)")
                return false
            }
            if let checkpoint, sequence == checkpoint.count, entry.hash != checkpoint.head {
                failure = .broken(sequence: sequence, reason: "its hash differs from the checkpoint of \(checkpoint.createdAt): the chain was rewritten up to here")
                return false
            }
            if entryKey == nil { unkeyed += 1 } else if firstKeyed == nil { firstKeyed = sequence }
            expectedPrevious = entry.hash
            lastSequence = sequence
            count += 1
            return true
        }

        public var result: Verification {
            if let failure { return failure }
            if let checkpoint, count < checkpoint.count {
                let missing = checkpoint.count - count
                return .broken(sequence: count + 1, reason: "the checkpoint of \(checkpoint.createdAt) counted \(checkpoint.count) entries and the chain holds \(count): the newest \(missing) \(missing == 1 ? "was" : "were") removed")
            }
            return .intact(entries: count)
        }
    }
}
