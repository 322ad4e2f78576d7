import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 18: an audit chain that says what it protects. Keyed entries, signed checkpoints
    /// made by command and on schedule, and what each detects on the real tables (SQLite and
    /// PostgreSQL).
    @Suite struct AuditProtection {
        static let key = try! AuditKey(secret: Data(repeating: 42, count: 32))
        static let otherKey = try! AuditKey(secret: Data(repeating: 43, count: 32))

        static func keyed(_ config: inout AppConfig) { config.audit = AuditSettings(key: key) }

        /// Someone who can edit the database deletes entry `removed` and rewrites every later one,
        /// renumbered and rehashed, as a careful forger without the key would: plain SHA-256 with
        /// no key id (the only scheme they can compute).
        static func deleteAndRehash(_ client: TestClient, removing removed: Int) async throws {
            let entries = try await AuditEntryModel.query(on: client.db).sort(\.$id).all()
            let sql = client.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE seq >= \(bind: removed)").run()
            var previous = entries[removed - 2].hash
            for (offset, entry) in entries.dropFirst(removed).enumerated() {
                let old = entry.record
                let record = AuditRecord(sequence: removed + offset, occurredAt: old.occurredAt, actorUserID: old.actorUserID, companyID: old.companyID,
                                         action: old.action, targetType: old.targetType, targetID: old.targetID, changes: old.changes)
                let hash = AuditChain.hash(previousHash: previous, record: record, changesJSON: entry.changes)
                try await AuditEntryModel(record: record, changesJSON: entry.changes, previousHash: previous, hash: hash).create(on: client.db)
                previous = hash
            }
        }

        @Test func settingsAreReadFromTheEnvironmentAndRefusedByName() throws {
            let secret = Data(repeating: 42, count: 32).base64EncodedString()
            let settings = try AuditSettings.fromEnvironment(["TRUSTLANE_AUDIT_KEY": secret,
                                                              "TRUSTLANE_AUDIT_CHECKPOINT_EMAIL": "audit@example.com, notary@example.org"])
            #expect(settings.key?.id == Self.key.id && settings.keySource == .environment)
            #expect(settings.checkpointEmails == ["audit@example.com", "notary@example.org"])
            #expect(settings.checkpointInterval == 86_400, "a day by default once a destination is set")
            #expect(try AuditSettings.fromEnvironment([:]).checkpointInterval == nil)
            func refusal(_ env: [String: String]) -> String {
                do { _ = try AuditSettings.fromEnvironment(env); return "" } catch { return String(describing: error) }
            }
            #expect(refusal(["TRUSTLANE_AUDIT_KEY": "c2hvcnQ="]).contains("at least 32 bytes"))
            #expect(refusal(["TRUSTLANE_AUDIT_KEY": secret, "TRUSTLANE_AUDIT_KEY_FILE": "/x"]).contains("not both"))
            #expect(refusal(["TRUSTLANE_AUDIT_KEY_FILE": "/nonexistent/audit.key"]).contains("cannot be read"))
            #expect(refusal(["TRUSTLANE_AUDIT_CHECKPOINT_EMAIL": "not-an-address"]).contains("TRUSTLANE_AUDIT_CHECKPOINT_EMAIL"))
            #expect(refusal(["TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK": "ftp://example.com/x"]).contains("TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK"))
            #expect(refusal(["TRUSTLANE_AUDIT_CHECKPOINT_INTERVAL": "5"]).contains("from 60"))
        }

        @Test func entriesAreKeyedWithTheConfiguredKeyAndVerifyOnlyWithIt() async throws {
            try await withTrustlane(configure: Self.keyed) { client in
                for index in 0..<3 { try await client.makeCompany("Keyed \(index)") }
                let stored = try await AuditEntryModel.query(on: client.db).all()
                #expect(stored.count == 3 && stored.allSatisfy { $0.keyID == Self.key.id })
                #expect(try await AuditLog.verify(on: client.db, key: Self.key) == .intact(entries: 3))

                // A wrong key is named as such, not taken for tampering.
                guard case .unverifiable(let sequence, let reason) = try await AuditLog.verify(on: client.db, key: Self.otherKey) else {
                    Issue.record("a wrong key was accepted"); return
                }
                #expect(sequence == 1 && reason.contains("wrong key") && reason.contains(Self.key.id))
                // And a server would refuse to append with it, or with none.
                client.app.config.audit = AuditSettings(key: Self.otherKey)
                let other = try #require(try await AuditKeyCheck.mismatch(client.app))
                #expect(other.contains(Self.key.id) && other.contains(Self.otherKey.id))
                client.app.config.audit = AuditSettings()
                #expect(try await AuditKeyCheck.mismatch(client.app)?.contains("no audit key is configured") == true)
            }
        }

        @Test func deletingTheNewestEntriesIsFoundAgainstACheckpoint() async throws {
            try await withTrustlane(configure: Self.keyed) { client in
                for index in 0..<6 { try await client.makeCompany("Company \(index)") }
                let checkpoint = try await AuditCheckpoints(app: client.app).make(source: "command")
                #expect(checkpoint.count == 6)
                try await client.makeCompany("After the checkpoint")
                #expect(try await AuditLog.verify(on: client.db, key: Self.key, checkpoint: checkpoint) == .intact(entries: 7))

                // The newest three go: the chain alone still looks whole; the checkpoint says otherwise.
                try await (client.db as! any SQLDatabase).raw("DELETE FROM audit_entries WHERE seq > 4").run()
                #expect(try await AuditLog.verify(on: client.db, key: Self.key) == .intact(entries: 4))
                guard case .broken(let sequence, let reason) = try await AuditLog.verify(on: client.db, key: Self.key, checkpoint: checkpoint) else {
                    Issue.record("trimming went unnoticed"); return
                }
                #expect(sequence == 5 && reason.contains("counted 6 entries") && reason.contains("the newest 2 were removed"))
            }
        }

        /// The plain scheme's limit, on the real table: delete a middle row, rehash the rest, and
        /// it verifies. The same rewrite of a keyed chain is found.
        @Test func rewritingAfterDeletingAMiddleRowIsFoundOnlyWhenKeyed() async throws {
            try await withTrustlane { client in
                for index in 0..<5 { try await client.makeCompany("Plain \(index)") }
                try await Self.deleteAndRehash(client, removing: 3)
                #expect(try await AuditLog.verify(on: client.db) == .intact(entries: 4), "unkeyed: not detected (docs/AUDIT.md)")
            }
            try await withTrustlane(configure: Self.keyed) { client in
                for index in 0..<5 { try await client.makeCompany("Keyed \(index)") }
                try await Self.deleteAndRehash(client, removing: 3)
                guard case .broken(let sequence, let reason) = try await AuditLog.verify(on: client.db, key: Self.key) else {
                    Issue.record("a keyed chain's rewrite went unnoticed"); return
                }
                #expect(sequence == 3 && reason.contains("not keyed"))
            }
        }

        @Test func legacyUnkeyedEntriesFollowedByKeyedOnesVerify() async throws {
            try await withTrustlane { client in
                // Entries written before the upgrade, without a key.
                for index in 0..<3 { try await client.makeCompany("Before \(index)") }
                // The operator sets a key: the same database, a gate that keys.
                client.app.config.audit = AuditSettings(key: Self.key)
                client.app.writeGate = WriteGate(auditKey: Self.key)
                for index in 0..<2 { try await client.makeCompany("After \(index)") }
                let keyIDs = try await AuditEntryModel.query(on: client.db).sort(\.$id).all().map(\.keyID)
                #expect(keyIDs == [nil, nil, nil, Self.key.id, Self.key.id])
                let walked = try await AuditLog.walk(on: client.db, key: Self.key)
                #expect(walked.result == .intact(entries: 5))
                #expect(walked.firstKeyed == 4 && walked.unkeyed == 3)
                // The legacy part is still covered: altering it breaks the chain.
                try await (client.db as! any SQLDatabase).raw("UPDATE audit_entries SET action = 'company.deleted' WHERE seq = 2").run()
                guard case .broken(2, _) = try await AuditLog.verify(on: client.db, key: Self.key) else {
                    Issue.record("an altered legacy entry went unnoticed"); return
                }
            }
        }

        @Test func aTamperedOrForeignCheckpointFileIsRefused() async throws {
            try await withTrustlane(configure: Self.keyed) { client in
                try await client.makeCompany("Checked")
                let checkpoint = try await AuditCheckpoints(app: client.app).make(source: "command")
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-checkpoint-\(UUID())")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                func file(_ name: String, _ text: String) throws -> String {
                    let path = folder.appendingPathComponent(name).path
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    return path
                }
                let good = try file("good.json", checkpoint.fileText)
                #expect(try await AuditVerifyCommand.readCheckpoint(good, app: client.app) == checkpoint)

                // Lowering the count to match a trimmed chain breaks the signature.
                let lowered = checkpoint.fileText.replacingOccurrences(of: "\"count\" : 1,", with: "\"count\" : 0,")
                #expect(lowered != checkpoint.fileText)
                await #expect(throws: AuditVerifyCommand.CheckpointRefused.self) {
                    try await AuditVerifyCommand.readCheckpoint(try file("lowered.json", lowered), app: client.app)
                }
                do {
                    _ = try await AuditVerifyCommand.readCheckpoint(try file("lowered2.json", lowered), app: client.app)
                } catch let refused as AuditVerifyCommand.CheckpointRefused {
                    #expect(refused.description.contains("signature"))
                }
                // Another installation's checkpoint, signed with the same key.
                let foreign = AuditCheckpoint.make(installation: UUID().uuidString, count: checkpoint.count, head: checkpoint.head, at: Date(), key: Self.key)
                do {
                    _ = try await AuditVerifyCommand.readCheckpoint(try file("foreign.json", foreign.fileText), app: client.app)
                    Issue.record("another installation's checkpoint was accepted")
                } catch let refused as AuditVerifyCommand.CheckpointRefused {
                    #expect(refused.description.contains("installation"))
                }
                // Without the key nothing can be checked.
                client.app.config.audit = AuditSettings()
                await #expect(throws: AuditVerifyCommand.CheckpointRefused.self) { try await AuditVerifyCommand.readCheckpoint(good, app: client.app) }
            }
        }

        @Test func scheduledExportQueuesTheSignedCheckpointInTheOutbox() async throws {
            try await withTrustlane(configure: {
                $0.audit = AuditSettings(key: Self.key, checkpointInterval: 3600, checkpointEmails: ["audit@example.com", "notary@example.org"])
                $0.delivery.allowPrivateWebhookTargets = true
            }) { client in
                let start = Date(timeIntervalSince1970: 1_790_000_000)
                client.app.clock = .fixed(start)
                let inbox = WebhookInbox()
                let port = try await AppTests.Delivery.startReceiver(client, inbox: inbox)
                defer { Task { [app = client.app] in await app.server.shutdown() } }
                client.app.config.audit.checkpointWebhook = "http://127.0.0.1:\(port)/api/test-webhook-receiver"
                let mail = FakeMailTransport()
                client.app.useMailTransport(mail, from: "noreply@trustlane.test")
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn(admin.email)
                #expect(AdminHome.level(try await client.get("/", as: browser).text, "audit_checkpoint") == "unknown")
                for index in 0..<3 { try await client.makeCompany("Exported \(index)") }
                let entries = try await AuditEntryModel.query(on: client.db).count()

                // act: one pass queues an email per recipient and the webhook
                #expect(try await AuditCheckpoints(app: client.app).exportIfDue() == .queued(count: entries, messages: 3))
                struct Row: Decodable { let channel: String; let message_key: String; let recipient_email: String?; let sent_at: Date? }
                let rows = try await (client.db as! any SQLDatabase).select().columns("channel", "message_key", "recipient_email", "sent_at")
                    .from("notifications").where("dedupe_key", .like, "audit.checkpoint.%").all(decoding: Row.self)
                #expect(rows.count == 3)
                #expect(Set(rows.compactMap(\.recipient_email)) == ["audit@example.com", "notary@example.org"])
                #expect(rows.filter { $0.channel == "webhook" }.map(\.message_key) == [AuditCheckpoints.webhookKey])
                // Not again until the interval has passed and the chain moved.
                #expect(try await AuditCheckpoints(app: client.app).exportIfDue() == .notDue)
                client.app.clock = .fixed(start.addingTimeInterval(3700))
                #expect(try await AuditCheckpoints(app: client.app).exportIfDue() == .notDue, "nothing new since the last one")

                // The outbox delivers them: the email holds a checkpoint that verifies, the webhook gets the file.
                let sent = try await OutboxSender(app: client.app).runOnce()
                #expect(sent.sent == 3 && sent.failed == 0)
                #expect(mail.sent.count == 2)
                let body = try #require(mail.sent.first?.body)
                #expect(body.contains("trustlane audit verify --checkpoint"))
                let json = try #require(body.range(of: "{").map { String(body[$0.lowerBound...]) }?.components(separatedBy: "\n}").first.map { $0 + "\n}" })
                let emailed = try AuditCheckpoint.read(Data(json.utf8))
                try emailed.authenticate(with: Self.key, installation: try await AuditCheckpoints(app: client.app).installationID())
                #expect(emailed.count == entries)
                #expect(try await AuditLog.verify(on: client.db, key: Self.key, checkpoint: emailed) == .intact(entries: entries))
                let posted = try AuditCheckpoint.read(try #require(inbox.received.first?.body))
                #expect(posted == emailed && posted.hasValidSignature)

                // The administrator's page names the last one.
                let home = try await client.get("/", as: browser).text
                #expect(AdminHome.level(home, "audit_key") == "ok")
                #expect(AdminHome.level(home, "audit_checkpoint") == "ok")

                // Once the chain moved and the interval passed, the next one goes.
                try await client.makeCompany("Later")
                client.app.clock = .fixed(start.addingTimeInterval(7400))
                guard case .queued(let count, 3) = try await AuditCheckpoints(app: client.app).exportIfDue() else {
                    Issue.record("no second checkpoint"); return
                }
                #expect(count > entries)
            }
        }

        @Test func anUnkeyedInstallationSaysSoOnTheAdministratorsPage() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let home = try await client.get("/", as: try await client.signIn(admin.email)).text
                #expect(AdminHome.level(home, "audit_key") == "warning")
                #expect(home.contains("TRUSTLANE_AUDIT_KEY"))
                #expect(AdminHome.level(home, "audit_checkpoint") == nil, "no checkpoint can be signed without a key")
                // And no checkpoint can be made.
                await #expect(throws: AuditCheckpoints.NoKey.self) { try await AuditCheckpoints(app: client.app).make(source: "command") }
            }
        }

        /// On a SQLite file with no key given, one is made beside the data on first run, read
        /// again on the next, and a server refuses to start when the trail's key is missing.
        @Test func aKeyFileIsMadeOnFirstRunAndAMissingOneStopsTheServer() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-keyfile-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = AppConfig.DatabaseChoice.sqliteFile(path: folder.appendingPathComponent("db/t.sqlite").path)
            let data = folder.appendingPathComponent("data").path
            let first = try await withTrustlane(configure: { $0.database = database; $0.dataDirectory = data }) { (client: TestClient) async throws -> String in
                try await client.makeCompany("First run")
                return try #require(client.app.config.audit.key?.id)
            }
            let path = folder.appendingPathComponent("data/audit.key").path
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            let second = try await withTrustlane(configure: { $0.database = database; $0.dataDirectory = data }) { (client: TestClient) async throws -> String? in
                #expect(try await AuditLog.verify(on: client.db, key: client.app.config.audit.key) == .intact(entries: 1))
                return client.app.config.audit.key?.id
            }
            #expect(second == first)
            // The data directory is lost: a new key would break the chain, so the server stops.
            do {
                try await withTrustlane(configure: { $0.database = database; $0.dataDirectory = folder.appendingPathComponent("elsewhere").path }) { _ in }
                Issue.record("the server started with another key")
            } catch let error as ConfigError {
                #expect(error.description.contains(first) && error.description.contains("original key file"))
            }
        }
    }
}
