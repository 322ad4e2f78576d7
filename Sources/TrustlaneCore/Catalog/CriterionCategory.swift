import Foundation

/// A numbered category of criteria (1 = Security Vision & Responsibility ... 12 = Education,
/// Training and Awareness). A criterion's id starts with its category's number.
public struct CriterionCategory: Hashable, Sendable, Identifiable {
    /// The category number, also the prefix of its criteria ids.
    public let number: Int
    /// The display title (`Physical Access Controls`).
    public let title: String
    /// The id of the `FocusArea` the category belongs to.
    public let focusAreaID: String
    /// The entity types the category applies to; `nil` means every entity type of the catalog.
    /// Coverage checks expect each of these types to have at least one criterion here.
    public let entityTypes: Set<EntityType>?

    public init(number: Int, title: String, focusAreaID: String, entityTypes: Set<EntityType>? = nil) {
        self.number = number
        self.title = title
        self.focusAreaID = focusAreaID
        self.entityTypes = entityTypes
    }

    public var id: Int { number }

    /// Whether the category applies to an entity type.
    public func applies(to entityType: EntityType) -> Bool {
        entityTypes?.contains(entityType) ?? true
    }
}
