import Foundation

/// A role's curriculum: the topics people in that role must keep current, each with how often
/// it is repeated (MSC 12.1: a regular basis; more for sensitive positions).
public struct Curriculum: Hashable, Sendable {
    public struct Requirement: Hashable, Sendable, Codable {
        public let topic: TrainingTopic
        public let months: Int
        public init(topic: TrainingTopic, months: Int) {
            self.topic = topic
            self.months = months
        }
    }

    public let role: String
    public let requirements: [Requirement]

    /// The last day a person stays current on every topic of `requirements`, from their latest
    /// passed day per topic: the earliest recurrence end; nil when a topic was never passed; the
    /// far future when nothing is required. Fully current on `today` is this day >= `today`
    /// (kept on write beside each person, so coverage counts without reading the roster).
    public static func currentThrough(_ requirements: [Requirement], latest: [TrainingTopic: ProgramDay]) -> ProgramDay? {
        var through = ProgramDay.farFuture
        for requirement in requirements {
            guard let last = latest[requirement.topic] else { return nil }
            through = min(through, last.adding(months: requirement.months))
        }
        return through
    }

    public static let maxRole = 120
    public static let recurrenceRange = 1...60

    /// Checks a curriculum as typed: a role name, at least one topic, each known once, each
    /// recurrence 1-60 months (blank: 12).
    public static func validate(role: String?, topics: [(topic: String, months: String?)]) throws(ValidationFailure) -> Curriculum {
        var errors: [FieldError] = []
        let name = Check.text(role, field: "role", max: maxRole, use: .freeText, into: &errors)
        var requirements: [Requirement] = []
        for (topicText, monthsText) in topics {
            guard let topic = TrainingTopic(rawValue: topicText) else {
                errors.append(FieldError(field: "topics", messageKey: "training.error.topic", message: "topics: \(String(topicText.prefix(40))) is not a training topic",
                                         arguments: ["value": String(topicText.prefix(40)), "allowed": TrainingTopic.allCases.map(\.rawValue).joined(separator: ", ")]))
                continue
            }
            let text = monthsText?.trimmingCharacters(in: .whitespaces) ?? ""
            let months = text.isEmpty ? TrainingTopic.defaultRecurrenceMonths : Int(text) ?? -1
            guard recurrenceRange.contains(months) else {
                errors.append(FieldError(field: "months", messageKey: "training.error.months",
                                         message: "months for \(topic.rawValue) must be a whole number from 1 to 60", arguments: ["topic": topic.rawValue]))
                continue
            }
            if requirements.contains(where: { $0.topic == topic }) {
                errors.append(FieldError(field: "topics", messageKey: "training.error.topic_twice", message: "topics lists \(topic.rawValue) twice",
                                         arguments: ["topic": topic.rawValue]))
                continue
            }
            requirements.append(Requirement(topic: topic, months: months))
        }
        if requirements.isEmpty && errors.isEmpty {
            errors.append(FieldError(field: "topics", messageKey: "training.error.no_topics", message: "topics: choose at least one topic the role must keep current"))
        }
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
        return Curriculum(role: name, requirements: requirements)
    }
}

/// A quiz that measures whether a session met its objectives (MSC 12.4): questions with two to
/// six choices, at least one of them right, and the pass mark in percent.
public struct TrainingQuiz: Hashable, Sendable, Codable {
    public struct Question: Hashable, Sendable, Codable {
        public let text: String
        public let choices: [String]
        /// Indexes into `choices` of the right answers.
        public let correct: [Int]
    }

    public let questions: [Question]
    public let passMark: Int

    public static let maxQuestions = 30
    public static let maxText = 500

    public struct QuestionDraft: Hashable, Sendable {
        public var text: String?
        public var choices: [String]
        public var correct: [Int]
        public init(text: String?, choices: [String], correct: [Int]) {
            self.text = text
            self.choices = choices
            self.correct = correct
        }
    }

