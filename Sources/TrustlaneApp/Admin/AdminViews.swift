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
        <table><thead><tr><th>\(c.t("field.name"))</th><th>\(c.t("field.email"))</th><th>\(c.t("users.companies"))</th>
        <th>\(c.t("users.platform_roles"))</th></tr></thead><tbody>\(body)</tbody></table>
        """)
    }

    struct AuditRow: Sendable {
        let sequence: Int
        let occurredAt: Date
        let actor: String?
        let company: String?
        let action: String
        let target: String
        let changes: [FieldChange]
    }

    static func audit(_ c: PageContext, title: String, rows: [AuditRow], olderThan: Int?, basePath: String) -> HTML {
        let body = HTML.join(rows) { row in
            let changes = HTML.join(row.changes) { change in
                "<li><code>\(change.field)</code>: <del>\(change.before ?? "∅")</del> → <ins>\(change.after ?? "∅")</ins></li>"
            }
            return """
            <tr><td class="num">\(row.sequence)</td><td>\(c.t.dateTime(row.occurredAt))</td><td>\(row.actor ?? "—")</td>
            <td>\(row.company ?? "—")</td><td><code>\(row.action)</code></td><td>\(row.target)</td><td><ul class="changes">\(changes)</ul></td></tr>
            """
        }
        let more: HTML = olderThan.map { "<p><a rel=\"next\" href=\"\(basePath)?before=\($0)\">\(c.t("audit.older"))</a></p>" } ?? .empty
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        <p>\(c.t("audit.intro"))</p>
        <table class="audit"><thead><tr><th>#</th><th>\(c.t("audit.when"))</th><th>\(c.t("audit.who"))</th><th>\(c.t("audit.company"))</th>
        <th>\(c.t("audit.action"))</th><th>\(c.t("audit.target"))</th><th>\(c.t("audit.changes"))</th></tr></thead><tbody>\(body)</tbody></table>
        \(more)
        """)
    }
}
