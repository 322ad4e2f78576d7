import Fluent
import Foundation
import TrustlaneCore
import Vapor

extension BackgroundJob {
    /// A backup every `TRUSTLANE_BACKUP_INTERVAL` seconds into `TRUSTLANE_BACKUP_DIRECTORY` (or the
    /// backup bucket, `TRUSTLANE_BACKUP_S3_*`), keeping the newest `TRUSTLANE_BACKUP_KEEP`. Registered only when the interval is set. The
    /// loop looks every few minutes whether the last scheduled backup (in `backup_runs`) is an
    /// interval old, so a server restarted more often than the interval still takes them, and a
    /// second server process on the same database does not take a second one.
    static func scheduledBackup() -> BackgroundJob {
        BackgroundJob("scheduled backup", schedule: { app in
            let interval = app.config.backupInterval
            return Schedule(interval: interval > 0 ? min(interval, BackupSchedule.tick) : nil, firstDelay: 30,
                            startMessage: "backup: every \(Int(interval)) s into \(app.config.backupObjectStore.map { "s3://\($0.bucket)/\($0.prefix)" } ?? app.config.backupDirectory), keeping \(app.config.backupKeep)")
        }, pass: { app in
            try await BackupSchedule(app: app).runIfDue()
        })
    }
}

/// One scheduled pass: a backup, then the oldest ones past the retention count removed.
struct BackupSchedule {
    /// How often the loop looks whether a backup is due.
    static let tick: Double = 300

    let app: Application

    /// A backup when the last scheduled one started at least an interval ago (or there is none).
    @discardableResult
    func runIfDue() async throws -> (report: BackupWriter.Report, deleted: [String])? {
        let last = try await BackupRunModel.query(on: app.db).filter(\.$scheduled == true).sort(\.$startedAt, .descending).first()
        if let last, app.clock.now().timeIntervalSince(last.startedAt) < app.config.backupInterval - 1 { return nil }
        return try await runOnce()
    }

    @discardableResult
    func runOnce() async throws -> (report: BackupWriter.Report, deleted: [String]) {
        let report = try await BackupWriter(app: app).run(scheduled: true)
        if report.verified {
            app.logger.info("backup: \(report.location) (\(report.manifest.totalBytes) bytes, \(String(format: "%.2f", report.seconds)) s)")
        } else {
            app.logger.error("backup: \(report.location) did not verify: \(report.problems.joined(separator: "; "))")
        }
        let keep = app.config.backupKeep
        // A backup that did not verify does not push out the older ones that did.
        guard report.verified else { return (report, []) }
        let deleted = try await removeOld(keep: keep)
        if !deleted.isEmpty { app.logger.info("backup: removed \(deleted.count) older backups past the \(keep) kept") }
        return (report, deleted)
    }

    /// Deletes the backups past the newest `keep`, in the backup bucket when there is one, else in
    /// the backup directory (only `trustlane-backup-…` folders; nothing else there is touched).
    private func removeOld(keep: Int) async throws -> [String] {
        if let bucket = BackupBucket(app: app) { return try await bucket.removeOld(keep: keep) }
        let directory = URL(fileURLWithPath: app.config.backupDirectory, isDirectory: true)
        return try await app.threadPool.runIfActive { () -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let chosen = BackupRetention.toDelete(names, keep: keep)
            for name in chosen { try FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
            return chosen
        }
    }
}
