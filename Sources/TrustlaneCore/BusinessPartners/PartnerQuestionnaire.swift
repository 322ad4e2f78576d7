import Foundation

/// A questionnaire a company sends a business partner by link (issue 15, MSC 3.5): the catalog's
/// Must criteria for the entity type the partner's role matches, each asked as "do you meet
/// this?", then fixed sections on trade-based money laundering red flags (3.1) and forced labor
/// and social compliance (3.9). The questions are snapshotted at sending, worded in the
/// questionnaire's language, so a later catalog or wording change never alters what was asked.
public struct PartnerQuestionnaire: Codable, Hashable, Sendable {
    /// Where a question comes from.
    public enum Section: String, Codable, CaseIterable, Sendable {
        case criteria
        /// Trade-based money laundering red flags (3.1).
        case tbml
        /// Forced labor and social compliance (3.9, a Must since 2023).
        case social
    }

    /// The answers a partner may give.
    public enum Answer: String, Codable, CaseIterable, Sendable {
        case yes
        case partly
        case no
        case notApplicable = "not_applicable"

        /// Whether the answer admits a weakness the company must see fixed (3.6).
        public var isGap: Bool { self == .no || self == .partly }
    }

    /// One question as asked.
    public struct Question: Codable, Hashable, Sendable {
        /// Stable: `criterion:5.1`, `tbml:1`, `social:1`.
        public let id: String
        public let section: Section
        /// The MSC reference the question serves (`5.1`, `3.1`, `3.9`).
        public let reference: String
        /// A Must criterion (every catalog question is one; 3.9 is a Must since 2023).
        public let must: Bool
        /// The question in the questionnaire's language.
        public let text: String
        /// More words on it (a criterion's summary), possibly empty.
        public let detail: String
        /// The question in English, for the company's record.
        public let english: String

        public init(id: String, section: Section, reference: String, must: Bool, text: String, detail: String = "", english: String) {
            self.id = id
            self.section = section
            self.reference = reference
            self.must = must
            self.text = text
            self.detail = detail
            self.english = english
        }
    }

    /// One answer with its optional comment.
    public struct Response: Codable, Hashable, Sendable {
        public let answer: Answer
        public let comment: String?

        public init(answer: Answer, comment: String? = nil) {
            self.answer = answer
            self.comment = comment
        }
    }

    /// A weakness the partner admitted, with the day its corrective action is due.
    public struct Gap: Hashable, Sendable {
        public let questionID: String
        public let text: String
        public let answer: Answer
        public let comment: String?
        public let dueOn: ProgramDay
    }

    public let language: Language
    /// The entity type whose criteria were asked; nil for a role with no catalog part.
    public let entityType: EntityType?
    public let catalogID: String?
    public let questions: [Question]

    public init(language: Language, entityType: EntityType?, catalogID: String?, questions: [Question]) {
        self.language = language
        self.entityType = entityType
        self.catalogID = catalogID
        self.questions = questions
    }

    /// How many trade-based money laundering and social-compliance questions there are.
    public static let tbmlCount = 7
    public static let socialCount = 5
    /// Longest comment a partner may write, in characters.
    public static let maxComment = 2000
    /// Days to fix a gap on a Must criterion or a forced-labor question, and any other gap.
    public static let mustDueDays = 30
    public static let otherDueDays = 60

    /// The entity type whose criteria a partner in this role is asked about; nil when the
    /// program has no criteria document for the role (agent, service provider, other).
    public static func entityType(for role: BusinessPartnerRole) -> EntityType? {
        switch role {
        case .manufacturer, .supplier: .foreignManufacturer
        case .highwayCarrier: .highwayCarrier
        case .railCarrier: .railCarrier
        case .seaCarrier: .seaCarrier
        case .airCarrier: .airCarrier
        case .customsBroker: .customsBroker
        case .consolidator: .consolidator
        case .thirdPartyLogistics, .warehouse: .thirdPartyLogistics
        case .agent, .serviceProvider, .other: nil
        }
    }

