import Foundation

/// Every applicable criterion the company does not meet yet (status neither `meets` nor
/// `notApplicable`, unanswered included, and Musts whose "not applicable" a reviewer rejected),
/// Musts first and then by criterion id, with the company's notes and its corrective actions,
/// for the gap page and its CSV export. Musts claimed not applicable that still wait for the
/// reviewer are listed apart (`awaitingReview`): not gaps, but not settled either.
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
        /// For a Must answered not applicable: where that claim stands (`rejected` in `items`,
        /// `awaitingReview` in `awaitingReview`); `nil` otherwise.
        public let claim: NotApplicableClaimState?
        /// The company's reason for "not applicable"; empty when none.
        public let notApplicableReason: String
        public var id: CriterionID { criterion.id }
    }

    /// The CSV columns, in order.
    public static let csvColumns = ["criterion_id", "level", "category", "title", "entity_types", "status",
                                    "narrative", "responsible", "corrective_actions", "open_corrective_actions",
                                    "not_applicable_claim", "not_applicable_reason"]

    /// The gaps, Musts first, then by id.
    public let items: [Item]
    /// Musts claimed not applicable that wait for the reviewer's decision, by id.
    public let awaitingReview: [Item]
    /// Category titles by number, for the CSV.
    private let categoryTitles: [Int: String]

    /// Builds the analysis from the scope, the current answers (missing = unanswered) and
    /// counts of corrective actions per criterion (an action linked to two criteria counts
    /// for both), and the reviewer's decisions on not-applicable claims.
    public init(scope: ProfileScope, answers: [CriterionID: CriterionAnswer],
                correctiveActions: [CriterionID: Int] = [:], openCorrectiveActions: [CriterionID: Int] = [:],
                decisions: [CriterionID: NotApplicableDecision] = [:]) {
        var items: [Item] = []
        var awaiting: [Item] = []
        for scoped in scope.criteria {
            let answer = answers[scoped.id] ?? .unanswered(scoped.id)
            let claim = NotApplicableClaims.state(of: answer, criterion: scoped.criterion, decision: decisions[scoped.id])
            guard answer.status.isGap || claim == .rejected || claim == .awaitingReview else { continue }
            let item = Item(criterion: scoped, status: answer.status, narrative: answer.narrative,
                            responsible: answer.responsible, correctiveActions: correctiveActions[scoped.id] ?? 0,
                            openCorrectiveActions: openCorrectiveActions[scoped.id] ?? 0, claim: claim,
                            notApplicableReason: answer.notApplicableReason)
            if claim == .awaitingReview { awaiting.append(item) } else { items.append(item) }
        }
        self.items = items.sorted { ($0.criterion.criterion.level, $0.id) < ($1.criterion.criterion.level, $1.id) }
        self.awaitingReview = awaiting.sorted { $0.id < $1.id }
        self.categoryTitles = Dictionary(scope.catalog.categories.map { ($0.number, $0.title) },
                                         uniquingKeysWith: { first, _ in first })
    }

    /// Builds the analysis counting corrective actions from the actions themselves.
    public init(scope: ProfileScope, answers: [CriterionID: CriterionAnswer], actions: [CorrectiveAction],
                decisions: [CriterionID: NotApplicableDecision] = [:]) {
        let counts = CorrectiveAction.countsPerCriterion(actions)
        self.init(scope: scope, answers: answers, correctiveActions: counts.all, openCorrectiveActions: counts.open,
                  decisions: decisions)
    }

    /// The gaps that are Musts.
    public var musts: [Item] { items.filter(\.criterion.isMust) }

    /// The analysis as CSV (RFC 4180, CRLF, header first): the gaps, then the claims awaiting the reviewer.
    public func csv() -> String {
        var out = ProfileCSV.line(Self.csvColumns)
        for item in items + awaitingReview {
            let criterion = item.criterion.criterion
            out += ProfileCSV.line([
                criterion.id.rawValue, criterion.level.title,
                categoryTitles[criterion.categoryNumber] ?? String(criterion.categoryNumber), criterion.title,
                item.criterion.sortedEntityTypes.map(\.code).joined(separator: ";"), item.status.rawValue,
                item.narrative, item.responsible, String(item.correctiveActions), String(item.openCorrectiveActions),
                item.claim?.rawValue ?? "", item.claim == nil ? "" : item.notApplicableReason,
            ])
        }
        return out
    }
}
