import Foundation

/// What changed between two catalog versions: criteria added, removed, and changed (with the
/// fields that changed), plus the same for eligibility questions. Criteria are matched by id.
public struct CatalogDiff: Hashable, Sendable {
    /// A field of a criterion that can change between versions.
    public enum Field: String, CaseIterable, Sendable, Hashable {
        case category, title, summary, guidance, level
        case entityTypes = "entity_types"
        case condition, verified, note
    }

    /// A criterion present in both versions with different content.
    public struct Change: Hashable, Sendable {
        /// The criterion in the old and in the new version.
        public let old: Criterion
        public let new: Criterion
        /// The fields that differ, in `Field` order.
        public let fields: [Field]
        public var id: CriterionID { new.id }
    }

    /// The ids of the compared catalogs.
    public let oldCatalogID: String
    public let newCatalogID: String
    /// In the new version only, by id.
    public let added: [Criterion]
    /// In the old version only, by id.
    public let removed: [Criterion]
    /// In both, with differences, by id.
    public let changed: [Change]
    /// Eligibility questions in the new version only.
    public let addedQuestions: [EligibilityQuestion]
    /// Eligibility questions in the old version only.
    public let removedQuestions: [EligibilityQuestion]
    /// Eligibility questions in both whose text, effect, reason, types or dependency differ.
    public let changedQuestions: [EligibilityQuestionID]

    /// Compares two versions, usually of one program.
    public init(old: Catalog, new: Catalog) {
        oldCatalogID = old.id
        newCatalogID = new.id
        let oldByID = Dictionary(old.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        added = newByID.values.filter { oldByID[$0.id] == nil }.sorted { $0.id < $1.id }
        removed = oldByID.values.filter { newByID[$0.id] == nil }.sorted { $0.id < $1.id }
        changed = newByID.values.compactMap { criterion -> Change? in
            guard let before = oldByID[criterion.id] else { return nil }
            let fields = Self.changedFields(before, criterion)
            return fields.isEmpty ? nil : Change(old: before, new: criterion, fields: fields)
        }.sorted { $0.id < $1.id }

        let oldQuestions = Dictionary(old.eligibilityQuestions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newQuestions = Dictionary(new.eligibilityQuestions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        addedQuestions = new.eligibilityQuestions.filter { oldQuestions[$0.id] == nil }
        removedQuestions = old.eligibilityQuestions.filter { newQuestions[$0.id] == nil }
        changedQuestions = new.eligibilityQuestions.compactMap { question in
            guard let before = oldQuestions[question.id], before != question else { return nil }
            return question.id
        }
    }

    /// True when the two versions list the same criteria and questions with the same content.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty
            && addedQuestions.isEmpty && removedQuestions.isEmpty && changedQuestions.isEmpty
    }

    /// The fields in which two versions of a criterion differ.
    public static func changedFields(_ old: Criterion, _ new: Criterion) -> [Field] {
        Field.allCases.filter { field in
            switch field {
            case .category: old.categoryNumber != new.categoryNumber
            case .title: old.title != new.title
            case .summary: old.summary != new.summary
            case .guidance: old.guidance != new.guidance
            case .level: old.level != new.level
            case .entityTypes: old.entityTypes != new.entityTypes
            case .condition: old.condition != new.condition
            case .verified: old.verifiedEntityTypes != new.verifiedEntityTypes
            case .note: old.note != new.note
            }
        }
    }
}
