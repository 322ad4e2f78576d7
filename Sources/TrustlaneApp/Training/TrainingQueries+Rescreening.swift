import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// The company-wide re-screening schedule (MSC 11.2): the active people in positions screened
/// periodically, each with the day of their last cleared background check (status and day only,
/// never a report), placed by Core's `RescreeningSchedule`. One query over the roster's index.
extension TrainingQueries {
    struct RescreeningRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let employee_ref: String?
        let role: String?
        let site: String?
        let sensitivity: String
        let employment_kind: String
        let checked_on: Date?
        let result: String?

        var personID: PersonID { PersonID(id) }
        var positionSensitivity: PositionSensitivity { PositionSensitivity(rawValue: sensitivity) ?? .standard }
        var lastCleared: ProgramDay? { result == ScreeningResult.cleared.rawValue ? checked_on.map(ProgramDay.init) : nil }
    }

    struct Rescreening: Sendable {
        let entries: [(row: RescreeningRow, entry: RescreeningSchedule.Entry)]
        let counts: [RescreeningStatus: Int]
        /// More people than the list reads (it reads `limit`, the counts say how many it read).
        let truncated: Bool
    }

    static let rescreeningLimit = 5_000

    /// Everyone on the schedule today, in the list's order (missing, overdue, due soon, current).
    func rescreening(company: CompanyID, today: ProgramDay, limit: Int = rescreeningLimit) async throws -> Rescreening {
        let periodic = RescreeningSchedule.periodicSensitivities.map(\.rawValue)
        guard !periodic.isEmpty else { return Rescreening(entries: [], counts: [:], truncated: false) }
        let rows = try await sql.raw("""
        SELECT p.id, p.name, p.employee_ref, c.role, p.site, p.sensitivity, p.employment_kind, s.done_on AS checked_on, s.result
        FROM people p LEFT JOIN training_curricula c ON c.id = p.curriculum_id
        LEFT JOIN person_steps s ON s.person_id = p.id AND s.step = \(bind: PersonnelStep.backgroundCheck.rawValue)
        WHERE p.company_id = \(bind: company.rawValue) AND p.separated_on IS NULL AND p.sensitivity IN (\(binds: periodic))
        ORDER BY p.name_key LIMIT \(unsafeRaw: String(limit + 1))
        """).all(decoding: RescreeningRow.self)
        let entries = rows.prefix(limit).compactMap { row in
            RescreeningSchedule.entry(sensitivity: row.positionSensitivity, lastCleared: row.lastCleared, today: today).map { (row: row, entry: $0) }
        }.sorted { RescreeningSchedule.precedes($0.entry, $1.entry) }
        let counts = Dictionary(grouping: entries, by: \.entry.status).mapValues(\.count)
        return Rescreening(entries: entries, counts: counts, truncated: rows.count > limit)
    }
}
