import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Answer history and word diff")
struct AnswerHistoryDiffTests {
    func render(_ segments: [DiffSegment]) -> String {
        segments.map { segment in
            switch segment.kind {
            case .kept: segment.text
            case .added: "[+\(segment.text)]"
            case .removed: "[-\(segment.text)]"
            }
        }.joined()
    }

    @Test func wordDiffKeepsCommonWordsAndMarksTheRest() {
        let segments = WordDiff.segments(from: "Seals are logged daily by guards.",
                                         to: "Seals are logged and audited daily by guards.")
        #expect(render(segments) == "Seals are logged [+and audited ]daily by guards.")
    }

    @Test func replacedWordShowsRemovedThenAdded() {
        #expect(render(WordDiff.segments(from: "the quick fox", to: "the slow fox")) == "the [-quick][+slow] fox")
    }

    @Test func segmentsRebuildBothTexts() {
        let old = "Badges are issued by HR.\nLost badges are revoked within 24 hours."
        let new = "Badges are issued by Security.\nLost badges are revoked the same day, and logged."
        let segments = WordDiff.segments(from: old, to: new)
        #expect(segments.filter { $0.kind != .added }.map(\.text).joined() == old)
        #expect(segments.filter { $0.kind != .removed }.map(\.text).joined() == new)
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.kind != $1.kind }) // neighbours merged
    }

    @Test func emptyAndIdenticalTexts() {
        #expect(WordDiff.segments(from: "", to: "").isEmpty)
        #expect(WordDiff.segments(from: "", to: "new text") == [DiffSegment(.added, "new text")])
        #expect(WordDiff.segments(from: "old", to: "") == [DiffSegment(.removed, "old")])
        #expect(WordDiff.segments(from: "same words", to: "same words") == [DiffSegment(.kept, "same words")])
    }

    @Test func longNarrativesStayCorrect() {
        let words = (0..<2_000).map { "w\($0 % 97)" }
        let old = words.joined(separator: " ")
        var changed = words
        changed[1_000] = "CHANGED"
        let new = changed.joined(separator: " ")
        let segments = WordDiff.segments(from: old, to: new)
        #expect(segments.filter { $0.kind != .added }.map(\.text).joined() == old)
        #expect(segments.filter { $0.kind != .removed }.map(\.text).joined() == new)
        #expect(segments.filter { $0.kind == .added }.map(\.text) == ["CHANGED"])
    }

    @Test func fieldByFieldDiffBetweenTwoVersions() {
        let kept = EvidenceID()
        let dropped = EvidenceID()
        let added = EvidenceID()
        let old = ProfileFixtures.answer("1.2", .partly, narrative: "Policy drafted.", responsible: "Dewi",
                                         evidence: [kept, dropped], version: 2)
        let new = ProfileFixtures.answer("1.2", .meets, narrative: "Policy signed.", responsible: "Dewi",
                                         evidence: [kept, added], version: 3, by: ProfileFixtures.coordinator)

        let diff = AnswerHistoryDiff(from: old, to: new)

        #expect(diff.fields == [.status, .narrative, .evidence])
        #expect(diff.changes[0] == .init(field: .status, before: "partly", after: "meets"))
        #expect(render(diff.narrativeSegments) == "Policy [-drafted.][+signed.]")
        #expect(diff.reasonSegments.isEmpty)
        #expect(diff.evidenceAdded == [added])
        #expect(diff.evidenceRemoved == [dropped])
        #expect(diff.fromVersion == 2 && diff.toVersion == 3)
        #expect(diff.changedBy == ProfileFixtures.coordinator)
    }

    @Test func firstSaveIsComparedWithTheUnansweredState() {
        let diff = AnswerHistoryDiff(from: nil, to: ProfileFixtures.answer("9.2", .notApplicable, reason: "No yard"))
        #expect(diff.fields == [.status, .notApplicableReason])
        #expect(diff.reasonSegments == [DiffSegment(.added, "No yard")])
        #expect(diff.fromVersion == 0)
    }

    @Test func historyIsNewestFirstWhateverTheInputOrder() {
        let v1 = ProfileFixtures.answer("1.2", .notYet, version: 1)
        let v2 = ProfileFixtures.answer("1.2", .partly, narrative: "Started", version: 2)
        let v3 = ProfileFixtures.answer("1.2", .partly, narrative: "Started", responsible: "Budi", version: 3)

        let history = AnswerHistoryDiff.history([v2, v3, v1])

        #expect(history.map(\.toVersion) == [3, 2, 1])
        #expect(history[0].fields == [.responsible])
        #expect(history[1].fields == [.status, .narrative])
        #expect(history[2].fields == [.status])
    }

    @Test func unchangedSaveGivesAnEmptyDiff() {
        let v1 = ProfileFixtures.answer("1.2", .meets, narrative: "x", version: 1)
        var v2 = v1
        v2.version = 2
        #expect(AnswerHistoryDiff(from: v1, to: v2).isEmpty)
    }
}
