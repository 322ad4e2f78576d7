import Foundation

/// One Minimum Security Criterion as a catalog lists it. It never holds a company's answer:
/// security profiles refer to it by catalog id and criterion id.
public struct Criterion: Hashable, Sendable, Identifiable {
    /// The criterion number (`3.4`).
    public let id: CriterionID
    /// The number of the category it belongs to; equals `id.categoryNumber` in a valid catalog.
    public let categoryNumber: Int
    /// A short title for lists (`Partner CTPAT or AEO status`).
    public let title: String
    /// What the criterion asks for, in one or two sentences of our own words.
    public let summary: String
    /// How a company typically meets it, in our own words; may be empty.
    public let guidance: String
    /// Must or Should.
    public let level: CriterionLevel
    /// The entity types whose MSC document lists this criterion.
    public let entityTypes: Set<EntityType>
    /// When set, the criterion applies only to companies answering "yes" to the condition.
    public let condition: ApplicabilityCondition?
    /// The entity types for which this criterion (id, wording, level) was checked against a
    /// published CBP source. Empty when it is reconstructed from general program knowledge.
    public let verifiedEntityTypes: Set<EntityType>
    /// Where the content comes from or what is uncertain about it (for example a reconstructed
    /// number), for reviewers; empty when there is nothing to add.
    public let note: String
    /// The ids of the catalog's `sources` this criterion rests on.
    public let sources: [String]

    /// Creates a criterion whose verification is given per entity type.
    public init(id: CriterionID, categoryNumber: Int? = nil, title: String, summary: String, guidance: String = "",
                level: CriterionLevel, entityTypes: Set<EntityType>, condition: ApplicabilityCondition? = nil,
                verifiedFor verifiedEntityTypes: Set<EntityType>, note: String = "", sources: [String] = []) {
        self.id = id
        self.categoryNumber = categoryNumber ?? id.categoryNumber
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
