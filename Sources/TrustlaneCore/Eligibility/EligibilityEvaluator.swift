import Foundation

/// Decides eligibility from a company's answers. Pure: the same answers and rules always give
/// the same outcome.
///
/// Order of decision:
/// 1. Any relevant answer that rules the company out (a "no" to a required question, a "yes" to
///    a disqualifying one) gives `notEligible` even while other questions are unanswered: no
///    later answer can undo it, and the company learns it at once.
/// 2. Otherwise any unanswered relevant question gives `incomplete`.
/// 3. Otherwise any "yes" to an invitation question gives `needsInvitation`.
/// 4. Otherwise `eligible`.
///
/// A question with a dependency (`askedIf`) is relevant only once its dependency has the
/// matching answer; answers to questions that are not relevant are ignored.
public enum EligibilityEvaluator {
    /// Evaluates answers against the questions of `rules` that are asked of `entityType`.
    public static func evaluate(entityType: EntityType, answers: EligibilityAnswers,
                                rules: EligibilityRuleSet) -> EligibilityOutcome {
        let asked = EligibilityRuleSet(entityType: entityType,
                                       questions: rules.questions.filter { $0.applies(to: entityType) })
        var blocking: [String] = []
        var invitations: [String] = []
        var missing: [EligibilityQuestionID] = []
        for question in asked.relevantQuestions(given: answers) {
            guard let answer = answers[question.id] else {
                missing.append(question.id)
                continue
            }
            guard question.isTriggered(by: answer) else { continue }
            switch question.effect {
            case .required, .disqualifying: blocking.append(question.reason)
            case .invitation: invitations.append(question.reason)
            case .branching: break
            }
        }
        if !blocking.isEmpty { return .notEligible(reasons: blocking) }
        if !missing.isEmpty { return .incomplete(missing: missing) }
        if !invitations.isEmpty { return .needsInvitation(reasons: invitations) }
        return .eligible
    }

    /// Evaluates answers against the eligibility questions a catalog asks of `entityType`.
    public static func evaluate(entityType: EntityType, answers: EligibilityAnswers,
                                catalog: Catalog) -> EligibilityOutcome {
        evaluate(entityType: entityType, answers: answers, rules: catalog.eligibilityRules(for: entityType))
    }
}
