import Foundation
import TrustlaneCore
import Vapor

/// Backups kept in an object store (`TRUSTLANE_BACKUP_S3_*`, docs/OPERATIONS.md): a backup is the
/// same folder as on disk, its files stored as objects under `<prefix><name>/` (`trustlane.sqlite`
/// or `trustlane.pgdump`, `evidence/ab/cd/<sha256>`) and `manifest.json` stored last, so a backup
/// whose upload stopped half way has no manifest and is never taken for one: neither counted by
/// the retention nor restored.
struct BackupBucket {
    let bucket: S3Bucket
    /// The folder holding the backups, ending in `/` (or empty: the bucket's top).
    let prefix: String

    /// The configured backup bucket, or nil when backups stay on disk.
    init?(app: Application) {
        guard let settings = app.config.backupObjectStore else { return nil }
        self.init(settings: settings, client: app.client)
    }

    init(settings: ObjectStoreSettings, client: any Client) {
        bucket = S3Bucket(settings: settings, client: client, timeout: .seconds(600))
        prefix = settings.prefix
    }

    /// Where a backup is, as `trustlane backup` prints it and `trustlane restore` takes it.
    func location(_ name: String) -> String { "s3://\(bucket.settings.bucket)/\(prefix)\(name)" }

    /// The `trustlane-backup-…` folder names under the prefix, complete or not.
    func names() async throws -> [String] {
        try await bucket.list(prefix: prefix, delimiter: "/").folders.compactMap { folder -> String? in
            guard folder.hasPrefix(prefix), folder.hasSuffix("/") else { return nil }
            let name = String(folder.dropFirst(prefix.count).dropLast())
            return BackupRetention.parse(name) == nil ? nil : name
        }
    }

    /// The complete backups: those whose manifest is there.
    func completeBackups() async throws -> [String] {
        var complete: [String] = []
        for name in try await names() {
            if try await bucket.exists("\(prefix)\(name)/\(BackupManifest.fileName)") { complete.append(name) }
        }
        return complete
    }

    /// The next free `trustlane-backup-<time>` name in the bucket.
    func nextName(at date: Date) async throws -> String {
        let taken = Set(try await names())
        var sequence = 1
        while taken.contains(BackupRetention.name(for: date, sequence: sequence)) { sequence += 1 }
        return BackupRetention.name(for: date, sequence: sequence)
    }

    /// Uploads the backup written in `folder` as `name`: every file the manifest lists (one part
    /// at a time; a file sent whole goes with its SHA-256, so the store refuses altered bytes),
    /// then the manifest. If an upload
    /// fails, what was uploaded is removed again (as far as the store lets it).
    func upload(_ folder: URL, manifest: BackupManifest, as name: String, threadPool: NIOThreadPool) async throws {
        var stored: [String] = []
        do {
            for file in manifest.files {
                let key = "\(prefix)\(name)/\(file.path)"
                try await bucket.putFile(key, from: folder.appendingPathComponent(file.path), sha256: file.sha256, threadPool: threadPool)
                stored.append(key)
            }
            let manifestKey = "\(prefix)\(name)/\(BackupManifest.fileName)"
            try await bucket.put(manifestKey, try manifest.encoded())
        } catch {
            for key in stored { try? await bucket.delete(key) }
            throw BackupFailure("\(location(name)): the upload failed, nothing kept: \(error)")
        }
    }

    /// Downloads the backup `name` into `folder` (which exists and is empty): the manifest, then
    /// every file it lists. A file the bucket does not have is left out, for the restore's check
    /// of the manifest to name.
    func download(_ name: String, into folder: URL, threadPool: NIOThreadPool) async throws {
        let manifestKey = "\(prefix)\(name)/\(BackupManifest.fileName)"
        guard let data = try await bucket.get(manifestKey) else {
            let known = (try? await completeBackups()) ?? []
            let hint = known.isEmpty ? "there is no complete backup under s3://\(bucket.settings.bucket)/\(prefix)"
                : "the newest there: " + known.sorted().suffix(3).reversed().joined(separator: ", ")
            throw BackupFailure("\(location(name))/\(BackupManifest.fileName): cannot be read; is \(location(name)) a Trustlane backup? (\(hint))")
        }
        let manifest: BackupManifest
        do { manifest = try BackupManifest.decode(data) } catch { throw BackupFailure("\(location(name))/\(BackupManifest.fileName): \(error)") }
        for file in manifest.files where BackupManifest.isSafe(file.path) {
            // A file the bucket does not have stays missing, for the check to name.
            _ = try await bucket.getFile("\(prefix)\(name)/\(file.path)", to: folder.appendingPathComponent(file.path), threadPool: threadPool)
        }
        try await threadPool.runIfActive { try data.write(to: folder.appendingPathComponent(BackupManifest.fileName)) }
    }

