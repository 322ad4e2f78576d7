import TrustlaneCore

/// The signed-in start page: one's companies and, for administrators, where to begin.
enum HomeView {
    /// The administrator's health list: each line a state and what to do.
    static func health(_ c: PageContext, _ health: AdminHealth) -> HTML {
        let items = HTML.join(health.items) { item in
            var arguments = item.arguments
            if let date = item.date { arguments["at"] = c.t.dateTime(date) }
            let text: HTML = "\(c.t(item.textKey ?? "admin_health.\(item.key).\(item.level.rawValue)", arguments))"
            return """
            <li class="health health-\(item.level.rawValue)" data-health="\(item.key)" data-level="\(item.level.rawValue)">
            <span class="tag">\(c.t("admin_health.level.\(item.level.rawValue)"))</span> \(item.link.map { "<a href=\"\($0)\">\(text)</a>" as HTML } ?? text)</li>
            """
        }
        return """
        <section id="admin-health"><h2>\(c.t("admin_health.title"))</h2>
        <p id="admin-counts" data-people="\(health.people)" data-companies="\(health.companies)">\(c.t("admin_health.counts", ["people": c.t.number(health.people), "companies": c.t.number(health.companies)]))</p>
        <ul class="health-list">\(items)</ul>
        <form method="post" action="\(SiteURL.adminAuditVerify)" id="audit-verify" class="inline">\(c.csrfField)
        <button type="submit" class="secondary">\(c.t("admin_health.verify_now"))</button></form></section>
        """
    }

    static func render(_ c: PageContext, name: String, health: AdminHealth? = nil) -> HTML {
        let companies: HTML = c.companies.isEmpty
            ? "<p>\(c.t("home.no_companies"))</p>"
            : """
              <ul class="cards">\(HTML.join(c.companies) { company in
                  "<li><a href=\"\(SiteURL.company(company.id))\">\(company.name)</a> <span class=\"tag\">\(c.t(company.role.nameKey))</span></li>"
              })</ul>
              """
        let admin: HTML = c.allows(.createCompany) ? """
            <section><h2>\(c.t("home.admin_title"))</h2><ul>
            <li><a href="\(SiteURL.adminNewCompany)">\(c.t("company.new"))</a></li>
            <li><a href="\(SiteURL.adminCompanies)">\(c.t("nav.companies"))</a></li>
            <li><a href="\(SiteURL.adminUsers)">\(c.t("nav.users"))</a></li></ul></section>
            """ : .empty
        return Layout.page(c, title: c.t("home.title"), """
        <h1>\(c.t("home.welcome", ["name": name]))</h1>
        \(health.map { self.health(c, $0) })
        <section><h2>\(c.t("home.your_companies"))</h2>\(companies)</section>
        \(admin)
        """)
    }
}
