import Foundation

/// A conveyance inspection checklist: the points an inspector walks, in order, each with what to
/// look for against hidden compartments and tampering (`security`) and against pest
/// contamination (`agriculture`, MSC 8.1), in English, Spanish and Bahasa Indonesia.
///
/// CBP's lists are versioned data in `Resources/InspectionChecklists` (`InspectionChecklists`);
/// a company's own list has the same shape (`CompanyChecklist`). Both are built only through
/// `InspectionChecklistValidator`, so a checklist in hand is always well formed.
public struct InspectionChecklist: Hashable, Sendable {
    /// One point of the checklist.
    public struct Point: Hashable, Sendable {
        /// Lower-case snake case, unique in the checklist (`front_wall`); inspections record it.
        public let key: String
        /// 1, 2, 3 ... in the checklist's order.
        public let order: Int
        public let title: LocalizedText
        public let security: LocalizedText
        public let agriculture: LocalizedText
    }

    /// Where a checklist's points come from.
    public struct Source: Hashable, Sendable {
        public let title: String
        public let url: String?
        public let kind: SourceKind
    }

    /// How much weight a source carries: only `cbp` and `cbpCopy` confirm a CBP list.
    public enum SourceKind: String, CaseIterable, Sendable, Hashable {
        case cbp
        case cbpCopy = "cbp_copy"
        case secondary
        case researchNotes = "research_notes"
        /// The company's own procedure (custom checklists).
        case company
    }

    public let key: String
    public let version: Int
    public let title: LocalizedText
    public let conveyance: ConveyanceKind
    /// The MSC criteria the checklist serves, sorted.
    public let criteria: [CriterionID]
    /// True where no public CBP source (or copy of one) confirmed the points.
    public let unverified: Bool
    public let checkedOn: ProgramDay?
    public let sources: [Source]
    public let note: String
    /// In order: `points[i].order == i + 1`.
    public let points: [Point]

    /// The point with this key, if the checklist has it.
    public func point(_ key: String) -> Point? { points.first { $0.key == key } }

    /// `key` and `version` in one token (`container-7-point@1`), as inspections record it.
    public var reference: String { "\(key)@\(version)" }
}
