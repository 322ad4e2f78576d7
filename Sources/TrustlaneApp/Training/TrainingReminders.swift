import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Training reminders, run by the clock pass with the partner registry's (issue 17: "per person
/// and per role: what is due and overdue ... reminders through the notification machinery"):
///
/// - each week a company has active people whose training is due within 30 days, overdue or
///   never done (`TrainingReminder`), its security coordinators get one notification, in the
///   inbox and by email, with the counts and the first names (its officers when it has no
///   coordinator); the dedupe key names the ISO week, so passes in between send nothing;
/// - a person with a reminder address gets one email per stage of one recurrence (due soon by a
///   day, then overdue since it), in their language, without a link: they have no account.
///   Training them again moves their due day and starts the next round.
///
/// One read of the people due across companies (the `people_due_idx` range), whatever the
/// number of companies, then one transaction.
struct TrainingReminders {
    let app: Application

    /// At most this many names in a coordinator's notification.
    static let namesShown = 10

    struct Result: Sendable, Equatable {
        /// Companies whose coordinators (or officers) got this week's reminder.
        var companies = 0
        /// Reminder emails queued to people themselves.
        var people = 0
    }

    private struct Due: Decodable, Sendable {
        let id: UUID
        let company_id: UUID
        let name: String
        let email: String?
        let language: String
        let curriculum_id: UUID
        let current_until: Date?
    }

    @discardableResult
    func run() async throws -> Result {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let soon = today.adding(days: TrainingStanding.warningDays)
        let sql = app.db as! any SQLDatabase
        let rows = try await sql.raw("""
        SELECT id, company_id, name, email, language, curriculum_id, current_until FROM people
        WHERE separated_on IS NULL AND curriculum_id IS NOT NULL AND (current_until IS NULL OR current_until <= \(bind: soon.startDate()))
        ORDER BY company_id, name_key
        """).all(decoding: Due.self)
        var grouped: [UUID: [(row: Due, reminder: TrainingReminder)]] = [:]
        for row in rows {
            guard let reminder = TrainingReminder.of(currentUntil: row.current_until.map(ProgramDay.init), today: today) else { continue }
            grouped[row.company_id, default: []].append((row, reminder))
        }
        let byCompany = grouped
        guard !byCompany.isEmpty else { return Result() }
        let week = DeadlineDigest.week(of: today)
        return try await app.writeGate.transaction(on: app.db) { tx in
            let outbox = NotificationOutbox(tx)
            var result = Result()
            let companyKeys = byCompany.keys.map { (company: $0, key: "training_reminder:\($0.uuidString.lowercased()):\(week)") }
            let personal = byCompany.values.joined().filter { $0.row.email != nil }
                .map { (item: $0, key: "training_due:\($0.row.id.uuidString.lowercased()):\($0.row.curriculum_id.uuidString.lowercased()):\($0.reminder.period)") }
            let known = try await outbox.existingKeys(companyKeys.map(\.key) + personal.map(\.key))
            for (companyUUID, key) in companyKeys.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
                let company = CompanyID(companyUUID)
                let due = byCompany[companyUUID] ?? []
                let overdue = due.filter { $0.reminder.isOverdue }
                let names = (overdue + due.filter { !$0.reminder.isOverdue }).map(\.row.name)
                let parameters = ["overdue": String(overdue.count), "soon": String(due.count - overdue.count),
                                  "names": names.prefix(Self.namesShown).joined(separator: ", ") + (names.count > Self.namesShown ? ", …" : "")]
                var sent = try await outbox.enqueueToCompany(company, roles: [.coordinator], messageKey: "notification.training_reminder", parameters: parameters,
                                                             link: SiteURL.training(company), dedupeKey: key, now: now)
                if sent == 0 {
                    sent = try await outbox.enqueueToCompany(company, roles: [.officer], messageKey: "notification.training_reminder", parameters: parameters,
                                                             link: SiteURL.training(company), dedupeKey: key, now: now)
                }
                guard sent > 0 else { continue }
                result.companies += 1
                try await AuditLog.append(AuditEvent(action: "training.reminder", targetType: "company", targetID: company.description, companyID: company,
                                                     changes: [FieldChange(field: "notification", before: nil, after: key)]),
                                          by: nil, on: tx, at: now)
            }
            for (item, key) in personal where !known.contains(key) {
                guard let email = item.row.email else { continue }
                let messageKey: String
                var parameters = ["name": item.row.name]
                switch item.reminder {
                case .dueSoon(let until): messageKey = "notification.training_due_soon_person"; parameters["day"] = until.description
                case .overdue(let until): messageKey = "notification.training_overdue_person"; parameters["day"] = until.description
                case .notYetTrained: messageKey = "notification.training_never_person"
                }
                try await outbox.enqueue(channel: NotificationOutbox.email, key: messageKey, parameters: parameters, link: nil, to: email,
                                         language: Language(rawValue: item.row.language) ?? .english, userID: nil, companyID: item.row.company_id,
                                         dedupeKey: key, now: now)
                try await AuditLog.append(AuditEvent(action: "training.person_reminded", targetType: "person", targetID: item.row.id.uuidString.lowercased(),
                                                     companyID: CompanyID(item.row.company_id),
                                                     changes: [FieldChange(field: "notification", before: nil, after: key)]),
                                          by: nil, on: tx, at: now)
                result.people += 1
            }
            return result
        }
    }
}
