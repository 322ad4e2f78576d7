import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
@testable import TrustlaneApp

extension AppTests {
    /// Issue 18: backups written to an object store (`TRUSTLANE_BACKUP_S3_*`) instead of the
    /// backup directory, their retention applied there, and `trustlane restore s3://…` reading one
    /// back. Against the local S3 server of TRUSTLANE_TEST_S3_ENDPOINT (moto, started by
    /// `.ci/run`); without it only the settings are tested.
    @Suite struct BackupBucketTests {
        static var endpoint: String? { ObjectStore.endpoint }

        static let evidenceEnv = ["TRUSTLANE_EVIDENCE_S3_BUCKET": "acme-evidence", "TRUSTLANE_EVIDENCE_S3_ENDPOINT": "http://minio.internal:9000",
                                  "TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID": "AKIA1", "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY": "s3cret"]

        static func env(_ extra: [String: String]) -> [String: String] { evidenceEnv.merging(extra, uniquingKeysWith: { $1 }) }

        @Test func theBackupBucketSettingsAreReadAndEveryMistakeIsNamed() throws {
            // Not set: backups stay in the backup directory.
            #expect(try AppConfig.fromEnvironment(environment: Self.evidenceEnv).backupObjectStore == nil)
            // A folder in the evidence bucket, with the evidence store's address and credentials.
            let inEvidenceBucket = try #require(try AppConfig.fromEnvironment(environment: Self.env(["TRUSTLANE_BACKUP_S3_PREFIX": "nightly"]))
                .backupObjectStore)
            #expect(inEvidenceBucket.bucket == "acme-evidence" && inEvidenceBucket.prefix == "nightly/")
            #expect(inEvidenceBucket.endpoint == "http://minio.internal:9000" && inEvidenceBucket.accessKeyID == "AKIA1")
            // A bucket of their own, in `backups/` unless told.
            let ownBucket = try #require(try AppConfig.fromEnvironment(environment: Self.env(["TRUSTLANE_BACKUP_S3_BUCKET": "acme-backups"]))
                .backupObjectStore)
            #expect(ownBucket.bucket == "acme-backups" && ownBucket.prefix == "backups/")
            // In another bucket the evidence folder's name is fine.
            #expect(try AppConfig.fromEnvironment(environment: Self.env(["TRUSTLANE_BACKUP_S3_BUCKET": "acme-backups",
                                                                                        "TRUSTLANE_BACKUP_S3_PREFIX": "evidence/"]))
                .backupObjectStore?.prefix == "evidence/")
            let mistakes: [([String: String], [String])] = [
                (["TRUSTLANE_BACKUP_S3_PREFIX": "backups/"], ["TRUSTLANE_BACKUP_S3_PREFIX", "TRUSTLANE_EVIDENCE_S3_"]),
                (Self.env(["TRUSTLANE_BACKUP_S3_PREFIX": "evidence/old"]), ["TRUSTLANE_BACKUP_S3_PREFIX", "overlap"]),
                (Self.env(["TRUSTLANE_BACKUP_S3_PREFIX": "/abs"]), ["TRUSTLANE_BACKUP_S3_PREFIX must be a folder name"]),
                (Self.env(["TRUSTLANE_BACKUP_S3_BUCKET": "Backups_Here"]), ["TRUSTLANE_BACKUP_S3_BUCKET must be a bucket name"]),
            ]
            for (env, named) in mistakes {
                do {
                    _ = try AppConfig.fromEnvironment(environment: env)
                    Issue.record("\(env) was accepted")
                } catch let error as ConfigError {
                    for part in named { #expect(error.description.contains(part), "\(error)") }
                }
            }
        }

        @Test func aBackupLocationIsReadBackAndAnythingElseIsRefused() async throws {
            var config = AppConfig()
            config.evidenceObjectStore = ObjectStore.settings(bucket: "acme-evidence")
            TestLogging.bootstrapOnce()
            let app = try await Application.make(.testing)
            app.config = config
            let (bucket, name) = try BackupBucket.at("s3://acme-backups/nightly/eu/trustlane-backup-20261206T013000Z/", app: app)
            #expect(bucket.bucket.settings.bucket == "acme-backups" && bucket.prefix == "nightly/eu/" && name == "trustlane-backup-20261206T013000Z")
            #expect(bucket.location(name) == "s3://acme-backups/nightly/eu/trustlane-backup-20261206T013000Z")
            for location in ["s3://acme-backups", "s3://acme-backups/nightly/not-a-backup", "s3://Bad_Bucket/trustlane-backup-20261206T013000Z",
                             "s3://acme-backups/../trustlane-backup-20261206T013000Z"] {
                #expect(throws: BackupFailure.self, "\(location)") { try BackupBucket.at(location, app: app) }
            }
            // Without any object store settings the location cannot be read, and the message says what to set.
            app.config = AppConfig()
            do { _ = try BackupBucket.at("s3://acme-backups/trustlane-backup-20261206T013000Z", app: app); Issue.record("read without credentials") } catch {
                #expect("\(error)".contains("TRUSTLANE_EVIDENCE_S3_ENDPOINT"))
            }
            try await app.asyncShutdown()
        }

        @Test func aListingIsReadPageByPage() {
            let page = """
                <ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>abc/=</NextContinuationToken>
                <Contents><Key>backups/a &amp; b/manifest.json</Key><Size>3</Size></Contents><Contents><Key>backups/c</Key></Contents>
                <CommonPrefixes><Prefix>backups/trustlane-backup-20261206T013000Z/</Prefix></CommonPrefixes></ListBucketResult>
                """
            let parsed = S3Bucket.parseListing(page)
            #expect(parsed.listing.keys == ["backups/a & b/manifest.json", "backups/c"])
            #expect(parsed.listing.folders == ["backups/trustlane-backup-20261206T013000Z/"])
            #expect(parsed.continuation == "abc/=")
            #expect(S3Bucket.parseListing("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>").continuation == nil)
        }

        /// A file larger than a part goes up as a multipart upload and comes back in ranges, whole.
        @Test(.enabled(if: endpoint != nil, "needs TRUSTLANE_TEST_S3_ENDPOINT (a local S3 server)"))
        func aLargeFileGoesUpInPartsAndComesBackInRanges() async throws {
            let folder = AppTests.Backups.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let source = folder.appendingPathComponent("large.bin")
            // 11 MiB and a little: each MiB different, so a part out of order would show.
            let mebibyte = (0..<1024 * 1024).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            var bytes = Data()
            for index in 0..<11 { bytes.append(contentsOf: mebibyte.map { $0 ^ UInt8(index * 17) }) }
            bytes.append(contentsOf: mebibyte.prefix(123))
            try bytes.write(to: source)
            try await withTrustlane { client in
                let bucket = S3Bucket(settings: ObjectStore.settings(), client: client.app.client)
                try await bucket.createBucket()
                try await bucket.putFile("backups/large.bin", from: source, threadPool: client.app.threadPool, partSize: 5 * 1024 * 1024)
                #expect(try await bucket.get("backups/large.bin") == bytes, "stored whole, in order")
                let back = folder.appendingPathComponent("back/large.bin")
                #expect(try await bucket.getFile("backups/large.bin", to: back, threadPool: client.app.threadPool, partSize: 4 * 1024 * 1024))
                #expect(try Data(contentsOf: back) == bytes, "fetched whole, in order")
                #expect(try await bucket.list(prefix: "backups/").keys == ["backups/large.bin"], "no part left over")
                // Nothing there: nothing written, and said so.
                #expect(!(try await bucket.getFile("backups/none.bin", to: folder.appendingPathComponent("none.bin"), threadPool: client.app.threadPool)))
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.bin").path))
            }
        }

        /// The scheduled backup goes to the bucket, the retention deletes there only complete
        /// `trustlane-backup-…` folders past the newest `keep`, and a restore from the bucket puts the
        /// database and the evidence back; a changed object in the bucket is refused by name.
        @Test(.enabled(if: endpoint != nil, "needs TRUSTLANE_TEST_S3_ENDPOINT (a local S3 server)"))
        func theScheduledBackupGoesToTheBucketKeepsTheNewestAndRestoresFromThere() async throws {
            guard !usingPostgres else { return }
            let folder = AppTests.Backups.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let evidence = ObjectStore.settings()
            var backups = evidence
            backups.prefix = "backups/"
            let backupDirectory = folder.appendingPathComponent("staging")
            let (report, deleted, sha) = try await withTrustlane(configure: {
                $0.database = .sqliteFile(path: folder.appendingPathComponent("live/trustlane.sqlite").path)
                $0.dataDirectory = folder.appendingPathComponent("live/data").path
                $0.evidenceObjectStore = evidence
                $0.backupObjectStore = backups
                $0.backupDirectorySetting = backupDirectory.path
                $0.backupKeep = 2
                $0.backupInterval = 3600
            }) { client -> (BackupWriter.Report, [String], String) in
                let bucket = S3Bucket(settings: backups, client: client.app.client)
                try await bucket.createBucket()
                let (_, _, file) = try await AppTests.Backups.seed(client)
                // Already in the bucket: two older backups, one whose upload never finished (no
                // manifest), and something that is not a backup.
                for (key, text) in [("backups/trustlane-backup-20200101T000000Z/manifest.json", "{}"),
                                    ("backups/trustlane-backup-20200101T000000Z/trustlane.sqlite", "old"),
                                    ("backups/trustlane-backup-20200102T000000Z/manifest.json", "{}"),
                                    ("backups/trustlane-backup-20190101T000000Z/trustlane.sqlite", "half uploaded"),
                                    ("backups/operator-notes/readme.txt", "keep me")] {
                    try await bucket.put(key, Data(text.utf8))
                }
                let (report, deleted) = try #require(try await BackupSchedule(app: client.app).runIfDue(), "none taken yet, so one is due")
                #expect(report.verified, "\(report.problems)")
                // The newest two complete backups stay; nothing else is touched.
                let left = Set(try await bucket.list(prefix: "backups/").keys)
                let name = URL(fileURLWithPath: report.location).lastPathComponent
                #expect(report.location == "s3://\(backups.bucket)/backups/\(name)")
                #expect(left == Set(["backups/trustlane-backup-20200102T000000Z/manifest.json",
                                     "backups/trustlane-backup-20190101T000000Z/trustlane.sqlite",
                                     "backups/operator-notes/readme.txt",
                                     "backups/\(name)/manifest.json", "backups/\(name)/trustlane.sqlite",
                                     "backups/\(name)/\(DatabaseCopyCheck.evidencePath(file.sha256))"]), "\(left.sorted())")
                // The evidence keeps its own folder; the backup's copy is apart from it.
                #expect(await client.app.evidenceStore.exists(file.sha256))
                // What was uploaded is the manifest's bytes.
                let manifest = try BackupManifest.decode(try #require(try await bucket.get("backups/\(name)/manifest.json")))
                #expect(manifest.files == report.manifest.files && manifest.auditHead == report.manifest.auditHead
                        && manifest.migrations == report.manifest.migrations)
                // No local copy is left behind, and the run is recorded with its location.
                #expect(((try? FileManager.default.contentsOfDirectory(atPath: backupDirectory.path)) ?? []).isEmpty)
                #expect(try await BackupWriter.last(on: client.db)?.location == report.location)
                // The evidence bucket loses the file; the restore must put it back.
                try await client.app.evidenceStore.delete(file.sha256)
                return (report, deleted, file.sha256)
            }
            #expect(deleted == ["trustlane-backup-20200101T000000Z"])

            // Restore on a fresh machine: its own database path, the same buckets.
            func restore(_ location: String, into target: URL) async throws -> BackupRestorer.Report {
                TestLogging.bootstrapOnce()
                let app = try await Application.make(.testing)
                do {
                    var config = AppConfig(database: .sqliteFile(path: target.appendingPathComponent("trustlane.sqlite").path),
                                           dataDirectory: target.appendingPathComponent("data").path)
                    config.command = CommandKind(arguments: ["trustlane", "restore", location])
                    config.audit.key = try AuditSettings.readKeyFile(folder.appendingPathComponent("live/data/audit.key").path, setting: "TRUSTLANE_AUDIT_KEY_FILE")
                    config.evidenceObjectStore = evidence
                    config.backupObjectStore = backups
                    config.backupDirectorySetting = target.appendingPathComponent("downloads").path
                    try await configure(app, config: config)
                    let report = try await BackupRestorer(app: app).run(fromBucket: location)
                    #expect(await app.evidenceStore.exists(sha))
                    try await app.asyncShutdown()
                    return report
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
            }
            let target = folder.appendingPathComponent("restored")
            let restored = try await restore(report.location, into: target)
            #expect(restored.database == target.appendingPathComponent("trustlane.sqlite").path)
            #expect(restored.evidenceRestored == 1)
            #expect(restored.manifest.auditHead == report.manifest.auditHead)
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: target.appendingPathComponent("downloads").path)) ?? []).isEmpty,
                    "the downloaded copy is removed once restored")

            // An object changed in the bucket: refused naming the file; nothing restored.
            try await withTrustlane(configure: { $0.evidenceObjectStore = evidence }) { client in
                let bucket = S3Bucket(settings: backups, client: client.app.client)
                let name = URL(fileURLWithPath: report.location).lastPathComponent
                var bytes = try #require(try await bucket.get("backups/\(name)/trustlane.sqlite"))
                bytes[bytes.count / 2] ^= 0x01
                try await bucket.put("backups/\(name)/trustlane.sqlite", bytes)
            }
            let tampered = folder.appendingPathComponent("tampered")
            do {
                _ = try await restore(report.location, into: tampered)
                Issue.record("a changed backup was restored")
            } catch let failure as BackupFailure {
                #expect(failure.message.contains("trustlane.sqlite: SHA-256 check failed"), "\(failure.message)")
                #expect(failure.message.contains("downloaded copy is kept"), "\(failure.message)")
            }
            #expect(!FileManager.default.fileExists(atPath: tampered.appendingPathComponent("trustlane.sqlite").path))
            // A name the bucket does not hold: refused, naming the newest ones there.
            do {
                _ = try await restore("s3://\(backups.bucket)/backups/trustlane-backup-20300101T000000Z", into: folder.appendingPathComponent("none"))
                Issue.record("a missing backup was restored")
            } catch let failure as BackupFailure {
                #expect(failure.message.contains("manifest.json: cannot be read") && failure.message.contains(URL(fileURLWithPath: report.location).lastPathComponent),
                        "\(failure.message)")
            }
        }

        /// On PostgreSQL the dump goes to the bucket; a restore downloads it and says which
        /// pg_restore to run on the downloaded copy. Runs only in the PostgreSQL leg, with pg_dump.
        @Test(.enabled(if: endpoint != nil, "needs TRUSTLANE_TEST_S3_ENDPOINT (a local S3 server)"))
        func onPostgreSQLTheDumpGoesToTheBucketAndRestoreDownloadsIt() async throws {
            let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
            guard usingPostgres, BackupWriter.onPath("pg_dump", searching: searchPath) != nil else { return }
            let folder = AppTests.Backups.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            var backups = ObjectStore.settings()
            backups.prefix = "pg/"
            try await withTrustlane(configure: {
                $0.dataDirectory = folder.appendingPathComponent("data").path
                $0.toolSearchPath = searchPath
                $0.backupObjectStore = backups
                $0.backupDirectorySetting = folder.appendingPathComponent("staging").path
            }) { client in
                try await S3Bucket(settings: backups, client: client.app.client).createBucket()
                _ = try await AppTests.Backups.seed(client)
                let report = try await BackupWriter(app: client.app).run()
                #expect(report.verified, "\(report.problems)")
                #expect(report.location.hasPrefix("s3://\(backups.bucket)/pg/trustlane-backup-"))
                let restored = try await BackupRestorer(app: client.app).run(fromBucket: report.location)
                let name = URL(fileURLWithPath: report.location).lastPathComponent
                let dump = folder.appendingPathComponent("staging").appendingPathComponent(name).appendingPathComponent(BackupWriter.postgresFile)
                #expect(restored.instructions?.contains(dump.path) == true, "\(restored.instructions ?? "")")
                #expect(FileManager.default.fileExists(atPath: dump.path), "the downloaded dump stays for pg_restore")
            }
        }
    }
}
