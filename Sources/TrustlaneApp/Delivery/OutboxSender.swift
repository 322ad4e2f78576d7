import Fluent
import TrustlaneCore
import Vapor

/// One pass over the outbox: claim the due email and webhook rows, send each, and record the
/// outcome (sent, or the error and the next attempt by `Backoff.standard`). The background
/// task and `trustlane outbox send` both run this.
struct OutboxSender {
    let app: Application
    var backoff: Backoff = .standard
    var batchSize: Int = 100

    struct PassResult: Sendable, Equatable {
        var sent = 0
        var failed = 0
        /// Email rows left waiting because no SMTP server is configured.
        var emailWaiting = false
    }

    func runOnce() async throws -> PassResult {
        let settings = app.config.delivery
        let transport = app.mailTransport
        var result = PassResult()
        var channels: [OutboxStore.Channel] = [.webhook]
        if transport != nil { channels.insert(.email, at: 0) } else { result.emailWaiting = true }
        let store = OutboxStore(app: app)
        let rows = try await store.claimDue(channels: channels, now: app.clock.now(), maximumAttempts: backoff.maximumAttempts,
                                            lease: settings.claimLease, limit: batchSize)
        for row in rows {
            do {
                switch row.channel {
                case OutboxStore.Channel.email.rawValue:
                    guard let transport, let from = settings.smtp?.from ?? app.mailFromOverride else { throw DeliveryError("SMTP is not configured") }
                    try await transport.send(try OutboxMessage.email(for: row, from: from, publicURL: app.config.publicURL))
                default:
                    try await WebhookDelivery(app: app).send(row)
                }
                try await store.markSent(row.id, at: app.clock.now())
                result.sent += 1
            } catch {
                let failedAt = app.clock.now()
                let attempts = row.attempts + 1
                let next = backoff.nextAttempt(afterFailedAttempts: attempts, failedAt: failedAt)
                let message = (error as? DeliveryError)?.description ?? String(describing: error)
                app.logger.warning("outbox: \(row.channel) delivery \(row.id) failed (attempt \(attempts)): \(message)")
                try await store.markFailed(row.id, attempts: attempts, error: message, nextAttempt: next)
                result.failed += 1
            }
        }
        return result
    }
}

extension Application {
    private struct MailTransportKey: StorageKey { typealias Value = any MailTransport }
    private struct MailFromKey: StorageKey { typealias Value = String }

    /// The configured SMTP client, or the transport a test put in its place; `nil` when email
    /// is not configured (email rows then wait).
    var mailTransport: (any MailTransport)? {
        if let override = storage[MailTransportKey.self] { return override }
        guard let smtp = config.delivery.smtp else { return nil }
        return SMTPClient(settings: smtp, eventLoopGroup: eventLoopGroup, timeout: config.delivery.sendTimeout)
    }

    /// Replaces the mail transport (tests); `from` is the sender address to use with it.
    func useMailTransport(_ transport: any MailTransport, from: String) {
        storage[MailTransportKey.self] = transport
        storage[MailFromKey.self] = from
    }

    var mailFromOverride: String? { storage[MailFromKey.self] }
}

/// POSTs a webhook row to its company's webhook, signed with `WebhookSignature`.
struct WebhookDelivery {
    let app: Application

    func send(_ row: OutboxStore.Row) async throws {
        if row.message_key == AuditCheckpoints.webhookKey, row.company_id == nil { return try await sendCheckpoint(row) }
        guard let company = row.company_id,
              let hook = try await CompanyWebhookModel.query(on: app.db).filter(\.$companyID == company).first() else {
            throw DeliveryError("The company has no webhook configured")
        }
        if let problem = await WebhookTarget.checkReachable(hook.url, allowPrivate: app.config.delivery.allowPrivateWebhookTargets) {
            throw DeliveryError(problem.message)
        }
        let body = try OutboxMessage.webhookBody(for: row, publicURL: app.config.publicURL)
        var headers = HTTPHeaders()
        headers.contentType = .json
        let secret: String
        do { secret = try SecretBox.open(hook.secret, with: app.secretBox) } catch { throw DeliveryError("The webhook's secret cannot be read: \(error)") }
        headers.replaceOrAdd(name: WebhookSignature.headerName, value: WebhookSignature.header(body: body, secret: secret, timestamp: app.clock.now()))
        headers.replaceOrAdd(name: "Trustlane-Delivery", value: row.id.uuidString.lowercased())
        headers.replaceOrAdd(name: .userAgent, value: "Trustlane-Webhook/1")
        try await post(hook.url, headers: headers, body: body)
    }

    /// An audit checkpoint to the installation's checkpoint webhook: the body is the checkpoint
    /// file itself, which carries its own Ed25519 signature (docs/AUDIT.md).
    private func sendCheckpoint(_ row: OutboxStore.Row) async throws {
        guard let url = app.config.audit.checkpointWebhook else {
            throw DeliveryError("No audit checkpoint webhook is configured (TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK)")
        }
        if let problem = await WebhookTarget.checkReachable(url, allowPrivate: app.config.delivery.allowPrivateWebhookTargets) {
            throw DeliveryError(problem.message)
        }
        guard let body = row.decodedParameters["checkpoint"].map({ Data($0.utf8) }) else { throw DeliveryError("The checkpoint is missing") }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: "Trustlane-Delivery", value: row.id.uuidString.lowercased())
        headers.replaceOrAdd(name: .userAgent, value: "Trustlane-Webhook/1")
        try await post(url, headers: headers, body: body)
    }

    private func post(_ url: String, headers: HTTPHeaders, body: Data) async throws {
        var request = ClientRequest(method: .POST, url: URI(string: url), headers: headers, body: ByteBuffer(data: body))
        request.timeout = .milliseconds(Int64(app.config.delivery.sendTimeout * 1000))
        let response: ClientResponse
        do {
            response = try await app.client.send(request)
        } catch {
            throw DeliveryError("The webhook could not be reached: \(String(describing: error).prefix(200))")
        }
        guard (200..<300).contains(response.status.code) else {
            throw DeliveryError("The webhook answered HTTP \(response.status.code)")
        }
    }
}
