import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct AuditChainTests {
    func chain(_ count: Int) -> [AuditChain.StoredEntry] {
        var previous = AuditChain.genesis
        return (1...count).map { sequence in
            let record = AuditRecord(sequence: sequence, occurredAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(sequence)),
                                     actorUserID: UserID(), companyID: CompanyID(), action: "company.updated", targetType: "company",
                                     targetID: "t\(sequence)", changes: [FieldChange(field: "legal_name", before: "A\(sequence)", after: "B")])
            let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: record.changesJSON)
            defer { previous = hash }
            return AuditChain.StoredEntry(record: record, changesJSON: record.changesJSON, previousHash: previous, hash: hash)
        }
    }

    func verify(_ entries: [AuditChain.StoredEntry]) -> AuditChain.Verification {
        var verifier = AuditChain.Verifier()
        for entry in entries where !verifier.check(entry) { break }
        return verifier.result
    }

    @Test func intactChainVerifies() {
        #expect(verify(chain(10)) == .intact(entries: 10))
        #expect(verify([]) == .intact(entries: 0))
    }

    @Test func alteredContentIsNamed() {
        var entries = chain(6)
        let old = entries[3]
        let forged = AuditRecord(sequence: 4, occurredAt: old.record.occurredAt, actorUserID: old.record.actorUserID,
                                 companyID: old.record.companyID, action: "company.deleted", targetType: old.record.targetType,
                                 targetID: old.record.targetID, changes: old.record.changes)
        entries[3] = AuditChain.StoredEntry(record: forged, changesJSON: old.changesJSON, previousHash: old.previousHash, hash: old.hash)
        #expect(verify(entries) == .broken(sequence: 4, reason: "its content no longer matches its hash (altered)"))
    }

    @Test func alteredChangesAreNamedToo() {
        var entries = chain(3)
        let old = entries[1]
        entries[1] = AuditChain.StoredEntry(record: old.record, changesJSON: "[]", previousHash: old.previousHash, hash: old.hash)
        guard case .broken(let sequence, _) = verify(entries) else { Issue.record("not detected"); return }
        #expect(sequence == 2)
    }

    @Test func removedEntryIsNamed() {
        var entries = chain(5)
        entries.remove(at: 2)
        guard case .broken(let sequence, let reason) = verify(entries) else { Issue.record("not detected"); return }
        #expect(sequence == 4 && reason.contains("entry 3 is missing"))
    }

    @Test func rehashedForgeryStillBreaksTheNextLink() {
        var entries = chain(4)
        let old = entries[1]
        let forged = AuditRecord(sequence: 2, occurredAt: old.record.occurredAt, actorUserID: nil, companyID: nil,
                                 action: "nothing.happened", targetType: "x", targetID: nil, changes: [])
        let hash = AuditChain.hash(previousHash: old.previousHash, record: forged, changesJSON: forged.changesJSON)
        entries[1] = AuditChain.StoredEntry(record: forged, changesJSON: forged.changesJSON, previousHash: old.previousHash, hash: hash)
        guard case .broken(let sequence, _) = verify(entries) else { Issue.record("not detected"); return }
        #expect(sequence == 3)
    }

    @Test func changesListOnlyWhatDiffers() {
        let changes = AuditRecord.changes(before: ["a": "1", "b": "2", "c": nil], after: ["a": "1", "b": "3", "d": "4"])
        #expect(changes == [FieldChange(field: "b", before: "2", after: "3"), FieldChange(field: "d", before: nil, after: "4")])
    }
}
