import TrustlaneCore
import Vapor

/// Moving a profile to a newer catalog version: the preview of what changes, and the move
/// itself (the company officer's).
struct ProfileUpgradeController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "profile", "upgrade", action: .upgradeProfileCatalog, use: preview)
        routes.on(.POST, "companies", ":companyID", "profile", "upgrade", action: .upgradeProfileCatalog, use: upgrade)
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        guard let entry = ProfileUpgradeService.successor(of: context.catalog, in: req.application.catalogs) else {
            let response = req.redirect(to: SiteURL.profile(company.companyID))
            response.flash(.info, "profile.upgrade.none", secure: req.application.config.secureCookies)
            return response
        }
        let preview = try await ProfileUpgradeService(req).preview(context, to: entry)
        return try await ProfileUpgradeView.page(PageContext(req), company: company.companyID, companyName: company.legalName, preview: preview)
            .encodeResponse(for: req)
    }

    @Sendable func upgrade(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        struct Form: Content { var catalog_id: String? }
        let form = try req.content.decode(Form.self)
        let upgraded = try await ProfileUpgradeService(req).upgrade(context, to: form.catalog_id, by: req.actor.userID)
        let response = req.redirect(to: SiteURL.profile(company.companyID))
        response.flash(.success, "profile.upgrade.done", ["title": upgraded.catalog.title], secure: req.application.config.secureCookies)
        return response
    }
}

/// The preview page: what the newer version changes for this profile, criterion by criterion.
enum ProfileUpgradeView {
    static func page(_ c: PageContext, company: CompanyID, companyName: String, preview: ProfileUpgradeService.Preview) -> HTML {
        func moves(_ list: [ProfileUpgradeService.Preview.Move], _ key: String) -> HTML {
            guard !list.isEmpty else { return .empty }
            let rows = HTML.join(list) { move in
                """
                <tr><td><strong>\(move.from.id.rawValue)</strong> \(move.from.title)</td>
                <td><strong>\(move.to.id.rawValue)</strong>\(CatalogViews.localMark(c, move.to.id)) \(move.to.title)</td>
                <td>\(move.answered ? c.t("profile.upgrade.answered") : "—")</td></tr>
                """
            }
            return """
            <section id="\(key)"><h2>\(c.t("profile.upgrade.\(key)", ["count": c.t.number(list.count)]))</h2>
            <p class="hint">\(c.t("profile.upgrade.\(key)_hint"))</p>
            <div class="table-scroll"><table tabindex="0"><thead><tr><th>\(c.t("profile.upgrade.old"))</th><th>\(c.t("profile.upgrade.new"))</th><th>\(c.t("profile.upgrade.your_answer"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            """
        }
        let changed: HTML = preview.changed.isEmpty ? .empty : """
            <section id="changed"><h2>\(c.t("profile.upgrade.changed", ["count": c.t.number(preview.changed.count)]))</h2><ul>
            \(HTML.join(preview.changed) { change in
                "<li><a href=\"\(SiteURL.criterion(preview.to.id, change.id))\"><strong>\(change.id.rawValue)</strong> \(change.new.title)</a> <small>(\(change.fields.map(\.rawValue).joined(separator: ", ")))</small></li>"
            })</ul></section>
            """
        let added: HTML = preview.added.isEmpty ? .empty : """
            <section id="added"><h2>\(c.t("profile.upgrade.added", ["count": c.t.number(preview.added.count)]))</h2><ul>
            \(HTML.join(preview.added) { "<li><strong>\($0.id.rawValue)</strong> \($0.title)</li>" })</ul></section>
            """
        return Layout.page(c, title: c.t("profile.upgrade.title"), """
        <p><a href="\(SiteURL.profile(company))">← \(c.t("profile.title"))</a></p>
        <h1>\(c.t("profile.upgrade.title"))</h1>
        <p>\(companyName): \(c.t("profile.upgrade.from_to", ["from": preview.from.title, "to": preview.to.title]))</p>
        <p>\(c.t("profile.upgrade.intro"))</p>
        \(moves(preview.renumbered, "renumbered"))
        \(moves(preview.folded, "folded"))
        \(changed)
        \(added)
        <form method="post" action="\(SiteURL.profileUpgrade(company))" class="stack narrow" id="upgrade-form">\(c.csrfField)
        <input type="hidden" name="catalog_id" value="\(preview.to.id)">
        <p class="hint">\(c.t("profile.upgrade.confirm_hint"))</p>
        <button type="submit">\(c.t("profile.upgrade.confirm", ["title": preview.to.title]))</button></form>
        """)
    }
}
