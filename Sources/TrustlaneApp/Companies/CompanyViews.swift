import Foundation
import TrustlaneCore

/// Company pages: the form, the company page and the administrators' list.
enum CompanyViews {
    struct FormValues: Sendable {
        var legalName: String?
        var country: String?
        var address: String?
        var entityTypes: Set<String> = []
        var identifiers: [CompanyIdentifierKind: String] = [:]
        var otherIdentifiers: String?

        init() {}

        init(draft: CompanyDraft) {
            legalName = draft.legalName
            country = draft.country.code
            address = draft.address
            entityTypes = Set(draft.entityTypes.map(\.code))
            for identifier in draft.identifiers where identifier.kind != .other { identifiers[identifier.kind] = identifier.value }
            otherIdentifiers = draft.identifiers.filter { $0.kind == .other }
                .map { "\($0.label ?? ""): \($0.value)" }.joined(separator: "\n")
        }
    }

    static func countryOptions(_ c: PageContext) -> [(value: String, label: String)] {
        CountryCode.all.sorted().map { code in
            (code, "\(CountryCode(code)!.name(in: c.t.language)) (\(code))")
        }.sorted { $0.label.localizedCaseInsensitiveCompare($1.label) == .orderedAscending }
    }

    static func form(_ c: PageContext, values: FormValues, errors: [FieldError], action: String, title: String) -> HTML {
        let f = FormFields(c, errors: errors)
        let types = EntityType.allCases.map { ($0.code, "\(c.t($0.nameKey)) (\($0.code))") }
        let identifierInputs = HTML.join(CompanyIdentifierKind.named) { kind in
            f.input(kind.rawValue, label: c.t(kind.nameKey), value: values.identifiers[kind], maxLength: CompanyDraft.maxIdentifierLength)
        }
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        \(f.errorSummary())
        <form id="company-form" method="post" action="\(action)" class="stack">\(c.csrfField)
        \(f.input("legal_name", label: c.t("company.legal_name"), value: values.legalName, required: true, maxLength: CompanyDraft.maxNameLength))
        \(f.select("country", label: c.t("company.country"), options: countryOptions(c), selected: values.country, includeBlank: c.t("form.choose")))
        \(f.textarea("address", label: c.t("company.address"), value: values.address))
        \(f.checkboxes("entity_types", legend: c.t("company.entity_types"), options: types, checked: values.entityTypes))
        <fieldset class="field"><legend>\(c.t("company.identifiers"))</legend><div class="grid">\(identifierInputs)</div>
        \(f.textarea("other_identifiers", label: c.t("identifier.other"), value: values.otherIdentifiers, hint: c.t("company.other_identifiers_hint")))
        </fieldset>
        <button type="submit">\(c.t("form.save"))</button>
        </form>
        """)
    }

    struct ShowModel: Sendable {
        let id: CompanyID
        let draft: CompanyDraft
        let members: [CompanyQueries.MemberRow]
        let invitations: [CompanyQueries.PendingInvitationRow]
        var newInvitationLink: String?
        var inviteErrors: [FieldError] = []
        var inviteEmail: String?
        var inviteRole: String?
        /// Where the company stands and what to do next (read for the company page only).
        var home: CompanyHome? = nil
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.draft
        let identifiers = HTML.join(d.identifiers) { identifier in
            "<dt>\(identifier.kind == .other ? (identifier.label ?? "") : c.t(identifier.kind.nameKey))</dt><dd>\(identifier.value)</dd>"
        }
        let types = HTML.join(d.entityTypes) { "<li><span class=\"tag\">\($0.code)</span> \(c.t($0.nameKey))</li>" }
        let members = HTML.join(m.members) { member in
            "<tr><td>\(member.name)</td><td>\(member.email)</td><td>\(CompanyRole(rawValue: member.role).map { c.t($0.nameKey) } ?? member.role)</td></tr>"
        }
        let canEdit = c.allows(.editCompany, company: m.id)
        let canInvite = c.allows(.inviteMember, company: m.id)
        let now = Date()
        let pending: HTML = m.invitations.isEmpty ? .empty : """
            <h3>\(c.t("company.pending_invitations"))</h3><ul class="cards" id="pending-invitations">\(HTML.join(m.invitations) { invitation in
                let expired = invitation.expires_at <= now
                let base = SiteURL.companyInvitation(m.id, invitation.id)
                let manage: HTML = canInvite ? """
                    <form method="post" action="\(base)/resend" class="inline">\(c.csrfField)<button type="submit" class="secondary">\(c.t("company.invitation_resend"))</button></form>
                    <form method="post" action="\(base)/revoke" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("company.invitation_revoke"))</button></form>
                    """ : .empty
                return """
                <li id="invitation-\(invitation.id.uuidString.lowercased())">\(invitation.email) · \(CompanyRole(rawValue: invitation.role).map { c.t($0.nameKey) } ?? invitation.role) · \(expired
                    ? "<span class=\"tag expired\">\(c.t("company.invitation_expired", ["date": c.t.date(invitation.expires_at)]))</span>" as HTML
                    : "\(c.t("company.invitation_expires", ["date": c.t.date(invitation.expires_at)]))")
                \(manage)</li>
                """
            })</ul>
            """
        let link: HTML = m.newInvitationLink.map { link in
            """
            <div class="flash flash-success" role="status"><p>\(c.t("company.invitation_created"))</p>
            <p><a id="invitation-link" href="\(link)">\(link)</a></p>
            \(HTML.when(link.hasPrefix("/"), "<p class=\"hint\">\(c.t("company.invitation_relative_hint"))</p>"))</div>
            """
        } ?? .empty
        let f = FormFields(c, errors: m.inviteErrors)
        let roles = CompanyRole.allCases.filter { AccessPolicy.mayGrant($0, by: c.actor, in: m.id) }.map { ($0.rawValue, c.t($0.nameKey)) }
        let invite: HTML = canInvite ? """
            <form id="invite-form" method="post" action="\(SiteURL.companyInvitations(m.id))" class="stack narrow">\(c.csrfField)
            \(f.input("email", label: c.t("field.email"), value: m.inviteEmail, type: "email", required: true))
            \(f.select("role", label: c.t("field.role"), options: roles, selected: m.inviteRole ?? CompanyRole.contributor.rawValue))
            <button type="submit">\(c.t("company.invite"))</button></form>
            """ : .empty
        // The journey's steps in order; the daily records; settings apart (issue 14).
        let actions: HTML = """
            <nav class="journey" aria-label="\(c.t("home.journey"))"><ol class="steps">
            \(HTML.when(c.allows(.viewEligibility, company: m.id), "<li><a class=\"button\" id=\"eligibility-link\" href=\"\(SiteURL.companyEligibility(m.id))\">\(c.t("eligibility.title"))</a></li>"))
            <li><a class="button secondary" href="\(SiteURL.companyCriteria(m.id, types: m.draft.entityTypes))">\(c.t("company.criteria"))</a></li>
            \(HTML.when(c.allows(.viewProfile, company: m.id), "<li><a class=\"button\" id=\"profile-link\" href=\"\(SiteURL.profile(m.id))\">\(c.t("profile.title"))</a></li>"))
            \(HTML.when(c.allows(.viewRiskAssessment, company: m.id), "<li><a class=\"button\" id=\"risk-link\" href=\"\(SiteURL.risk(m.id))\">\(c.t("company.risk"))</a></li>"))
            \(HTML.when(c.allows(.viewMembership, company: m.id), "<li><a class=\"button\" id=\"membership-link\" href=\"\(SiteURL.companyMembership(m.id))\">\(c.t("membership.title_with_clocks"))</a></li>"))
            </ol></nav>
            \(HTML.when(c.allows(.viewProfileDraft, company: m.id), "<p class=\"actions daily\"><a class=\"button secondary\" href=\"\(SiteURL.actions(m.id))\">\(c.t("actions.title"))</a> <a class=\"button secondary\" href=\"\(SiteURL.profileEvidence(m.id))\">\(c.t("profile.evidence"))</a></p>"))
            \(HTML.when(c.allows(.viewBusinessPartners, company: m.id), "<p class=\"actions daily\"><a class=\"button secondary\" id=\"partners-link\" href=\"\(SiteURL.partners(m.id))\">\(c.t("partners.title"))</a>\(HTML.when(c.allows(.viewInspections, company: m.id), " <a class=\"button secondary\" id=\"inspections-link\" href=\"\(SiteURL.inspections(m.id))\">\(c.t("inspections.title"))</a>"))\(HTML.when(c.allows(.viewSeals, company: m.id), " <a class=\"button secondary\" id=\"seals-link\" href=\"\(SiteURL.seals(m.id))\">\(c.t("seals.title"))</a>"))\(HTML.when(c.allows(.viewShipments, company: m.id), " <a class=\"button secondary\" id=\"shipments-link\" href=\"\(SiteURL.shipments(m.id))\">\(c.t("shipments.title"))</a>"))\(HTML.when(c.allows(.viewTraining, company: m.id), " <a class=\"button secondary\" id=\"training-link\" href=\"\(SiteURL.training(m.id))\">\(c.t("training.title"))</a>"))\(HTML.when(c.allows(.viewIncidents, company: m.id), " <a class=\"button secondary\" id=\"incidents-link\" href=\"\(SiteURL.incidents(m.id))\">\(c.t("incidents.title"))</a>"))\(HTML.when(!c.allows(.viewIncidents, company: m.id) && c.allows(.reportIncidents, company: m.id), " <a class=\"button secondary\" id=\"report-incident-link\" href=\"\(SiteURL.newIncident(m.id))\">\(c.t("incidents.new"))</a>"))\(HTML.when(c.allows(.viewGateLogs, company: m.id), " <a class=\"button secondary\" id=\"gate-link\" href=\"\(SiteURL.gate(m.id))\">\(c.t("gate.title"))</a>"))</p>"))
            """
        let settingsLinks: HTML = """
            \(HTML.when(canEdit, "<a href=\"\(SiteURL.companyEdit(m.id))\">\(c.t("form.edit"))</a>"))
            \(HTML.when(c.allows(.manageStatusVerification, company: m.id), "<a id=\"verification-link\" href=\"\(SiteURL.companyVerification(m.id))\">\(c.t("company.verification"))</a>"))
            \(HTML.when(c.allows(.manageStatusVerification, company: m.id), "<a href=\"\(SiteURL.companyWebhook(m.id))\">\(c.t("company.webhook"))</a>"))
            \(HTML.when(c.allows(.viewCompanyAudit, company: m.id), "<a href=\"\(SiteURL.companyAudit(m.id))\">\(c.t("nav.audit"))</a>"))
            """
        return Layout.page(c, title: d.legalName, """
        <h1>\(d.legalName)</h1>
        \(actions)
        \(m.home.map { CompanyHomeView.standing(c, company: m.id, $0) })
        <dl class="facts"><dt>\(c.t("company.country"))</dt><dd>\(d.country.name(in: c.t.language)) (\(d.country.code))</dd>
        <dt>\(c.t("company.address"))</dt><dd class="pre">\(d.address ?? "—")</dd>\(identifiers)</dl>
        <section><h2>\(c.t("company.entity_types"))</h2><ul class="plain">\(types)</ul></section>
        <section><h2>\(c.t("company.members"))</h2>
        <table tabindex="0" class="stack" id="member-list"><thead><tr><th>\(c.t("field.name"))</th><th>\(c.t("field.email"))</th><th>\(c.t("field.role"))</th></tr></thead>
        <tbody>\(members.labellingCells([c.t("field.name"), c.t("field.email"), c.t("field.role")]))</tbody></table>
        \(pending)\(link)\(invite)</section>
        \(HTML.when(!settingsLinks.rendered.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "<section id=\"company-settings\"><h2>\(c.t("home.settings"))</h2><p class=\"actions\">\(settingsLinks)</p></section>"))
        """)
    }

    struct ListModel: Sendable {
        let rows: [CompanyQueries.ListRow]
        let total: Int
        let page: Int
        let pageSize: Int
        let search: String?
    }

    static func list(_ c: PageContext, _ m: ListModel) -> HTML {
        let rows = HTML.join(m.rows) { row in
            """
            <tr><td><a href="\(SiteURL.company(CompanyID(row.id)))">\(row.legal_name)</a></td><td>\(row.country)</td>
            <td>\((row.entity_types ?? "").replacingOccurrences(of: ",", with: ", "))</td><td class="num">\(c.t.number(row.members))</td></tr>
            """
        }
        let pages = max(1, (m.total + m.pageSize - 1) / m.pageSize)
        let query = m.search.map { "&q=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? ""
        let previous: HTML = m.page > 1 ? "<a rel=\"prev\" href=\"\(SiteURL.adminCompanies)?page=\(m.page - 1)\(query)\">\(c.t("list.previous"))</a>" : .empty
        let next: HTML = m.page < pages ? "<a rel=\"next\" href=\"\(SiteURL.adminCompanies)?page=\(m.page + 1)\(query)\">\(c.t("list.next"))</a>" : .empty
        return Layout.page(c, title: c.t("nav.companies"), """
        <h1>\(c.t("nav.companies"))</h1>
        \(HTML.when(c.allows(.createCompany), "<p><a class=\"button\" href=\"\(SiteURL.adminNewCompany)\">\(c.t("company.new"))</a></p>"))
        <form method="get" action="\(SiteURL.adminCompanies)" class="inline" role="search">
        <label for="q">\(c.t("list.search"))</label><input id="q" name="q" type="search" value="\(m.search ?? "")">
        <button type="submit">\(c.t("list.search_submit"))</button></form>
        <p>\(c.t("list.count", ["count": c.t.number(m.total)]))</p>
        <table tabindex="0" class="stack" id="company-list"><thead><tr><th>\(c.t("company.legal_name"))</th><th>\(c.t("company.country"))</th><th>\(c.t("company.entity_types"))</th>
        <th>\(c.t("company.members"))</th></tr></thead><tbody>\(rows.labellingCells([c.t("company.legal_name"), c.t("company.country"),
            c.t("company.entity_types"), c.t("company.members")]))</tbody></table>
        <nav class="pager" aria-label="\(c.t("list.pages"))">\(previous) <span>\(c.t("list.page_of", ["page": c.t.number(m.page), "pages": c.t.number(pages)]))</span> \(next)</nav>
        """)
    }
}
