import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct Delivery {
        static let start = Date(timeIntervalSince1970: 1_750_000_000)

        @Test func outboxSendsAnEmailOnceAndMarksItSent() async throws {
            try await withTrustlane { client in
                // setup
                client.app.clock = .fixed(Self.start)
                let mail = FakeMailTransport()
                client.app.useMailTransport(mail, from: "noreply@trustlane.test")
                let user = try await client.makeUser("officer@example.com")
                let id = try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: Self.start)
                try await client.queueNotification(channel: "in_app", recipient: user.id, company: nil, at: Self.start)
                // act
                let first = try await OutboxSender(app: client.app).runOnce()
                let second = try await OutboxSender(app: client.app).runOnce()
                // verify
                #expect(first.sent == 1 && second.sent == 0)
                #expect(mail.sent.count == 1)
                #expect(mail.sent.first?.to == "officer@example.com")
                #expect(mail.sent.first?.subject.contains("Certified: Tier I (HC).") == true)
                let state = try #require(try await client.outboxState(id))
                #expect(state.sent_at != nil && state.attempts == 1 && state.last_error == nil)
            }
        }

        @Test func aFailedDeliveryIsRetriedWithBackoff() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(Self.start)
                let mail = FakeMailTransport(failures: 2)
                client.app.useMailTransport(mail, from: "noreply@trustlane.test")
                let user = try await client.makeUser("officer@example.com")
                let id = try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: Self.start)

                #expect(try await OutboxSender(app: client.app).runOnce().failed == 1)
                var state = try #require(try await client.outboxState(id))
                #expect(state.attempts == 1 && state.sent_at == nil && state.last_error?.contains("fake server refused") == true)
                #expect(state.next_attempt_at.map { abs($0.timeIntervalSince(Self.start) - 60) < 1 } == true)
                // not due yet: nothing is claimed
                client.app.clock = .fixed(Self.start.addingTimeInterval(59))
                #expect(try await OutboxSender(app: client.app).runOnce() == .init(sent: 0, failed: 0, emailWaiting: false))
                // second failure doubles the wait
                client.app.clock = .fixed(Self.start.addingTimeInterval(61))
                #expect(try await OutboxSender(app: client.app).runOnce().failed == 1)
                state = try #require(try await client.outboxState(id))
                #expect(state.attempts == 2)
                #expect(state.next_attempt_at.map { abs($0.timeIntervalSince(Self.start.addingTimeInterval(61 + 120))) < 1 } == true)
                client.app.clock = .fixed(Self.start.addingTimeInterval(61 + 121))
                #expect(try await OutboxSender(app: client.app).runOnce().sent == 1)
                #expect(mail.sent.count == 1)
                #expect(try await client.outboxState(id)?.attempts == 3)
            }
        }

        @Test func aDeliveryGivesUpAfterTheLastAttempt() async throws {
            try await withTrustlane { client in
                var now = Self.start
                client.app.clock = .fixed(now)
                client.app.useMailTransport(FakeMailTransport(failures: 100), from: "noreply@trustlane.test")
                let user = try await client.makeUser("officer@example.com")
                let id = try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: now)
                for _ in 0..<12 {
                    _ = try await OutboxSender(app: client.app).runOnce()
                    now = now.addingTimeInterval(7 * 3600)
                    client.app.clock = .fixed(now)
                }
                let state = try #require(try await client.outboxState(id))
                #expect(state.attempts == Backoff.standard.maximumAttempts && state.next_attempt_at == nil && state.sent_at == nil)
            }
        }

        @Test func aClaimLeftByACrashedPassIsPickedUpAfterTheLease() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(Self.start)
                let mail = FakeMailTransport()
                client.app.useMailTransport(mail, from: "noreply@trustlane.test")
                let user = try await client.makeUser("officer@example.com")
                let id = try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: Self.start)
                // a pass claims the row and "dies" before sending
                let claimed = try await OutboxStore(app: client.app).claimDue(channels: [.email], now: Self.start, maximumAttempts: 8, lease: 300, limit: 10)
                #expect(claimed.map(\.id) == [id])
                // after a restart, a new pass waits for the lease, then sends it
                #expect(try await OutboxSender(app: client.app).runOnce().sent == 0)
                client.app.clock = .fixed(Self.start.addingTimeInterval(301))
                #expect(try await OutboxSender(app: client.app).runOnce().sent == 1)
                #expect(mail.sent.count == 1)
            }
        }

        @Test func twoConcurrentPassesNeverSendOneRowTwice() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(Self.start)
                let mail = FakeMailTransport()
                client.app.useMailTransport(mail, from: "noreply@trustlane.test")
                let user = try await client.makeUser("officer@example.com")
                for _ in 0..<30 { try await client.queueNotification(channel: "email", recipient: user.id, company: nil, at: Self.start) }
                let app = client.app
                async let one = OutboxSender(app: app).runOnce()
                async let two = OutboxSender(app: app).runOnce()
                let results = try await [one, two]
                #expect(results.map(\.sent).reduce(0, +) == 30)
                #expect(mail.sent.count == 30)
                #expect(Set(mail.sent.map(\.messageID)).count == 30)
            }
        }

        @Test func withoutSMTPEmailWaitsAndTheAdminPageSaysSo() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let id = try await client.queueNotification(channel: "email", recipient: admin.id, company: nil)
                let result = try await OutboxSender(app: client.app).runOnce()
                #expect(result.emailWaiting && result.sent == 0 && result.failed == 0)
                #expect(try await client.outboxState(id)?.attempts == 0)

                let browser = try await client.signIn("admin@example.com")
                let page = try await client.get("/admin/outbox", as: browser)
                #expect(page.status == .ok)
                #expect(page.text.contains("SMTP is not configured") && !page.text.contains("&lt;"))
                #expect(page.text.contains("<tr data-channel=\"email\"><td>Email</td><td data-count=\"waiting\">1</td>"))
                // not for company people
                let officer = try await client.makeUser("officer@example.com")
                let company = try await client.makeCompany("Acme SA")
                try await client.addMember(officer, to: company, role: .officer)
                let other = try await client.signIn("officer@example.com")
                #expect(try await client.get("/admin/outbox", as: other).status == .forbidden)
            }
        }

        @Test func smtpClientSpeaksTheDialogueWithDotStuffing() async throws {
            let server = FakeSMTPServer()
            try await server.start()
            do {
                let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
                let settings = SMTPSettings(host: "127.0.0.1", port: server.port, username: "mailer", password: "s3cret",
                                            from: "noreply@trustlane.test", tls: .none)
                let client = SMTPClient(settings: settings, eventLoopGroup: group, timeout: 10)
                let message = MailMessage(from: "noreply@trustlane.test", to: "officer@example.com", subject: "Trustlane: Certified",
                                          body: "First line\n.starts with a dot\n.\nlast", messageID: "abc@trustlane.test")
                do { try await client.send(message) } catch { Issue.record("\(server.lines)"); throw error }
                try await group.shutdownGracefully()
                let lines = server.lines
                #expect(lines.first == "EHLO trustlane.localhost")
                let credentials = Data("\0mailer\0s3cret".utf8).base64EncodedString()
                #expect(lines.contains("AUTH PLAIN \(credentials)"))
                #expect(lines.contains("MAIL FROM:<noreply@trustlane.test>"))
                #expect(lines.contains("RCPT TO:<officer@example.com>"))
                #expect(lines.contains("DATA") && lines.last == "QUIT")
                let data = server.data
                #expect(data.contains("Subject: Trustlane: Certified"))
                #expect(data.contains("..starts with a dot"))
                #expect(data.contains(".."))
                #expect(data.last == "last")
            } catch {
                try await server.stop()
                throw error
            }
            try await server.stop()
        }

        @Test func dotStuffingDoublesLeadingDots() {
            #expect(SMTPClient.dotStuffed("a\n.b\r\n..c\n.") == "a\r\n..b\r\n...c\r\n..")
            #expect(!SMTPClient.isPlainAddress("a@b.c>\r\nRCPT TO:<x@y.z"))
        }
    }
}

