import Fluent
import TrustlaneCore
import Vapor

/// A company's webhook settings and the administrators' outbox page.
struct DeliveryController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "webhook", action: .manageStatusVerification, use: showWebhook)
        routes.on(.POST, "companies", ":companyID", "webhook", action: .manageStatusVerification, use: saveWebhook)
        routes.on(.GET, "admin", "outbox", action: .viewOperations, use: outbox)
    }

    @Sendable func showWebhook(req: Request) async throws -> HTML {
        let route = try await req.routeCompany()
        let (company, name) = (route.companyID, route.legalName)
        let hook = try await CompanyWebhookModel.query(on: req.db).filter(\.$companyID == company.rawValue).first()
        return DeliveryViews.webhook(PageContext(req), company: company, companyName: name, url: hook?.url, newSecret: nil)
    }

    /// Saves the URL (an empty one removes the webhook). A new secret is made when none exists or
    /// when asked, and shown once.
    @Sendable func saveWebhook(req: Request) async throws -> HTML {
        let route = try await req.routeCompany()
        let (company, name) = (route.companyID, route.legalName)
        struct Form: Content { var url: String?; var rotate_secret: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let url = (form.url ?? "").trimmingCharacters(in: .whitespaces)
        if !url.isEmpty, let problem = await WebhookTarget.checkReachable(url, allowPrivate: req.application.config.delivery.allowPrivateWebhookTargets) {
            let errors = [FieldError(field: "url", messageKey: problem.rawValue, message: problem.message)]
            return DeliveryViews.webhook(PageContext(req), company: company, companyName: name, url: url, newSecret: nil, errors: errors)
        }
        let secret = try await WebhookSettingsService(req).save(company: company, url: url.isEmpty ? nil : url,
                                                                rotateSecret: form.rotate_secret == "1", by: req.actor.userID)
        return DeliveryViews.webhook(PageContext(req), company: company, companyName: name, url: url.isEmpty ? nil : url, newSecret: secret,
                                     saved: true)
    }

    @Sendable func outbox(req: Request) async throws -> HTML {
        let store = OutboxStore(app: req.application)
        let counts = try await store.counts(maximumAttempts: Backoff.standard.maximumAttempts)
        let failures = try await store.recentFailures()
        return DeliveryViews.outbox(PageContext(req), smtpConfigured: req.application.mailTransport != nil, counts: counts, failures: failures)
    }
}

/// Saves webhook settings with their audit entry (the secret itself never goes into the trail).
struct WebhookSettingsService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// Returns the new secret when one was made (to show once), `nil` otherwise.
    func save(company: CompanyID, url: String?, rotateSecret: Bool, by actor: UserID?) async throws -> String? {
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let existing = try await CompanyWebhookModel.query(on: tx).filter(\.$companyID == company.rawValue).first()
            guard let url else {
                guard let existing else { return nil }
                try await existing.delete(on: tx)
                try await AuditLog.append(AuditEvent(action: "webhook.removed", targetType: "company_webhook", targetID: company.description,
                                                     companyID: company, changes: AuditRecord.changes(before: ["url": existing.url], after: ["url": nil])),
                                          by: actor, on: tx, at: now)
                return nil
            }
            let newSecret = existing == nil || rotateSecret ? SecureToken.generate(prefix: "whsec_") : nil
            // Stored sealed under the installation's key (`SecretBox`) when there is one.
            let stored = newSecret.map { secret in app.secretBox.map { $0.seal(secret) } ?? secret }
            let row = existing ?? CompanyWebhookModel(companyID: company.rawValue, url: url, secret: stored ?? "", updatedBy: actor?.rawValue, at: now)
            let before: [String: String?] = ["url": existing?.url, "secret": existing == nil ? nil : "(set)"]
            row.url = url
            if let stored { row.secret = stored }
            row.updatedBy = actor?.rawValue
            row.updatedAt = now
            try await row.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "webhook.saved", targetType: "company_webhook", targetID: company.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: before, after: ["url": url, "secret": newSecret == nil ? "(set)" : "(new)"])),
                                      by: actor, on: tx, at: now)
            return newSecret
        }
    }
}
