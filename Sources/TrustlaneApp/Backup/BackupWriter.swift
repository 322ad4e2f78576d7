import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Takes a backup while the server runs: the database (a SQLite snapshot with `VACUUM INTO`, or
/// `pg_dump` on PostgreSQL), then the evidence files, checked and listed in a manifest. Everything
/// is written under a hidden temporary name beside the destination and renamed at the end, so a
/// backup that stops half way never looks like one. Each run is recorded in `backup_runs`.
struct BackupWriter {
    /// What one run produced.
    struct Report: Sendable {
        let location: String
        let manifest: BackupManifest
        /// Checks that failed on the copy (empty when it verified).
        let problems: [String]
        let seconds: Double
        var verified: Bool { problems.isEmpty }
    }

    static let sqliteFile = "trustlane.sqlite"
    static let postgresFile = "trustlane.pgdump"

    let app: Application

    /// `destination` is the backup's own folder (which must not exist, or be empty); without one,
    /// a new `trustlane-backup-<time>` folder in the configured backup bucket
    /// (`TRUSTLANE_BACKUP_S3_*`) or else in the configured backup directory.
    func run(to destination: URL? = nil, scheduled: Bool = false) async throws -> Report {
        if destination == nil, let bucket = BackupBucket(app: app) { return try await run(into: bucket, scheduled: scheduled) }
        let started = app.clock.now()
        let clock = ContinuousClock.now
        let target = try destination ?? nextFolder(at: started)
        try await app.threadPool.runIfActive { try Self.prepare(target) }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            let (manifest, problems) = try await write(into: staging, at: started)
            try await app.threadPool.runIfActive {
                try manifest.encoded().write(to: staging.appendingPathComponent(BackupManifest.fileName), options: .atomic)
                if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
                try FileManager.default.moveItem(at: staging, to: target)
            }
            let elapsed = (ContinuousClock.now - clock).components
            let report = Report(location: target.path, manifest: manifest, problems: problems,
                                seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
            try await record(report, started: started, scheduled: scheduled)
            return report
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// A backup into the object store: written and checked in a hidden folder of the backup
    /// directory as on disk, uploaded (the manifest last), and the local copy removed.
    private func run(into bucket: BackupBucket, scheduled: Bool) async throws -> Report {
        let started = app.clock.now()
        let clock = ContinuousClock.now
        let name = try await bucket.nextName(at: started)
        let staging = URL(fileURLWithPath: app.config.backupDirectory, isDirectory: true)
            .appendingPathComponent(".\(name).partial-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let (manifest, problems) = try await write(into: staging, at: started)
        try await bucket.upload(staging, manifest: manifest, as: name, threadPool: app.threadPool)
        let elapsed = (ContinuousClock.now - clock).components
        let report = Report(location: bucket.location(name), manifest: manifest, problems: problems,
                            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        try await record(report, started: started, scheduled: scheduled)
        return report
    }

    /// The configured backup directory's next free `trustlane-backup-<time>` folder.
    func nextFolder(at date: Date) throws -> URL {
        let directory = URL(fileURLWithPath: app.config.backupDirectory, isDirectory: true)
        var sequence = 1
        while true {
            let url = directory.appendingPathComponent(BackupRetention.name(for: date, sequence: sequence), isDirectory: true)
            if !FileManager.default.fileExists(atPath: url.path) { return url }
            sequence += 1
        }
    }

    /// Refuses a destination that holds anything; creates its parent.
    static func prepare(_ target: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw BackupFailure("\(target.path): is a file; give a folder that does not exist yet") }
            guard (try manager.contentsOfDirectory(atPath: target.path)).isEmpty else {
                throw BackupFailure("\(target.path): is not empty; a backup goes into a new or empty folder")
            }
        }
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    }

    private func write(into staging: URL, at started: Date) async throws -> (BackupManifest, [String]) {
        switch app.config.database {
        case .sqliteMemory:
            throw BackupFailure("the database is in memory: there is nothing on disk to back up")
        case .sqliteFile:
            return try await writeSQLite(into: staging, at: started)
        case .postgres(let url):
            return try await writePostgres(url: url, into: staging, at: started)
        }
    }

    private func writeSQLite(into staging: URL, at started: Date) async throws -> (BackupManifest, [String]) {
        let copy = staging.appendingPathComponent(Self.sqliteFile)
        // One read transaction's snapshot, taken on a reading connection (SQLite's own threads, not
        // the event loop); the writer keeps committing meanwhile (WAL).
        let sql = app.db as! any SQLDatabase
        try await sql.raw("VACUUM INTO \(bind: copy.path)").run()
        let findings = try await DatabaseCopyCheck(app: app).inspect(at: copy.path)
        // Evidence after the snapshot: a file is stored before the row naming it commits, so every
        // file the snapshot names is already on disk.
        let evidence = try await copyEvidence(into: staging)
        let files = try await app.threadPool.runIfActive {
            try BackupManifest.describe(directory: staging, paths: [Self.sqliteFile] + evidence)
        }
        let manifest = BackupManifest(createdAt: started, database: .sqlite, databaseFile: Self.sqliteFile,
                                      migrations: findings.migrations, auditHead: findings.auditHead, files: files)
        return (manifest, findings.problems(file: Self.sqliteFile, manifest: manifest))
    }

    private func writePostgres(url: String, into staging: URL, at started: Date) async throws -> (BackupManifest, [String]) {
        let dumpPath = staging.appendingPathComponent(Self.postgresFile).path
        guard let pgDump = Self.onPath("pg_dump", searching: app.config.toolSearchPath) else {
            throw BackupFailure("""
                pg_dump is not on PATH, so Trustlane cannot back up PostgreSQL itself. Run, with the server running:
                  pg_dump --format=custom --no-owner --file=trustlane.pgdump "$DATABASE_URL"
                and copy the evidence folder \(URL(fileURLWithPath: app.config.dataDirectory).appendingPathComponent("evidence").path) beside it.
                """)
        }
        // The chain as it stands before the dump starts: the dump holds at least these entries.
        let sql = app.db as! any SQLDatabase
        let audit = try await AuditLog.verify(on: app.db, key: try app.config.audit.keyForChecking(dataDirectory: app.config.dataDirectory))
        let head = try await DatabaseCopyCheck.auditHead(sql)
        let migrations = try await DatabaseCopyCheck.migrations(sql)
        // The password goes to pg_dump in its environment, not its arguments, which anyone on
        // the machine can read in the process list while it runs.
        let connection = Self.splitPassword(url)
        let status = try await Self.runProcess(pgDump, ["--format=custom", "--no-owner", "--file=\(dumpPath)", connection.url],
                                               environment: connection.password.map { ["PGPASSWORD": $0] } ?? [:], threadPool: app.threadPool)
        guard status.code == 0 else { throw BackupFailure("pg_dump failed (exit \(status.code)): \(status.errors.prefix(500))") }
        let evidence = try await copyEvidence(into: staging)
        let files = try await app.threadPool.runIfActive {
            try BackupManifest.describe(directory: staging, paths: [Self.postgresFile] + evidence)
        }
        var problems: [String] = []
        switch audit {
        case .intact: break
        case .broken(let sequence, let reason):
            problems.append("\(Self.postgresFile): audit chain check failed at entry \(sequence) (on the live database): \(reason)")
        case .unverifiable(let sequence, let reason):
            problems.append("\(Self.postgresFile): audit chain cannot be checked from entry \(sequence) (on the live database): \(reason)")
        }
        if let pgRestore = Self.onPath("pg_restore", searching: app.config.toolSearchPath) {
            let listed = try await Self.runProcess(pgRestore, ["--list", dumpPath], threadPool: app.threadPool)
            if listed.code != 0 { problems.append("\(Self.postgresFile): pg_restore --list could not read the dump: \(listed.errors.prefix(300))") }
        }
        let manifest = BackupManifest(createdAt: started, database: .postgres, databaseFile: Self.postgresFile,
                                      migrations: migrations, auditHead: head, files: files)
        return (manifest, problems)
    }

    /// Copies every stored evidence file into `staging/evidence/`, returning the paths copied.
    private func copyEvidence(into staging: URL) async throws -> [String] {
        if let store = app.evidenceStore as? S3EvidenceStore { return try await copyEvidence(from: store, into: staging) }
        let root = URL(fileURLWithPath: app.config.dataDirectory).appendingPathComponent("evidence", isDirectory: true)
        return try await app.threadPool.runIfActive {
            // Only the store's own files (`ab/cd/<sha256>`): temporary files of an upload in flight stay behind.
            let paths = FileDigest.regularFiles(under: root).filter { path in
                let name = (path as NSString).lastPathComponent
                return name.count == 64 && "evidence/" + path == DatabaseCopyCheck.evidencePath(name)
            }
            for path in paths {
                let target = staging.appendingPathComponent("evidence").appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: root.appendingPathComponent(path), to: target)
            }
            return paths.map { "evidence/" + $0 }
        }
    }

    /// With evidence in an object store: every file the database names, fetched from the store
    /// into `staging/evidence/`, so that the backup is whole without the bucket.
    private func copyEvidence(from store: S3EvidenceStore, into staging: URL) async throws -> [String] {
        let digests = try await DatabaseCopyCheck.evidenceDigests(app.db as! any SQLDatabase).sorted()
        var paths: [String] = []
        for digest in digests {
            let data = try await store.get(digest)
            let path = DatabaseCopyCheck.evidencePath(digest)
            let target = staging.appendingPathComponent(path)
            try await app.threadPool.runIfActive {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            }
            paths.append(path)
        }
        return paths
    }

    private func record(_ report: Report, started: Date, scheduled: Bool) async throws {
        let run = BackupRunModel()
        run.startedAt = started
        run.finishedAt = app.clock.now()
        run.location = report.location
        run.databaseKind = report.manifest.database.rawValue
        run.bytes = report.manifest.totalBytes
        run.files = report.manifest.files.count
        run.auditEntries = report.manifest.auditHead.count
        run.verified = report.verified
        run.problem = report.problems.first
        run.scheduled = scheduled
        try await app.writeGate.transaction(on: app.db, access: .unchanged) { tx in try await run.create(on: tx) }
    }

    /// The newest recorded backup, if any.
    static func last(on db: any Database) async throws -> BackupRunModel? {
        try await BackupRunModel.query(on: db).sort(\.$finishedAt, .descending).first()
    }

    // MARK: Processes

    static func onPath(_ name: String, searching path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A connection URL without its password, and the password (percent-decoded) apart.
    static func splitPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password, !password.isEmpty else { return (url, nil) }
        components.password = nil
        guard let bare = components.string else { return (url, nil) }
        return (bare, password)
    }

    static func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           threadPool: NIOThreadPool) async throws -> (code: Int32, errors: String) {
        try await threadPool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if !environment.isEmpty {
                process.environment = AppConfig.processEnvironment.merging(environment) { _, new in new }
            }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
