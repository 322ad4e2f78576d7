import Foundation

/// One version of a security program's criteria, for example "CTPAT MSC 2020": its focus areas,
/// numbered categories, criteria, the conditions criteria may depend on, and the eligibility
/// questions per entity type. Loaded from a data file (see `CatalogLoader`); never edited in
/// place, so a profile answered against a version keeps meaning the same criteria.
public struct Catalog: Hashable, Sendable, Identifiable {
    /// A stable id for this version (`ctpat-msc-2020`); profiles store it.
    public let id: String
    /// The program (`CTPAT`). CTPAT catalogs get the program's own consistency checks.
    public let program: String
    /// The version label within the program (`2020`).
    public let version: String
    /// The display title (`CTPAT Minimum Security Criteria 2020`).
    public let title: String
    /// The day from which members were expected to meet these criteria.
    public let effectiveDate: Date
    /// Free text about where the content comes from and how complete it is.
    public let notes: String
    /// The entity types the catalog covers, in program order.
    public let entityTypes: [EntityType]
    /// The focus areas in display order.
    public let focusAreas: [FocusArea]
    /// The categories in display order.
    public let categories: [CriterionCategory]
    /// The applicability conditions criteria refer to.
    public let conditions: [ApplicabilityCondition]
    /// The criteria in file order (normally sorted by id).
    public let criteria: [Criterion]
    /// The eligibility questions; each lists the entity types it is asked of.
    public let eligibilityQuestions: [EligibilityQuestion]
    /// The public sources criteria and questions name (`sources:` beside each item).
    public let sources: [CatalogSource]
    /// The id of the version this one replaces, if any; `moves` say where its criteria went.
    public let replaces: String?
    /// Criteria of the replaced version whose id changed or that were folded into another.
    public let moves: [CriterionMove]

    /// Creates a catalog; `entityTypes` defaults to the types its criteria name. Run
    /// `CatalogValidator.validate` on catalogs built in code; `CatalogLoader` does it for files.
    public init(id: String, program: String, version: String, title: String, effectiveDate: Date, notes: String = "",
                entityTypes: [EntityType]? = nil, focusAreas: [FocusArea], categories: [CriterionCategory],
                conditions: [ApplicabilityCondition] = [], criteria: [Criterion],
                eligibilityQuestions: [EligibilityQuestion] = [], sources: [CatalogSource] = [],
                replaces: String? = nil, moves: [CriterionMove] = []) {
        self.id = id
        self.program = program
        self.version = version
        self.title = title
        self.effectiveDate = effectiveDate
        self.notes = notes
        // Without a declared list, the catalog covers whatever its criteria name.
        self.entityTypes = entityTypes ?? Set(criteria.flatMap(\.entityTypes)).sorted()
        self.focusAreas = focusAreas
        self.categories = categories
        self.conditions = conditions
        self.criteria = criteria
        self.eligibilityQuestions = eligibilityQuestions
        self.sources = sources
        self.replaces = replaces
        self.moves = moves
    }

    /// A source by id.
    public func source(_ id: String) -> CatalogSource? { sources.first { $0.id == id } }

    /// The effective date as `YYYY-MM-DD`.
    public var effectiveDateText: String { ProgramDay.text(effectiveDate) }

    /// Whether this is a CTPAT catalog, which must meet CTPAT's program-wide rules.
    public var isCTPAT: Bool { program.caseInsensitiveCompare("CTPAT") == .orderedSame }

    /// The category with this number.
    public func category(number: Int) -> CriterionCategory? {
        categories.first { $0.number == number }
    }

    /// The focus area with this id.
    public func focusArea(id: String) -> FocusArea? {
        focusAreas.first { $0.id == id }
    }

    /// The focus area a category belongs to.
    public func focusArea(ofCategory number: Int) -> FocusArea? {
        category(number: number).flatMap { focusArea(id: $0.focusAreaID) }
    }

    /// The criterion with this id (a linear scan; use `CatalogIndex` for repeated look-ups).
    public func criterion(id: CriterionID) -> Criterion? {
        criteria.first { $0.id == id }
    }

    /// The criteria an entity type's MSC lists, sorted by id.
    public func criteria(for entityType: EntityType) -> [Criterion] {
        criteria.filter { $0.applies(to: entityType) }.sorted { $0.id < $1.id }
    }

    /// The eligibility questions asked of one entity type, in catalog order.
    public func eligibilityRules(for entityType: EntityType) -> EligibilityRuleSet {
        EligibilityRuleSet(entityType: entityType,
                           questions: eligibilityQuestions.filter { $0.applies(to: entityType) })
    }
}
