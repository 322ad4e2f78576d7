import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Profile snapshots")
struct ProfileSnapshotTests {
    let policy = EvidenceReference(id: EvidenceID(UUID(uuidString: "11111111-1111-1111-1111-111111111111")!),
                                   title: "Security policy", sha256: String(repeating: "AB", count: 32))
    let snapshotID = SnapshotID(UUID(uuidString: "22222222-2222-2222-2222-222222222222")!)
    let profileID = SecurityProfileID(UUID(uuidString: "33333333-3333-3333-3333-333333333333")!)
    let companyID = CompanyID(UUID(uuidString: "44444444-4444-4444-4444-444444444444")!)
    let officer = UserID(UUID(uuidString: "55555555-5555-5555-5555-555555555555")!)
    let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": true]))

    var answers: [CriterionID: CriterionAnswer] {
        [
            "1.2": ProfileFixtures.answer("1.2", .meets, narrative: "Signed policy.", responsible: "Dewi",
                                          evidence: [policy.id]),
            "5.1": ProfileFixtures.answer("5.1", .partly, narrative: "Seals logged, not audited."),
            "9.1": ProfileFixtures.answer("9.1", .notYet),
        ]
    }

    func capture(_ answers: [CriterionID: CriterionAnswer], at date: Date = ProfileFixtures.now,
                 id: SnapshotID? = nil) -> ProfileSnapshot {
        ProfileSnapshot.capture(id: id ?? snapshotID, profileID: profileID, companyID: companyID, scope: scope,
                                answers: answers,
                                evidence: [policy.id: policy], submittedBy: officer, submittedAt: date,
                                declaration: "I declare the answers true.")
    }

    @Test func capturesEveryCriterionInScopeWithEvidenceHashes() throws {
        let snapshot = capture(answers)

        #expect(snapshot.catalogID == "test-profile")
        #expect(snapshot.entityTypes == [.importer])
        #expect(snapshot.conditions == ConditionAnswers(["uses_security_cameras": true]))
        #expect(snapshot.entries.map(\.criterionID) == ["1.1", "1.2", "5.1", "9.1", "9.2"])
        #expect(snapshot.entry(for: "1.1")?.status == .unanswered)
        let entry = try #require(snapshot.entry(for: "1.2"))
        #expect(entry.evidence == [policy])
        #expect(entry.evidence[0].sha256 == String(repeating: "ab", count: 32)) // stored lowercase
        #expect(entry.responsible == "Dewi")
        #expect(snapshot.entry(for: "7.7") == nil)
    }

    @Test func digestIsStableForTheSameContent() {
        let first = capture(answers)
        let second = capture(answers)
        #expect(first.digest == second.digest)
        #expect(first.digest.count == 64)
        #expect(first.digest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(first.isIntact)
    }

    @Test func digestIgnoresSubSecondTimeAndAnswerOrder() {
        let shuffled = Dictionary(uniqueKeysWithValues: answers.reversed().map { ($0.key, $0.value) })
        let later = ProfileFixtures.now.addingTimeInterval(0.75)
        #expect(capture(shuffled, at: later).digest == capture(answers).digest)
    }

    @Test func digestChangesWithAnyAnsweredContent() {
        let base = capture(answers).digest
        var changed = answers
        changed["5.1"]?.narrative += "!"
        #expect(capture(changed).digest != base)

        let otherHash = EvidenceReference(id: policy.id, title: policy.title, sha256: String(repeating: "cd", count: 32))
        let withOtherFile = ProfileSnapshot.capture(id: snapshotID, profileID: profileID, companyID: companyID, scope: scope,
                                                    answers: answers, evidence: [policy.id: otherHash], submittedBy: officer,
                                                    submittedAt: ProfileFixtures.now, declaration: "I declare the answers true.")
        #expect(withOtherFile.digest != base)
        #expect(capture(answers, at: ProfileFixtures.now.addingTimeInterval(1)).digest != base)
    }

