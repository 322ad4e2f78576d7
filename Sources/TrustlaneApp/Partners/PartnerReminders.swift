import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Reminders of the partner registry's deadlines, run by the clock pass with the lifecycle's
/// (issue 15: "due and overdue reassessments use the same clock and notification machinery"):
/// each week a company has partners due for reassessment within the due-soon window, overdue,
/// or partner corrective actions past their day, its officers, coordinators and consultants get
/// one notification in the inbox and by email saying how many. One a week at most: the dedupe
/// key names the ISO week, so running the pass again sends nothing twice. Two reads whatever the
/// number of companies.
struct PartnerReminders {
    let app: Application

    private struct Due: Decodable { let company_id: UUID; let overdue: Int?; let soon: Int? }
    private struct Late: Decodable { let company_id: UUID; let n: Int }

    struct Counts: Sendable, Equatable {
        var overdue = 0
        var dueSoon = 0
        var lateActions = 0
    }

    /// Queues this week's reminders; returns how many companies got one.
    @discardableResult
    func run() async throws -> Int {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let soon = today.adding(days: app.config.programSettings.dueSoonDays)
        let sql = app.db as! any SQLDatabase
        var counts: [UUID: Counts] = [:]
        for row in try await sql.raw("""
        SELECT company_id, SUM(CASE WHEN next_assessment_on < \(bind: today.description) THEN 1 ELSE 0 END) AS overdue,
        SUM(CASE WHEN next_assessment_on >= \(bind: today.description) THEN 1 ELSE 0 END) AS soon
        FROM business_partners WHERE status <> 'archived' AND next_assessment_on IS NOT NULL AND next_assessment_on <= \(bind: soon.description)
        GROUP BY company_id
        """).all(decoding: Due.self) {
            counts[row.company_id, default: Counts()].overdue = row.overdue ?? 0
            counts[row.company_id, default: Counts()].dueSoon = row.soon ?? 0
        }
        for row in try await sql.raw("""
        SELECT company_id, COUNT(*) AS n FROM business_partner_actions WHERE status = 'open' AND due_on < \(bind: today.description) GROUP BY company_id
        """).all(decoding: Late.self) {
            counts[row.company_id, default: Counts()].lateActions = row.n
        }
        guard !counts.isEmpty else { return 0 }
        let week = DeadlineDigest.week(of: today)
        let pending = counts.map { (company: $0.key, counts: $0.value, key: "partner_reminder:\($0.key.uuidString.lowercased()):\(week)") }
        return try await app.writeGate.transaction(on: app.db) { tx in
            let outbox = NotificationOutbox(tx)
            let known = try await outbox.existingKeys(pending.map(\.key))
            var sent = 0
            for item in pending where !known.contains(item.key) {
                let company = CompanyID(item.company)
                let parameters = ["overdue": String(item.counts.overdue), "soon": String(item.counts.dueSoon), "actions": String(item.counts.lateActions)]
                guard try await outbox.enqueueToCompany(company, messageKey: "notification.partner_reminder", parameters: parameters,
                                                        link: SiteURL.partners(company), dedupeKey: item.key, now: now) > 0 else { continue }
                sent += 1
                try await AuditLog.append(AuditEvent(action: "business_partner.reminder", targetType: "company", targetID: company.description,
                                                     companyID: company, changes: [FieldChange(field: "notification", before: nil, after: item.key)]),
                                          by: nil, on: tx, at: now)
            }
            return sent
        }
    }
}
