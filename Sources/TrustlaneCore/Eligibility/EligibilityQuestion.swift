import Foundation

/// A yes/no question from a program's eligibility requirements, such as "Does the company hold
/// an active Importer of Record number?". Lives in the catalog next to the criteria, so a new
/// program version can change it.
public struct EligibilityQuestion: Hashable, Sendable, Identifiable {
    /// Asks a question only after another question got a given answer, e.g. "Is the terminal
    /// operator's FMC number active?" only for a terminal operator based in the United States.
    public struct Dependency: Hashable, Sendable {
        /// The question whose answer decides.
        public let questionID: EligibilityQuestionID
        /// The answer that makes the dependent question relevant.
        public let answer: Bool

        public init(questionID: EligibilityQuestionID, answer: Bool) {
            self.questionID = questionID
            self.answer = answer
        }
    }

    /// The stable id answers are saved under.
    public let id: EligibilityQuestionID
    /// The question as shown to the company.
    public let text: String
    /// What a "yes" or "no" does.
    public let effect: EligibilityEffect
    /// Shown when the answer triggers the effect (a "no" to a required question, a "yes" to a
    /// disqualifying or invitation question).
    public let reason: String
    /// The entity types asked this question.
    public let entityTypes: Set<EntityType>
    /// The entity types for which the requirement was seen in a CBP source.
    public let verifiedEntityTypes: Set<EntityType>
    /// When set, the question is asked only after the given answer to another question.
    public let askedIf: Dependency?

    /// The ids of the catalog's `sources` this requirement rests on.
    public let sources: [String]

    public init(id: EligibilityQuestionID, text: String, effect: EligibilityEffect, reason: String,
                entityTypes: Set<EntityType>, verifiedFor verifiedEntityTypes: Set<EntityType> = [],
                askedIf: Dependency? = nil, sources: [String] = []) {
        self.id = id
        self.text = text
        self.effect = effect
        self.reason = reason
        self.entityTypes = entityTypes
        self.verifiedEntityTypes = verifiedEntityTypes
        self.askedIf = askedIf
        self.sources = sources
    }

    /// True when the requirement was seen in a CBP source for every entity type asked it.
    public var verified: Bool {
        !verifiedEntityTypes.isEmpty && verifiedEntityTypes.isSuperset(of: entityTypes)
    }

    /// Whether the question is asked of this entity type.
    public func applies(to entityType: EntityType) -> Bool { entityTypes.contains(entityType) }

    /// Whether the requirement was seen in a CBP source for this entity type.
    public func isVerified(for entityType: EntityType) -> Bool { verifiedEntityTypes.contains(entityType) }

    /// Whether this answer triggers the question's effect (and so its reason).
    public func isTriggered(by answer: Bool) -> Bool {
        switch effect {
        case .required: !answer
        case .disqualifying, .invitation: answer
        case .branching: false
        }
    }
}
