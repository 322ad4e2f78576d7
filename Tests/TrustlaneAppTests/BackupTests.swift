import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 18: `trustlane backup` copies a running SQLite database and its evidence with a
    /// manifest; `trustlane restore` refuses a copy whose hashes, integrity or audit chain do not
    /// verify, and otherwise puts it in place.
    @Suite struct Backups {
        struct AnswerRow: Decodable, Sendable { let criterion_id: String; let narrative: String }

        static func folder() -> URL {
            FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-backup-test-\(UUID())", isDirectory: true)
        }

        /// An application on a SQLite file under `folder`, with its data directory beside it.
        static func withLive<T>(_ folder: URL, _ body: (TestClient) async throws -> T) async throws -> T {
            try await withTrustlane(configure: {
                $0.database = .sqliteFile(path: folder.appendingPathComponent("live/trustlane.sqlite").path)
                $0.dataDirectory = folder.appendingPathComponent("live/data").path
            }, body)
        }

        /// An application configured as `trustlane restore` is: its database named, not opened;
        /// given the audit key file the live application generated (another machine's restore
        /// names the key with TRUSTLANE_AUDIT_KEY_FILE), unless `withoutKey`.
        static func withRestoreTarget<T>(_ database: URL, data: URL, withoutKey: Bool = false, _ body: (Application) async throws -> T) async throws -> T {
            TestLogging.bootstrapOnce()
            let app = try await Application.make(.testing)
            do {
                var config = AppConfig(database: .sqliteFile(path: database.path), dataDirectory: data.path)
                config.command = CommandKind(arguments: ["trustlane", "restore", "x"])
                if !withoutKey, let live = Self.liveKeyFile(near: database) {
                    config.audit.key = try AuditSettings.readKeyFile(live, setting: "TRUSTLANE_AUDIT_KEY_FILE")
                }
                try await configure(app, config: config)
                let result = try await body(app)
                try await app.asyncShutdown()
                return result
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }

        /// The key file `withLive` generated, in the test folder that holds `database`.
        static func liveKeyFile(near database: URL) -> String? {
            var folder = database.deletingLastPathComponent()
            for _ in 0..<3 {
                let path = folder.appendingPathComponent("live/data/audit.key").path
                if FileManager.default.fileExists(atPath: path) { return path }
                folder = folder.deletingLastPathComponent()
            }
            return nil
        }

        /// Some answers and one evidence file, written through the services.
        static func seed(_ client: TestClient) async throws -> (AppTests.SecurityProfile.Fixture, ProfileContext, EvidenceFileModel) {
            let f = try await AppTests.SecurityProfile.fixture(client, types: [.highwayCarrier])
            let service = ProfileService(app: client.app)
            let context = try await service.open(company: f.company.companyID, entityTypes: ["HC"], catalogID: nil, by: nil)
            for scoped in context.scope.criteria.prefix(3) {
                _ = try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: "Seeded \(scoped.id.rawValue)", baseVersion: 0),
                                                 by: f.officer.userID)
            }
            let file = try await EvidenceService(app: client.app).upload(company: f.company.companyID, fileName: "seal-policy.pdf",
                                                                        content: AppTests.SecurityProfile.pdf("seal policy"), title: "Seal policy",
                                                                        effectiveDate: nil, expiryDate: nil, by: f.officer.userID)
            return (f, context, file)
        }

        /// Rewrites the manifest's entry for `path` after a deliberate change, so that only the
        /// deeper checks (integrity, audit chain) can catch it.
        static func reseal(_ backup: URL, _ path: String) throws {
            let url = backup.appendingPathComponent(BackupManifest.fileName)
            var manifest = try BackupManifest.decode(try Data(contentsOf: url))
            let fresh = try BackupManifest.describe(directory: backup, paths: [path])[0]
            manifest.files = manifest.files.map { $0.path == path ? fresh : $0 }
            try manifest.encoded().write(to: url)
        }

        /// What restoring `backup` into a fresh path says: nil when it was restored, else the refusal.
        static func refusal(restoring backup: URL, in folder: URL, withoutKey: Bool = false) async throws -> String? {
            let target = folder.appendingPathComponent("restored-\(UUID())")
            return try await withRestoreTarget(target.appendingPathComponent("trustlane.sqlite"), data: target.appendingPathComponent("data"), withoutKey: withoutKey) { app in
                do {
                    _ = try await BackupRestorer(app: app).run(from: backup)
                    return nil
                } catch let failure as BackupFailure {
                    #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("trustlane.sqlite").path), "nothing half-restored")
                    return failure.message
                }
            }
        }

        /// The issue's test: writes keep coming while the backup runs; the restored database passes
        /// every check and holds every write acknowledged before the backup began.
        @Test func aBackupTakenDuringConcurrentWritesRestoresEveryAcknowledgedWrite() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            let (acknowledgedBefore, total, report, evidence) = try await Self.withLive(folder) { client in
                let (f, context, evidence) = try await Self.seed(client)
                let service = ProfileService(app: client.app)
                let criteria = Array(context.scope.criteria.dropFirst(3).prefix(60))
                let acknowledged = NIOLockedValueBox<[String]>([])
                let before = NIOLockedValueBox<[String]>([])
                // The later writes wait for the backup to begin, so some surely land while it runs.
                let backupBegan = NIOLockedValueBox(false)
                let report = NIOLockedValueBox<BackupWriter.Report?>(nil)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<3 {
                        group.addTask {
                            for index in stride(from: writer, to: criteria.count, by: 3) {
                                while index >= 30, !backupBegan.withLockedValue({ $0 }) { try await Task.sleep(nanoseconds: 500_000) }
                                let scoped = criteria[index]
                                _ = try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets,
                                                                                           narrative: "Acknowledged write \(index)", baseVersion: 0),
                                                                 by: f.officer.userID)
                                acknowledged.withLockedValue { $0.append(scoped.id.rawValue) }
                            }
                        }
                    }
                    group.addTask {
                        while acknowledged.withLockedValue({ $0.count }) < 10 { try await Task.sleep(nanoseconds: 1_000_000) }
                        before.withLockedValue { $0 = acknowledged.withLockedValue { $0 } }
                        backupBegan.withLockedValue { $0 = true }
                        let written = try await BackupWriter(app: client.app).run(to: backup)
                        report.withLockedValue { $0 = written }
                    }
                    try await group.waitForAll()
                }
                return (before.withLockedValue { $0 }, acknowledged.withLockedValue { $0 }.count, report.withLockedValue { $0 }!, evidence)
            }
            // The backup really ran while writes went on, and checked its copy.
            #expect(acknowledgedBefore.count >= 10 && acknowledgedBefore.count < total, "writes before: \(acknowledgedBefore.count) of \(total)")
            #expect(report.verified, "\(report.problems)")
            #expect(report.manifest.files.contains { $0.path == DatabaseCopyCheck.evidencePath(evidence.sha256) })
            #expect(report.manifest.migrations.contains("035_CreateBackupRuns"))
            #expect(!FileManager.default.fileExists(atPath: backup.path + ".partial"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") }, "no temporary folder left")

            let target = folder.appendingPathComponent("restored")
            let database = target.appendingPathComponent("trustlane.sqlite")
            try await Self.withRestoreTarget(database, data: target.appendingPathComponent("data")) { app in
                let restored = try await BackupRestorer(app: app).run(from: backup)
                #expect(restored.database == database.path)
                #expect(restored.evidenceRestored == 1)
                let stored = target.appendingPathComponent("data").appendingPathComponent(DatabaseCopyCheck.evidencePath(evidence.sha256))
                #expect(try FileDigest.sha256(of: stored) == evidence.sha256)

                let check = DatabaseCopyCheck(app: app)
                let findings = try await check.inspect(at: database.path, leaveWriteAheadLog: true)
                #expect(findings.integrity.isEmpty)
                #expect(findings.audit == .intact(entries: report.manifest.auditHead.count))
                #expect(findings.auditHead == report.manifest.auditHead)
                let narratives = try await check.withCopy(at: database.path) { db in
                    try await (db as! any SQLDatabase).raw("SELECT criterion_id, narrative FROM profile_answers").all(decoding: AnswerRow.self)
                }
                let restoredIDs = Set(narratives.filter { $0.narrative.hasPrefix("Acknowledged write") }.map(\.criterion_id))
                let missing = Set(acknowledgedBefore).subtracting(restoredIDs)
                #expect(missing.isEmpty, "acknowledged before the backup but not restored: \(missing.sorted())")
                #expect(narratives.filter { $0.narrative.hasPrefix("Seeded") }.count == 3)
            }
        }

        /// pg_dump gets the password in its environment, so the process list shows none.
        @Test func theDumpCommandLineCarriesNoPassword() {
            let split = BackupWriter.splitPassword("postgres://trustlane:s%40cret%3Aword@db.example:5432/trustlane?sslmode=require")
            #expect(split.password == "s@cret:word")
            #expect(split.url == "postgres://trustlane@db.example:5432/trustlane?sslmode=require")
            #expect(!split.url.contains("cret"))
            let none = BackupWriter.splitPassword("postgres://postgres@127.0.0.1:5432/trustlane_test?sslmode=disable")
            #expect(none.password == nil)
            #expect(none.url == "postgres://postgres@127.0.0.1:5432/trustlane_test?sslmode=disable")
        }

        /// The environment given to a tool reaches it beside the server's own.
        @Test func aToolRunsWithTheEnvironmentItIsGiven() async throws {
            let pool = NIOThreadPool(numberOfThreads: 1)
            pool.start()
            let status = try await BackupWriter.runProcess("/bin/sh", ["-c", "test \"$PGPASSWORD\" = 'p w' && test -n \"$PATH\" || { echo missing >&2; exit 3; }"],
                                                         environment: ["PGPASSWORD": "p w"], threadPool: pool)
            try await pool.shutdownGracefully()
            #expect(status.code == 0, "\(status.errors)")
        }

        @Test func aChangedFileInTheBackupIsRefusedNamingIt() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            let evidence = try await Self.withLive(folder) { client in
                let (_, _, evidence) = try await Self.seed(client)
                #expect(try await BackupWriter(app: client.app).run(to: backup).verified)
                return evidence
            }
            #expect(try await Self.refusal(restoring: backup, in: folder) == nil, "the untouched backup restores")

            let path = DatabaseCopyCheck.evidencePath(evidence.sha256)
            let url = backup.appendingPathComponent(path)
            let original = try Data(contentsOf: url)
            var changed = original
            changed[changed.count / 2] ^= 0x20
            try changed.write(to: url)
            let refused = try #require(try await Self.refusal(restoring: backup, in: folder))
            #expect(refused.contains(path) && refused.contains("SHA-256 check failed"), "\(refused)")

            try FileManager.default.removeItem(at: url)
            let removed = try #require(try await Self.refusal(restoring: backup, in: folder))
            #expect(removed.contains(path) && removed.contains("missing"), "\(removed)")
        }

        @Test func aCorruptDatabaseCopyFailsTheIntegrityCheck() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            try await Self.withLive(folder) { client in
                _ = try await Self.seed(client)
                _ = try await BackupWriter(app: client.app).run(to: backup)
            }
            // Zero one page in the middle of the copy, then reseal the manifest: only SQLite can tell.
            let copy = backup.appendingPathComponent(BackupWriter.sqliteFile)
            let handle = try FileHandle(forUpdating: copy)
            let size = try handle.seekToEnd()
            let pageSize: UInt64 = 4096
            try handle.seek(toOffset: (size / pageSize / 2) * pageSize)
            try handle.write(contentsOf: Data(count: Int(pageSize)))
            try handle.close()
            try Self.reseal(backup, BackupWriter.sqliteFile)
            let refused = try #require(try await Self.refusal(restoring: backup, in: folder))
            #expect(refused.contains("trustlane.sqlite: SQLite integrity check failed"), "\(refused)")
        }

        @Test func anEditedAuditEntryInTheCopyFailsTheAuditChainCheck() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            try await Self.withLive(folder) { client in
                _ = try await Self.seed(client)
                _ = try await BackupWriter(app: client.app).run(to: backup)
            }
            let copy = backup.appendingPathComponent(BackupWriter.sqliteFile)
            try await Self.withRestoreTarget(folder.appendingPathComponent("unused.sqlite"), data: folder.appendingPathComponent("unused")) { app in
                try await DatabaseCopyCheck(app: app).withCopy(at: copy.path) { db in
                    try await (db as! any SQLDatabase).raw("UPDATE audit_entries SET action = 'profile.nothing_happened' WHERE seq = 2").run()
                }
            }
            try Self.reseal(backup, BackupWriter.sqliteFile)
            let refused = try #require(try await Self.refusal(restoring: backup, in: folder))
            #expect(refused.contains("trustlane.sqlite: audit chain check failed at entry 2"), "\(refused)")
        }

        /// The audit key stays out of the backup (docs/OPERATIONS.md): restored where the key is
        /// not given, the keyed chain cannot be checked, and the restore is refused saying so.
        @Test func aRestoreWithoutTheAuditKeyIsRefusedNamingTheKey() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            let verified = try await Self.withLive(folder) { client in
                _ = try await Self.seed(client)
                return try await BackupWriter(app: client.app).run(to: backup).verified
            }
            #expect(verified)
            #expect(!FileManager.default.fileExists(atPath: backup.appendingPathComponent("audit.key").path))
            let refused = try #require(try await Self.refusal(restoring: backup, in: folder, withoutKey: true))
            #expect(refused.contains("audit key") && refused.contains("TRUSTLANE_AUDIT_KEY"), "\(refused)")
            #expect(try await Self.refusal(restoring: backup, in: folder) == nil)
        }

        @Test func aSoundSQLiteFileThatIsNotTrustlanesIsRefused() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            try await Self.withLive(folder) { client in
                _ = try await BackupWriter(app: client.app).run(to: backup)
            }
            // Another application's database in its place, hashes resealed.
            let copy = backup.appendingPathComponent(BackupWriter.sqliteFile)
            try FileManager.default.removeItem(at: copy)
            try await Self.withRestoreTarget(folder.appendingPathComponent("unused.sqlite"), data: folder.appendingPathComponent("unused")) { app in
                try await DatabaseCopyCheck(app: app).withCopy(at: copy.path) { db in
                    try await (db as! any SQLDatabase).raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)").run()
                }
            }
            try Self.reseal(backup, BackupWriter.sqliteFile)
            let refused = try #require(try await Self.refusal(restoring: backup, in: folder))
            #expect(refused.contains("trustlane.sqlite: audit chain check failed: not a Trustlane database"), "\(refused)")
        }

        @Test func restoreRefusesToReplaceADatabaseUnlessForced() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            try await Self.withLive(folder) { client in
                _ = try await Self.seed(client)
                _ = try await BackupWriter(app: client.app).run(to: backup)
                // A backup goes into a new or empty folder only.
                await #expect(throws: BackupFailure.self) { try await BackupWriter(app: client.app).run(to: backup) }
            }
            let existing = folder.appendingPathComponent("existing.sqlite")
            try Data("an existing database".utf8).write(to: existing)
            try await Self.withRestoreTarget(existing, data: folder.appendingPathComponent("data")) { app in
                do {
                    _ = try await BackupRestorer(app: app).run(from: backup)
                    Issue.record("an existing database was replaced without --force")
                } catch let failure as BackupFailure {
                    #expect(failure.message.contains("--force"))
                }
                #expect(try Data(contentsOf: existing) == Data("an existing database".utf8))
                let restored = try await BackupRestorer(app: app).run(from: backup, force: true)
                #expect(try FileDigest.sha256(of: existing) == restored.manifest.files.first { $0.path == BackupWriter.sqliteFile }?.sha256)
            }
            // Not a backup at all.
            let refused = try #require(try await Self.refusal(restoring: folder.appendingPathComponent("nothing-here"), in: folder))
            #expect(refused.contains("manifest.json") && refused.contains("cannot be read"), "\(refused)")
        }

        @Test func theScheduledBackupKeepsTheNewestAndTheAdministratorSeesTheLast() async throws {
            guard !usingPostgres else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let directory = folder.appendingPathComponent("backups")
            try await withTrustlane(configure: {
                $0.database = .sqliteFile(path: folder.appendingPathComponent("live/trustlane.sqlite").path)
                $0.dataDirectory = folder.appendingPathComponent("live/data").path
                $0.backupDirectorySetting = directory.path
                $0.backupKeep = 2
                $0.backupInterval = 3600
            }) { client in
                let admin = try await client.makeUser("admin@example.com", name: "Ada Admin", admin: true)
                let browser = try await client.signIn(admin.email)
                let before = try await client.get("/", as: browser).text
                #expect(AppTests.AdminHome.level(before, "backup") == "warning", "no backup yet")

                // Older backups (and a folder that is not one) in the directory.
                try FileManager.default.createDirectory(at: directory.appendingPathComponent("trustlane-backup-20200101T000000Z"), withIntermediateDirectories: true)
                try FileManager.default.createDirectory(at: directory.appendingPathComponent("trustlane-backup-20200102T000000Z"), withIntermediateDirectories: true)
                try FileManager.default.createDirectory(at: directory.appendingPathComponent("operator-notes"), withIntermediateDirectories: true)
                let (report, deleted) = try #require(try await BackupSchedule(app: client.app).runIfDue(), "none taken yet, so one is due")
                #expect(try await BackupSchedule(app: client.app).runIfDue() == nil, "not due again within the interval")
                #expect(report.verified)
                #expect(deleted == ["trustlane-backup-20200101T000000Z"])
                let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                #expect(left == ["operator-notes", "trustlane-backup-20200102T000000Z", URL(fileURLWithPath: report.location).lastPathComponent].sorted())

                let after = try await client.get("/", as: browser).text
                #expect(AppTests.AdminHome.level(after, "backup") == "ok")
                #expect(after.contains(report.location))

                // A backup that did not verify is a problem on the page.
                let failed = BackupRunModel()
                failed.startedAt = client.app.clock.now(); failed.finishedAt = client.app.clock.now().addingTimeInterval(1)
                failed.location = "/backups/broken"; failed.databaseKind = "sqlite"; failed.bytes = 10; failed.files = 1
                failed.auditEntries = 3; failed.verified = false; failed.problem = "trustlane.sqlite: SQLite integrity check failed: x"
                failed.scheduled = true
                try await failed.create(on: client.db)
                let broken = try await client.get("/", as: browser).text
                #expect(AppTests.AdminHome.level(broken, "backup") == "problem")
                #expect(broken.contains("SQLite integrity check failed"))
            }
        }

        @Test func backupSettingsAreReadFromTheEnvironmentAndChecked() throws {
            let defaults = try AppConfig.fromEnvironment(environment: ["TRUSTLANE_DATA_DIR": "/srv/trustlane"])
            #expect(defaults.backupInterval == 0 && defaults.backupKeep == 7)
            #expect(defaults.backupDirectory == "/srv/trustlane/backups")
            let set = try AppConfig.fromEnvironment(environment: ["TRUSTLANE_BACKUP_DIRECTORY": "/mnt/backups", "TRUSTLANE_BACKUP_INTERVAL": "86400",
                                                                  "TRUSTLANE_BACKUP_KEEP": "14"])
            #expect(set.backupDirectory == "/mnt/backups" && set.backupInterval == 86400 && set.backupKeep == 14)
            for (name, value) in [("TRUSTLANE_BACKUP_INTERVAL", "5"), ("TRUSTLANE_BACKUP_INTERVAL", "daily"), ("TRUSTLANE_BACKUP_KEEP", "0"),
                                  ("TRUSTLANE_BACKUP_KEEP", "many")] {
                do {
                    _ = try AppConfig.fromEnvironment(environment: [name: value])
                    Issue.record("\(name)=\(value) was accepted")
                } catch let error as ConfigError {
                    #expect(error.description.contains(name))
                }
            }
        }

        @Test func theScheduledBackupRunsWithTheServerOnlyWhenAnIntervalIsSet() async throws {
            guard !usingPostgres else { return }
            try await withTrustlane { client in
                #expect(!client.app.backgroundLoops.contains("scheduled backup"))
            }
            try await withTrustlane(configure: { $0.backupInterval = 3600 }) { client in
                #expect(client.app.backgroundLoops.contains("scheduled backup"))
            }
        }

        @Test func anOldBackupIsAWarningOnTheAdministratorsHome() {
            let run = BackupRunModel()
            run.startedAt = Date(timeIntervalSince1970: 1_796_000_000); run.finishedAt = run.startedAt.addingTimeInterval(2)
            run.location = "/backups/trustlane-backup-x"; run.databaseKind = "sqlite"; run.bytes = 2_000_000; run.files = 3
            run.auditEntries = 10; run.verified = true; run.scheduled = true
            var config = AppConfig()
            let fresh = AdminHealth.backupItem(run, config: config, now: run.finishedAt.addingTimeInterval(35 * 3600))
            #expect(fresh.level == .ok && fresh.textKey == nil)
            let old = AdminHealth.backupItem(run, config: config, now: run.finishedAt.addingTimeInterval(37 * 3600))
            #expect(old.level == .warning && old.textKey == "admin_health.backup.stale")
            config.backupInterval = 3600
            #expect(AdminHealth.backupItem(run, config: config, now: run.finishedAt.addingTimeInterval(3 * 3600)).level == .warning,
                    "two scheduled intervals without a backup")
            #expect(AdminHealth.backupItem(nil, config: config, now: run.finishedAt).level == .warning)
        }

        @Test func aBackupOfAnInMemoryDatabaseIsRefusedPlainly() async throws {
            guard !usingPostgres else { return }
            try await withTrustlane { client in
                do {
                    _ = try await BackupWriter(app: client.app).run(to: Self.folder())
                    Issue.record("an in-memory database was backed up")
                } catch let failure as BackupFailure {
                    #expect(failure.message.contains("in memory"))
                }
            }
        }
        /// On PostgreSQL the backup is pg_dump's (when it is on PATH), and a restore verifies the
        /// manifest and says which pg_restore to run. Runs only in the PostgreSQL leg.
        @Test func onPostgreSQLTheBackupIsAVerifiedDumpAndRestoreSaysWhatToRun() async throws {
            let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
            guard usingPostgres, BackupWriter.onPath("pg_dump", searching: searchPath) != nil else { return }
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            try await withTrustlane(configure: { $0.dataDirectory = folder.appendingPathComponent("data").path; $0.toolSearchPath = searchPath }) { client in
                let (_, _, evidence) = try await Self.seed(client)
                let report = try await BackupWriter(app: client.app).run(to: backup)
                #expect(report.verified, "\(report.problems)")
                #expect(report.manifest.database == .postgres)
                #expect(report.manifest.files.contains { $0.path == DatabaseCopyCheck.evidencePath(evidence.sha256) })
                #expect(report.manifest.auditHead.count == (try await AuditEntryModel.query(on: client.db).count()))
                let restored = try await BackupRestorer(app: client.app).run(from: backup)
                #expect(restored.instructions?.contains("pg_restore") == true)
            }
        }
    }
}
