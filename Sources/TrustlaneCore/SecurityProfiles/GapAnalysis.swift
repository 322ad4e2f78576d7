import Foundation

/// Every applicable criterion the company does not meet yet (status neither `meets` nor
/// `notApplicable`, unanswered included), Musts first and then by criterion id, with the
/// company's notes and its corrective actions, for the gap page and its CSV export.
public struct GapAnalysis: Sendable {
    /// One gap.
    public struct Item: Hashable, Sendable, Identifiable {
        public let criterion: ScopedCriterion
        public let status: AnswerStatus
        /// The company's narrative (its notes on the gap); empty when none.
        public let narrative: String
        public let responsible: String
        /// Corrective actions linked to the criterion, all statuses.
        public let correctiveActions: Int
        /// Those still open or in progress.
        public let openCorrectiveActions: Int
        public var id: CriterionID { criterion.id }
    }

    /// The CSV columns, in order.
    public static let csvColumns = ["criterion_id", "level", "category", "title", "entity_types", "status",
                                    "narrative", "responsible", "corrective_actions", "open_corrective_actions"]

    /// The gaps, Musts first, then by id.
    public let items: [Item]
    /// Category titles by number, for the CSV.
    private let categoryTitles: [Int: String]

    /// Builds the analysis from the scope, the current answers (missing = unanswered) and
    /// counts of corrective actions per criterion (an action linked to two criteria counts
    /// for both).
    public init(scope: ProfileScope, answers: [CriterionID: CriterionAnswer],
                correctiveActions: [CriterionID: Int] = [:], openCorrectiveActions: [CriterionID: Int] = [:]) {
        var items: [Item] = []
        for scoped in scope.criteria {
            let answer = answers[scoped.id] ?? .unanswered(scoped.id)
            guard answer.status.isGap else { continue }
            items.append(Item(criterion: scoped, status: answer.status, narrative: answer.narrative,
                              responsible: answer.responsible, correctiveActions: correctiveActions[scoped.id] ?? 0,
                              openCorrectiveActions: openCorrectiveActions[scoped.id] ?? 0))
        }
        self.items = items.sorted { ($0.criterion.criterion.level, $0.id) < ($1.criterion.criterion.level, $1.id) }
        self.categoryTitles = Dictionary(scope.catalog.categories.map { ($0.number, $0.title) },
                                         uniquingKeysWith: { first, _ in first })
    }

    /// Builds the analysis counting corrective actions from the actions themselves.
    public init(scope: ProfileScope, answers: [CriterionID: CriterionAnswer], actions: [CorrectiveAction]) {
        let counts = CorrectiveAction.countsPerCriterion(actions)
        self.init(scope: scope, answers: answers, correctiveActions: counts.all, openCorrectiveActions: counts.open)
    }

    /// The gaps that are Musts.
    public var musts: [Item] { items.filter(\.criterion.isMust) }

    /// The analysis as CSV (RFC 4180, CRLF, header first).
    public func csv() -> String {
        var out = ProfileCSV.line(Self.csvColumns)
        for item in items {
            let criterion = item.criterion.criterion
            out += ProfileCSV.line([
                criterion.id.rawValue, criterion.level.title,
                categoryTitles[criterion.categoryNumber] ?? String(criterion.categoryNumber), criterion.title,
                item.criterion.sortedEntityTypes.map(\.code).joined(separator: ";"), item.status.rawValue,
                item.narrative, item.responsible, String(item.correctiveActions), String(item.openCorrectiveActions),
            ])
        }
        return out
    }
}
