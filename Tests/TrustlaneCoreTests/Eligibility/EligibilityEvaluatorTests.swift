import Foundation
import Testing
@testable import TrustlaneCore

/// The evaluator's order of decision, on a small hand-made rule set.
@Suite("Eligibility evaluator")
struct EligibilityEvaluatorTests {
    let rules = EligibilityRuleSet(entityType: .importer, questions: [
        EligibilityQuestion(id: "active", text: "Active?", effect: .required, reason: "Must be active.", entityTypes: [.importer, .exporter]),
        EligibilityQuestion(id: "foreign", text: "Foreign?", effect: .invitation, reason: "By invitation.", entityTypes: [.importer]),
        EligibilityQuestion(id: "foreign_ok", text: "Serves U.S.?", effect: .required, reason: "Must serve U.S.", entityTypes: [.importer],
                            askedIf: .init(questionID: "foreign", answer: true)),
        EligibilityQuestion(id: "debt", text: "Debt?", effect: .disqualifying, reason: "Owes debt.", entityTypes: [.importer]),
        EligibilityQuestion(id: "exporter_only", text: "Exports?", effect: .required, reason: "Exporters only.", entityTypes: [.exporter]),
    ])

    @Test func ruledOutEvenWhileOtherQuestionsAreUnanswered() {
        let outcome = EligibilityEvaluator.evaluate(entityType: .importer, answers: ["debt": true], rules: rules)

        #expect(outcome == .notEligible(reasons: ["Owes debt."]))
    }

    @Test func incompleteBeforeInvitation() {
        let outcome = EligibilityEvaluator.evaluate(entityType: .importer, answers: ["foreign": true, "debt": false], rules: rules)

        #expect(outcome == .incomplete(missing: ["active", "foreign_ok"]))
    }

    @Test func dependentQuestionIsAskedOnlyAfterTheMatchingAnswer() {
        let domestic = EligibilityEvaluator.evaluate(entityType: .importer,
                                                     answers: ["active": true, "foreign": false, "debt": false, "foreign_ok": false],
                                                     rules: rules)
        let foreign = rules.relevantQuestions(given: ["foreign": true]).map(\.id)

        #expect(domestic == .eligible) // the answer to the irrelevant question is ignored
        #expect(foreign == ["active", "foreign", "foreign_ok", "debt"])
    }

    @Test func questionDependingOnAHiddenQuestionStaysHidden() {
        let chained = EligibilityRuleSet(entityType: .importer, questions: rules.questions + [
            EligibilityQuestion(id: "foreign_detail", text: "Detail?", effect: .required, reason: "Needs detail.",
                                entityTypes: [.importer], askedIf: .init(questionID: "foreign_ok", answer: true)),
        ])

        let shown = chained.relevantQuestions(given: ["foreign": false, "foreign_ok": true]).map(\.id)

        #expect(!shown.contains("foreign_ok"))
        #expect(!shown.contains("foreign_detail"))
    }

    @Test func questionsForOtherEntityTypesAreIgnored() {
        let outcome = EligibilityEvaluator.evaluate(entityType: .importer,
                                                     answers: ["active": true, "foreign": false, "debt": false], rules: rules)
        let exporter = EligibilityEvaluator.evaluate(entityType: .exporter, answers: ["active": true], rules: rules)

        #expect(outcome == .eligible)
        #expect(exporter == .incomplete(missing: ["exporter_only"]))
    }

    @Test func invitationWhenNothingRulesTheCompanyOut() {
        let outcome = EligibilityEvaluator.evaluate(entityType: .importer,
                                                     answers: ["active": true, "foreign": true, "foreign_ok": true, "debt": false],
                                                     rules: rules)

        #expect(outcome == .needsInvitation(reasons: ["By invitation."]))
        #expect(outcome.status.rawValue == "needs_invitation")
    }

    @Test func answersEncodeAsAPlainJSONObject() throws {
        let answers: EligibilityAnswers = ["active": true, "debt": false]

        let data = try JSONEncoder().encode(answers)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Bool]

        #expect(object == ["active": true, "debt": false])
        #expect(try JSONDecoder().decode(EligibilityAnswers.self, from: data) == answers)
    }

    @Test func catalogConvenienceUsesTheCatalogsRules() throws {
        let catalog = try CatalogFixtures.small()

        #expect(EligibilityEvaluator.evaluate(entityType: .highwayCarrier, answers: ["active": true], catalog: catalog) == .eligible)
        #expect(EligibilityEvaluator.evaluate(entityType: .importer, answers: ["active": true], catalog: catalog)
            == .incomplete(missing: ["owes_debt"]))
    }
}