    /// Checks a quiz: 1-30 questions, each with text, 2-6 non-empty choices and at least one right
    /// answer among them; a pass mark from 1 to 100. Problems are named by question.
    public static func validate(_ drafts: [QuestionDraft], passMark: Int?) throws(ValidationFailure) -> TrainingQuiz {
        var errors: [FieldError] = []
        if drafts.isEmpty || drafts.count > maxQuestions {
            errors.append(FieldError(field: "questions", messageKey: "training.error.question_count",
                                     message: "questions: give 1 to \(maxQuestions) questions", arguments: ["max": String(maxQuestions)]))
        }
        var questions: [Question] = []
        for (index, draft) in drafts.prefix(maxQuestions).enumerated() {
            let n = String(index + 1)
            var local: [FieldError] = []
            let text = Check.text(draft.text, field: "questions", max: maxText, use: .freeText, into: &local)
            let choices = draft.choices.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if !(2...6).contains(choices.count) || choices.contains(where: { $0.unicodeScalars.count > maxText }) {
                local.append(FieldError(field: "questions", messageKey: "training.error.choices", message: "question \(n) needs 2 to 6 choices, each at most \(maxText) characters",
                                        arguments: ["question": n]))
            }
            let correct = Array(Set(draft.correct)).sorted()
            if correct.isEmpty || correct.contains(where: { $0 < 0 || $0 >= choices.count }) {
                local.append(FieldError(field: "questions", messageKey: "training.error.no_correct",
                                        message: "question \(n) has no right answer among its choices; mark at least one", arguments: ["question": n]))
            }
            errors += local.map { $0.messageKey == "error.required" || $0.messageKey == "error.too_long"
                ? FieldError(field: "questions", messageKey: "training.error.question_text", message: "question \(n) needs its text, at most \(maxText) characters", arguments: ["question": n]) : $0 }
            if local.isEmpty, let text { questions.append(Question(text: text, choices: choices, correct: correct)) }
        }
        guard let passMark, (1...100).contains(passMark) else {
            errors.append(FieldError(field: "pass_mark", messageKey: "training.error.pass_mark", message: "pass_mark must be a whole percentage from 1 to 100"))
            throw ValidationFailure(errors)
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return TrainingQuiz(questions: questions, passMark: passMark)
    }

    /// The score in percent of a set of answers (choice indexes per question); a question counts
    /// when exactly its right choices were picked.
    public func score(_ answers: [[Int]]) -> Int {
        guard !questions.isEmpty else { return 0 }
        var right = 0
        for (index, question) in questions.enumerated() where index < answers.count && Set(answers[index]) == Set(question.correct) { right += 1 }
        return Int((Double(right) * 100 / Double(questions.count)).rounded())
    }
}

/// Where a person stands on one topic of their role's curriculum.
public enum TrainingStanding: Hashable, Sendable {
    /// Trained on `last`; current until `until`.
    case current(last: ProgramDay, until: ProgramDay)
    /// Current, but `until` is within the warning window.
    case dueSoon(last: ProgramDay, until: ProgramDay)
    /// Was trained, but the recurrence ran out on `since`.
    case overdue(last: ProgramDay, since: ProgramDay)
    case never

    public var isCurrent: Bool {
        switch self { case .current, .dueSoon: true; case .overdue, .never: false }
    }
    public var key: String {
        switch self { case .current: "current"; case .dueSoon: "due_soon"; case .overdue: "overdue"; case .never: "never" }
    }

    public static let warningDays = 30

    public static func of(last: ProgramDay?, months: Int, today: ProgramDay) -> TrainingStanding {
        of(last: last, months: months, today: today, soon: today.adding(days: warningDays))
    }

    /// The same, with the end of the warning window (`today` + 30 days) worked out once by the
    /// caller: counting a large roster compares days rather than asking the calendar each time.
    public static func of(last: ProgramDay?, months: Int, today: ProgramDay, soon: ProgramDay) -> TrainingStanding {
        guard let last else { return .never }
        let until = last.adding(months: months)
        if until < today { return .overdue(last: last, since: until) }
        if until <= soon { return .dueSoon(last: last, until: until) }
        return .current(last: last, until: until)
    }

    /// The two days that split every possible last-trained day into standings for one
    /// recurrence, so a database can count a roster without reading it: a last day before
    /// `overdueBefore` is overdue, one up to `dueSoonThrough` is due soon, a later one current.
    /// Agrees with `of(last:months:today:soon:)` for every day, since adding months never
    /// moves a later day before an earlier one (tested).
    public struct Cutoffs: Hashable, Sendable {
        public let overdueBefore: ProgramDay
        public let dueSoonThrough: ProgramDay

