import Foundation
import SQLKit
import TrustlaneCore

/// What training coverage counts from, kept on write so that reading it never walks the roster
/// (issue 17: coverage of a 5,000-person company under 20 ms):
/// - `people.current_until`: the last day the person stays current on every topic of their
///   role (`Curriculum.currentThrough`), so "fully current today" is one index range;
/// - `training_latest.curriculum_id`: the role the latest day counts for, null once the person
///   has left or has no role, so each topic's standings are ranges of one index.
/// Every write that changes a person's latest days, role, separation or their role's
/// curriculum refreshes the people it touches, inside its own transaction.
package enum TrainingCoverageStore {
    package enum Scope: Sendable {
        case people([UUID])
        case curriculum(UUID)
        case company
    }

    package static func refresh(_ scope: Scope, company: CompanyID, on sql: any SQLDatabase) async throws {
        let inScope: SQLQueryString
        switch scope {
        case .people(let ids):
            guard !ids.isEmpty else { return }
            inScope = " AND p.id IN (\(binds: ids))"
        case .curriculum(let id): inScope = " AND p.curriculum_id = \(bind: id)"
        case .company: inScope = ""
        }
        struct Person: Decodable { let id: UUID; let curriculum_id: UUID?; let separated_on: Date? }
        struct Latest: Decodable { let person_id: UUID; let topic: String; let last_on: Date }
        struct Role: Decodable { let id: UUID; let requirements: String }
        let people = try await sql.raw("""
        SELECT p.id, p.curriculum_id, p.separated_on FROM people p WHERE p.company_id = \(bind: company.rawValue)\(inScope)
        """).all(decoding: Person.self)
        guard !people.isEmpty else { return }
        var latest: [UUID: [TrainingTopic: ProgramDay]] = [:]
        for row in try await sql.raw("""
        SELECT l.person_id, l.topic, l.last_on FROM training_latest l JOIN people p ON p.id = l.person_id
        WHERE p.company_id = \(bind: company.rawValue)\(inScope)
        """).all(decoding: Latest.self) {
            if let topic = TrainingTopic(rawValue: row.topic) { latest[row.person_id, default: [:]][topic] = ProgramDay(row.last_on) }
        }
        let roles = Dictionary(uniqueKeysWithValues: try await sql.raw("""
        SELECT id, requirements FROM training_curricula WHERE company_id = \(bind: company.rawValue)
        """).all(decoding: Role.self).map { ($0.id, TrainingQueries.CurriculumRow.decode($0.requirements)) })
        // One statement per distinct day (a roster shares a few hundred at most), not per person.
        var byDay: [ProgramDay?: [UUID]] = [:]
        for person in people {
            let counted = person.separated_on == nil ? person.curriculum_id.flatMap { roles[$0] } : nil
            byDay[counted.flatMap { Curriculum.currentThrough($0, latest: latest[person.id] ?? [:]) }, default: []].append(person.id)
        }
        for (day, ids) in byDay {
            for start in stride(from: 0, to: ids.count, by: 500) {
                try await sql.raw("""
                UPDATE people SET current_until = \(bind: day?.startDate()) WHERE id IN (\(binds: Array(ids[start..<min(start + 500, ids.count)])))
                """).run()
            }
        }
        try await sql.raw("""
        UPDATE training_latest SET curriculum_id = (SELECT CASE WHEN p.separated_on IS NULL THEN p.curriculum_id END FROM people p WHERE p.id = training_latest.person_id)
        WHERE company_id = \(bind: company.rawValue) AND person_id IN (SELECT p.id FROM people p WHERE p.company_id = \(bind: company.rawValue)\(inScope))
        """).run()
    }
}
