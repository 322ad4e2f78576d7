import Foundation

/// Where the items of a loaded catalog came from in their file, so consistency checks made on
/// the `Catalog` value can still point at a line. Positions are indexes into
/// `Catalog.criteria`, `Catalog.categories` and `Catalog.eligibilityQuestions`.
public struct CatalogSourceMap: Sendable, Hashable {
    /// The line an item starts on and the lines of its fields.
    public struct ItemLines: Sendable, Hashable {
        /// The line the item starts on.
        public var line: Int?
        /// The line of each field present, by field name.
        public var fields: [String: Int] = [:]

        /// The field's line, or the item's line when the field is absent.
        public func line(of field: String) -> Int? { fields[field] ?? line }
    }

    /// Lines by position in `Catalog.criteria`, `Catalog.categories` and
    /// `Catalog.eligibilityQuestions`.
    public var criteria: [Int: ItemLines] = [:]
    public var categories: [Int: ItemLines] = [:]
    public var questions: [Int: ItemLines] = [:]
    /// Lines of top-level fields (`id`, `program`, `effective_date`, ...).
    public var topLevel: [String: Int] = [:]

    public init() {}

    /// The line of a criterion's field, if known.
    public func criterionLine(_ index: Int, field: String) -> Int? { criteria[index]?.line(of: field) }
    /// The line of a category's field, if known.
    public func categoryLine(_ index: Int, field: String) -> Int? { categories[index]?.line(of: field) }
    /// The line of an eligibility question's field, if known.
    public func questionLine(_ index: Int, field: String) -> Int? { questions[index]?.line(of: field) }
}
