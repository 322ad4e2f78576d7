import Foundation

/// Filters for `CatalogIndex.search`. Every filter left empty matches everything; filters
/// combine with AND, values within one filter with OR.
public struct CatalogQuery: Hashable, Sendable {
    /// Criteria listed for any of these entity types (the union); empty for all.
    public var entityTypes: Set<EntityType>
    /// Criteria in any of these focus areas (by id); empty for all.
    public var focusAreaIDs: Set<String>
    /// Criteria in any of these categories (by number); empty for all.
    public var categoryNumbers: Set<Int>
    /// Only Must or only Should; `nil` for both.
    public var level: CriterionLevel?
    /// Words that must all appear (case- and accent-insensitive) in the id, title, summary or
    /// guidance; empty for all.
    public var text: String
    /// Only criteria whose number is confirmed, from public material, or local (for the
    /// selected entity types, or any type when none is selected); `nil` for all.
    public var numbering: CriterionNumbering?

    public init(entityTypes: Set<EntityType> = [], focusAreaIDs: Set<String> = [], categoryNumbers: Set<Int> = [],
                level: CriterionLevel? = nil, text: String = "", numbering: CriterionNumbering? = nil) {
        self.entityTypes = entityTypes
        self.focusAreaIDs = focusAreaIDs
        self.categoryNumbers = categoryNumbers
        self.level = level
        self.text = text
        self.numbering = numbering
    }
}
