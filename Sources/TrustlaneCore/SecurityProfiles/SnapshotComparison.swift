import Foundation

/// A part of an answer that can change between submissions.
public enum AnswerField: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case status
    case narrative
    case notApplicableReason = "not_applicable_reason"
    case responsible
    case evidence

    /// Key of the field's display name in the localization files.
    public var nameKey: String { "profile.field.\(rawValue)" }

    public static func < (lhs: AnswerField, rhs: AnswerField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// "Changed since the last submission", per criterion: compares the entries of a baseline
/// snapshot with the current draft (from `ProfileSnapshot.entries`) or with a later snapshot.
public struct SnapshotComparison: Sendable {
    /// How one criterion differs from the baseline.
    public struct Change: Hashable, Sendable, Identifiable {
        public enum Kind: String, Sendable, Hashable {
            /// In the current version only (the scope grew).
            case added
            /// In the baseline only (the scope shrank).
            case removed
            /// In both, with different content.
            case changed
        }
        public let criterionID: CriterionID
        public let kind: Kind
        /// The fields that differ, in display order; every field for `added` and `removed`.
        public let fields: [AnswerField]
        public var id: CriterionID { criterionID }
    }

    /// The snapshot compared against; `nil` before the first submission.
    public let baselineID: SnapshotID?
    /// The criteria that differ, sorted by id.
    public let changes: [Change]
    private let changeByID: [CriterionID: Change]

    /// Compares the current entries with a baseline snapshot. Without a baseline (no earlier
    /// submission) nothing counts as changed.
    public init(baseline: ProfileSnapshot?, current: [SnapshotEntry]) {
        baselineID = baseline?.id
        guard let baseline else {
            changes = []
            changeByID = [:]
            return
        }
        var found: [Change] = []
        var previous = Dictionary(baseline.entries.map { ($0.criterionID, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in current {
            guard let before = previous.removeValue(forKey: entry.criterionID) else {
                found.append(Change(criterionID: entry.criterionID, kind: .added, fields: AnswerField.allCases))
                continue
            }
            let fields = Self.changedFields(before, entry)
            if !fields.isEmpty { found.append(Change(criterionID: entry.criterionID, kind: .changed, fields: fields)) }
        }
        for id in previous.keys {
            found.append(Change(criterionID: id, kind: .removed, fields: AnswerField.allCases))
        }
        changes = found.sorted { $0.criterionID < $1.criterionID }
        changeByID = Dictionary(uniqueKeysWithValues: changes.map { ($0.criterionID, $0) })
    }

    /// Compares two snapshots (earlier first).
    public init(from earlier: ProfileSnapshot, to later: ProfileSnapshot) {
        self.init(baseline: earlier, current: later.entries)
    }

    /// The change of one criterion, `nil` when unchanged.
    public func change(for criterionID: CriterionID) -> Change? { changeByID[criterionID] }

    /// Whether the criterion changed since the baseline.
    public func isChanged(_ criterionID: CriterionID) -> Bool { changeByID[criterionID] != nil }

    /// The fields that differ between two entries. Evidence differs when the linked files, their
    /// order aside, differ in id, title or content hash.
    public static func changedFields(_ before: SnapshotEntry, _ after: SnapshotEntry) -> [AnswerField] {
        var fields: [AnswerField] = []
        if before.status != after.status { fields.append(.status) }
        if before.narrative != after.narrative { fields.append(.narrative) }
        if before.notApplicableReason != after.notApplicableReason { fields.append(.notApplicableReason) }
        if before.responsible != after.responsible { fields.append(.responsible) }
        if Set(before.evidence) != Set(after.evidence) { fields.append(.evidence) }
        return fields
    }
}
