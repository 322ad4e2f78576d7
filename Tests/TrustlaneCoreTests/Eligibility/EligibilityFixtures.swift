import Foundation
@testable import TrustlaneCore

enum EligibilityFixtures {
    /// The bundled CTPAT rules for one entity type.
    static func rules(_ type: EntityType) throws -> EligibilityRuleSet {
        try CatalogFixtures.bundled().eligibilityRules(for: type)
    }

    /// Answers meeting every requirement: yes to required questions, no to the others.
    static func passingAnswers(_ rules: EligibilityRuleSet) -> EligibilityAnswers {
        var answers = EligibilityAnswers()
        for question in rules.questions { answers[question.id] = question.effect == .required }
        return answers
    }
}