    /// Deletes the complete backups past the newest `keep` (the manifest first, so a backup half
    /// deleted is no longer complete); returns their names. Folders without a manifest (an
    /// upload under way, or one that failed) are neither counted nor touched.
    func removeOld(keep: Int) async throws -> [String] {
        let chosen = BackupRetention.toDelete(try await completeBackups(), keep: keep)
        for name in chosen {
            try await bucket.delete("\(prefix)\(name)/\(BackupManifest.fileName)")
            for key in try await bucket.list(prefix: "\(prefix)\(name)/").keys { try await bucket.delete(key) }
        }
        return chosen
    }

    /// A backup named by its location `s3://<bucket>/<folder>/<name>`, read with the object
    /// store's address and credentials (the backup store's, else the evidence store's).
    static func at(_ location: String, app: Application) throws -> (bucket: BackupBucket, name: String) {
        guard var settings = app.config.backupObjectStore ?? app.config.evidenceObjectStore else {
            throw BackupFailure("\(location): reading a backup from an object store needs its address and credentials; set TRUSTLANE_EVIDENCE_S3_ENDPOINT, _BUCKET, _ACCESS_KEY_ID and _SECRET_ACCESS_KEY (docs/OPERATIONS.md)")
        }
        let rest = location.dropFirst("s3://".count)
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while parts.last == "" { parts.removeLast() }
        guard parts.count >= 2, let name = parts.last, BackupRetention.parse(name) != nil,
              parts[0].wholeMatch(of: /[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]/) != nil,
              parts.dropFirst().allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw BackupFailure("\(location): not a backup's location; give it as trustlane backup printed it, s3://<bucket>/<folder>/trustlane-backup-<time>")
        }
        settings.bucket = parts[0]
        let folders = parts.dropFirst().dropLast()
        settings.prefix = folders.isEmpty ? "" : folders.joined(separator: "/") + "/"
        return (BackupBucket(settings: settings, client: app.client), name)
    }
}

extension BackupRestorer {
    /// Restores the backup at `location` (`s3://…`): downloads it into the backup directory
    /// (`<TRUSTLANE_BACKUP_DIRECTORY>/<name>`, which must not hold anything yet), checks and
    /// restores it from there like a folder. On SQLite the downloaded copy is removed once the
    /// restore is done; on PostgreSQL it stays, for the pg_restore command the report gives.
    func run(fromBucket location: String, force: Bool = false) async throws -> Report {
        let (source, name) = try BackupBucket.at(location, app: app)
        let folder = URL(fileURLWithPath: app.config.backupDirectory, isDirectory: true).appendingPathComponent(name, isDirectory: true)
        try await app.threadPool.runIfActive {
            if let inside = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !inside.isEmpty {
                throw BackupFailure("\(folder.path): a copy is already there; restore from it (trustlane restore \(folder.path)) or remove it first")
            }
            try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".\(name).download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            try await source.download(name, into: staging, threadPool: app.threadPool)
            try await app.threadPool.runIfActive {
                if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
                try FileManager.default.moveItem(at: staging, to: folder)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        let report: Report
        do { report = try await run(from: folder, force: force) } catch let failure as BackupFailure {
            throw BackupFailure("\(failure.message) (the downloaded copy is kept in \(folder.path))")
        }
        if report.instructions == nil { try? FileManager.default.removeItem(at: folder) }
        return report
    }
}