    @Test func fieldBoundariesCannotBeShifted() {
        // "ab" + "c" and "a" + "bc" must not encode alike.
        let one = SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "ab", notApplicableReason: "c")
        let two = SnapshotEntry(criterionID: "1.1", status: .meets, narrative: "a", notApplicableReason: "bc")
        func snapshot(_ entry: SnapshotEntry) -> ProfileSnapshot {
            ProfileSnapshot(id: snapshotID, profileID: profileID, companyID: companyID, catalogID: "c",
                            entityTypes: [.importer], conditions: ConditionAnswers(), submittedBy: officer,
                            submittedAt: ProfileFixtures.now, entries: [entry])
        }
        #expect(snapshot(one).digest != snapshot(two).digest)
    }

    @Test func jsonRoundTripKeepsTheDigestAndDetectsTampering() throws {
        let snapshot = capture(answers, at: ProfileFixtures.now.addingTimeInterval(0.4))
        let data = try snapshot.encoded()
        let back = try ProfileSnapshot.decode(data)
        #expect(back == snapshot)
        #expect(back.isIntact)

        let tampered = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "Seals logged", with: "Seals audited")
        #expect(throws: DecodingError.self) { try ProfileSnapshot.decode(Data(tampered.utf8)) }
    }

    @Test func noBaselineMeansNothingChanged() {
        let comparison = SnapshotComparison(baseline: nil, current: capture(answers).entries)
        #expect(comparison.baselineID == nil)
        #expect(comparison.changes.isEmpty)
    }

    @Test func draftChangedSinceTheLastSubmissionPerCriterionWithFields() {
        let submitted = capture(answers)
        var draft = answers
        draft["5.1"]?.status = .meets
        draft["5.1"]?.narrative = "Seals logged and audited."
        draft["9.1"]?.responsible = "Budi"
        draft["1.2"]?.evidenceIDs = []
        let current = ProfileSnapshot.entries(scope: scope, answers: draft, evidence: [policy.id: policy])

        let comparison = SnapshotComparison(baseline: submitted, current: current)

        #expect(comparison.baselineID == submitted.id)
        #expect(comparison.changes.map(\.criterionID) == ["1.2", "5.1", "9.1"])
        #expect(comparison.change(for: "5.1")?.fields == [.status, .narrative])
        #expect(comparison.change(for: "9.1")?.fields == [.responsible])
        #expect(comparison.change(for: "1.2")?.fields == [.evidence])
        #expect(comparison.change(for: "5.1")?.kind == .changed)
        #expect(!comparison.isChanged("1.1"))
    }

    @Test func replacedEvidenceFileCountsAsChanged() {
        let submitted = capture(answers)
        let newVersion = EvidenceReference(id: policy.id, title: policy.title, sha256: String(repeating: "ef", count: 32))
        let current = ProfileSnapshot.entries(scope: scope, answers: answers, evidence: [policy.id: newVersion])
        #expect(SnapshotComparison(baseline: submitted, current: current).change(for: "1.2")?.fields == [.evidence])
    }

    @Test func scopeChangesShowAsAddedAndRemoved() {
        let earlier = capture(answers)
        let widerScope = ProfileFixtures.scope([.importer, .highwayCarrier])
        let laterEntries = ProfileSnapshot.entries(scope: widerScope, answers: answers, evidence: [policy.id: policy])
            .filter { $0.criterionID != "9.2" }
        let later = ProfileSnapshot(id: SnapshotID(), profileID: profileID, companyID: companyID, catalogID: "test-profile",
                                    entityTypes: [.importer, .highwayCarrier], conditions: ConditionAnswers(),
                                    submittedBy: officer, submittedAt: ProfileFixtures.now, entries: laterEntries)

        let comparison = SnapshotComparison(from: earlier, to: later)

        #expect(comparison.change(for: "5.3")?.kind == .added)
        #expect(comparison.change(for: "5.2")?.kind == .added)
        #expect(comparison.change(for: "9.2")?.kind == .removed)
        #expect(comparison.change(for: "9.2")?.fields == AnswerField.allCases)
        #expect(comparison.change(for: "1.2") == nil)
    }
}
