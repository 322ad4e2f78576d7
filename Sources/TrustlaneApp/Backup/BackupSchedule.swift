import Foundation
import TrustlaneCore
import Vapor

extension BackgroundJob {
    /// A backup every `TRUSTLANE_BACKUP_INTERVAL` seconds into `TRUSTLANE_BACKUP_DIRECTORY`,
    /// keeping the newest `TRUSTLANE_BACKUP_KEEP`. Registered only when the interval is set.
    static func scheduledBackup() -> BackgroundJob {
        BackgroundJob("scheduled backup", schedule: { app in
            let interval = app.config.backupInterval
            return Schedule(interval: interval > 0 ? interval : nil, firstDelay: interval,
                            startMessage: "backup: every \(Int(interval)) s into \(app.config.backupDirectory), keeping \(app.config.backupKeep)")
        }, pass: { app in
            try await BackupSchedule(app: app).runOnce()
        })
    }
}

/// One scheduled pass: a backup, then the oldest ones past the retention count removed.
struct BackupSchedule {
    let app: Application

    @discardableResult
    func runOnce() async throws -> (report: BackupWriter.Report, deleted: [String]) {
        let report = try await BackupWriter(app: app).run(scheduled: true)
        if report.verified {
            app.logger.info("backup: \(report.location) (\(report.manifest.totalBytes) bytes, \(String(format: "%.2f", report.seconds)) s)")
        } else {
            app.logger.error("backup: \(report.location) did not verify: \(report.problems.joined(separator: "; "))")
        }
        let directory = URL(fileURLWithPath: app.config.backupDirectory, isDirectory: true)
        let keep = app.config.backupKeep
        // A backup that did not verify does not push out the older ones that did.
        guard report.verified else { return (report, []) }
        let deleted = try await app.threadPool.runIfActive { () -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let chosen = BackupRetention.toDelete(names, keep: keep)
            for name in chosen { try FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
            return chosen
        }
        if !deleted.isEmpty { app.logger.info("backup: removed \(deleted.count) older backups past the \(keep) kept") }
        return (report, deleted)
    }
}
