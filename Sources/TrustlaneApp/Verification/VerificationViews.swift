import Foundation
import TrustlaneCore

/// Status verification pages. None of them shows anything from a security profile: the views
/// are built from `PartnerStatusView` and `VerificationLinkView`, which hold no profile data.
enum VerificationViews {
    static func standing(_ c: PageContext, _ status: VerifiedStatus) -> HTML {
        "<span class=\"tag status-\(status.rawValue)\" data-status=\"\(status.rawValue)\">\(c.t("verified_status.\(status.rawValue)"))</span>"
    }

    static func page(_ c: PageContext, _ m: VerificationController.PageModel) -> HTML {
        let goodStanding = m.memberships.filter { $0.status.isMemberInGoodStanding }
        let own = HTML.join(m.memberships) { application in
            let status = StatusVerification.verifiedStatus(application)
            let tier: HTML = application.tier.map { "\(c.t($0.nameKey))" } ?? "—"
            return "<tr><td>\(c.t(application.entityType.nameKey)) (\(application.entityType.code))</td><td>\(standing(c, status))</td><td>\(tier)</td></tr>"
        }
        let ownTable: HTML = m.memberships.isEmpty ? "<p>\(c.t("verification.no_membership"))</p>" : """
            <table tabindex="0" id="own-standing"><thead><tr><th>\(c.t("company.entity_types"))</th><th>\(c.t("verification.standing"))</th>\
            <th>\(c.t("verification.tier"))</th></tr></thead><tbody>\(own)</tbody></table>
            """
        var issued: HTML = .empty
        if let token = m.issuedToken {
            issued = """
            <div class="flash flash-success" role="status" id="issued-link"><p>\(c.t("verification.link_issued"))</p>
            <p><code id="verification-url">\(token.url)</code></p><p class="hint">\(c.t("verification.shown_once"))</p></div>
            """
        }
        let linkRows = HTML.join(m.links) { link in
            let state: HTML = link.revokedAt != nil ? "\(c.t("verification.revoked"))" : (link.isActive(at: Date()) ? "\(c.t("verification.active"))" : "\(c.t("verification.expired"))")
            let revoke: HTML = link.revokedAt == nil ? """
                <form method="post" action="\(SiteURL.revokeVerificationLink(m.company, link.id))">\(c.csrfField)<button type="submit">\(c.t("verification.revoke"))</button></form>
                """ : .empty
            return "<tr data-link=\"\(link.id)\"><td>\(c.t.dateTime(link.createdAt))</td><td>\(link.expiresAt.map(c.t.date) ?? "—")</td><td>\(state)</td><td>\(revoke)</td></tr>"
        }
        let typeOptions = goodStanding.map { (value: $0.entityType.code, label: c.t($0.entityType.nameKey)) }
        let issueForm: HTML = goodStanding.isEmpty ? "<p class=\"hint\">\(c.t("verification.links_need_certification"))</p>" : """
            <form id="issue-link-form" method="post" action="\(SiteURL.verificationLinks(m.company))" class="stack">\(c.csrfField)
            \(FormFields(c).select("entity_type", label: c.t("company.entity_types"), options: typeOptions, selected: typeOptions.first?.value))
            <button type="submit">\(c.t("verification.issue_link"))</button></form>
            """
        let incomingRows = HTML.join(m.incoming) { connection in
            var actions: [HTML] = []
            if connection.status == .requested {
                actions += [decisionButton(c, m.company, connection, "accept"), decisionButton(c, m.company, connection, "decline")]
            }
            if connection.status == .requested || connection.status == .accepted { actions.append(decisionButton(c, m.company, connection, "remove")) }
            return """
            <tr data-connection="\(connection.id)"><td>\(m.names[connection.partnerCompanyID] ?? "—")</td><td>\(c.t("monitoring_status.\(connection.status.rawValue)"))</td>\
            <td>\(c.t.dateTime(connection.requestedAt))</td><td>\(actions)</td></tr>
            """
        }
        let outgoingRows = HTML.join(m.outgoing) { connection in
            let name = m.names[connection.memberCompanyID] ?? "—"
            let shown: HTML = connection.grantsView ? "<a href=\"\(SiteURL.monitoredCompany(m.company, connection.memberCompanyID))\">\(name)</a>" : "\(name)"
            let remove: HTML = connection.status == .requested || connection.status == .accepted ? decisionButton(c, m.company, connection, "remove") : .empty
            return "<tr data-connection=\"\(connection.id)\"><td>\(shown)</td><td>\(c.t("monitoring_status.\(connection.status.rawValue)"))</td><td>\(remove)</td></tr>"
        }
        let candidates: HTML = m.search == nil ? .empty : (m.candidates.isEmpty ? "<p id=\"no-candidates\">\(c.t("monitoring.no_candidates"))</p>" : """
            <ul id="candidates">\(HTML.join(m.candidates) { candidate in
                """
                <li><form method="post" action="\(SiteURL.monitoringRequests(m.company))">\(c.csrfField)\
                <input type="hidden" name="member_company_id" value="\(candidate.id.uuidString.lowercased())">\
                \(candidate.legal_name) <button type="submit">\(c.t("monitoring.request"))</button></form></li>
                """
            })</ul>
            """)
        return Layout.page(c, title: c.t("verification.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a> · <a href="\(SiteURL.companyWebhook(m.company))">\(c.t("webhook.title"))</a></p>
        <h1>\(c.t("verification.title"))</h1>
        <p>\(c.t("verification.intro"))</p>
        <section id="standing"><h2>\(c.t("verification.own_standing"))</h2>\(ownTable)</section>
        <section id="links"><h2>\(c.t("verification.links"))</h2>\(issued)
        <p class="hint">\(c.t("verification.links_intro"))</p>
        \(m.links.isEmpty ? HTML.empty : """
            <table tabindex="0" id="link-list"><thead><tr><th>\(c.t("verification.created"))</th><th>\(c.t("verification.expires"))</th>\
            <th>\(c.t("verification.state"))</th><th><span class="visually-hidden">\(c.t("table.actions"))</span></th></tr></thead><tbody>\(linkRows)</tbody></table>
            """)
        \(issueForm)</section>
        <section id="monitoring"><h2>\(c.t("monitoring.incoming"))</h2>
        \(m.incoming.isEmpty ? "<p>\(c.t("monitoring.no_incoming"))</p>" as HTML : """
            <table tabindex="0" id="incoming"><thead><tr><th>\(c.t("monitoring.partner"))</th><th>\(c.t("verification.state"))</th>\
            <th>\(c.t("monitoring.requested_at"))</th><th><span class="visually-hidden">\(c.t("table.actions"))</span></th></tr></thead><tbody>\(incomingRows)</tbody></table>
            """)</section>
        <section id="monitored"><h2>\(c.t("monitoring.outgoing"))</h2>
        \(m.outgoing.isEmpty ? "<p>\(c.t("monitoring.no_outgoing"))</p>" as HTML : """
            <table tabindex="0" id="outgoing"><thead><tr><th>\(c.t("monitoring.member"))</th><th>\(c.t("verification.state"))</th><th><span class="visually-hidden">\(c.t("table.actions"))</span></th></tr></thead>\
            <tbody>\(outgoingRows)</tbody></table>
            """)
        <form id="request-monitoring" method="post" action="\(SiteURL.monitoringRequests(m.company))" class="stack">\(c.csrfField)
        \(FormFields(c).input("q", label: c.t("monitoring.search"), value: m.search, maxLength: 100, hint: c.t("monitoring.search_hint")))
        <button type="submit">\(c.t("monitoring.find"))</button></form>
        \(candidates)</section>
        """)
    }

    static func decisionButton(_ c: PageContext, _ company: CompanyID, _ connection: MonitoringConnection, _ decision: String) -> HTML {
        """
        <form method="post" action="\(SiteURL.monitoringDecision(company, connection.id, decision))" class="inline">\(c.csrfField)\
        <button type="submit" name="decision" value="\(decision)">\(c.t("monitoring.\(decision)"))</button></form>
        """
    }

    /// What an accepted partner sees: standing and tier per membership, never the profile.
    static func partner(_ c: PageContext, company: CompanyID, views: [PartnerStatusView]) -> HTML {
        let name = views.first?.companyName ?? ""
        let rows = HTML.join(views) { view in
            """
            <tr><td>\(c.t(view.entityType.nameKey)) (\(view.entityType.code))</td><td>\(standing(c, view.status))</td>\
            <td>\(view.tier.map { c.t($0.nameKey) } ?? "—")</td><td>\(view.statusDate?.description ?? "—")</td></tr>
            """
        }
        return Layout.page(c, title: "\(c.t("verification.partner_title")): \(name)", """
        <p><a href="\(SiteURL.companyVerification(company))#monitored">← \(c.t("verification.title"))</a></p>
        <h1>\(name)</h1>
        <p class="hint">\(c.t("verification.partner_intro"))</p>
        <table tabindex="0" id="partner-view"><thead><tr><th>\(c.t("company.entity_types"))</th><th>\(c.t("verification.standing"))</th>\
        <th>\(c.t("verification.tier"))</th><th>\(c.t("verification.since"))</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
    }

    /// The public page behind a verification link: name, entity type, standing and its date.
    static func link(_ c: PageContext, _ view: VerificationLinkView) -> HTML {
        Layout.page(c, title: c.t("verification.link_title"), """
        <h1>\(c.t("verification.link_title"))</h1>
        <dl id="verified-status">
        <dt>\(c.t("verification.company"))</dt><dd id="verified-company">\(view.companyName)</dd>
        <dt>\(c.t("company.entity_types"))</dt><dd>\(c.t(view.entityType.nameKey)) (\(view.entityType.code))</dd>
        <dt>\(c.t("verification.standing"))</dt><dd>\(standing(c, view.status))</dd>
        <dt>\(c.t("verification.since"))</dt><dd>\(view.statusDate?.description ?? "—")</dd>
        </dl>
        <p class="hint">\(c.t("verification.link_note"))</p>
        """)
    }
}
