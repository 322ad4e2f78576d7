import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the training records (issue 17). Every write is one gated transaction with its
/// audit entry; every refusal names its field, with nothing saved.
struct TrainingService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    static let maxName = 120
    static let maxRef = 40
    static let maxTitle = 200
    static let maxNotes = 2_000
    static let maxAttendees = 500

    // MARK: Curricula

    /// Saves a role's curriculum, replacing the one of the same role (names compared without case).
    @discardableResult
    func saveCurriculum(role: String?, topics: [(topic: String, months: String?)], company: CompanyID, by actor: UserID) async throws -> UUID {
        let curriculum = try Curriculum.validate(role: role, topics: topics)
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let key = curriculum.role.lowercased()
            let encoded = TrainingQueries.CurriculumRow.encode(curriculum.requirements)
            let existing = try await sql.raw("SELECT id, requirements FROM training_curricula WHERE company_id = \(bind: company.rawValue) AND role_key = \(bind: key)").first()
            let id: UUID
            if let existing {
                id = try existing.decode(column: "id", as: UUID.self)
                try await sql.raw("UPDATE training_curricula SET role = \(bind: curriculum.role), requirements = \(bind: encoded), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            } else {
                id = UUID.timeOrdered()
                try await sql.raw("""
                INSERT INTO training_curricula (id, company_id, role, role_key, requirements, updated_at)
                VALUES (\(bind: id), \(bind: company.rawValue), \(bind: curriculum.role), \(bind: key), \(bind: encoded), \(bind: now))
                """).run()
            }
            if existing != nil { try await TrainingCoverageStore.refresh(.curriculum(id), company: company, on: sql) }
            let summary = curriculum.requirements.map { "\($0.topic.rawValue)/\($0.months)m" }.joined(separator: ", ")
            try await AuditLog.append(AuditEvent(action: "training.curriculum_saved", targetType: "training_curriculum", targetID: id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["requirements": try existing?.decode(column: "requirements", as: String.self)],
                                                                              after: ["role": curriculum.role, "requirements": summary])),
                                      by: actor, on: tx, at: now)
            return id
        }
    }

    // MARK: The roster

    struct PersonDraft: Sendable {
        var name: String?
        var employeeRef: String?
        var curriculumID: String?
        var site: String?
        var hiredOn: String?
        var sensitivity: String? = nil
        var employmentKind: String? = nil
        /// Where the person's own training reminders go; blank for none.
        var email: String? = nil
        /// The language of those reminders (en, es or id; blank: English).
        var language: String? = nil
    }

    /// A reminder address as typed: blank is none; otherwise an address like name@example.com.
    static func reminderEmail(_ text: String?, into errors: inout [FieldError]) -> String? {
        if let text, text.unicodeScalars.count > 254 {
            errors.append(.tooLong("email", max: 254))
            return nil
        }
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else { return nil }
        return EmailAddress.check(trimmed, field: "email", into: &errors)?.value
    }

    static func reminderLanguage(_ text: String?, into errors: inout [FieldError]) -> Language? {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        if trimmed.isEmpty { return .english }
        if let language = Language(rawValue: trimmed) { return language }
        errors.append(FieldError(field: "language", messageKey: "training.error.language", message: "language must be en, es or id",
                                 arguments: ["value": String(trimmed.prefix(20))]))
        return nil
    }

    static func day(_ text: String?, field: String, into errors: inout [FieldError]) -> ProgramDay? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = ProgramDay(text) else {
            errors.append(FieldError(field: field, messageKey: "training.error.day", message: "\(field) must be a day as YYYY-MM-DD", arguments: ["value": String(text.prefix(20))]))
            return nil
        }
        return day
    }

    /// Adds a person to the roster; returns their id.
    func addPerson(_ draft: PersonDraft, company: CompanyID, by actor: UserID) async throws -> PersonID {
        var errors: [FieldError] = []
        let name = Check.text(draft.name, field: "name", max: Self.maxName, use: .freeText, into: &errors)
        let ref = Check.text(draft.employeeRef, field: "employee_ref", max: Self.maxRef, required: false, into: &errors)
        let site = Check.text(draft.site, field: "site", max: Self.maxName, required: false, use: .freeText, into: &errors)
        let hired = Self.day(draft.hiredOn, field: "hired_on", into: &errors)
        let sensitivity: PositionSensitivity? = IncidentValidator.choice(draft.sensitivity.flatMap { $0.isEmpty ? nil : $0 }, field: "sensitivity", default: .standard, into: &errors)
        let kind: EmploymentKind? = IncidentValidator.choice(draft.employmentKind.flatMap { $0.isEmpty ? nil : $0 }, field: "employment_kind", default: .employee, into: &errors)
        let email = Self.reminderEmail(draft.email, into: &errors)
        let language = Self.reminderLanguage(draft.language, into: &errors)
        var curriculum: UUID?
        if let text = draft.curriculumID?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = UUID(uuidString: text), try await TrainingQueries(db).curricula(company: company).contains(where: { $0.id == id }) {
                curriculum = id
            } else {
                errors.append(FieldError(field: "curriculum_id", messageKey: "training.error.curriculum", message: "curriculum_id is no role of this company's curricula"))
            }
        }
        guard errors.isEmpty, let name, let sensitivity, let kind, let language else { throw ValidationFailure(errors) }
        let role = curriculum
        let now = app.clock.now()
        let id = PersonID(UUID.timeOrdered())
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO people (id, company_id, name, name_key, employee_ref, curriculum_id, site, hired_on, sensitivity, employment_kind, email, language, created_at)
            VALUES (\(bind: id.rawValue), \(bind: company.rawValue), \(bind: name), \(bind: name.lowercased()), \(bind: ref), \(bind: role),
            \(bind: site), \(bind: hired?.startDate()), \(bind: sensitivity.rawValue), \(bind: kind.rawValue), \(bind: email), \(bind: language.rawValue), \(bind: now))
            """).run()
            try await TrainingCoverageStore.refresh(.people([id.rawValue]), company: company, on: tx as! any SQLDatabase)
            try await AuditLog.append(AuditEvent(action: "training.person_added", targetType: "person", targetID: id.description, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["name": name, "employee_ref": ref, "site": site, "email": email])),
                                      by: actor, on: tx, at: now)
        }
        return id
    }

    /// Sets (or, blank, clears) the address a person's own training reminders go to, and their language.
    func setReminderContact(_ person: TrainingQueries.PersonRow, email text: String?, language languageText: String?, company: CompanyID,
                            by actor: UserID) async throws {
        var errors: [FieldError] = []
        let email = Self.reminderEmail(text, into: &errors)
        let language = Self.reminderLanguage(languageText, into: &errors)
        guard errors.isEmpty, let language else { throw ValidationFailure(errors) }
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            UPDATE people SET email = \(bind: email), language = \(bind: language.rawValue) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: person.id)
            """).run()
            try await AuditLog.append(AuditEvent(action: "training.person_contact_set", targetType: "person", targetID: person.personID.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["email": person.email, "language": person.language],
                                                                              after: ["email": email, "language": language.rawValue])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Marks a person separated from the company on a day (they leave the coverage; their records stay).
    func separate(_ person: TrainingQueries.PersonRow, on text: String?, company: CompanyID, by actor: UserID) async throws {
        var errors: [FieldError] = []
        let day = Self.day(text, field: "separated_on", into: &errors) ?? (errors.isEmpty ? ProgramDay(app.clock.now()) : nil)
        guard errors.isEmpty, let day else { throw ValidationFailure(errors) }
        guard person.separated_on == nil else {
            throw ValidationFailure([FieldError(field: "separated_on", messageKey: "training.error.separated", message: "\(person.name) is already separated")])
        }
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("UPDATE people SET separated_on = \(bind: day.startDate()) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: person.id)").run()
            try await TrainingCoverageStore.refresh(.people([person.id]), company: company, on: tx as! any SQLDatabase)
            try await AuditLog.append(AuditEvent(action: "training.person_separated", targetType: "person", targetID: person.personID.description, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["separated_on": day.description])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Records a step of the person's hiring or separation checklist (replacing an earlier record
    /// of the same step, as a re-screening replaces the last background check).
    func recordStep(_ draft: PersonnelStepDraft, person: TrainingQueries.PersonRow, company: CompanyID, by actor: UserID) async throws {
        let checked = try draft.validate(today: ProgramDay(app.clock.now()), separated: person.separated_on != nil)
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw("DELETE FROM person_steps WHERE person_id = \(bind: person.id) AND step = \(bind: checked.step.rawValue)").run()
            try await sql.raw("""
            INSERT INTO person_steps (company_id, person_id, step, done_on, result, recorded_by, recorded_at)
            VALUES (\(bind: company.rawValue), \(bind: person.id), \(bind: checked.step.rawValue), \(bind: checked.day.startDate()), \(bind: checked.result?.rawValue),
            \(bind: actor.rawValue), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "people.step_recorded", targetType: "person", targetID: person.personID.description, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "step": checked.step.rawValue, "done_on": checked.day.description, "result": checked.result?.rawValue,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
    }

    // MARK: Sessions

    struct SessionDraft: Sendable {
        var title: String?
        var topics: [String] = []
        var heldOn: String?
        var trainer: String?
        var site: String?
        var minutes: String?
        var notes: String?
        /// The quiz, when the session has one.
        var quiz: [TrainingQuiz.QuestionDraft]?
        var passMark: String?
    }

    /// Records a session; returns its id. Held today or earlier, or planned up to a year ahead.
    func createSession(_ draft: SessionDraft, company: CompanyID, by actor: UserID) async throws -> TrainingSessionID {
        var errors: [FieldError] = []
        let title = Check.text(draft.title, field: "title", max: Self.maxTitle, use: .freeText, into: &errors)
        let trainer = Check.text(draft.trainer, field: "trainer", max: Self.maxName, use: .freeText, into: &errors)
        let site = Check.text(draft.site, field: "site", max: Self.maxName, required: false, use: .freeText, into: &errors)
        let notes = Check.text(draft.notes, field: "notes", max: Self.maxNotes, required: false, use: .freeText, into: &errors)
        var topics: [TrainingTopic] = []
        for text in draft.topics where !text.isEmpty {
            if let topic = TrainingTopic(rawValue: text) { if !topics.contains(topic) { topics.append(topic) } } else {
                errors.append(FieldError(field: "topics", messageKey: "training.error.topic", message: "topics: \(String(text.prefix(40))) is not a training topic",
                                         arguments: ["value": String(text.prefix(40)), "allowed": TrainingTopic.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
        }
        if topics.isEmpty && !errors.contains(where: { $0.field == "topics" }) {
            errors.append(FieldError(field: "topics", messageKey: "training.error.no_topics", message: "topics: choose at least one topic the session covered"))
        }
        let today = ProgramDay(app.clock.now())
        var held: ProgramDay?
        if (draft.heldOn ?? "").allSatisfy(\.isWhitespace) {
            errors.append(.required("held_on"))
        } else if let day = Self.day(draft.heldOn, field: "held_on", into: &errors) {
            if day > today.adding(days: 366) {
                errors.append(FieldError(field: "held_on", messageKey: "training.error.too_far", message: "held_on is more than a year ahead"))
            } else { held = day }
        }
        let minutesText = draft.minutes?.trimmingCharacters(in: .whitespaces) ?? ""
        let minutes = minutesText.isEmpty ? 60 : Int(minutesText) ?? -1
        if !(1...1_440).contains(minutes) {
            errors.append(FieldError(field: "minutes", messageKey: "training.error.minutes", message: "minutes must be a whole number from 1 to 1440"))
        }
        var quiz: TrainingQuiz?
        if let questions = draft.quiz, !questions.isEmpty {
            let mark = draft.passMark.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            do { quiz = try TrainingQuiz.validate(questions, passMark: mark) } catch { errors += error.errors }
        }
        guard errors.isEmpty, let title, let trainer, let held else { throw ValidationFailure(errors) }
        let chosen = topics, checkedQuiz = quiz
        let now = app.clock.now()
        let id = TrainingSessionID(UUID.timeOrdered())
        let quizJSON = checkedQuiz.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            INSERT INTO training_sessions (id, company_id, title, topics, held_on, trainer, site, minutes, quiz, pass_mark, notes, created_by, created_at)
            VALUES (\(bind: id.rawValue), \(bind: company.rawValue), \(bind: title), \(bind: chosen.map(\.rawValue).joined(separator: ",")),
            \(bind: held.startDate()), \(bind: trainer), \(bind: site), \(bind: minutes), \(bind: quizJSON), \(bind: checkedQuiz?.passMark), \(bind: notes),
            \(bind: actor.rawValue), \(bind: now))
            """).run()
            try await AuditLog.append(AuditEvent(action: "training.session_recorded", targetType: "training_session", targetID: id.description, companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "title": title, "topics": chosen.map(\.rawValue).joined(separator: ", "), "held_on": held.description,
                                                     "trainer": trainer, "quiz": checkedQuiz.map { "\($0.questions.count) questions, pass mark \($0.passMark)%" },
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return id
    }

    /// One attendee as ticked: a person of the roster, with a quiz score in percent, or the
    /// answers to the quiz (choice indexes per question), when the session has a quiz.
    struct Attendee: Sendable {
        var personID: String?
        var score: String?
        var answers: [[Int]]?
    }

    /// Records attendance at a session (replacing what was recorded for the same people) and
    /// brings each attendee's latest passed day per topic up to date. Refused: a session still
    /// ahead, a person not on the roster or separated before the session, a missing or
    /// impossible score where there is a quiz.
    func recordAttendance(_ session: TrainingQueries.SessionRow, attendees: [Attendee], company: CompanyID, by actor: UserID) async throws -> Int {
        var errors: [FieldError] = []
        let today = ProgramDay(app.clock.now())
        let held = ProgramDay(session.held_on)
        if held > today {
            errors.append(FieldError(field: "attendees", messageKey: "training.error.not_yet", message: "the session is on \(held); attendance is recorded once it has been held",
                                     arguments: ["day": held.description]))
        }
        if attendees.isEmpty || attendees.count > Self.maxAttendees {
            errors.append(FieldError(field: "attendees", messageKey: "training.error.attendee_count", message: "attendees: tick 1 to \(Self.maxAttendees) people",
                                     arguments: ["max": String(Self.maxAttendees)]))
        }
        let quiz = session.parsedQuiz
        let roster = Dictionary(uniqueKeysWithValues: try await TrainingQueries(db).people(company: company, all: true, limit: 100_000).map { ($0.id, $0) })
        var rows: [(person: UUID, score: Int?, passed: Bool)] = []
        for attendee in attendees.prefix(Self.maxAttendees) {
            guard let id = attendee.personID.flatMap({ UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }), let person = roster[id] else {
                errors.append(FieldError(field: "attendees", messageKey: "training.error.person", message: "attendees must name people of this company's roster (by id)"))
                continue
            }
            if let separated = person.separated_on, ProgramDay(separated) < held {
                errors.append(FieldError(field: "attendees", messageKey: "training.error.person_separated", message: "\(person.name) had left before the session",
                                         arguments: ["name": person.name]))
                continue
            }
            var score: Int?
            if let answers = attendee.answers, let quiz {
                score = quiz.score(answers)
            } else if let text = attendee.score?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let value = Int(text), (0...100).contains(value) else {
                    errors.append(FieldError(field: "score", messageKey: "training.error.score", message: "the score of \(person.name) must be a whole percentage from 0 to 100",
                                             arguments: ["name": person.name]))
                    continue
                }
                score = value
            }
            if quiz != nil && score == nil {
                errors.append(FieldError(field: "score", messageKey: "training.error.score_missing", message: "the session has a quiz: give the score of \(person.name)",
                                         arguments: ["name": person.name]))
                continue
            }
            let passed = quiz.map { (score ?? 0) >= $0.passMark } ?? true
            if !rows.contains(where: { $0.person == id }) { rows.append((id, score, passed)) }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let written = rows
        let now = app.clock.now()
        let topics = session.topicList
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            for row in written {
                try await sql.raw("DELETE FROM training_attendance WHERE session_id = \(bind: session.id) AND person_id = \(bind: row.person)").run()
                try await sql.raw("""
                INSERT INTO training_attendance (company_id, session_id, person_id, score, passed, recorded_by, recorded_at)
                VALUES (\(bind: company.rawValue), \(bind: session.id), \(bind: row.person), \(bind: row.score), \(bind: row.passed), \(bind: actor.rawValue), \(bind: now))
                """).run()
                for topic in topics {
                    try await Self.refreshLatest(person: row.person, topic: topic, company: company, on: sql)
                }
            }
            try await TrainingCoverageStore.refresh(.people(written.map(\.person)), company: company, on: sql)
            try await AuditLog.append(AuditEvent(action: "training.attendance_recorded", targetType: "training_session", targetID: session.sessionID.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "attendees": String(written.count), "passed": String(written.filter(\.passed).count),
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return written.count
    }

    /// The person's latest passed day on the topic, from their attendance.
    static func refreshLatest(person: UUID, topic: TrainingTopic, company: CompanyID, on sql: any SQLDatabase) async throws {
        let last = try await sql.raw("""
        SELECT MAX(s.held_on) AS last_on FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
        WHERE a.person_id = \(bind: person) AND a.passed = \(bind: true) AND (',' || s.topics || ',') LIKE \(bind: "%," + topic.rawValue + ",%")
        """).first()?.decode(column: "last_on", as: Date?.self)
        try await sql.raw("DELETE FROM training_latest WHERE person_id = \(bind: person) AND topic = \(bind: topic.rawValue)").run()
        if let last {
            try await sql.raw("""
            INSERT INTO training_latest (company_id, person_id, topic, last_on) VALUES (\(bind: company.rawValue), \(bind: person), \(bind: topic.rawValue), \(bind: last))
            """).run()
        }
    }
}
