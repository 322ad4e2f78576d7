import Foundation

/// What changed between two versions of one answer, for the per-criterion history: the fields
/// that differ with their old and new values, word-level diffs of the narrative and the
/// not-applicable reason, and the evidence linked and unlinked.
public struct AnswerHistoryDiff: Hashable, Sendable, Identifiable {
    /// One field's old and new value as text (status as its raw value, evidence as a count).
    public struct FieldChange: Hashable, Sendable {
        public let field: AnswerField
        public let before: String
        public let after: String
    }

    public let criterionID: CriterionID
    /// The earlier version number (0 when the later one is the first save).
    public let fromVersion: Int
    /// The later version number.
    public let toVersion: Int
    /// Who saved the later version and when.
    public let changedBy: UserID?
    public let changedAt: Date?
    /// The fields that differ, in display order.
    public let changes: [FieldChange]
    /// Word diff of the narrative; empty when it did not change.
    public let narrativeSegments: [DiffSegment]
    /// Word diff of the not-applicable reason; empty when it did not change.
    public let reasonSegments: [DiffSegment]
    /// Evidence linked in the later version, in its order.
    public let evidenceAdded: [EvidenceID]
    /// Evidence no longer linked, in the earlier version's order.
    public let evidenceRemoved: [EvidenceID]

    public var id: Int { toVersion }

    /// Compares two versions of an answer; `old` is `nil` (or version 0) for the first save.
    public init(from old: CriterionAnswer?, to new: CriterionAnswer) {
        let before = old ?? .unanswered(new.criterionID)
        criterionID = new.criterionID
        fromVersion = before.version
        toVersion = new.version
        changedBy = new.updatedBy
        changedAt = new.updatedAt
        var changes: [FieldChange] = []
        if before.status != new.status {
            changes.append(FieldChange(field: .status, before: before.status.rawValue, after: new.status.rawValue))
        }
        if before.narrative != new.narrative {
            changes.append(FieldChange(field: .narrative, before: before.narrative, after: new.narrative))
        }
        if before.notApplicableReason != new.notApplicableReason {
            changes.append(FieldChange(field: .notApplicableReason, before: before.notApplicableReason,
                                       after: new.notApplicableReason))
        }
        if before.responsible != new.responsible {
            changes.append(FieldChange(field: .responsible, before: before.responsible, after: new.responsible))
        }
        let oldEvidence = Set(before.evidenceIDs)
        let newEvidence = Set(new.evidenceIDs)
        evidenceAdded = new.evidenceIDs.filter { !oldEvidence.contains($0) }
        evidenceRemoved = before.evidenceIDs.filter { !newEvidence.contains($0) }
        if !evidenceAdded.isEmpty || !evidenceRemoved.isEmpty {
            changes.append(FieldChange(field: .evidence, before: String(before.evidenceIDs.count),
                                       after: String(new.evidenceIDs.count)))
        }
        self.changes = changes
        narrativeSegments = before.narrative == new.narrative ? []
            : WordDiff.segments(from: before.narrative, to: new.narrative)
        reasonSegments = before.notApplicableReason == new.notApplicableReason ? []
            : WordDiff.segments(from: before.notApplicableReason, to: new.notApplicableReason)
    }

    /// Whether nothing but the version stamp differs.
    public var isEmpty: Bool { changes.isEmpty }

    /// The fields that changed.
    public var fields: [AnswerField] { changes.map(\.field) }

    /// The history of an answer, newest change first: each version compared with the one
    /// before it (the first with the unanswered state). Versions may come in any order.
    public static func history(_ versions: [CriterionAnswer]) -> [AnswerHistoryDiff] {
        let sorted = versions.sorted { $0.version < $1.version }
        var result: [AnswerHistoryDiff] = []
        result.reserveCapacity(sorted.count)
        var previous: CriterionAnswer?
        for version in sorted where version.version > 0 {
            result.append(AnswerHistoryDiff(from: previous, to: version))
            previous = version
        }
        return result.reversed()
    }
}
