import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 18: what the keyed chain and checkpoints detect, and what the unkeyed chain cannot.
@Suite struct AuditChainKeyTests {
    static let key = try! AuditKey(secret: Data(repeating: 7, count: 32))
    static let otherKey = try! AuditKey(secret: Data(repeating: 8, count: 32))
    static let installation = "6f0c1d3e-2a8b-4c5d-9e7f-0a1b2c3d4e5f"

    func record(_ sequence: Int, action: String = "company.updated") -> AuditRecord {
        AuditRecord(sequence: sequence, occurredAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(sequence)), actorUserID: nil,
                    companyID: nil, action: action, targetType: "company", targetID: "t\(sequence)",
                    changes: [FieldChange(field: "legal_name", before: "A\(sequence)", after: "B")])
    }

    /// Entries `1...count`, the first `unkeyed` of them without a key (a database from before keying).
    func chain(_ count: Int, unkeyed: Int = 0, key: AuditKey? = key, records: [AuditRecord]? = nil) -> [AuditChain.StoredEntry] {
        var previous = AuditChain.genesis
        return (records ?? (1...count).map { record($0) }).map { record in
            let entryKey = record.sequence <= unkeyed ? nil : key
            let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: record.changesJSON, key: entryKey)
            defer { previous = hash }
            return AuditChain.StoredEntry(record: record, changesJSON: record.changesJSON, previousHash: previous, hash: hash, keyID: entryKey?.id)
        }
    }

    func verify(_ entries: [AuditChain.StoredEntry], key: AuditKey? = key, checkpoint: AuditCheckpoint? = nil) -> AuditChain.Verification {
        var verifier = AuditChain.Verifier(key: key, checkpoint: checkpoint)
        for entry in entries where !verifier.check(entry) { break }
        return verifier.result
    }

    func checkpoint(of entries: [AuditChain.StoredEntry], key: AuditKey = key) -> AuditCheckpoint {
        AuditCheckpoint.make(installation: Self.installation, count: entries.count, head: entries.last?.hash ?? AuditChain.genesis,
                             at: Date(timeIntervalSince1970: 1_800_000_000), key: key)
    }

    /// Deletes entry `removed` (1-based) and recomputes every later entry, renumbered, as someone
    /// who can edit the database would: with the plain scheme, or pretending to key without the key.
    func rewrite(_ entries: [AuditChain.StoredEntry], removing removed: Int, key: AuditKey?) -> [AuditChain.StoredEntry] {
        var kept = Array(entries.prefix(removed - 1))
        var previous = kept.last?.hash ?? AuditChain.genesis
        for entry in entries.dropFirst(removed) {
            let old = entry.record
            let record = AuditRecord(sequence: kept.count + 1, occurredAt: old.occurredAt, actorUserID: old.actorUserID, companyID: old.companyID,
                                     action: old.action, targetType: old.targetType, targetID: old.targetID, changes: old.changes)
            let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: record.changesJSON, key: key)
            kept.append(AuditChain.StoredEntry(record: record, changesJSON: record.changesJSON, previousHash: previous, hash: hash,
                                               keyID: entry.keyID))
            previous = hash
        }
        return kept
    }

    @Test func keyedChainVerifiesOnlyWithItsKey() {
        let entries = chain(5)
        #expect(verify(entries) == .intact(entries: 5))
        #expect(entries.allSatisfy { $0.keyID == Self.key.id })
        // The keyed hash is not the plain one: without the key nobody can recompute it.
        #expect(entries[0].hash != AuditChain.hash(previousHash: AuditChain.genesis, record: entries[0].record, changesJSON: entries[0].changesJSON))
    }

    @Test func wrongKeyIsRefusedByName() {
        guard case .unverifiable(let sequence, let reason) = verify(chain(3), key: Self.otherKey) else {
            Issue.record("a wrong key was accepted"); return
        }
        #expect(sequence == 1)
        #expect(reason.contains("wrong key") && reason.contains(Self.key.id) && reason.contains(Self.otherKey.id))
        guard case .unverifiable(_, let missing) = verify(chain(3), key: nil) else { Issue.record("keyed entries passed without a key"); return }
        #expect(missing.contains("no audit key is configured") && missing.contains("TRUSTLANE_AUDIT_KEY"))
    }

    @Test func keyNeedsEnoughRandomBytes() throws {
        #expect(throws: AuditKey.Problem.tooShort(bytes: 16)) { try AuditKey(secret: Data(repeating: 1, count: 16)) }
        #expect(throws: AuditKey.Problem.notBase64) { try AuditKey(base64: "not base64 at all!") }
        let generated = AuditKey.generateSecret()
        let key = try? AuditKey(base64: generated + "\n")
        #expect(key != nil && key?.id.count == 16)
        #expect(try AuditKey(base64: generated).id == key?.id, "the same secret gives the same key")
    }

    @Test func legacyUnkeyedEntriesFollowedByKeyedOnesVerify() {
        let entries = chain(6, unkeyed: 3)
        var verifier = AuditChain.Verifier(key: Self.key)
        for entry in entries { verifier.check(entry) }
        #expect(verifier.result == .intact(entries: 6))
        #expect(verifier.unkeyed == 3 && verifier.firstKeyed == 4)
        // Altering a legacy entry is still found: the first keyed entry covers its hash.
        var altered = entries
        let old = altered[1]
        altered[1] = AuditChain.StoredEntry(record: record(2, action: "company.deleted"), changesJSON: old.changesJSON,
                                            previousHash: old.previousHash, hash: old.hash)
        guard case .broken(2, _) = verify(altered) else { Issue.record("altered legacy entry passed"); return }
    }

    /// The limit of the plain scheme, stated as a test: a row deleted in the middle and every later
    /// hash recomputed verifies as intact. The keyed chain refuses the same rewrite.
    @Test func rewriteAfterDeletingAMiddleEntryIsFoundOnlyWhenKeyed() {
        let plain = chain(8, key: nil)
        let forgedPlain = rewrite(plain, removing: 4, key: nil)
        #expect(verify(forgedPlain, key: nil) == .intact(entries: 7), "SHA-256 alone cannot tell a careful rewrite")

        let keyed = chain(8)
        // Whoever lacks the key can only guess one, or fall back to the plain scheme.
        let guessed = rewrite(keyed, removing: 4, key: Self.otherKey)
        guard case .broken(let at, let reason) = verify(guessed) else { Issue.record("keyed rewrite passed"); return }
        #expect(at == 4 && reason.contains("altered"))
        let downgraded = rewrite(keyed, removing: 4, key: nil).map {
            $0.record.sequence < 4 ? $0 : AuditChain.StoredEntry(record: $0.record, changesJSON: $0.changesJSON, previousHash: $0.previousHash, hash: $0.hash)
        }
        guard case .broken(let downAt, let downReason) = verify(downgraded) else { Issue.record("downgraded rewrite passed"); return }
        #expect(downAt == 4 && downReason.contains("not keyed"))
    }

    @Test func removingTheNewestEntriesIsFoundAgainstACheckpoint() {
        let entries = chain(10)
        let held = checkpoint(of: entries)
        #expect(verify(entries, checkpoint: held) == .intact(entries: 10))
        // Without a checkpoint a trimmed chain looks whole: that is the limit checkpoints remove.
        let trimmed = Array(entries.prefix(7))
        #expect(verify(trimmed) == .intact(entries: 7))
        guard case .broken(let sequence, let reason) = verify(trimmed, checkpoint: held) else { Issue.record("trimming passed"); return }
        #expect(sequence == 8 && reason.contains("the newest 3 were removed"))
        // Entries added after the checkpoint are fine.
        #expect(verify(chain(12), checkpoint: held) == .intact(entries: 12))
    }

    @Test func rewriteBeforeACheckpointIsFoundEvenUnkeyed() {
        let plain = chain(8, key: nil)
        let held = checkpoint(of: Array(plain.prefix(6)))
        let forged = rewrite(plain, removing: 2, key: nil)
        guard case .broken(let sequence, let reason) = verify(forged, key: nil, checkpoint: held) else {
            Issue.record("rewrite before the checkpoint passed"); return
        }
        #expect(sequence == 6 && reason.contains("differs from the checkpoint"))
    }

    @Test func checkpointSignatureAndOwnerAreChecked() throws {
        let held = checkpoint(of: chain(4))
        try held.authenticate(with: Self.key, installation: Self.installation.uppercased())
        let read = try AuditCheckpoint.read(Data(held.fileText.utf8))
        #expect(read == held && read.hasValidSignature)

        // Raise the count in the file: the signature no longer matches.
        let tampered = held.fileText.replacingOccurrences(of: "\"count\" : 4", with: "\"count\" : 3")
        #expect(tampered != held.fileText)
        let forged = try AuditCheckpoint.read(Data(tampered.utf8))
        #expect(throws: AuditCheckpoint.Problem.badSignature) { try forged.authenticate(with: Self.key, installation: Self.installation) }
        // Signed by another key, or for another installation.
        let foreign = checkpoint(of: chain(4), key: Self.otherKey)
        #expect(throws: AuditCheckpoint.Problem.otherKey(checkpoint: Self.otherKey.id, configured: Self.key.id)) {
            try foreign.authenticate(with: Self.key, installation: Self.installation)
        }
        #expect(throws: AuditCheckpoint.Problem.self) { try held.authenticate(with: Self.key, installation: UUID().uuidString) }
        #expect(throws: AuditCheckpoint.Problem.self) { try AuditCheckpoint.read(Data("{\"count\": 3}".utf8)) }
    }
}
