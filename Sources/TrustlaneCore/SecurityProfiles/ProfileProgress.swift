import Foundation

/// Progress of a security profile, per category and overall: counts by status, percent
/// answered and complete, and the open Musts (Musts neither met nor not applicable, and Musts
/// whose "not applicable" a reviewer rejected), which pages list first. Musts claimed not
/// applicable and not yet decided count as complete and are listed in `awaitingReview`
/// (`NotApplicableClaims`). Built in one pass over the scope (microseconds for 150 criteria).
public struct ProfileProgress: Sendable {
    /// Progress of one category.
    public struct Category: Sendable, Identifiable {
        public let category: CriterionCategory
        public let focusArea: FocusArea?
        public let counts: StatusCounts
        /// The category's open Musts, sorted by id.
        public let openMusts: [ScopedCriterion]
        /// The category's criteria, open Musts first, then the rest, each part sorted by id.
        public let criteria: [ScopedCriterion]
        public var id: Int { category.number }
    }

    /// The categories in catalog order; categories without criteria in scope are left out.
    public let categories: [Category]
    /// All categories together.
    public let overall: StatusCounts
    /// Every open Must of the profile, sorted by id.
    public let openMusts: [ScopedCriterion]
    /// The status of each in-scope criterion (`unanswered` when there is no answer).
    public let statuses: [CriterionID: AnswerStatus]
    /// The state of each in-scope Must claimed not applicable.
    public let claims: [CriterionID: NotApplicableClaimState]
    /// Musts claimed not applicable that wait for the reviewer's decision, sorted by id.
    public let awaitingReview: [ScopedCriterion]

    /// Computes progress from the statuses of the current answers; criteria without an entry
    /// count as `unanswered`, entries for criteria outside the scope are ignored.
    public init(scope: ProfileScope, statuses: [CriterionID: AnswerStatus],
                claims: [CriterionID: NotApplicableClaimState] = [:]) {
        var categories: [Category] = []
        var overall = StatusCounts()
        var allOpenMusts: [ScopedCriterion] = []
        var inScope: [CriterionID: AnswerStatus] = [:]
        inScope.reserveCapacity(scope.criteria.count)
        var inScopeClaims: [CriterionID: NotApplicableClaimState] = [:]
        var awaiting: [ScopedCriterion] = []
        for group in scope.categoryGroups {
            var counts = StatusCounts()
            var open: [ScopedCriterion] = []
            var rest: [ScopedCriterion] = []
            for item in group.criteria {
                let status = statuses[item.id] ?? .unanswered
                inScope[item.id] = status
                counts.add(status)
                var complete = status.isComplete
                if item.isMust, status == .notApplicable, let claim = claims[item.id] {
                    inScopeClaims[item.id] = claim
                    switch claim {
                    case .rejected: counts.rejectedClaims += 1; complete = false
                    case .awaitingReview: counts.awaitingClaims += 1; awaiting.append(item)
                    case .accepted: break
                    }
                }
                if item.isMust && !complete { open.append(item) } else { rest.append(item) }
            }
            overall.add(counts)
            allOpenMusts.append(contentsOf: open)
            categories.append(Category(category: group.category, focusArea: group.focusArea, counts: counts,
                                       openMusts: open, criteria: open + rest))
        }
        self.categories = categories
        self.overall = overall
        self.openMusts = allOpenMusts.sorted { $0.id < $1.id }
        self.statuses = inScope
        self.claims = inScopeClaims
        self.awaitingReview = awaiting.sorted { $0.id < $1.id }
    }

    /// Computes progress from stored answers keyed by criterion id.
    public init(scope: ProfileScope, answers: [CriterionID: CriterionAnswer],
                decisions: [CriterionID: NotApplicableDecision] = [:]) {
        self.init(scope: scope, statuses: answers.mapValues(\.status),
                  claims: NotApplicableClaims.states(scope: scope, answers: answers, decisions: decisions))
    }

    /// The progress of one category.
    public func category(_ number: Int) -> Category? {
        categories.first { $0.category.number == number }
    }

    /// Musts in scope that still have no answer at all (they block submission).
    public var unansweredMusts: [ScopedCriterion] {
        openMusts.filter { statuses[$0.id] == .unanswered }
    }
}
