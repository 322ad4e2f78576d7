import Foundation

/// A criterion in a company's security profile: the catalog criterion, the company's entity
/// types that require it, and whether it waits on an unanswered applicability condition.
public struct ScopedCriterion: Hashable, Sendable, Identifiable {
    /// The catalog criterion.
    public let criterion: Criterion
    /// The profile's entity types whose MSC lists the criterion.
    public let entityTypes: Set<EntityType>
    /// True when the criterion has a condition the company has not answered: it stays in the
    /// profile (and a Must still blocks submission) until the company answers "no".
    public let conditionPending: Bool

    public init(criterion: Criterion, entityTypes: Set<EntityType>, conditionPending: Bool = false) {
        self.criterion = criterion
        self.entityTypes = entityTypes
        self.conditionPending = conditionPending
    }

    public var id: CriterionID { criterion.id }

    /// Whether the criterion is a Must.
    public var isMust: Bool { criterion.level == .must }

    /// The requiring entity types in program order, for display.
    public var sortedEntityTypes: [EntityType] { entityTypes.sorted() }
}
