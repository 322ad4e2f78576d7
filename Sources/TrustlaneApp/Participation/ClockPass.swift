import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The daily clock job: recomputes every open application's queue key (`next_due_on`) and
/// queues the clock notifications of the day (`NotificationPlan.forClocks`). Each notification's
/// dedupe key names the due day and state, so running it again (or after a restart) sends
/// nothing twice; each new one is audited.
struct ClockPass {
    let app: Application

    struct Result: Sendable {
        var applications = 0
        var keysChanged = 0
        var notifications = 0
    }

    private struct Row: Decodable { let id: UUID; let state: String; let next_due_on: String?; let next_due_kind: String? }

    func run(batch: Int = 500) async throws -> Result {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let sql = app.db as! any SQLDatabase
        var result = Result()
        var after: UUID?
        let closed = [MembershipStatus.withdrawn, .eligibilityConfirmed].map(\.rawValue)
        while true {
            var query = sql.select().columns("id", "state", "next_due_on", "next_due_kind").from("membership_applications")
                .where("status", .notIn, SQLBind.group(closed))
            if let after { query = query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(batch).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.id
            result.applications += rows.count
            var work: [(MembershipApplication, String?, String?, [NotificationIntent], Bool)] = []
            for row in rows {
                guard let application = MembershipStore.decode(MembershipApplication.self, row.state) else { continue }
                let clocks = LifecycleService.clocks(app).clocks(for: application, now: now)
                let key = MembershipStore.queueKey(application, clocks: clocks)
                let changed = key.dueOn != row.next_due_on || key.kind != row.next_due_kind
                let intents = NotificationPlan.forClocks(clocks, application: application, today: today)
                if changed || !intents.isEmpty {
                    work.append((application, key.dueOn, key.kind, intents, changed))
                }
            }
            guard !work.isEmpty else { continue }
            let pending = work
            let done = try await app.writeGate.transaction(on: app.db) { tx -> (Int, Int) in
                let store = MembershipStore(tx)
                let outbox = NotificationOutbox(tx)
                let known = try await outbox.existingKeys(pending.flatMap { $0.3.map(\.dedupeKey) })
                var changed = 0, sent = 0
                for (application, dueOn, kind, intents, keyChanged) in pending {
                    if keyChanged {
                        try await store.updateQueueKey(id: application.id, dueOn: dueOn, kind: kind)
                        changed += 1
                    }
                    for intent in intents where !known.contains(intent.dedupeKey) {
                        guard try await outbox.enqueue(intent, link: SiteURL.companyMembership(application.companyID), now: now) > 0 else { continue }
                        sent += 1
                        try await AuditLog.append(AuditEvent(action: "lifecycle.clock", targetType: "membership_application",
                                                             targetID: application.id.description, companyID: application.companyID,
                                                             changes: [FieldChange(field: "notification", before: nil, after: intent.dedupeKey)]),
                                                  by: nil, on: tx, at: now)
                    }
                }
                return (changed, sent)
            }
            result.keysChanged += done.0
            result.notifications += done.1
        }
        return result
    }
}

/// `trustlane clocks run`: one pass, for cron or by hand.
struct ClocksRunCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Recomputes every clock and queues the day's clock notifications once" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = try await ClockPass(app: context.application).run()
        context.console.print("Clocks: \(result.applications) applications, \(result.keysChanged) queue keys updated, \(result.notifications) notifications queued.")
        let reminded = try await PartnerReminders(app: context.application).run()
        context.console.print("Business partners: reassessment reminders queued for \(reminded) companies (at most one per company a week).")
        let training = try await TrainingReminders(app: context.application).run()
        context.console.print("Training: reminders queued for \(training.companies) companies (at most one a week) and \(training.people) people (one per due day and stage).")
        let rescreening = try await RescreeningReminders(app: context.application).run()
        context.console.print("Re-screening: reminders queued for \(rescreening.people) people in \(rescreening.companies) companies (one per person and due day).")
        let expired = try await InspectionRetention(app: context.application).run()
        context.console.print("Inspections: \(expired.values.reduce(0, +)) records past retention removed for \(expired.count) companies (none under a legal hold).")
        let records = try await RecordsRetention(app: context.application).run()
        context.console.print("Incidents, training, visits, pickups, the seal log, shipments, training files and the badge log: \(records.values.flatMap(\.values).reduce(0, +)) records past retention removed for \(records.count) companies (none under a legal hold).")
        let keys = try await ClientSubmissions.purge(app: context.application)
        context.console.print("Client keys: \(keys) older than \(ClientSubmissions.keptDays) days forgotten.")
        let digest = try await WeeklyDigest(app: context.application).run()
        context.console.print("Weekly digests: \(digest.queued) queued for \(digest.people) people (at most one per person a week).")
    }

    static func group() -> any AnyAsyncCommand {
        var commands = AsyncCommands()
        commands.use(ClocksRunCommand(), as: "run", isDefault: true)
        return commands.group(help: "Membership clocks: run")
    }
}
