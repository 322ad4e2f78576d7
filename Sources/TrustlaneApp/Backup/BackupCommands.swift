import Foundation
import TrustlaneCore
import Vapor

/// `trustlane backup [--to PATH]`: a consistent copy while the server runs, checked, with a manifest.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The backup's folder (new or empty); default: a new trustlane-backup-<time> folder in the backup bucket (TRUSTLANE_BACKUP_S3_*) or else in TRUSTLANE_BACKUP_DIRECTORY")
        var to: String?
    }

    var help: String { "Copies the database and evidence files while the server runs, with a manifest of hashes" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let destination = signature.to.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let report = try await BackupWriter(app: context.application).run(to: destination)
        let manifest = report.manifest
        let size = ByteCountFormatter.string(fromByteCount: manifest.totalBytes, countStyle: .file)
        context.console.print("Backup written to \(report.location) in \(String(format: "%.2f", report.seconds)) s: \(manifest.files.count) files, \(size), audit trail \(manifest.auditHead.count) entries.")
        guard report.verified else {
            for problem in report.problems { context.console.error(problem) }
            throw BackupFailure("the backup at \(report.location) did not verify")
        }
        context.console.print(manifest.database == .sqlite
                              ? "Verified: manifest hashes, SQLite integrity check, audit chain."
                              : "Verified: manifest hashes, audit chain on the live database, the dump readable by pg_restore.")
    }
}

/// `trustlane restore PATH [--force]`: checks a backup whole, then puts it in place.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "The backup's folder (the one holding manifest.json), or its location in an object store, s3://<bucket>/<folder>/trustlane-backup-<time>")
        var path: String
        @Flag(name: "force", help: "Replace a database that is not empty (stop the server first)")
        var force: Bool
    }

    var help: String { "Restores a backup after checking its hashes, SQLite integrity and audit chain" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let restorer = BackupRestorer(app: context.application)
        let report: BackupRestorer.Report
        if signature.path.hasPrefix("s3://") {
            report = try await restorer.run(fromBucket: signature.path, force: signature.force)
        } else {
            report = try await restorer.run(from: URL(fileURLWithPath: signature.path, isDirectory: true), force: signature.force)
        }
        let manifest = report.manifest
        if let instructions = report.instructions {
            context.console.print("Backup verified (manifest hashes). Evidence files restored: \(report.evidenceRestored). Now run:\n\(instructions)")
        } else {
            context.console.print("Restored \(report.database) from the backup of \(manifest.createdAt) (Trustlane \(manifest.trustlaneVersion)): audit trail \(manifest.auditHead.count) entries verified, \(report.evidenceRestored) evidence files restored.")
        }
    }
}
