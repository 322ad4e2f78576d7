import TrustlaneCore

/// The signed-in start page: one's companies and, for administrators, where to begin.
enum HomeView {
    static func render(_ c: PageContext, name: String) -> HTML {
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
        <section><h2>\(c.t("home.your_companies"))</h2>\(companies)</section>
        \(admin)
        """)
    }
}
