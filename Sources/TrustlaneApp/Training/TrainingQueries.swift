import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads of the training records through SQLKit into small structs: curricula, the roster,
/// sessions with their attendance, and coverage, counted by the database from what
/// `TrainingCoverageStore` keeps on write (three queries whatever the company's size).
struct TrainingQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    struct CurriculumRow: Decodable, Sendable {
        let id: UUID
        let role: String
        let requirements: String
        let updated_at: Date

        var parsed: [Curriculum.Requirement] { Self.decode(requirements) }

        static func decode(_ text: String) -> [Curriculum.Requirement] {
            (try? JSONDecoder().decode([Curriculum.Requirement].self, from: Data(text.utf8))) ?? []
        }
        static func encode(_ requirements: [Curriculum.Requirement]) -> String {
            String(decoding: (try? JSONEncoder().encode(requirements)) ?? Data("[]".utf8), as: UTF8.self)
        }
    }

    func curricula(company: CompanyID) async throws -> [CurriculumRow] {
        try await sql.raw("""
        SELECT id, role, requirements, updated_at FROM training_curricula WHERE company_id = \(bind: company.rawValue) ORDER BY role_key
        """).all(decoding: CurriculumRow.self)
    }

    struct PersonRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let employee_ref: String?
        let curriculum_id: UUID?
        let role: String?
        let site: String?
        let hired_on: Date?
        let separated_on: Date?
        let sensitivity: String
        let employment_kind: String
        let created_at: Date
        let email: String?
        let language: String

        var personID: PersonID { PersonID(id) }
        var positionSensitivity: PositionSensitivity { PositionSensitivity(rawValue: sensitivity) ?? .standard }
    }

    static let personColumns: SQLQueryString = """
    p.id, p.name, p.employee_ref, p.curriculum_id, c.role, p.site, p.hired_on, p.separated_on, p.sensitivity, p.employment_kind, p.created_at,
    p.email, p.language
    """

    struct StepRow: Decodable, Sendable {
        let step: String
        let done_on: Date
        let result: String?
        let recorded_by_name: String?
    }

    /// A person's hiring and separation checklist steps.
    func steps(person: PersonID) async throws -> [StepRow] {
        try await sql.raw("""
        SELECT s.step, s.done_on, s.result, u.name AS recorded_by_name FROM person_steps s LEFT JOIN users u ON u.id = s.recorded_by
        WHERE s.person_id = \(bind: person.rawValue) ORDER BY s.done_on
        """).all(decoding: StepRow.self)
    }

    /// The roster, by name; active people only unless `all`; optionally one role.
    func people(company: CompanyID, curriculum: UUID? = nil, all: Bool = false, limit: Int = 500) async throws -> [PersonRow] {
        var query: SQLQueryString = """
        SELECT \(Self.personColumns) FROM people p LEFT JOIN training_curricula c ON c.id = p.curriculum_id
        WHERE p.company_id = \(bind: company.rawValue)
        """
        if !all { query = query + " AND p.separated_on IS NULL" }
        if let curriculum { query = query + " AND p.curriculum_id = \(bind: curriculum)" }
        query = query + " ORDER BY p.name_key LIMIT \(unsafeRaw: String(limit))"
        return try await sql.raw(query).all(decoding: PersonRow.self)
    }

    func person(company: CompanyID, id: PersonID) async throws -> PersonRow? {
        try await sql.raw("""
        SELECT \(Self.personColumns) FROM people p LEFT JOIN training_curricula c ON c.id = p.curriculum_id
        WHERE p.company_id = \(bind: company.rawValue) AND p.id = \(bind: id.rawValue)
        """).first(decoding: PersonRow.self)
    }

    struct SessionRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let topics: String
        let held_on: Date
        let trainer: String
        let site: String?
        let minutes: Int
        let quiz: String?
        let pass_mark: Int?
        let notes: String?
        let attendees: Int
        let created_at: Date

        var sessionID: TrainingSessionID { TrainingSessionID(id) }
        var topicList: [TrainingTopic] { topics.split(separator: ",").compactMap { TrainingTopic(rawValue: String($0)) } }
        var parsedQuiz: TrainingQuiz? { quiz.flatMap { try? JSONDecoder().decode(TrainingQuiz.self, from: Data($0.utf8)) } }
    }

    static let sessionColumns: SQLQueryString = """
    s.id, s.title, s.topics, s.held_on, s.trainer, s.site, s.minutes, s.quiz, s.pass_mark, s.notes,
    (SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = s.id) AS attendees, s.created_at
    """

    func sessions(company: CompanyID, limit: Int = 50) async throws -> [SessionRow] {
        try await sql.raw("""
        SELECT \(Self.sessionColumns) FROM training_sessions s WHERE s.company_id = \(bind: company.rawValue)
        ORDER BY s.held_on DESC, s.created_at DESC LIMIT \(unsafeRaw: String(limit))
        """).all(decoding: SessionRow.self)
    }

    func session(company: CompanyID, id: TrainingSessionID) async throws -> SessionRow? {
        try await sql.raw("""
        SELECT \(Self.sessionColumns) FROM training_sessions s WHERE s.company_id = \(bind: company.rawValue) AND s.id = \(bind: id.rawValue)
        """).first(decoding: SessionRow.self)
    }

    struct AttendanceRow: Decodable, Sendable {
        let person_id: UUID
        let name: String
        let score: Int?
        let passed: Bool
        let recorded_at: Date
    }

    func attendance(session: TrainingSessionID) async throws -> [AttendanceRow] {
        try await sql.raw("""
        SELECT a.person_id, p.name, a.score, a.passed, a.recorded_at FROM training_attendance a JOIN people p ON p.id = a.person_id
        WHERE a.session_id = \(bind: session.rawValue) ORDER BY p.name_key
        """).all(decoding: AttendanceRow.self)
    }

    struct PersonSessionRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let topics: String
        let held_on: Date
        let score: Int?
        let passed: Bool
    }

    func sessions(person: PersonID) async throws -> [PersonSessionRow] {
        try await sql.raw("""
        SELECT s.id, s.title, s.topics, s.held_on, a.score, a.passed FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
        WHERE a.person_id = \(bind: person.rawValue) ORDER BY s.held_on DESC LIMIT 100
        """).all(decoding: PersonSessionRow.self)
    }

    struct Coverage: Sendable {
        let roles: [RoleCoverage]
        /// Active people with no role (no curriculum applies to them).
        let withoutRole: Int
        let people: Int
    }

    /// Coverage by role for the active roster (MSC 12.1), counted by the database from what
    /// `TrainingCoverageStore` keeps on write, in three queries that read two indexes whatever
    /// the roster's size: people and those current on everything (each person's last current
    /// day against today), curricula, and each requirement's standings as ranges of the latest
    /// days (its two cutoff days, `TrainingStanding.Cutoffs`, go in as a small table).
    /// `RoleCoverage.count` is the same rule over rows in memory; a test holds the two together.
    func coverage(company: CompanyID, today: ProgramDay) async throws -> Coverage {
        let curricula = try await curricula(company: company)
        var members: [UUID: (people: Int, current: Int)] = [:]
        var withoutRole = 0, total = 0
        for row in try await sql.raw("""
        SELECT curriculum_id, COUNT(*) AS n, SUM(CASE WHEN current_until >= \(bind: today.startDate()) THEN 1 ELSE 0 END) AS current
        FROM people WHERE company_id = \(bind: company.rawValue) AND separated_on IS NULL GROUP BY curriculum_id
        """).all(decoding: GroupCount.self) {
            total += row.n
            if let curriculum = row.curriculum_id { members[curriculum] = (row.n, row.current ?? 0) } else { withoutRole += row.n }
        }
        let soon = today.adding(days: TrainingStanding.warningDays)
        var cutoffs: [Int: TrainingStanding.Cutoffs] = [:]
        var requirements: [SQLQueryString] = []
        var positions: [UUID: Int] = [:]
        for curriculum in curricula where (members[curriculum.id]?.people ?? 0) > 0 {
            positions[curriculum.id] = requirements.count
            for requirement in curriculum.parsed {
                let cut = cutoffs[requirement.months] ?? TrainingStanding.Cutoffs(months: requirement.months, today: today, soon: soon)
                cutoffs[requirement.months] = cut
                requirements.append("""
                (\(bind: curriculum.id), \(bind: requirement.topic.rawValue), \(bind: requirements.count), \(bind: cut.overdueBefore.startDate()), \(bind: cut.dueSoonThrough.startDate()))
                """)
            }
        }
        // Per requirement (numbered across all curricula): people with a latest day, overdue, due soon.
        var counts: [Int: StandingCount] = [:]
        if !requirements.isEmpty {
            for row in try await sql.raw("""
            WITH req(curriculum_id, topic, position, overdue_before, soon_through) AS (VALUES \(requirements.joined(separator: ", ")))
            SELECT r.position, COUNT(*) AS trained,
              SUM(CASE WHEN l.last_on < r.overdue_before THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN l.last_on >= r.overdue_before AND l.last_on <= r.soon_through THEN 1 ELSE 0 END) AS soon
            FROM req r JOIN training_latest l ON l.company_id = \(bind: company.rawValue) AND l.curriculum_id = r.curriculum_id AND l.topic = r.topic
            GROUP BY r.position
            """).all(decoding: StandingCount.self) {
                counts[row.position] = row
            }
        }
        let roles = curricula.map { curriculum -> RoleCoverage in
            let people = members[curriculum.id] ?? (0, 0)
            let first = positions[curriculum.id] ?? 0
            let topics = curriculum.parsed.enumerated().map { offset, requirement in
                let count = counts[first + offset]
                let trained = count?.trained ?? 0, overdue = count?.overdue ?? 0
                return RoleCoverage.TopicCount(topic: requirement.topic, current: trained - overdue, dueSoon: count?.soon ?? 0,
                                               overdue: overdue, never: people.people - trained)
            }
            return RoleCoverage(role: curriculum.role, people: people.people, fullyCurrent: people.current, topics: topics)
        }
        return Coverage(roles: roles, withoutRole: withoutRole, people: total)
    }

    private struct GroupCount: Decodable { let curriculum_id: UUID?; let n: Int; let current: Int? }
    private struct StandingCount: Decodable { let position: Int; let trained: Int; let overdue: Int; let soon: Int }

    /// One person's standing on each topic of their role.
    func standings(person: PersonRow, company: CompanyID, today: ProgramDay) async throws -> [(Curriculum.Requirement, TrainingStanding)] {
        guard let curriculumID = person.curriculum_id,
              let curriculum = try await curricula(company: company).first(where: { $0.id == curriculumID }) else { return [] }
        var days: [TrainingTopic: ProgramDay] = [:]
        for row in try await sql.raw("SELECT topic, last_on FROM training_latest WHERE person_id = \(bind: person.id)").all() {
            if let topic = TrainingTopic(rawValue: try row.decode(column: "topic", as: String.self)) {
                days[topic] = ProgramDay(try row.decode(column: "last_on", as: Date.self))
            }
        }
        return curriculum.parsed.map { ($0, TrainingStanding.of(last: days[$0.topic], months: $0.months, today: today)) }
    }
}
