import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Restores a backup into the configured database and data directory, refusing a copy whose
/// files do not match its manifest, whose SQLite copy fails its integrity check, or whose audit
/// chain does not verify (or does not end where the manifest says). The database is checked as a
/// temporary file beside the target and renamed over it only once everything passed; an existing,
/// non-empty database is replaced only when asked (`force`). Stop the server first.
struct BackupRestorer {
    struct Report: Sendable {
        let manifest: BackupManifest
        /// Where the database went (SQLite), or the command the operator runs (PostgreSQL).
        let database: String
        let evidenceRestored: Int
        /// For PostgreSQL: the pg_restore command to run; nil when the restore is complete.
        let instructions: String?
    }

    let app: Application

    func run(from folder: URL, force: Bool = false) async throws -> Report {
        let manifest = try await app.threadPool.runIfActive { try Self.checkedManifest(in: folder) }
        switch (manifest.database, app.config.database) {
        case (.sqlite, .sqliteFile(let path)):
            let target = URL(fileURLWithPath: path)
            try Self.refuseNonEmpty(target, force: force)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).restoring-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: staging) }
            let source = folder.appendingPathComponent(manifest.databaseFile)
            let expected = manifest.files.first { $0.path == manifest.databaseFile }!
            try await app.threadPool.runIfActive {
                try FileManager.default.copyItem(at: source, to: staging)
                // The copy is what will be used: check it, not only the original.
                let digest = try FileDigest.sha256(of: staging)
                guard digest == expected.sha256 else { throw BackupFailure("\(manifest.databaseFile): SHA-256 check failed after copying it to \(staging.path)") }
            }
            let findings = try await DatabaseCopyCheck(app: app).inspect(at: staging.path, name: manifest.databaseFile, leaveWriteAheadLog: true)
            let problems = findings.problems(file: manifest.databaseFile, manifest: manifest)
            guard problems.isEmpty else { throw BackupFailure("Refused \(folder.path): " + problems.joined(separator: "; ")) }
            let restored = try await restoreEvidence(from: folder, manifest: manifest)
            try await app.threadPool.runIfActive {
                let manager = FileManager.default
                for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target.path + suffix) }
                if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
                try manager.moveItem(at: staging, to: target)
            }
            return Report(manifest: manifest, database: target.path, evidenceRestored: restored, instructions: nil)
        case (.postgres, .postgres):
            let restored = try await restoreEvidence(from: folder, manifest: manifest)
            let dump = folder.appendingPathComponent(manifest.databaseFile).path
            let command = "pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" \(dump)"
            return Report(manifest: manifest, database: dump, evidenceRestored: restored,
                          instructions: "\(command)\nthen: trustlane audit verify (expect at least \(manifest.auditHead.count) entries)")
        case (.sqlite, _):
            throw BackupFailure("\(folder.path) holds a SQLite database; give the SQLite file to restore into with --database PATH")
        case (.postgres, _):
            throw BackupFailure("\(folder.path) holds a PostgreSQL dump; set DATABASE_URL to the PostgreSQL database to restore into")
        }
    }

    /// Reads the manifest and checks every file's size and SHA-256; throws naming each file that fails.
    static func checkedManifest(in folder: URL) throws -> BackupManifest {
        let manifestURL = folder.appendingPathComponent(BackupManifest.fileName)
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw BackupFailure("\(manifestURL.path): cannot be read; is \(folder.path) a Trustlane backup?")
        }
        let manifest: BackupManifest
        do { manifest = try BackupManifest.decode(data) } catch { throw BackupFailure("\(manifestURL.path): \(error)") }
        let problems = manifest.problems(in: folder)
        guard problems.isEmpty else {
            let shown = problems.prefix(10).map(\.description)
            let more = problems.count > shown.count ? "; and \(problems.count - shown.count) more" : ""
            throw BackupFailure("Refused \(folder.path): " + shown.joined(separator: "; ") + more)
        }
        return manifest
    }

    /// A database that already holds something is replaced only with `--force`.
    static func refuseNonEmpty(_ target: URL, force: Bool) throws {
        guard !force, let size = FileDigest.size(of: target), size > 0 else { return }
        throw BackupFailure("\(target.path): a database is already there; restore into an empty path, or add --force to replace it (stop the server first)")
    }

    /// Copies the backup's evidence files into the data directory (each to a temporary name, then
    /// renamed); a file already there has the same bytes, its name being their digest.
    private func restoreEvidence(from folder: URL, manifest: BackupManifest) async throws -> Int {
        if let store = app.evidenceStore as? S3EvidenceStore {
            // Into the object store: each file put under its digest (the manifest checked the bytes).
            var restored = 0
            for file in manifest.files where file.path.hasPrefix("evidence/") {
                let digest = (file.path as NSString).lastPathComponent
                if await store.exists(digest) { continue }
                let data = try await app.threadPool.runIfActive { try Data(contentsOf: folder.appendingPathComponent(file.path)) }
                guard try await store.put(data) == digest else { throw BackupFailure("\(file.path): its bytes do not have the SHA-256 of its name") }
                restored += 1
            }
            return restored
        }
        let root = URL(fileURLWithPath: app.config.dataDirectory)
        return try await app.threadPool.runIfActive {
            let manager = FileManager.default
            var restored = 0
            for file in manifest.files where file.path.hasPrefix("evidence/") {
                let target = root.appendingPathComponent(file.path)
                if manager.fileExists(atPath: target.path) { continue }
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
                try manager.copyItem(at: folder.appendingPathComponent(file.path), to: temporary)
                try manager.moveItem(at: temporary, to: target)
                restored += 1
            }
            return restored
        }
    }
}
