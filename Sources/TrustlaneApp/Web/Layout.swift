import TrustlaneCore

/// The one layout every page uses: head, navigation, flash, main content.
enum Layout {
    /// `scripts`: paths of scripts the page adds (deferred; the page works without them).
    static func page(_ c: PageContext, title: String, scripts: [String] = [], _ content: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="\(c.t.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Trustlane</title>
        <link rel="stylesheet" href="\(SiteURL.stylesheet)">\(HTML.join(scripts) { "\n<script src=\"\($0)\" defer></script>" })
        </head>
        <body>
        <a class="skip-link" href="#main">\(c.t("nav.skip_to_content"))</a>
        \(navigation(c))
        <main id="main">
        \(flash(c))
        \(content)
        </main>
        <footer class="site-footer"><p>\(c.t("footer.tagline")) · <a href="\(SiteURL.glossary)">\(c.t("glossary.link"))</a></p></footer>
        </body>
        </html>
        """
    }

    static func navigation(_ c: PageContext) -> HTML {
        guard let user = c.user else {
            return """
            <nav id="main-nav" aria-label="\(c.t("nav.label"))"><a class="brand" href="\(SiteURL.home)">Trustlane</a>
            <ul><li><a href="\(SiteURL.catalog)">\(c.t("nav.catalog"))</a></li><li><a href="\(SiteURL.signIn)">\(c.t("nav.sign_in"))</a></li></ul></nav>
            """
        }
        var links: [HTML] = [link(c, SiteURL.home, c.t("nav.home"))]
        if let company = c.currentCompany {
            links.append(link(c, SiteURL.company(company.id), c.t("nav.company")))
        }
        // Several companies (a consultant's clients, an officer of a group): one table of them all.
        if c.companies.count > 1 { links.append(link(c, SiteURL.portfolio, c.t("nav.portfolio"))) }
        links.append(link(c, SiteURL.catalog, c.t("nav.catalog")))
        if c.allows(.listAllCompanies) { links.append(link(c, SiteURL.adminCompanies, c.t("nav.companies"))) }
        if c.allows(.listUsers) { links.append(link(c, SiteURL.adminUsers, c.t("nav.users"))) }
        if c.allows(.viewPlatformAudit) { links.append(link(c, SiteURL.adminAudit, c.t("nav.audit"))) }
        if c.allows(.manageScreeningLists) { links.append(link(c, SiteURL.adminScreeningLists, c.t("nav.screening_lists"))) }
        if c.allows(.viewReviewQueue) { links.append(link(c, SiteURL.reviewQueue, c.t("nav.review"))) }
        let unread: HTML = c.unreadNotifications > 0 ? " <span class=\"badge\" id=\"unread-count\">\(c.unreadNotifications)</span>" : .empty
        links.append("<li><a href=\"\(SiteURL.notifications)\" id=\"nav-notifications\">\(c.t("nav.notifications"))\(unread)</a></li>")
        links.append(link(c, SiteURL.account, c.t("nav.account")))
        let companyName: HTML = c.currentCompany.map { "<span id=\"nav-company\">\($0.name)</span>" } ?? .empty
        let switcher: HTML = c.companies.count > 1 ? companySwitcher(c) : .empty
        return """
        <nav id="main-nav" aria-label="\(c.t("nav.label"))">
        <a class="brand" href="\(SiteURL.home)">Trustlane</a>
        <ul>\(links)</ul>
        <div class="nav-who">\(companyName) \(switcher)
        <span id="nav-user" title="\(user.name)">\(user.email)</span>
        <form id="sign-out-form" method="post" action="\(SiteURL.signOut)">\(c.csrfField)<button type="submit" class="link">\(c.t("nav.sign_out"))</button></form>
        </div>
        </nav>
        """
    }

    static func companySwitcher(_ c: PageContext) -> HTML {
        let options = HTML.join(c.companies) { company in
            "<option value=\"\(company.id)\"\(HTML.when(company.id == c.currentCompany?.id, " selected"))>\(company.name)</option>"
        }
        return """
        <form id="switch-company-form" method="post" action="\(SiteURL.switchCompany)">\(c.csrfField)
        <label class="visually-hidden" for="switch-company">\(c.t("nav.switch_company"))</label>
        <select id="switch-company" name="company_id">\(options)</select>
        <button type="submit">\(c.t("nav.switch"))</button></form>
        """
    }

    static func link(_ c: PageContext, _ href: String, _ label: String) -> HTML {
        let current = c.path == href || (href != "/" && c.path.hasPrefix(href + "/"))
        return "<li><a href=\"\(href)\"\(HTML.when(current, " aria-current=\"page\""))>\(label)</a></li>"
    }

    static func flash(_ c: PageContext) -> HTML {
        guard let flash = c.flash else { return .empty }
        let role = flash.kind == .error ? "alert" : "status"
        return "<div class=\"flash flash-\(flash.kind.rawValue)\" role=\"\(role)\">\(c.t(flash.key, flash.arguments))</div>"
    }

    /// An inline message (not carried over a redirect).
    static func message(_ kind: Flash.Kind, _ text: String) -> HTML {
        "<div class=\"flash flash-\(kind.rawValue)\" role=\"\(kind == .error ? "alert" : "status")\">\(text)</div>"
    }
}
