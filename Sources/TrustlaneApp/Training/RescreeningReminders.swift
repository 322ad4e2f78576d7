import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Re-screening reminders (issue 17, MSC 11.2), run by the clock pass after the training
/// reminders: each active person in a position screened periodically whose next background
/// check falls due within `RescreeningSchedule.warningDays`, or is overdue, is named to the
/// company's security coordinators (its officers when it has none) in one notification, in the
/// inbox and by email, linking to the person's page. Once per person per due day
/// (`RescreeningReminder.dedupeKey`): later passes send nothing, a new cleared check moves the
/// due day and starts anew. The person gets nothing: the company arranges the check.
///
/// One read of the candidates across companies per periodic position (the last cleared checks
/// before a bound, on `person_steps_due_idx`, M049), then one transaction.
struct RescreeningReminders {
    let app: Application

    struct Result: Sendable, Equatable {
        /// People named in a reminder this pass.
        var people = 0
        /// Companies whose coordinators (or officers) got at least one.
        var companies = 0
    }

    private struct Candidate: Decodable, Sendable {
        let id: UUID
        let company_id: UUID
        let name: String
        let sensitivity: String
        let done_on: Date
    }

    @discardableResult
    func run() async throws -> Result {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let sql = app.db as! any SQLDatabase
        var due: [(row: Candidate, reminder: RescreeningReminder, key: String)] = []
        for sensitivity in RescreeningSchedule.periodicSensitivities {
            guard let bound = RescreeningReminder.clearedBefore(sensitivity: sensitivity, today: today) else { continue }
            let rows = try await sql.raw("""
            SELECT p.id, p.company_id, p.name, p.sensitivity, s.done_on FROM person_steps s JOIN people p ON p.id = s.person_id
            WHERE s.step = \(bind: PersonnelStep.backgroundCheck.rawValue) AND s.result = \(bind: ScreeningResult.cleared.rawValue)
            AND s.done_on < \(bind: bound.startDate()) AND p.sensitivity = \(bind: sensitivity.rawValue) AND p.separated_on IS NULL
            ORDER BY p.company_id, p.name_key
            """).all(decoding: Candidate.self)
            for row in rows {
                let entry = RescreeningSchedule.entry(sensitivity: sensitivity, lastCleared: ProgramDay(row.done_on), today: today)
                guard let reminder = RescreeningReminder.of(entry) else { continue }
                due.append((row, reminder, RescreeningReminder.dedupeKey(person: row.id, due: reminder.due)))
            }
        }
        guard !due.isEmpty else { return Result() }
        let pending = due
        return try await app.writeGate.transaction(on: app.db) { tx in
            let outbox = NotificationOutbox(tx)
            let known = try await outbox.existingKeys(pending.map(\.key))
            var result = Result()
            var companies: Set<UUID> = []
            // Companies without a coordinator are told through their officers (asked once per company).
            var noCoordinator: Set<UUID> = []
            for (row, reminder, key) in pending where !known.contains(key) {
                let company = CompanyID(row.company_id)
                let person = PersonID(row.id)
                let parameters = ["name": row.name, "day": reminder.due.description]
                var sent = 0
                if !noCoordinator.contains(row.company_id) {
                    sent = try await outbox.enqueueToCompany(company, roles: [.coordinator], messageKey: reminder.messageKey, parameters: parameters,
                                                             link: SiteURL.trainingPerson(company, person), dedupeKey: key, now: now)
                    if sent == 0 { noCoordinator.insert(row.company_id) }
                }
                if sent == 0 {
                    sent = try await outbox.enqueueToCompany(company, roles: [.officer], messageKey: reminder.messageKey, parameters: parameters,
                                                             link: SiteURL.trainingPerson(company, person), dedupeKey: key, now: now)
                }
                guard sent > 0 else { continue }
                result.people += 1
                companies.insert(row.company_id)
                try await AuditLog.append(AuditEvent(action: "training.rescreening_reminder", targetType: "person", targetID: person.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: [
                                                         "notification": key, "due_on": reminder.due.description,
                                                         "stage": reminder.isOverdue ? "overdue" : "due_soon",
                                                     ])),
                                          by: nil, on: tx, at: now)
            }
            result.companies = companies.count
            return result
        }
    }
}