        public init(months: Int, today: ProgramDay, soon: ProgramDay) {
            // The first day whose recurrence reaches today, and the last whose recurrence ends
            // within the warning window: start a calendar month-span back and step by days
            // (a few steps at most, where months differ in length).
            var first = today.adding(months: -months)
            while first.adding(months: months) < today { first = first.adding(days: 1) }
            while first.adding(days: -1).adding(months: months) >= today { first = first.adding(days: -1) }
            overdueBefore = first
            var last = soon.adding(months: -months)
            while last.adding(days: 1).adding(months: months) <= soon { last = last.adding(days: 1) }
            while last.adding(months: months) > soon { last = last.adding(days: -1) }
            dueSoonThrough = last
        }

        public func standing(of last: ProgramDay?) -> Kind {
            guard let last else { return .never }
            if last < overdueBefore { return .overdue }
            return last <= dueSoonThrough ? .dueSoon : .current
        }
    }

    /// A standing without its days, as counts need it.
    public enum Kind: String, Hashable, Sendable { case current, dueSoon, overdue, never }

    public var kind: Kind {
        switch self { case .current: .current; case .dueSoon: .dueSoon; case .overdue: .overdue; case .never: .never }
    }
}

/// Coverage of a role: how many of its people are current on every topic, and per topic.
public struct RoleCoverage: Hashable, Sendable {
    public let role: String
    public let people: Int
    /// People current on every required topic.
    public let fullyCurrent: Int
    /// Per topic: people current (including due soon), due soon, overdue, never trained.
    public let topics: [TopicCount]

    public struct TopicCount: Hashable, Sendable {
        public let topic: TrainingTopic
        public let current: Int
        public let dueSoon: Int
        public let overdue: Int
        public let never: Int

        public init(topic: TrainingTopic, current: Int, dueSoon: Int, overdue: Int, never: Int) {
            self.topic = topic
            self.current = current
            self.dueSoon = dueSoon
            self.overdue = overdue
            self.never = never
        }
    }

    public init(role: String, people: Int, fullyCurrent: Int, topics: [TopicCount]) {
        self.role = role
        self.people = people
        self.fullyCurrent = fullyCurrent
        self.topics = topics
    }

    public var percent: Int { people == 0 ? 0 : Int((Double(fullyCurrent) * 100 / Double(people)).rounded(.down)) }

    /// Counts a role's people against its curriculum. `latest` holds each person's last
    /// passed training day per topic.
    public static func count(role: String, curriculum: [Curriculum.Requirement], people: [PersonID],
                             latest: [PersonID: [TrainingTopic: ProgramDay]], today: ProgramDay) -> RoleCoverage {
        var counts = curriculum.map { _ in (0, 0, 0, 0) }
        var full = 0
        let soon = today.adding(days: TrainingStanding.warningDays)
        for person in people {
            let days = latest[person]
            var allCurrent = true
            for (index, requirement) in curriculum.enumerated() {
                switch TrainingStanding.of(last: days?[requirement.topic], months: requirement.months, today: today, soon: soon) {
                case .current: counts[index].0 += 1
                case .dueSoon: counts[index].0 += 1; counts[index].1 += 1
                case .overdue: counts[index].2 += 1; allCurrent = false
                case .never: counts[index].3 += 1; allCurrent = false
                }
            }
            if allCurrent { full += 1 }
        }
        return RoleCoverage(role: role, people: people.count, fullyCurrent: full,
                            topics: zip(curriculum, counts).map { TopicCount(topic: $0.topic, current: $1.0, dueSoon: $1.1, overdue: $1.2, never: $1.3) })
    }
}

extension TrainingQuiz {
    /// The quiz as the session form takes it, one question a line:
    /// `Question? | a choice | *the right choice | another choice` (a `*` marks each right one).
    public static func drafts(lines text: String) -> [QuestionDraft] {
        text.split(whereSeparator: \.isNewline).compactMap { line -> QuestionDraft? in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, !(parts.count == 1 && first.isEmpty) else { return nil }
            var choices: [String] = []
            var correct: [Int] = []
            for part in parts.dropFirst() where !part.isEmpty {
                if part.hasPrefix("*") {
                    correct.append(choices.count)
                    choices.append(String(part.dropFirst()).trimmingCharacters(in: .whitespaces))
                } else {
                    choices.append(part)
                }
            }
            return QuestionDraft(text: first, choices: choices, correct: correct)
        }
    }

    /// The quiz written back in the form's line format.
    public var lines: String {
        questions.map { question in
            ([question.text] + question.choices.enumerated().map { question.correct.contains($0.offset) ? "*" + $0.element : $0.element })
                .joined(separator: " | ")
        }.joined(separator: "\n")
    }
}
