import Foundation
import TrustlaneCore

/// The webhook form and the outbox page.
enum DeliveryViews {
    static func webhook(_ c: PageContext, company: CompanyID, companyName: String, url: String?, newSecret: String?,
                        errors: [FieldError] = [], saved: Bool = false) -> HTML {
        let fields = FormFields(c, errors: errors)
        let secret: HTML = newSecret.map { secret in
            """
            <div class="flash flash-success" role="status" id="webhook-secret"><p>\(c.t("webhook.secret_shown_once"))</p>
            <p><code>\(secret)</code></p></div>
            """
        } ?? .empty
        let savedNote: HTML = saved && newSecret == nil ? Layout.message(.success, c.t(url == nil ? "webhook.removed" : "webhook.saved")) : .empty
        return Layout.page(c, title: c.t("webhook.title"), """
        <p><a href="\(SiteURL.companyVerification(company))">← \(companyName)</a></p>
        <h1>\(c.t("webhook.title"))</h1>
        \(savedNote)\(secret)
        <p>\(c.t("webhook.intro"))</p>
        <p class="hint">\(c.t("webhook.signature_hint", ["header": WebhookSignature.headerName]))</p>
        \(fields.errorSummary())
        <form id="webhook-form" method="post" action="\(SiteURL.companyWebhook(company))" class="stack">\(c.csrfField)
        \(fields.input("url", label: c.t("webhook.url"), value: url, type: "url", maxLength: WebhookTarget.maximumLength, hint: c.t("webhook.url_hint")))
        <label class="check"><input type="checkbox" name="rotate_secret" value="1"> \(c.t("webhook.rotate_secret"))</label>
        <button type="submit">\(c.t("webhook.save"))</button></form>
        """)
    }

    static func outbox(_ c: PageContext, smtpConfigured: Bool, counts: [OutboxStore.ChannelCounts], failures: [OutboxStore.Failure]) -> HTML {
        let smtp: HTML = smtpConfigured
            ? "<p id=\"smtp-status\" data-configured=\"true\">\(c.t("outbox.smtp_configured"))</p>"
            : "<div id=\"smtp-status\" data-configured=\"false\" class=\"flash flash-error\" role=\"alert\">\(c.t("outbox.smtp_not_configured"))</div>"
        let rows = HTML.join(OutboxStore.Channel.allCases) { channel in
            let row = counts.first { $0.channel == channel.rawValue }
            return """
            <tr data-channel="\(channel.rawValue)"><td>\(c.t("outbox.channel.\(channel.rawValue)"))</td>\
            <td data-count="waiting">\(row?.waiting ?? 0)</td><td data-count="failing">\(row?.failing ?? 0)</td>\
            <td data-count="given_up">\(row?.given_up ?? 0)</td><td data-count="sent">\(row?.sent ?? 0)</td></tr>
            """
        }
        let failureRows = HTML.join(failures) { failure in
            """
            <tr><td>\(c.t("outbox.channel.\(failure.channel)"))</td><td><code>\(failure.dedupe_key)</code></td><td>\(failure.attempts)</td>\
            <td>\(failure.next_attempt_at.map(c.t.dateTime) ?? c.t("outbox.given_up"))</td><td class="error-text">\(failure.last_error ?? "")</td></tr>
            """
        }
        return Layout.page(c, title: c.t("outbox.title"), """
        <h1>\(c.t("outbox.title"))</h1>
        \(smtp)
        <table tabindex="0" id="outbox-counts"><thead><tr><th>\(c.t("outbox.channel"))</th><th>\(c.t("outbox.waiting"))</th><th>\(c.t("outbox.failing"))</th>\
        <th>\(c.t("outbox.given_up"))</th><th>\(c.t("outbox.sent"))</th></tr></thead><tbody>\(rows)</tbody></table>
        <h2>\(c.t("outbox.recent_failures"))</h2>
        \(failures.isEmpty ? "<p>\(c.t("outbox.no_failures"))</p>" as HTML : """
            <table tabindex="0" id="outbox-failures"><thead><tr><th>\(c.t("outbox.channel"))</th><th>\(c.t("outbox.key"))</th><th>\(c.t("outbox.attempts"))</th>\
            <th>\(c.t("outbox.next_attempt"))</th><th>\(c.t("outbox.last_error"))</th></tr></thead><tbody>\(failureRows)</tbody></table>
            """)
        <p class="hint">\(c.t("outbox.retry_note"))</p>
        """)
    }
}
