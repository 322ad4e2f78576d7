import Foundation
import TrustlaneCore

/// Administrators' pages: people and their platform roles; the audit trail.
enum AdminViews {
    struct UserRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let email: String
        let is_administrator: Bool
        let is_reviewer: Bool
        let is_consultant: Bool
        let companies: Int
    }

    /// The second step of granting or removing the administrator role.
    static func confirmAdministrator(_ c: PageContext, userID: UserID, name: String, email: String, granted: Bool) -> HTML {
        ConfirmView.page(c, title: c.t(granted ? "users.confirm_grant_admin" : "users.confirm_revoke_admin", ["name": name]),
                         detail: "\(name) · \(email)",
                         hint: c.t(granted ? "users.confirm_grant_admin_hint" : "users.confirm_revoke_admin_hint"),
                         action: SiteURL.userRoles(userID.rawValue),
                         fields: [("role", "administrator"), ("granted", granted ? "true" : "false")],
                         confirmLabel: c.t(granted ? "users.grant_admin" : "users.revoke_admin"), cancel: SiteURL.adminUsers)
    }

    static func users(_ c: PageContext, rows: [UserRow]) -> HTML {
        let body = HTML.join(rows) { row in
            let toggles = HTML.join(PlatformRole.allCases) { role in
                let has: Bool
                switch role {
                case .administrator: has = row.is_administrator
                case .reviewer: has = row.is_reviewer
                case .consultant: has = row.is_consultant
                }
                return """
                <form method="post" action="\(SiteURL.userRoles(row.id))" class="inline">\(c.csrfField)
                <input type="hidden" name="role" value="\(role.rawValue)"><input type="hidden" name="granted" value="\(has ? "false" : "true")">
                <button type="submit" class="toggle\(has ? " on" : "")" aria-pressed="\(has ? "true" : "false")">\(c.t(role.nameKey))</button></form>
                """
            }
            return "<tr><td>\(row.name)</td><td>\(row.email)</td><td class=\"num\">\(c.t.number(row.companies))</td><td>\(toggles)</td></tr>"
        }
        return Layout.page(c, title: c.t("nav.users"), """
        <h1>\(c.t("nav.users"))</h1>
        <p>\(c.t("users.intro"))</p>
        <table tabindex="0"><thead><tr><th>\(c.t("field.name"))</th><th>\(c.t("field.email"))</th><th>\(c.t("users.companies"))</th>
        <th>\(c.t("users.platform_roles"))</th></tr></thead><tbody>\(body)</tbody></table>
        """)
    }

    struct AuditRow: Sendable {
        let sequence: Int
        let occurredAt: Date
        let actor: String?
        let company: String?
        let action: String
        let targetType: String
        let targetID: String?
        let changes: [FieldChange]

        init(_ row: AuditQueries.Row) {
            sequence = row.seq
            occurredAt = row.occurred_at
            actor = row.actor_email
            company = row.company_name
            action = row.action
            targetType = row.target_type
            targetID = row.target_id
            changes = row.decodedChanges
        }
    }

    struct AuditModel: Sendable {
        let title: String
        let rows: [AuditRow]
        let olderThan: Int?
        let basePath: String
        let filter: AuditFilter
        /// The platform trail names each entry's company; a company's own trail does not.
        let showCompany: Bool
        var errors: [FieldError] = []
        /// On a refused filter: what was sent, shown back in the form.
        var sent: QueryParameters? = nil
    }

    /// An action's name in the reader's language (`audit_action.<code>`), or the code made readable.
    static func actionName(_ t: Localizer, _ action: String) -> String {
        let key = "audit_action.\(action)"
        return t.has(key) ? t(key) : AuditFilter.humanized(action)
    }

    /// A family of actions or a kind of target in the reader's language (`audit_word.<name>`).
    static func word(_ t: Localizer, _ name: String) -> String {
        t.has("audit_word.\(name)") ? t("audit_word.\(name)") : AuditFilter.humanized(name)
    }

    /// The actions offered in the filter: families first, then every action with a name.
    /// Every action with a name, and their families, read from the English file once.
    static let actionCodes: [String] = LocalizationCatalog.shared.localizer(for: .english).keys
        .filter { $0.hasPrefix("audit_action.") }.map { String($0.dropFirst("audit_action.".count)) }.sorted()
    static let actionFamilies: [String] = Set(actionCodes.compactMap { $0.split(separator: ".").first.map(String.init) }).sorted()

    static func actionOptions(_ c: PageContext) -> [(value: String, label: String)] {
        let (actions, families) = (actionCodes, actionFamilies)
        return families.map { ("\($0).", "\(word(c.t, $0)) (\(c.t("audit.filter.all_of_family")))") }
            + actions.map { ($0, actionName(c.t, $0)) }
    }

    static func audit(_ c: PageContext, _ m: AuditModel) -> HTML {
        let body = HTML.join(m.rows) { row in
            let changes = HTML.join(row.changes) { change in
                "<li><span class=\"field-name\">\(AuditFilter.humanized(change.field))</span>: <del>\(change.before ?? "∅")</del> → <ins>\(change.after ?? "∅")</ins></li>"
            }
            let target = [word(c.t, row.targetType), row.targetID].compactMap { $0 }.joined(separator: " ")
            return """
            <tr><td class="num">\(row.sequence)</td><td>\(c.t.dateTime(row.occurredAt))</td><td>\(row.actor ?? "—")</td>
            \(HTML.when(m.showCompany, "<td>\(row.company ?? "—")</td>"))<td data-action="\(row.action)">\(actionName(c.t, row.action))</td><td class="target">\(target)</td><td><ul class="changes">\(changes)</ul></td></tr>
            """
        }
        let query = m.filter.query
        let more: HTML = m.olderThan.map { "<p><a rel=\"next\" href=\"\(m.basePath)?\(query.isEmpty ? "" : query + "&")before=\($0)\">\(c.t("audit.older"))</a></p>" } ?? .empty
        let f = FormFields(c, errors: m.errors, idPrefix: "audit-")
        let sent = { (key: String, value: String?) in m.sent?.first(key) ?? value }
        let csv = m.basePath + ".csv" + (query.isEmpty ? "" : "?" + query)
        return Layout.page(c, title: m.title, """
        <h1>\(m.title)</h1>
        <p>\(c.t("audit.intro"))</p>
        \(f.errorSummary())
        <form id="audit-filter" method="get" action="\(m.basePath)" class="filters">
        \(f.input("person", label: c.t("audit.filter.person"), value: sent("person", m.filter.person), type: "search", maxLength: 200))
        \(HTML.when(m.showCompany, f.input("company", label: c.t("audit.filter.company"), value: sent("company", m.filter.company), type: "search", maxLength: 200)))
        \(f.select("action", label: c.t("audit.action"), options: actionOptions(c), selected: sent("action", m.filter.action), includeBlank: c.t("catalog.any")))
        \(f.input("from", label: c.t("audit.filter.from"), value: sent("from", m.filter.from), type: "date"))
        \(f.input("to", label: c.t("audit.filter.to"), value: sent("to", m.filter.to), type: "date"))
        <button type="submit">\(c.t("form.apply_filter"))</button>
        \(HTML.when(m.filter.isActive, "<a href=\"\(m.basePath)\">\(c.t("profile.filter.clear"))</a>"))</form>
        <p class="actions"><a class="button secondary" id="audit-csv" href="\(csv)" download>\(c.t("audit.export_csv"))</a></p>
        \(m.rows.isEmpty && m.errors.isEmpty ? "<p id=\"audit-empty\">\(c.t("audit.none"))</p>" as HTML : .empty)
        <table tabindex="0" class="audit stack"><thead><tr><th>#</th><th>\(c.t("audit.when"))</th><th>\(c.t("audit.who"))</th>\(HTML.when(m.showCompany, "<th>\(c.t("audit.company"))</th>"))
        <th>\(c.t("audit.action"))</th><th>\(c.t("audit.target"))</th><th>\(c.t("audit.changes"))</th></tr></thead><tbody>\(body.labellingCells(
            ["#", c.t("audit.when"), c.t("audit.who")] + (m.showCompany ? [c.t("audit.company")] : []) + [c.t("audit.action"), c.t("audit.target"), c.t("audit.changes")]))</tbody></table>
        \(more)
        """)
    }
}
