import Foundation

/// One problem found in a catalog file or value, worded so the person fixing the file knows
/// where to look and what to change.
public struct CatalogIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is, for tests and for grouping on a page.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file is not valid YAML, JSON or CSV at all.
        case syntax
        /// A required field is absent or empty.
        case missingField
        /// A field holds a value of the wrong shape (text where a list is expected, a bad date).
        case invalidValue
        /// A field the format does not know; usually a typo.
        case unknownField
        /// Two items share an id.
        case duplicateID
        /// A criterion id that is not `<category>.<sequence>`.
        case invalidID
        /// An entity type code that is not one of the twelve.
        case unknownEntityType
        /// A level other than Must or Should.
        case invalidLevel
        /// A criterion names a category the catalog does not define.
        case unknownCategory
        /// A criterion's id prefix differs from its category number.
        case categoryMismatch
        /// A category names a focus area the catalog does not define.
        case unknownFocusArea
        /// A criterion names a condition the catalog does not define, or one condition id has
        /// two different questions.
        case unknownCondition
        /// An eligibility question depends on a question that is not asked of the same types.
        case unknownQuestion
        /// An entity type has no criterion in a category that applies to it.
        case missingCoverage
        /// A criterion the program requires as Must for every entity type is absent, not Must,
        /// or not listed for every type.
        case programRule
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// The 1-based line in the file, when known (YAML, JSON and CSV files; not values built in code).
    public let line: Int?
    /// The field (YAML/JSON key or CSV column) at fault, e.g. `level`.
    public let field: String
    /// The id of the criterion, category or question at fault, when there is one.
    public let itemID: String?
    /// What is wrong and how to fix it.
    public let message: String

    public init(_ kind: Kind, line: Int? = nil, field: String, itemID: String? = nil, message: String) {
        self.kind = kind
        self.line = line
        self.field = field
        self.itemID = itemID
        self.message = message
    }

    /// `line 12, criterion 3.4, field level: ...`
    public var description: String {
        var location: [String] = []
        if let line { location.append("line \(line)") }
        if let itemID { location.append(itemID) }
        location.append("field \(field)")
        return location.joined(separator: ", ") + ": " + message
    }
}