/// What a loopback webhook receiver got.
final class WebhookInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(header: String, body: Data)] = []
    var status: HTTPResponseStatus = .ok

    func add(_ header: String, _ body: Data) { lock.withLock { items.append((header, body)) } }
    var received: [(header: String, body: Data)] { lock.withLock { items } }
}

extension AppTests.Delivery {
    /// Starts the test app's own HTTP server on loopback with a receiver route registered only here.
    static func startReceiver(_ client: TestClient, inbox: WebhookInbox) async throws -> Int {
        client.app.on(.POST, "api", "test-webhook-receiver", action: .probeHealth) { req -> Response in
            let body = req.body.data.map { Data(buffer: $0) } ?? Data()
            inbox.add(req.headers.first(name: WebhookSignature.headerName) ?? "", body)
            return Response(status: inbox.status)
        }
        try await client.app.server.start(address: .hostname("127.0.0.1", port: 0))
        return try #require(client.app.http.server.shared.localAddress?.port)
    }

    @Test func webhookRowsArePostedSignedAndRetried() async throws {
        try await withTrustlane(configure: { $0.delivery.allowPrivateWebhookTargets = true }) { client in
            let inbox = WebhookInbox()
            let port = try await Self.startReceiver(client, inbox: inbox)
            defer { Task { [app = client.app] in await app.server.shutdown() } }
            let company = try await client.makeCompany("Hooked SA")
            let secret = try #require(try await WebhookSettingsService(app: client.app)
                .save(company: company.companyID, url: "http://127.0.0.1:\(port)/api/test-webhook-receiver", rotateSecret: false, by: nil))
            let id = try await client.queueNotification(channel: "webhook", recipient: nil, company: company.id)

            // a receiver error is retried later
            inbox.status = .internalServerError
            #expect(try await OutboxSender(app: client.app).runOnce().failed == 1)
            let failedState = try await client.outboxState(id)
            #expect(failedState?.last_error == "The webhook answered HTTP 500", "\(String(describing: failedState?.last_error))")
            inbox.status = .ok
            client.app.clock = .fixed(Date().addingTimeInterval(61))
            #expect(try await OutboxSender(app: client.app).runOnce().sent == 1)

            let delivery = try #require(inbox.received.last)
            #expect(inbox.received.count == 2)
            let verified = WebhookSignature.verify(header: delivery.header, body: delivery.body, secret: secret, now: client.app.clock.now())
            #expect((try? verified.get()) != nil)
            #expect(WebhookSignature.verify(header: delivery.header, body: delivery.body, secret: "wrong", now: client.app.clock.now()) == .failure(.mismatch))
            let payload = try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
            #expect(payload?["type"] as? String == "notification.certify")
            #expect(payload?["id"] as? String == id.uuidString)
            #expect(payload?["text"] as? String == "Certified: Tier I (HC).")
        }
    }

    /// Issue 18: a webhook's signing secret is stored sealed under the audit key, deliveries still
    /// sign with the secret itself, and a secret stored before sealing is sealed at start-up.
    @Test func webhookSecretsAreSealedAtRestAndStillSign() async throws {
        let key = try AuditKey(base64: AuditKey.generateSecret())
        try await withTrustlane(configure: { $0.delivery.allowPrivateWebhookTargets = true; $0.audit.key = key }) { client in
            let inbox = WebhookInbox()
            let port = try await Self.startReceiver(client, inbox: inbox)
            defer { Task { [app = client.app] in await app.server.shutdown() } }
            let company = try await client.makeCompany("Hooked SA")
            let secret = try #require(try await WebhookSettingsService(app: client.app)
                .save(company: company.companyID, url: "http://127.0.0.1:\(port)/api/test-webhook-receiver", rotateSecret: false, by: nil))
            let stored = try #require(try await CompanyWebhookModel.query(on: client.db).first()).secret
            #expect(SecretBox.isSealed(stored) && !stored.contains(secret), "stored as \(stored.prefix(12))...")
            _ = try await client.queueNotification(channel: "webhook", recipient: nil, company: company.id)
            #expect(try await OutboxSender(app: client.app).runOnce().sent == 1)
            let delivery = try #require(inbox.received.last)
            #expect((try? WebhookSignature.verify(header: delivery.header, body: delivery.body, secret: secret, now: client.app.clock.now()).get()) != nil)
            // A secret stored as it is (before sealing existed) is sealed by the start-up pass.
            let row = try #require(try await CompanyWebhookModel.query(on: client.db).first())
            row.secret = "whsec_legacy"
            try await row.save(on: client.db)
            #expect(try await StoredSecrets.sealPlain(client.app) == 1)
            let resealed = try #require(try await CompanyWebhookModel.query(on: client.db).first()).secret
            let opened = try SecretBox(auditKey: key).open(resealed)
            #expect(SecretBox.isSealed(resealed) && opened == "whsec_legacy")
            #expect(try await StoredSecrets.sealPlain(client.app) == 0)
        }
    }

    @Test func theWebhookFormRefusesLoopbackTargetsUnlessAllowed() async throws {
        try await withTrustlane { client in
            let company = try await client.makeCompany("Hooked SA")
            let officer = try await client.makeUser("officer@example.com")
            try await client.addMember(officer, to: company, role: .officer)
            let browser = try await client.signIn("officer@example.com")
            let path = "/companies/\(company.companyID)/webhook"
            for url in ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x", "http://[::1]/x", "ftp://example.com/x"] {
                let page = try await client.post(path, as: browser, form: [("url", url)])
                #expect(page.status == .ok && page.text.contains("field-error"), "\(url)")
            }
            #expect(try await client.count(CompanyWebhookModel.self) == 0)
            let viewer = try await client.makeUser("viewer@example.com")
            try await client.addMember(viewer, to: company, role: .viewer)
            #expect(try await client.get(path, as: try await client.signIn("viewer@example.com")).status == .forbidden)
        }
    }
}

