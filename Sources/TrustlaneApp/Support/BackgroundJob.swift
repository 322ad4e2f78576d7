import Foundation
import Vapor

/// A pass that runs again and again while the server is up: started when the application boots,
/// run every `interval` seconds, and stopped at shutdown after the pass in flight has finished
/// (so it records its outcome before the database goes away). The outbox sender and the clock
/// pass both run as one; `configure` adds them only for `serve`.
final class BackgroundJob: LifecycleHandler, @unchecked Sendable {
    /// What a job needs to know, read from `AppConfig` when the application boots.
    struct Schedule: Sendable {
        /// Seconds between passes; nil or 0 turns the job off.
        var interval: Double?
        /// Seconds to wait before the first pass.
        var firstDelay: Double = 0
        /// Logged once when the job starts, if given.
        var startMessage: String?
    }

    let name: String
    /// Whether the pass runs in one process at a time (`PassLock`); the outbox does not need it
    /// (its rows are claimed with SKIP LOCKED), every other pass does.
    let exclusive: Bool
    private let schedule: @Sendable (Application) -> Schedule
    private let pass: @Sendable (Application) async throws -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// - Parameters:
    ///   - name: how failures are logged ("\(name) failed: …").
    ///   - schedule: read at boot, so the interval comes from the application's config.
    ///   - pass: one run; it logs its own result. A thrown error is logged and the loop goes on.
    init(_ name: String, exclusive: Bool = true, schedule: @escaping @Sendable (Application) -> Schedule,
         pass: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.exclusive = exclusive
        self.schedule = schedule
        self.pass = pass
    }

    var isRunning: Bool { lock.withLock { task != nil } }

    func didBootAsync(_ application: Application) async throws { start(application) }
    func didBoot(_ application: Application) throws { start(application) }

    private func start(_ application: Application) {
        let schedule = schedule(application)
        guard let interval = schedule.interval, interval > 0 else { return }
        let name = name, pass = pass, exclusive = exclusive
        lock.withLock {
            guard task == nil else { return }
            if let message = schedule.startMessage { application.logger.info("\(message)") }
            task = Task { [application] in
                if schedule.firstDelay > 0 {
                    try? await Task.sleep(nanoseconds: UInt64(schedule.firstDelay * 1_000_000_000))
                }
                while !Task.isCancelled {
                    do {
                        if exclusive {
                            try await PassLock.ifFree(application, pass: name) { try await pass(application) }
                        } else {
                            try await pass(application)
                        }
                    } catch {
                        application.logger.error("\(name) failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async { await stop() }
    func shutdown(_ application: Application) { lock.withLock { task?.cancel(); task = nil } }

    /// Cancels the loop and waits for a pass in flight to finish.
    func stop() async {
        let running = lock.withLock { () -> Task<Void, Never>? in
            let current = task
            task = nil
            return current
        }
        running?.cancel()
        await running?.value
    }
}

extension BackgroundJob {
    /// The daily clock pass, at start-up (after a short delay) and then every
    /// `TRUSTLANE_CLOCK_INTERVAL` seconds (default 3600; 0 turns it off). Off in tests, which
    /// run passes by hand.
    static func clockPass() -> BackgroundJob {
        BackgroundJob("clock pass", schedule: { app in
            Schedule(interval: app.environment == .testing ? nil : app.config.clockInterval, firstDelay: 5)
        }, pass: { app in
            let result = try await ClockPass(app: app).run()
            if result.notifications + result.keysChanged > 0 {
                app.logger.info("clocks: \(result.applications) applications, \(result.keysChanged) queue keys, \(result.notifications) notifications")
            }
            // The partner registry's reminders, once a week per company (the key names the week).
            let reminded = try await PartnerReminders(app: app).run()
            if reminded > 0 { app.logger.info("partners: reassessment reminders queued for \(reminded) companies") }
            // Training due soon or overdue: once a week per company, once per stage per person.
            let training = try await TrainingReminders(app: app).run()
            if training.companies + training.people > 0 {
                app.logger.info("training: reminders queued for \(training.companies) companies and \(training.people) people")
            }
            // Re-screening due within the window or overdue: once per person per due day.
            let rescreening = try await RescreeningReminders(app: app).run()
            if rescreening.people > 0 {
                app.logger.info("rescreening: reminders queued for \(rescreening.people) people in \(rescreening.companies) companies")
            }
            // Inspection records past their company's retention (never under a legal hold).
            let expired = try await InspectionRetention(app: app).run()
            if !expired.isEmpty { app.logger.info("inspections: \(expired.values.reduce(0, +)) records past retention removed for \(expired.count) companies") }
            // Incidents, training sessions, visits, pickups, the seal log and shipments past their kind's retention (never under a legal hold).
            let records = try await RecordsRetention(app: app).run()
            if !records.isEmpty {
                app.logger.info("records: \(records.values.flatMap(\.values).reduce(0, +)) records past retention removed for \(records.count) companies")
            }
            // Client keys past their window: they only tell a resubmission from new work.
            let keys = try await ClientSubmissions.purge(app: app)
            if keys > 0 { app.logger.info("client keys: \(keys) older than \(ClientSubmissions.keptDays) days forgotten") }
            // Once a week per person (the dedupe key names the week), whatever the number of passes.
            let digest = try await WeeklyDigest(app: app).run()
            if digest.queued > 0 { app.logger.info("digest: \(digest.queued) weekly digests queued") }
        })
    }

    /// An outbox pass every `senderInterval` seconds. No queue library: the table is the queue
    /// (STACK-NOTES), so a restart resumes it.
    static func outboxSender() -> BackgroundJob {
        BackgroundJob("outbox pass", exclusive: false, schedule: { app in
            let interval = app.config.delivery.senderInterval
            return Schedule(interval: interval, startMessage: interval.map { "outbox: background sender every \(Int($0)) s" })
        }, pass: { app in
            let result = try await OutboxSender(app: app).runOnce()
            if result.sent + result.failed > 0 {
                app.logger.info("outbox: sent \(result.sent), failed \(result.failed)")
            }
        })
    }
}
