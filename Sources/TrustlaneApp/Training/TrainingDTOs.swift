import Foundation
import TrustlaneCore
import Vapor

// The training API's requests and responses (the JSON contract).

struct CurriculumRequest: Content {
    struct Requirement: Content {
        var topic: String?
        /// How often, in months (1-60); 12 when left out.
        var months: Int?
    }
    var role: String?
    var requirements: [Requirement]?
}

struct CurriculumResponse: Content {
    struct Requirement: Content {
        var topic: String
        var months: Int
        var criteria: [String]
    }
    var id: UUID
    var role: String
    var requirements: [Requirement]

    init(_ row: TrainingQueries.CurriculumRow) {
        id = row.id
        role = row.role
        requirements = row.parsed.map { Requirement(topic: $0.topic.rawValue, months: $0.months, criteria: $0.topic.criteria) }
    }
}

struct PersonRequest: Content {
    var name: String?
    var employeeRef: String?
    var curriculumId: String?
    var site: String?
    /// `YYYY-MM-DD`.
    var hiredOn: String?
    /// standard (default) or sensitive.
    var sensitivity: String?
    /// employee (default), temporary or contractor.
    var employmentKind: String?
    /// Where the person's own training reminders go; null for none.
    var email: String?
    /// en (default), es or id: the language of those reminders.
    var language: String?
}

struct PersonContactRequest: Content {
    /// null or blank clears it.
    var email: String?
    var language: String?
}

struct PersonStepRequest: Content {
    var step: String?
    /// `YYYY-MM-DD`; today when left out.
    var doneOn: String?
    /// cleared or not_cleared, for a background check only.
    var result: String?
}

struct PersonResponse: Content {
    struct Standing: Content {
        var topic: String
        var months: Int
        /// current, due_soon, overdue or never.
        var standing: String
        var lastTrained: String?
        var dueOn: String?
    }
    var id: PersonID
    var name: String
    var employeeRef: String?
    var curriculumId: UUID?
    var role: String?
    var site: String?
    var hiredOn: String?
    var separatedOn: String?
    var sensitivity: String
    var employmentKind: String
    /// Where the person's own training reminders go, if anywhere, and their language.
    var email: String?
    var language: String
    var standings: [Standing]
    struct Step: Content {
        var step: String
        var criterion: String
        var doneOn: String
        var result: String?
    }
    var steps: [Step]
    struct Incident: Content {
        var id: IncidentID
        var reference: String
        var type: String
        var status: String
        var title: String
        var discoveredAt: Date
    }
    /// The incidents that name the person: only for those who may read the register, else nil.
    var incidents: [Incident]?
    /// When the background screening is due again (sensitive positions), if a cleared one is on record.
    var rescreenDue: String?

    init(_ row: TrainingQueries.PersonRow, standings: [(Curriculum.Requirement, TrainingStanding)], steps: [TrainingQueries.StepRow] = []) {
        sensitivity = row.sensitivity
        employmentKind = row.employment_kind
        email = row.email
        language = row.language
        self.steps = steps.map { Step(step: $0.step, criterion: PersonnelStep(rawValue: $0.step)?.criterion ?? "", doneOn: ProgramDay.text($0.done_on), result: $0.result) }
        let cleared = steps.first { $0.step == PersonnelStep.backgroundCheck.rawValue && $0.result == ScreeningResult.cleared.rawValue }.map { ProgramDay($0.done_on) }
        rescreenDue = row.positionSensitivity.rescreenDue(lastCleared: cleared)?.description
        id = row.personID
        name = row.name
        employeeRef = row.employee_ref
        curriculumId = row.curriculum_id
        role = row.role
        site = row.site
        hiredOn = row.hired_on.map(ProgramDay.text)
        separatedOn = row.separated_on.map(ProgramDay.text)
        self.standings = standings.map { requirement, standing in
            let last: ProgramDay?, due: ProgramDay?
            switch standing {
            case .current(let l, let u), .dueSoon(let l, let u): last = l; due = u
            case .overdue(let l, let s): last = l; due = s
            case .never: last = nil; due = nil
            }
            return Standing(topic: requirement.topic.rawValue, months: requirement.months, standing: standing.key, lastTrained: last?.description, dueOn: due?.description)
        }
    }
}

struct RescreeningResponse: Content {
    struct Item: Content {
        var personId: PersonID
        var name: String
        var employeeRef: String?
        var role: String?
        var site: String?
        var sensitivity: String
        var employmentKind: String
        /// The last cleared background check's day, if any.
        var lastCleared: String?
        /// When the next one is due; null with none cleared (due now).
        var dueOn: String?
        /// missing, overdue, due_soon or current.
        var status: String
    }
    /// Months between checks by position sensitivity: Trustlane's defaults, not CBP's (unverified).
    var intervalMonths: [String: Int]
    var intervalsUnverified: Bool
    var warningDays: Int
    var counts: [String: Int]
    var truncated: Bool
    var items: [Item]

