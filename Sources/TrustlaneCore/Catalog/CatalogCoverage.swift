import Foundation

/// How much of a catalog is listed and verified, per entity type: the figures behind
/// `trustlane catalog coverage`.
public struct CatalogCoverage: Hashable, Sendable {
    /// The figures for one entity type.
    public struct Row: Hashable, Sendable {
        /// The entity type the figures are for.
        public let entityType: EntityType
        /// Criteria the catalog lists for the type.
        public let listed: Int
        /// Of those, criteria verified against a CBP source for this type (number confirmed).
        public let verified: Int
        /// Criteria with CBP's number as seen in public material, not confirmed for this type.
        public let publicNumber: Int
        /// Criteria with a Trustlane-local id (`TL-5-A`).
        public let local: Int
        /// Of the listed criteria, those that are Must and those that are Should.
        public let must: Int
        public let should: Int
        /// Categories with at least one criterion for the type, of those that apply to it.
        public let categoriesCovered: Int
        public let categoriesApplicable: Int
        /// Eligibility questions asked of the type, and how many were seen in a CBP source.
        public let eligibilityQuestions: Int
        public let eligibilityVerified: Int
    }

    /// The catalog the figures describe.
    public let catalogID: String
    /// Criteria in the catalog.
    public let totalCriteria: Int
    /// Criteria verified for every entity type they list.
    public let fullyVerified: Int
    /// One row per covered entity type, in program order.
    public let rows: [Row]

    /// Counts the figures of a catalog.
    public init(_ catalog: Catalog) {
        catalogID = catalog.id
        totalCriteria = catalog.criteria.count
        fullyVerified = catalog.criteria.filter(\.verified).count
        rows = catalog.entityTypes.map { type in
            let criteria = catalog.criteria.filter { $0.applies(to: type) }
            let applicable = catalog.categories.filter { $0.applies(to: type) }
            let covered = Set(criteria.map(\.categoryNumber))
            let questions = catalog.eligibilityQuestions.filter { $0.applies(to: type) }
            return Row(entityType: type, listed: criteria.count,
                       verified: criteria.filter { $0.numbering(for: type) == .confirmed }.count,
                       publicNumber: criteria.filter { $0.numbering(for: type) == .publicMaterial }.count,
                       local: criteria.filter { $0.numbering(for: type) == .local }.count,
                       must: criteria.filter { $0.level == .must }.count,
                       should: criteria.filter { $0.level == .should }.count,
                       categoriesCovered: applicable.filter { covered.contains($0.number) }.count,
                       categoriesApplicable: applicable.count,
                       eligibilityQuestions: questions.count,
                       eligibilityVerified: questions.filter { $0.isVerified(for: type) }.count)
        }
    }

    /// The row for an entity type.
    public func row(for entityType: EntityType) -> Row? {
        rows.first { $0.entityType == entityType }
    }

    /// A plain-text table for terminals and notes.
    public var table: String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var lines = ["type  listed confirmed public local  must should categories eligibility(verified)"]
        for row in rows {
            lines.append(row.entityType.code.padding(toLength: 5, withPad: " ", startingAt: 0)
                + pad(String(row.listed), 7) + pad(String(row.verified), 10) + pad(String(row.publicNumber), 7)
                + pad(String(row.local), 6) + pad(String(row.must), 6)
                + pad(String(row.should), 7) + pad("\(row.categoriesCovered)/\(row.categoriesApplicable)", 11)
                + pad("\(row.eligibilityQuestions) (\(row.eligibilityVerified))", 12))
        }
        lines.append("\(catalogID): \(totalCriteria) criteria, \(fullyVerified) confirmed by a CBP source for every type they list")
        lines.append("confirmed: a CBP source confirms number, level and type; public: CBP's number as seen in public material, not yet checked")
        lines.append("against the CBP booklet for the type; local: a Trustlane-local id (TL-...), no source confirms a CBP number for it")
        return lines.joined(separator: "\n")
    }
}
