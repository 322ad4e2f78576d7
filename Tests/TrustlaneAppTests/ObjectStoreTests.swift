import Foundation
import SQLKit
import Testing
import Vapor
@testable import TrustlaneApp
@testable import TrustlaneCore

extension AppTests {
    /// Issue 18: evidence in an S3-compatible object store. The settings are checked at start-up;
    /// the store itself is tested against a local S3 server (moto's server mode, started by
    /// `.ci/run`) named by TRUSTLANE_TEST_S3_ENDPOINT. Without it those tests are skipped.
    @Suite("Evidence in an object store") struct ObjectStore {
        static let endpoint = ProcessInfo.processInfo.environment["TRUSTLANE_TEST_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }

        static func settings(bucket: String = "trustlane-\(UUID().uuidString.prefix(8).lowercased())") -> ObjectStoreSettings {
            ObjectStoreSettings(endpoint: endpoint ?? "http://127.0.0.1:1", bucket: bucket, region: "us-east-1",
                                accessKeyID: "testing", secretAccessKey: "testing", prefix: "evidence/")
        }

        @Test func theSettingsAreReadAndEveryMistakeIsNamed() throws {
            // Nothing set: evidence stays in the data folder.
            #expect(try ObjectStoreSettings.fromEnvironment([:]) == nil)
            let good = ["TRUSTLANE_EVIDENCE_S3_BUCKET": "acme-evidence", "TRUSTLANE_EVIDENCE_S3_ENDPOINT": "http://minio.internal:9000/",
                        "TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID": "AKIA1", "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY": "s3cret",
                        "TRUSTLANE_EVIDENCE_S3_PREFIX": "prod/files"]
            let read = try #require(try ObjectStoreSettings.fromEnvironment(good))
            #expect(read.endpoint == "http://minio.internal:9000" && read.region == "us-east-1" && read.prefix == "prod/files/")
            // The secret from a file, as mounted secrets are.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("s3-secret-\(UUID())")
            try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
            var fromFile = good
            fromFile["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"] = nil
            fromFile["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE"] = file.path
            #expect(try ObjectStoreSettings.fromEnvironment(fromFile)?.secretAccessKey == "from-file")
            // Each mistake names its setting.
            let mistakes: [([String: String?], String)] = [
                (["TRUSTLANE_EVIDENCE_S3_BUCKET": nil], "TRUSTLANE_EVIDENCE_S3_BUCKET"),
                (["TRUSTLANE_EVIDENCE_S3_BUCKET": "Bad_Bucket"], "TRUSTLANE_EVIDENCE_S3_BUCKET must be a bucket name"),
                (["TRUSTLANE_EVIDENCE_S3_ENDPOINT": "minio.internal:9000"], "TRUSTLANE_EVIDENCE_S3_ENDPOINT"),
                (["TRUSTLANE_EVIDENCE_S3_ENDPOINT": "https://s3.example.com/bucket"], "TRUSTLANE_EVIDENCE_S3_ENDPOINT"),
                (["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY": nil], "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"),
                (["TRUSTLANE_EVIDENCE_S3_REGION": "EU WEST"], "TRUSTLANE_EVIDENCE_S3_REGION"),
                (["TRUSTLANE_EVIDENCE_S3_PREFIX": "/abs"], "TRUSTLANE_EVIDENCE_S3_PREFIX"),
            ]
            for (change, named) in mistakes {
                var env = good
                for (key, value) in change { env[key] = value }
                #expect(throws: ConfigError.self) { try ObjectStoreSettings.fromEnvironment(env) }
                do { _ = try ObjectStoreSettings.fromEnvironment(env) } catch { #expect("\(error)".contains(named), "\(change): \(error)") }
            }
            // The whole configuration carries it.
            #expect(try AppConfig.fromEnvironment(environment: good).evidenceObjectStore == read)
        }

        @Test(.enabled(if: endpoint != nil, "needs TRUSTLANE_TEST_S3_ENDPOINT (a local S3 server)"))
        func filesGoInOnceComeBackWholeAndAreDeleted() async throws {
            try await withTrustlane { client in
                let store = S3EvidenceStore(settings: Self.settings(), client: client.app.client, logger: client.app.logger)
                try await store.createBucket()
                try await store.checkReachable()
                let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                let sha = try await store.put(bytes)
                #expect(sha == DiskEvidenceStore.digest(bytes))
                #expect(await store.exists(sha))
                #expect(try await store.get(sha) == bytes)
                // The same bytes again: the same name, nothing new.
                #expect(try await store.put(bytes) == sha)
                try await store.delete(sha)
                #expect(!(await store.exists(sha)))
                await #expect(throws: Abort.self) { try await store.get(sha) }
                // Deleting what is gone is done too; a name that is no digest is refused.
                try await store.delete(sha)
                await #expect(throws: Abort.self) { try await store.get("../../etc/passwd") }
                // A bucket that does not exist is reported as such at start-up.
                let missing = S3EvidenceStore(settings: Self.settings(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())"),
                                              client: client.app.client, logger: client.app.logger)
                do { try await missing.checkReachable(); Issue.record("a missing bucket passed the check") } catch {
                    #expect("\(error)".contains("no such bucket"))
                }
            }
        }

        @Test(.enabled(if: endpoint != nil, "needs TRUSTLANE_TEST_S3_ENDPOINT (a local S3 server)"))
        func evidenceUploadedIsInTheBucketNotOnDiskAndTheBackupFetchesItBack() async throws {
            let settings = Self.settings()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-s3-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = folder.appendingPathComponent("backup")
            // On SQLite the backup and restore go through the bucket too (on PostgreSQL the
            // backup is pg_dump's, tested with the backups).
            let backs = !usingPostgres
            let removed: String? = try await withTrustlane(configure: {
                if backs { $0.database = .sqliteFile(path: folder.appendingPathComponent("live/trustlane.sqlite").path) }
                $0.dataDirectory = folder.appendingPathComponent("live/data").path
                $0.evidenceObjectStore = settings
            }) { client -> String? in
                let store = try #require(client.app.evidenceStore as? S3EvidenceStore, "the configured store is the object store")
                try await store.createBucket()
                let (_, _, file) = try await AppTests.Backups.seed(client)
                // In the bucket, not in the data folder.
                #expect(await store.exists(file.sha256))
                let disk = folder.appendingPathComponent("live/data").appendingPathComponent(DatabaseCopyCheck.evidencePath(file.sha256))
                #expect(!FileManager.default.fileExists(atPath: disk.path))
                #expect(try await client.app.evidenceStore.get(file.sha256) == AppTests.SecurityProfile.pdf("seal policy"))
                guard backs else { return nil }
                // The backup holds the file, fetched from the bucket, and verifies.
                let report = try await BackupWriter(app: client.app).run(to: backup)
                #expect(report.verified, "\(report.problems)")
                #expect(report.manifest.files.contains { $0.path == DatabaseCopyCheck.evidencePath(file.sha256) })
                // The bucket loses the file; restoring puts it back.
                try await store.delete(file.sha256)
                return file.sha256
            }
            guard let sha = removed else { return }
            let target = folder.appendingPathComponent("restored")
            TestLogging.bootstrapOnce()
            let app = try await Application.make(.testing)
            do {
                var config = AppConfig(database: .sqliteFile(path: target.appendingPathComponent("trustlane.sqlite").path),
                                       dataDirectory: target.appendingPathComponent("data").path)
                config.command = CommandKind(arguments: ["trustlane", "restore", "x"])
                config.audit.key = try AuditSettings.readKeyFile(folder.appendingPathComponent("live/data/audit.key").path, setting: "TRUSTLANE_AUDIT_KEY_FILE")
                config.evidenceObjectStore = settings
                try await configure(app, config: config)
                let restored = try await BackupRestorer(app: app).run(from: backup)
                #expect(restored.evidenceRestored == 1)
                #expect(await app.evidenceStore.exists(sha))
                #expect(DiskEvidenceStore.digest(try await app.evidenceStore.get(sha)) == sha)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }
}