    /// Localization key of a fixed question's text (`partner_questionnaire.tbml.1`).
    public static func textKey(section: Section, number: Int) -> String { "partner_questionnaire.\(section.rawValue).\(number)" }

    /// The questionnaire for a partner in `role`: the Must criteria of its entity type in
    /// `catalog` (worded by `wording`), then the fixed sections worded by `localizer`, with the
    /// English of every question from `english`.
    public static func template(role: BusinessPartnerRole, catalog: Catalog, wording: CatalogWording, localizer: Localizer,
                                english: Localizer) -> PartnerQuestionnaire {
        let type = entityType(for: role)
        var questions: [Question] = []
        if let type {
            for criterion in catalog.criteria(for: type) where criterion.level == .must {
                questions.append(Question(id: "criterion:\(criterion.id.rawValue)", section: .criteria, reference: criterion.id.rawValue, must: true,
                                          text: wording.title(criterion).text, detail: wording.summary(criterion).text, english: criterion.title))
            }
        }
        for (section, count, reference, must) in [(Section.tbml, tbmlCount, "3.1", false), (.social, socialCount, "3.9", true)] {
            for number in 1...count {
                let key = textKey(section: section, number: number)
                questions.append(Question(id: "\(section.rawValue):\(number)", section: section, reference: reference, must: must,
                                          text: localizer(key), english: english(key)))
            }
        }
        return PartnerQuestionnaire(language: wording.language, entityType: type, catalogID: type == nil ? nil : catalog.id, questions: questions)
    }

    /// Checks a submitted answer set: every question answered with an allowed value, comments
    /// within `maxComment`. Each error's field is `answer.<question id>` or `comment.<question id>`
    /// so the page can mark the question. Values not asked about are ignored.
    public func validate(answers: [String: String], comments: [String: String]) -> Result<[String: Response], ValidationFailure> {
        var errors: [FieldError] = []
        var responses: [String: Response] = [:]
        for question in questions {
            let raw = answers[question.id]?.trimmingCharacters(in: .whitespaces) ?? ""
            var answer: Answer?
            if raw.isEmpty {
                errors.append(FieldError(field: "answer.\(question.id)", messageKey: "partner_questionnaire.error.unanswered",
                                         message: "Question \(question.id) has no answer", arguments: ["question": question.id]))
            } else if let known = Answer(rawValue: raw) {
                answer = known
            } else {
                errors.append(FieldError(field: "answer.\(question.id)", messageKey: "partner_questionnaire.error.answer",
                                         message: "Question \(question.id): the answer must be yes, partly, no or not_applicable",
                                         arguments: ["question": question.id]))
            }
            var comment: String?
            let text = comments[question.id]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if text.count > Self.maxComment {
                errors.append(FieldError(field: "comment.\(question.id)", messageKey: "partner_questionnaire.error.comment",
                                         message: "Question \(question.id): the comment is longer than \(Self.maxComment) characters",
                                         arguments: ["question": question.id, "max": String(Self.maxComment)]))
            } else if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
                errors.append(FieldError(field: "comment.\(question.id)", messageKey: "partner_questionnaire.error.comment_characters",
                                         message: "Question \(question.id): the comment contains control characters", arguments: ["question": question.id]))
            } else if !text.isEmpty {
                comment = text
            }
            if let answer { responses[question.id] = Response(answer: answer, comment: comment) }
        }
        return errors.isEmpty ? .success(responses) : .failure(ValidationFailure(errors))
    }

    /// The days a gap on this question has to be fixed: a Must criterion or a forced-labor
    /// question 30, any other 60.
    public static func dueDays(_ question: Question) -> Int {
        question.must || question.section == .social ? mustDueDays : otherDueDays
    }

    /// Every "no" or "partly" answer as a gap due a rule's days after `answeredOn`, in question order.
    public func gaps(_ responses: [String: Response], answeredOn: ProgramDay) -> [Gap] {
        questions.compactMap { question in
            guard let response = responses[question.id], response.answer.isGap else { return nil }
            return Gap(questionID: question.id, text: question.english, answer: response.answer, comment: response.comment,
                       dueOn: answeredOn.adding(days: Self.dueDays(question)))
        }
    }
}
