import Foundation

/// A criterion in a query result, with the selected entity types that require it. For a company
/// that is both an importer and a highway carrier, a criterion only highway carriers have shows
/// `[HC]`, one both have shows `[IMP, HC]`.
public struct ApplicableCriterion: Hashable, Sendable, Identifiable {
    /// The matching criterion.
    public let criterion: Criterion
    /// The selected entity types whose MSC lists the criterion (all of its types when the query
    /// selected none).
    public let entityTypes: Set<EntityType>

    public init(criterion: Criterion, entityTypes: Set<EntityType>) {
        self.criterion = criterion
        self.entityTypes = entityTypes
    }

    public var id: CriterionID { criterion.id }

    /// The requiring entity types in program order, for display.
    public var sortedEntityTypes: [EntityType] { entityTypes.sorted() }
}
