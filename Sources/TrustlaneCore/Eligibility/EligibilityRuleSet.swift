import Foundation

/// The eligibility questions for one entity type, in the order they are asked.
/// Built from a catalog with `Catalog.eligibilityRules(for:)`.
public struct EligibilityRuleSet: Hashable, Sendable {
    /// The entity type the questions are for.
    public let entityType: EntityType
    /// The questions, in the order to ask them.
    public let questions: [EligibilityQuestion]

    public init(entityType: EntityType, questions: [EligibilityQuestion]) {
        self.entityType = entityType
        self.questions = questions
    }

    /// The question with this id.
    public func question(id: EligibilityQuestionID) -> EligibilityQuestion? {
        questions.first { $0.id == id }
    }

    /// True when every question was seen in a CBP source for this entity type.
    public var verified: Bool {
        !questions.isEmpty && questions.allSatisfy { $0.isVerified(for: entityType) }
    }

    /// The questions to show now: those asked of the entity type that have no dependency, or
    /// whose dependency is itself shown and got the answer that makes them relevant.
    public func relevantQuestions(given answers: EligibilityAnswers) -> [EligibilityQuestion] {
        let byID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var memo: [EligibilityQuestionID: Bool] = [:]
        func isRelevant(_ question: EligibilityQuestion, depth: Int) -> Bool {
            if let known = memo[question.id] { return known }
            // The depth limit stops a dependency cycle in a hand-built rule set.
            guard question.applies(to: entityType), depth < 16 else { return false }
            var relevant = true
            if let dependency = question.askedIf {
                relevant = byID[dependency.questionID].map { isRelevant($0, depth: depth + 1) } == true
                    && answers[dependency.questionID] == dependency.answer
            }
            memo[question.id] = relevant
            return relevant
        }
        return questions.filter { isRelevant($0, depth: 0) }
    }
}
