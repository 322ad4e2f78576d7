import Foundation

/// A catalog prepared for fast reads: look-up by id, the union of criteria for several entity
/// types, and filtered text search. Built once per catalog version (see `BundledCatalogs`);
/// every query scans precomputed bit masks and folded text, with no allocation per criterion
/// beyond the results.
public struct CatalogIndex: Sendable {
    /// The indexed catalog.
    public let catalog: Catalog
    /// The criteria sorted by id.
    public let sortedCriteria: [Criterion]

    private struct Entry: Sendable {
        let entityMask: UInt16
        let categoryNumber: Int
        let focusAreaID: String
        let level: CriterionLevel
        let text: SearchText
    }

    private let entries: [Entry]
    private let positionByID: [CriterionID: Int]

    /// Prepares a catalog for queries (about 1 ms for the bundled catalog in a release build).
    public init(_ catalog: Catalog) {
        self.catalog = catalog
        // Duplicates cannot survive loading; keep the first if a hand-built catalog has them.
        var seen: Set<CriterionID> = []
        let sorted = catalog.criteria.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
        sortedCriteria = sorted
        let focusByCategory = Dictionary(catalog.categories.map { ($0.number, $0.focusAreaID) },
                                         uniquingKeysWith: { first, _ in first })
        entries = sorted.map { criterion in
            Entry(entityMask: Self.mask(criterion.entityTypes), categoryNumber: criterion.categoryNumber,
                  focusAreaID: focusByCategory[criterion.categoryNumber] ?? "", level: criterion.level,
                  text: SearchText([criterion.id.rawValue, criterion.title, criterion.summary, criterion.guidance]
                      .joined(separator: "\n")))
        }
        positionByID = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element.id, $0.offset) })
    }

    /// The criterion with this id.
    public func criterion(_ id: CriterionID) -> Criterion? {
        positionByID[id].map { sortedCriteria[$0] }
    }

    /// The criteria listed for any of the entity types (the union), sorted by id, each with the
    /// given types that require it. An empty set gives every criterion with all its types.
    public func criteria(for entityTypes: Set<EntityType>) -> [ApplicableCriterion] {
        search(CatalogQuery(entityTypes: entityTypes))
    }

    /// The criteria matching every filter of the query, sorted by id.
    public func search(_ query: CatalogQuery) -> [ApplicableCriterion] {
        let wanted = query.entityTypes.isEmpty ? UInt16.max : Self.mask(query.entityTypes)
        let terms = SearchText.terms(query.text)
        var result: [ApplicableCriterion] = []
        for (position, entry) in entries.enumerated() {
            guard entry.entityMask & wanted != 0,
                  query.categoryNumbers.isEmpty || query.categoryNumbers.contains(entry.categoryNumber),
                  query.focusAreaIDs.isEmpty || query.focusAreaIDs.contains(entry.focusAreaID),
                  query.level == nil || query.level == entry.level,
                  terms.isEmpty || entry.text.containsAll(terms) else { continue }
            let criterion = sortedCriteria[position]
            let types = query.entityTypes.isEmpty ? criterion.entityTypes : criterion.entityTypes.intersection(query.entityTypes)
            if let numbering = query.numbering, criterion.numbering(for: types) != numbering { continue }
            result.append(ApplicableCriterion(criterion: criterion, entityTypes: types))
        }
        return result
    }

    private static let bitByType: [EntityType: UInt16] = Dictionary(uniqueKeysWithValues:
        EntityType.allCases.enumerated().map { ($0.element, UInt16(1) << UInt16($0.offset)) })

    private static func mask(_ types: Set<EntityType>) -> UInt16 {
        types.reduce(0) { $0 | (bitByType[$1] ?? 0) }
    }
}
