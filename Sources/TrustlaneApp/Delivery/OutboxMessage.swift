import Foundation
import TrustlaneCore

/// What an outbox row says, as email text or as a webhook's JSON body.
enum OutboxMessage {
    /// The text of a notification key: in `language` when the localization files have it,
    /// otherwise the English of `NotificationTexts`.
    static func text(key: String, parameters: [String: String], language: Language) -> String {
        let localizer = LocalizationCatalog.shared.localizer(for: language)
        if localizer.has(key) { return localizer(key, parameters) }
        return NotificationTexts.english(key, parameters)
    }

    /// `path` made absolute with the public URL when one is configured.
    static func absolute(_ link: String?, publicURL: String?) -> String? {
        guard let link, !link.isEmpty else { return nil }
        guard link.hasPrefix("/"), let base = publicURL, !base.isEmpty else { return link }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + link
    }

    static func email(for row: OutboxStore.Row, from: String, publicURL: String?) throws -> MailMessage {
        guard let to = row.email else { throw DeliveryError("The recipient has no account any more") }
        let language = row.language.flatMap(Language.init(rawValue:)) ?? .english
        let text = text(key: row.message_key, parameters: row.decodedParameters, language: language)
        var subjectLine = text.split(separator: "\n").first.map(String.init) ?? text
        // Name the company the message is about, unless the text already does (an invitation).
        if let company = row.company_name, !company.isEmpty, !subjectLine.contains(company) { subjectLine = company + ": " + subjectLine }
        let subject = "Trustlane: " + (subjectLine.count > 120 ? String(subjectLine.prefix(117)) + "..." : subjectLine)
        var body = row.company_name.map { name in text.contains(name) ? text : name + "\n\n" + text } ?? text
        if let link = absolute(row.link, publicURL: publicURL) { body += "\n\n" + link }
        body += "\n\n-- \nTrustlane"
        let domain = from.split(separator: "@").last.map(String.init) ?? "trustlane"
        return MailMessage(from: from, to: to, subject: subject, body: body, messageID: "\(row.id.uuidString.lowercased())@\(domain)")
    }

    /// The JSON a webhook receives. `id` is the same on every retry, so receivers can drop
    /// repeats.
    struct WebhookPayload: Codable, Sendable {
        let id: UUID
        let type: String
        let dedupeKey: String
        let companyId: UUID?
        let text: String
        let parameters: [String: String]
        let link: String?
        let createdAt: Date
    }

    static func webhookBody(for row: OutboxStore.Row, publicURL: String?) throws -> Data {
        let parameters = row.decodedParameters
        let payload = WebhookPayload(id: row.id, type: row.message_key, dedupeKey: row.dedupe_key, companyId: row.company_id,
                                     text: NotificationTexts.english(row.message_key, parameters), parameters: parameters,
                                     link: absolute(row.link, publicURL: publicURL), createdAt: row.created_at)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }
}
