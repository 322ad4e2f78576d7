import Crypto
import Foundation

/// The audit trail's hash chain. Each entry stores the SHA-256 of the previous entry's hash
/// together with its own content, so altering or removing any entry breaks every hash after it.
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

    /// SHA-256 (hex) of the previous hash and this entry's canonical text.
    public static func hash(previousHash: String, record: AuditRecord, changesJSON: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previousHash.utf8))
        hasher.update(data: Data("\n".utf8))
        hasher.update(data: Data(canonicalText(of: record, changesJSON: changesJSON).utf8))
        return Hex.lowercase(hasher.finalize())
    }

    /// An entry as stored: content plus the two hashes.
    public struct StoredEntry: Sendable {
        public let record: AuditRecord
        public let changesJSON: String
        public let previousHash: String
        public let hash: String

        public init(record: AuditRecord, changesJSON: String, previousHash: String, hash: String) {
            self.record = record
            self.changesJSON = changesJSON
            self.previousHash = previousHash
            self.hash = hash
        }
    }

    /// What walking the chain found.
    public enum Verification: Equatable, Sendable {
        case intact(entries: Int)
        /// The first entry that does not fit: its content was altered, or entries before it
        /// were removed or reordered.
        case broken(sequence: Int, reason: String)
    }

    /// Walks the chain in sequence order. Feed entries in ascending order; call `finish` at the end.
    public struct Verifier: Sendable {
        private var expectedPrevious = AuditChain.genesis
        private var lastSequence = 0
        private var count = 0
        public private(set) var failure: Verification?

        public init() {}

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
            let recomputed = AuditChain.hash(previousHash: entry.previousHash, record: entry.record, changesJSON: entry.changesJSON)
            if recomputed != entry.hash {
                failure = .broken(sequence: sequence, reason: "its content no longer matches its hash (altered)")
                return false
            }
            expectedPrevious = entry.hash
            lastSequence = sequence
            count += 1
            return true
        }

        public var result: Verification { failure ?? .intact(entries: count) }
    }
}
