import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 13: answering 114 criteria needs a filter, a search and save-and-next.
@Suite struct ProfileFilterTests {
    let scope = ProfileFixtures.scope([.highwayCarrier], ConditionAnswers(["keeps_seal_inventory": true]))

    func listed(_ filter: ProfileFilter, _ statuses: [String: AnswerStatus] = [:], titles: [String: String] = [:]) -> [String] {
        scope.criteria.filter { scoped in
            filter.matches(scoped, status: statuses[scoped.id.rawValue] ?? .unanswered,
                           titles: [scoped.criterion.title] + (titles[scoped.id.rawValue].map { [$0] } ?? []))
        }.map(\.id.rawValue)
    }

    @Test func showsOpenMustsAndCategories() {
        let all = listed(ProfileFilter())
        #expect(all == ["1.1", "1.2", "5.1", "5.2", "5.3", "9.2"])
        let statuses: [String: AnswerStatus] = ["1.2": .meets, "5.1": .partly, "5.3": .notApplicable, "1.1": .notYet]
        #expect(listed(ProfileFilter(show: .open), statuses) == ["1.1", "5.1", "5.2", "9.2"])
        #expect(listed(ProfileFilter(show: .openMusts), statuses) == ["5.1"])
        #expect(listed(ProfileFilter(show: .musts), statuses) == ["1.2", "5.1", "5.3"])
        #expect(listed(ProfileFilter(category: 5)) == ["5.1", "5.2", "5.3"])
        #expect(listed(ProfileFilter(show: .open, category: 5), statuses) == ["5.1", "5.2"])
    }

    @Test func searchesNumbersAndTitlesInEitherLanguageIgnoringCaseAndAccents() {
        #expect(listed(ProfileFilter(text: "5.2")) == ["5.2"])
        #expect(listed(ProfileFilter(text: "CRITERION 9")) == ["9.2"])
        #expect(listed(ProfileFilter(text: "inspeccion"), titles: ["5.3": "Inspección del vehículo"]) == ["5.3"])
        #expect(listed(ProfileFilter(text: "nothing like this")).isEmpty)
    }

    @Test func parsesTheQueryStringForgivingly() {
        let parsed = ProfileFilter(show: "open_musts", category: " 5 ", text: "  seal  ")
        #expect(parsed == ProfileFilter(show: .openMusts, category: 5, text: "seal"))
        #expect(parsed.isActive && parsed.queryString == "?show=open_musts&category=5&q=seal")
        let junk = ProfileFilter(show: "everything", category: "five", text: String(repeating: "x", count: 500))
        #expect(junk.show == .all && junk.category == nil && junk.text.count == 200)
        #expect(!ProfileFilter(show: nil, category: nil, text: nil).isActive)
        #expect(ProfileFilter().queryString == "")
    }

    @Test func nextOpenSkipsCompleteCriteriaAndWrapsRound() {
        let order = scope.categoryGroups.flatMap(\.criteria)
        let statuses: [String: AnswerStatus] = ["5.2": .meets, "5.3": .notApplicable, "1.2": .meets]
        let status = { (id: CriterionID) in statuses[id.rawValue] ?? .unanswered }
        #expect(ProfileFilter.nextOpen(after: "5.1", in: order, status: status)?.id == "9.2")
        #expect(ProfileFilter.nextOpen(after: "9.2", in: order, status: status)?.id == "1.1")
        #expect(ProfileFilter.nextOpen(after: "1.1", in: order, status: status)?.id == "5.1")
        let done = { (_: CriterionID) in AnswerStatus.meets }
        #expect(ProfileFilter.nextOpen(after: "1.1", in: order, status: done) == nil)
    }
}
