import Foundation

/// Which criteria a company's security profile holds: the union of the criteria of its entity
/// types in one catalog version, less those whose applicability condition the company answered
/// "no". Criteria whose condition is not answered yet stay in, flagged `conditionPending`.
///
/// Pure and cheap (one pass over the catalog index): build it per request from the profile's
/// catalog id, entity types and condition answers; it is never stored.
public struct ProfileScope: Sendable {
    /// One category of the profile with its criteria, for pages grouped by focus area and category.
    public struct CategoryGroup: Sendable, Identifiable {
        public let category: CriterionCategory
        public let focusArea: FocusArea?
        public let criteria: [ScopedCriterion]
        public var id: Int { category.number }
    }

    /// The catalog version the profile answers.
    public let catalog: Catalog
    /// The profile's entity types.
    public let entityTypes: Set<EntityType>
    /// The company's condition answers the scope was built from.
    public let conditions: ConditionAnswers
    /// The applicable criteria, sorted by id.
    public let criteria: [ScopedCriterion]
    /// Criteria of the entity types left out because the company answered their condition "no".
    public let excluded: [ScopedCriterion]
    /// The conditions, in catalog order, that in-scope criteria wait on.
    public let pendingConditions: [ApplicabilityCondition]

    private let positionByID: [CriterionID: Int]

    /// Builds the scope. An empty set of entity types gives an empty profile (a profile always
    /// names at least one type; `CatalogIndex` would read an empty set as "all").
    public init(index: CatalogIndex, entityTypes: Set<EntityType>, conditions: ConditionAnswers) {
        self.catalog = index.catalog
        self.entityTypes = entityTypes
        self.conditions = conditions
        var included: [ScopedCriterion] = []
        var excluded: [ScopedCriterion] = []
        var pendingIDs: Set<String> = []
        if !entityTypes.isEmpty {
            for item in index.criteria(for: entityTypes) {
                if conditions.excludes(item.criterion) {
                    excluded.append(ScopedCriterion(criterion: item.criterion, entityTypes: item.entityTypes))
                    continue
                }
                let pending = conditions.isPending(item.criterion)
                if pending, let id = item.criterion.condition?.id { pendingIDs.insert(id) }
                included.append(ScopedCriterion(criterion: item.criterion, entityTypes: item.entityTypes,
                                                conditionPending: pending))
            }
        }
        self.criteria = included
        self.excluded = excluded
        var pending = index.catalog.conditions.filter { pendingIDs.contains($0.id) }
        // A hand-built catalog may name a condition only on its criteria.
        var listed = Set(pending.map(\.id))
        for item in included where item.conditionPending {
            if let condition = item.criterion.condition, listed.insert(condition.id).inserted { pending.append(condition) }
        }
        self.pendingConditions = pending
        self.positionByID = Dictionary(uniqueKeysWithValues: included.enumerated().map { ($0.element.id, $0.offset) })
        self.categoryGroups = Self.group(included, catalog: index.catalog)
    }

    /// Whether the criterion belongs to the profile.
    public func contains(_ id: CriterionID) -> Bool { positionByID[id] != nil }

    /// The in-scope criterion with this id.
    public func criterion(_ id: CriterionID) -> ScopedCriterion? {
        positionByID[id].map { criteria[$0] }
    }

    /// The in-scope Musts, sorted by id.
    public var musts: [ScopedCriterion] { criteria.filter(\.isMust) }

    /// The criteria grouped by category in the catalog's category order; empty categories are
    /// left out. Criteria of a category the catalog does not list come last under a bare group.
    public let categoryGroups: [CategoryGroup]

    private static func group(_ criteria: [ScopedCriterion], catalog: Catalog) -> [CategoryGroup] {
        var byCategory: [Int: [ScopedCriterion]] = [:]
        for item in criteria { byCategory[item.criterion.categoryNumber, default: []].append(item) }
        var groups: [CategoryGroup] = []
        for category in catalog.categories {
            guard let items = byCategory.removeValue(forKey: category.number) else { continue }
            groups.append(CategoryGroup(category: category, focusArea: catalog.focusArea(id: category.focusAreaID),
                                        criteria: items))
        }
        for (number, items) in byCategory.sorted(by: { $0.key < $1.key }) {
            groups.append(CategoryGroup(category: CriterionCategory(number: number, title: "Category \(number)",
                                                                    focusAreaID: ""),
                                        focusArea: nil, criteria: items))
        }
        return groups
    }
}