extension AppTests {
    @Suite struct WebhookEnqueue {
        @Test func aCompanyWithAWebhookGetsOneWebhookRowPerEvent() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Hooked Co", country: "US", types: [.importer])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let intent = NotificationIntent(dedupeKey: "test:event:1", applicationID: MembershipApplicationID(), companyID: company.companyID,
                                                audiences: [.companyOfficers], reviewerID: nil, messageKey: "notification.certified",
                                                parameters: [:], englishText: "Certified")
                let outbox = NotificationOutbox(client.db)
                _ = try await outbox.enqueue(intent, link: nil, now: Date())
                #expect(try await NotificationModelCount.webhooks(client.db) == 0, "no webhook configured, no webhook row")
                try await CompanyWebhookModel(companyID: company.id!, url: "https://hooks.example.com/ctpat", secret: "s3cret", updatedBy: nil, at: Date())
                    .create(on: client.db)
                let second = NotificationIntent(dedupeKey: "test:event:2", applicationID: MembershipApplicationID(), companyID: company.companyID,
                                                audiences: [.companyOfficers], reviewerID: nil, messageKey: "notification.certified",
                                                parameters: [:], englishText: "Certified")
                _ = try await outbox.enqueue(second, link: nil, now: Date())
                _ = try await outbox.enqueue(second, link: nil, now: Date())
                #expect(try await NotificationModelCount.webhooks(client.db) == 1)
            }
        }
    }
}

enum NotificationModelCount {
    static func webhooks(_ db: any Database) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let sql = db as! any SQLDatabase
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("channel", .equal, SQLBind("webhook")).first(decoding: Row.self)?.n ?? 0
    }

    /// Outbox rows with this message key on this channel.
    static func count(_ db: any Database, key: String, channel: String) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await (db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("notifications").where("message_key", .equal, SQLBind(key)).where("channel", .equal, SQLBind(channel))
            .first(decoding: Row.self)?.n ?? 0
    }
}
