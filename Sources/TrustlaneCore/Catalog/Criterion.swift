import Foundation

/// One Minimum Security Criterion as a catalog lists it. It never holds a company's answer:
/// security profiles refer to it by catalog id and criterion id.
public struct Criterion: Hashable, Sendable, Identifiable {
    /// The fields, held once: a criterion is copied into every scope, progress list and page
    /// row, and a copy of eleven fields retained each string and set (perf put those copies at
    /// several percent of the profile page). A copy now retains one object. Nothing changes a
    /// criterion once made, so the storage is never written after `init`.
    private final class Storage: Sendable {
        let id: CriterionID
        let categoryNumber: Int
        let title: String
        let summary: String
        let guidance: String
        let level: CriterionLevel
        let entityTypes: Set<EntityType>
        let condition: ApplicabilityCondition?
        let verifiedEntityTypes: Set<EntityType>
        let note: String
        let sources: [String]

        init(id: CriterionID, categoryNumber: Int, title: String, summary: String, guidance: String, level: CriterionLevel,
             entityTypes: Set<EntityType>, condition: ApplicabilityCondition?, verifiedEntityTypes: Set<EntityType>, note: String,
             sources: [String]) {
            self.id = id
            self.categoryNumber = categoryNumber
            self.title = title
            self.summary = summary
            self.guidance = guidance
            self.level = level
            self.entityTypes = entityTypes
            self.condition = condition
            self.verifiedEntityTypes = verifiedEntityTypes
            self.note = note
            self.sources = sources
        }
    }

    private let storage: Storage

    /// The criterion number (`3.4`).
    public var id: CriterionID { storage.id }
    /// The number of the category it belongs to; equals `id.categoryNumber` in a valid catalog.
    public var categoryNumber: Int { storage.categoryNumber }
    /// A short title for lists (`Partner CTPAT or AEO status`).
    public var title: String { storage.title }
    /// What the criterion asks for, in one or two sentences of our own words.
    public var summary: String { storage.summary }
    /// How a company typically meets it, in our own words; may be empty.
    public var guidance: String { storage.guidance }
    /// Must or Should.
    public var level: CriterionLevel { storage.level }
    /// The entity types whose MSC document lists this criterion.
    public var entityTypes: Set<EntityType> { storage.entityTypes }
    /// When set, the criterion applies only to companies answering "yes" to the condition.
    public var condition: ApplicabilityCondition? { storage.condition }
    /// The entity types for which this criterion (id, wording, level) was checked against a
    /// published CBP source. Empty when it is reconstructed from general program knowledge.
    public var verifiedEntityTypes: Set<EntityType> { storage.verifiedEntityTypes }
    /// Where the content comes from or what is uncertain about it (for example a reconstructed
    /// number), for reviewers; empty when there is nothing to add.
    public var note: String { storage.note }
    /// The ids of the catalog's `sources` this criterion rests on.
    public var sources: [String] { storage.sources }

    /// Equal when every field is: two criteria read from two catalog files compare by content.
    public static func == (a: Criterion, b: Criterion) -> Bool {
        if a.storage === b.storage { return true }
        return a.id == b.id && a.categoryNumber == b.categoryNumber && a.title == b.title && a.summary == b.summary
            && a.guidance == b.guidance && a.level == b.level && a.entityTypes == b.entityTypes && a.condition == b.condition
            && a.verifiedEntityTypes == b.verifiedEntityTypes && a.note == b.note && a.sources == b.sources
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(categoryNumber)
        hasher.combine(title)
        hasher.combine(summary)
        hasher.combine(guidance)
        hasher.combine(level)
        hasher.combine(entityTypes)
        hasher.combine(condition)
        hasher.combine(verifiedEntityTypes)
        hasher.combine(note)
        hasher.combine(sources)
    }

    /// Creates a criterion whose verification is given per entity type.
    public init(id: CriterionID, categoryNumber: Int? = nil, title: String, summary: String, guidance: String = "",
                level: CriterionLevel, entityTypes: Set<EntityType>, condition: ApplicabilityCondition? = nil,
                verifiedFor verifiedEntityTypes: Set<EntityType>, note: String = "", sources: [String] = []) {
        storage = Storage(id: id, categoryNumber: categoryNumber ?? id.categoryNumber, title: title, summary: summary, guidance: guidance,
                          level: level, entityTypes: entityTypes, condition: condition, verifiedEntityTypes: verifiedEntityTypes,
                          note: note, sources: sources)
    }

    /// Creates a criterion that is either verified for all its entity types or for none.
    public init(id: CriterionID, categoryNumber: Int? = nil, title: String, summary: String, guidance: String = "",
                level: CriterionLevel, entityTypes: Set<EntityType>, condition: ApplicabilityCondition? = nil,
                verified: Bool = false, note: String = "", sources: [String] = []) {
        self.init(id: id, categoryNumber: categoryNumber, title: title, summary: summary, guidance: guidance,
                  level: level, entityTypes: entityTypes, condition: condition,
                  verifiedFor: verified ? entityTypes : [], note: note, sources: sources)
    }

    /// How far its number can be trusted for an entity type (see `CriterionNumbering`).
    public func numbering(for entityType: EntityType) -> CriterionNumbering { numbering(for: [entityType]) }

    /// The same, for a company with several entity types: confirmed when confirmed for any of them.
    public func numbering(for types: Set<EntityType>) -> CriterionNumbering {
        if id.isLocal { return .local }
        return verifiedEntityTypes.isDisjoint(with: types) ? .publicMaterial : .confirmed
    }

    /// True when the criterion was checked against a CBP source for every entity type it lists.
    public var verified: Bool {
        !verifiedEntityTypes.isEmpty && verifiedEntityTypes.isSuperset(of: entityTypes)
    }

    /// Whether the criterion was checked against a CBP source for this entity type.
    public func isVerified(for entityType: EntityType) -> Bool {
        verifiedEntityTypes.contains(entityType)
    }

    /// Whether the entity type's MSC lists this criterion.
    public func applies(to entityType: EntityType) -> Bool {
        entityTypes.contains(entityType)
    }

    /// The entity types in the program's order (IMP, EXP, FM, ...), for display.
    public var sortedEntityTypes: [EntityType] { entityTypes.sorted() }
}