    init(_ schedule: TrainingQueries.Rescreening, filter: RescreeningStatus?) {
        intervalMonths = Dictionary(uniqueKeysWithValues: RescreeningSchedule.periodicSensitivities.compactMap { s in s.rescreenMonths.map { (s.rawValue, $0) } })
        intervalsUnverified = true
        warningDays = RescreeningSchedule.warningDays
        counts = Dictionary(uniqueKeysWithValues: RescreeningStatus.allCases.map { ($0.rawValue, schedule.counts[$0] ?? 0) })
        truncated = schedule.truncated
        items = schedule.entries.filter { filter == nil || $0.entry.status == filter }.map { row, entry in
            Item(personId: row.personID, name: row.name, employeeRef: row.employee_ref, role: row.role, site: row.site, sensitivity: row.sensitivity,
                 employmentKind: row.employment_kind, lastCleared: entry.lastCleared?.description, dueOn: entry.due?.description, status: entry.status.rawValue)
        }
    }
}

struct PersonListResponse: Content {
    struct Item: Content {
        var id: PersonID
        var name: String
        var employeeRef: String?
        var role: String?
        var site: String?
    }
    var items: [Item]
}

struct SessionRequest: Content {
    struct Question: Content {
        var text: String?
        var choices: [String]?
        /// Indexes into choices of the right answers.
        var correct: [Int]?
    }
    var title: String?
    var topics: [String]?
    /// `YYYY-MM-DD`.
    var heldOn: String?
    var trainer: String?
    var site: String?
    var minutes: Int?
    var notes: String?
    var quiz: [Question]?
    var passMark: Int?

    var draft: TrainingService.SessionDraft {
        .init(title: title, topics: topics ?? [], heldOn: heldOn, trainer: trainer, site: site, minutes: minutes.map(String.init), notes: notes,
              quiz: quiz.map { $0.map { TrainingQuiz.QuestionDraft(text: $0.text, choices: $0.choices ?? [], correct: $0.correct ?? []) } },
              passMark: passMark.map(String.init))
    }
}

struct AttendanceRequest: Content {
    struct Attendee: Content {
        var personId: String?
        /// The quiz score in percent, or
        var score: Int?
        /// the answers: choice indexes per question.
        var answers: [[Int]]?
    }
    var attendees: [Attendee]?
}

struct SessionResponse: Content {
    struct Attendee: Content {
        var personId: UUID
        var name: String
        var score: Int?
        var passed: Bool
    }
    var id: TrainingSessionID
    var title: String
    var topics: [String]
    var criteria: [String]
    var heldOn: String
    var trainer: String
    var site: String?
    var minutes: Int
    var passMark: Int?
    var questions: Int
    var notes: String?
    var attendees: [Attendee]
    /// A file of the session: its signed roster or materials; `url` downloads it.
    struct File: Content {
        var id: UUID
        /// roster or material.
        var purpose: String
        var fileName: String
        var contentType: String
        var size: Int64
        var sha256: String
        var uploadedBy: String?
        var uploadedAt: Date
        var url: String
    }
    /// The session's files (one session's answer only; the list leaves them out).
    var files: [File]?

    init(_ row: TrainingQueries.SessionRow, attendance: [TrainingQueries.AttendanceRow]) {
        id = row.sessionID
        title = row.title
        topics = row.topicList.map(\.rawValue)
        criteria = Array(Set(row.topicList.flatMap(\.criteria))).sorted()
        heldOn = ProgramDay.text(row.held_on)
        trainer = row.trainer
        site = row.site
        minutes = row.minutes
        passMark = row.pass_mark
        questions = row.parsedQuiz?.questions.count ?? 0
        notes = row.notes
        attendees = attendance.map { Attendee(personId: $0.person_id, name: $0.name, score: $0.score, passed: $0.passed) }
    }
}

struct CoverageResponse: Content {
    struct Role: Content {
        struct Topic: Content {
            var topic: String
            var current: Int
            var dueSoon: Int
            var overdue: Int
            var never: Int
        }
        var role: String
        var people: Int
        var fullyCurrent: Int
        var percent: Int
        var topics: [Topic]
    }
    var people: Int
    var withoutRole: Int
    var roles: [Role]

    init(_ coverage: TrainingQueries.Coverage) {
        people = coverage.people
        withoutRole = coverage.withoutRole
        roles = coverage.roles.map { role in
            Role(role: role.role, people: role.people, fullyCurrent: role.fullyCurrent, percent: role.percent,
                 topics: role.topics.map { Role.Topic(topic: $0.topic.rawValue, current: $0.current, dueSoon: $0.dueSoon, overdue: $0.overdue, never: $0.never) })
        }
    }
}
