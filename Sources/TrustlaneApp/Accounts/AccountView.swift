import Foundation
import TrustlaneCore

/// The account page: password, language and API tokens.
enum AccountView {
    struct TokenRow: Sendable {
        let id: UUID
        let name: String
        let prefix: String
        let createdAt: Date?
        let lastUsedAt: Date?
        let revokedAt: Date?
    }

    struct Model: Sendable {
        var name: String
        var email: String
        var language: String?
        var timeZone: String? = nil
        var roles: [PlatformRole]
        var tokens: [TokenRow]
        var newToken: String?
        var passwordErrors: [FieldError] = []
        var tokenErrors: [FieldError] = []
        var calendar = CalendarPart(createdAt: nil, lastReadAt: nil, newLink: nil, weeklyDigest: true)
    }

    /// The private calendar link and the weekly digest.
    struct CalendarPart: Sendable {
        let createdAt: Date?
        let lastReadAt: Date?
        /// The link just made, shown once.
        let newLink: String?
        let weeklyDigest: Bool
    }

    static func calendarSection(_ c: PageContext, _ part: CalendarPart) -> HTML {
        let fresh: HTML = part.newLink.map { link in
            """
            <div class="flash flash-success" role="status"><p>\(c.t("account.calendar_created"))</p>
            <p><code id="calendar-link">\(link)</code></p></div>
            """
        } ?? .empty
        let state: HTML = part.createdAt.map { created in
            """
            <p id="calendar-state">\(c.t("account.calendar_state", ["date": c.t.date(created), "read": part.lastReadAt.map(c.t.dateTime) ?? c.t("account.never")]))</p>
            <form method="post" action="\(SiteURL.accountCalendarRevoke)" id="calendar-revoke" class="inline">\(c.csrfField)
            <button type="submit" class="danger">\(c.t("account.calendar_revoke"))</button></form>
            """
        } ?? "<p id=\"calendar-state\" class=\"hint\">\(c.t("account.calendar_none"))</p>"
        return """
        <section id="calendar"><h2>\(c.t("account.calendar_title"))</h2>
        <p>\(c.t("account.calendar_intro"))</p>
        \(fresh)\(state)
        <form method="post" action="\(SiteURL.accountCalendar)" id="calendar-create" class="stack narrow">\(c.csrfField)
        <button type="submit">\(c.t(part.createdAt == nil ? "account.calendar_create" : "account.calendar_replace"))</button></form>
        <h3>\(c.t("account.digest_title"))</h3>
        <form method="post" action="\(SiteURL.accountDigest)" id="digest-form" class="stack narrow">\(c.csrfField)
        <label class="check"><input type="checkbox" name="weekly_digest" value="on"\(HTML.when(part.weeklyDigest, " checked"))> \(c.t("account.digest_label"))</label>
        <button type="submit">\(c.t("form.save"))</button></form></section>
        """
    }

    /// Every IANA zone Foundation knows, by name, built once.
    static let timeZoneOptions: [(value: String, label: String)] = TimeZone.knownTimeZoneIdentifiers.sorted()
        .filter { $0 != "UTC" && $0 != "GMT" }.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }

    static func render(_ c: PageContext, _ m: Model) -> HTML {
        let pf = FormFields(c, errors: m.passwordErrors)
        let tf = FormFields(c, errors: m.tokenErrors)
        let languages = [("", c.t("account.language_browser"))] + Language.allCases.map { ($0.rawValue, $0.nativeName) }
        let roles: HTML = m.roles.isEmpty ? .empty
            : "<p>\(c.t("account.platform_roles")): \(m.roles.map { c.t($0.nameKey) }.joined(separator: ", "))</p>"
        let newToken: HTML = m.newToken.map { token in
            """
            <div class="flash flash-success" role="status"><p>\(c.t("account.token_created"))</p>
            <p><code id="new-api-token">\(token)</code></p></div>
            """
        } ?? .empty
        let rows = HTML.join(m.tokens) { token in
            let status: HTML = token.revokedAt != nil ? "<span class=\"tag\">\(c.t("account.token_revoked"))</span>"
                : """
                  <form method="post" action="\(SiteURL.revokeToken(token.id))">\(c.csrfField)<button type="submit" class="link danger">\(c.t("account.token_revoke"))</button></form>
                  """
            return """
            <tr><td>\(token.name)</td><td><code>\(token.prefix)…</code></td><td>\(token.createdAt.map(c.t.date) ?? "")</td>
            <td>\(token.lastUsedAt.map(c.t.dateTime) ?? c.t("account.never"))</td><td>\(status)</td></tr>
            """
        }
        return Layout.page(c, title: c.t("account.title"), """
        <h1>\(c.t("account.title"))</h1>
        <p>\(m.name) · \(m.email)</p>\(roles)
        <section><h2>\(c.t("account.password_title"))</h2>
        <form id="password-form" method="post" action="\(SiteURL.accountPassword)" class="stack narrow">\(c.csrfField)
        \(pf.input("current_password", label: c.t("field.current_password"), type: "password", required: true, autocomplete: "current-password"))
        \(pf.input("new_password", label: c.t("field.new_password"), type: "password", required: true, autocomplete: "new-password",
                   hint: c.t("field.password_hint", ["min": String(PasswordRule.minimumLength)])))
        \(pf.input("new_password_confirmation", label: c.t("field.password_confirmation"), type: "password", required: true, autocomplete: "new-password"))
        <button type="submit">\(c.t("account.password_submit"))</button></form></section>
        <section><h2>\(c.t("account.language_title"))</h2>
        <form id="language-form" method="post" action="\(SiteURL.accountLanguage)" class="stack narrow">\(c.csrfField)
        \(FormFields(c).select("language", label: c.t("field.language"), options: languages, selected: m.language ?? ""))
        <button type="submit">\(c.t("form.save"))</button></form></section>
        <section><h2>\(c.t("account.time_zone_title"))</h2>
        <p class="hint">\(c.t("account.time_zone_intro"))</p>
        <form id="time-zone-form" method="post" action="\(SiteURL.accountTimeZone)" class="stack narrow">\(c.csrfField)
        \(FormFields(c).select("time_zone", label: c.t("field.time_zone"), options: timeZoneOptions, selected: m.timeZone ?? "", includeBlank: "UTC"))
        <button type="submit">\(c.t("form.save"))</button></form></section>
        \(calendarSection(c, m.calendar))
        <section><h2>\(c.t("account.tokens_title"))</h2>
        <p>\(c.t("account.tokens_intro"))</p>
        \(newToken)
        <table tabindex="0"><thead><tr><th>\(c.t("field.token_name"))</th><th>\(c.t("account.token_prefix"))</th><th>\(c.t("account.created"))</th>
        <th>\(c.t("account.last_used"))</th><th><span class="visually-hidden">\(c.t("table.actions"))</span></th></tr></thead><tbody>\(rows)</tbody></table>
        <form id="token-form" method="post" action="\(SiteURL.accountTokens)" class="stack narrow">\(c.csrfField)
        \(tf.input("name", label: c.t("field.token_name"), required: true, maxLength: 100))
        <button type="submit">\(c.t("account.token_create"))</button></form></section>
        """)
    }
}
