import TrustlaneCore
import Vapor

/// `/portfolio`: every company the person holds a seat in, one row each (issue 14).
enum PortfolioView {
    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "portfolio", action: .listOwnCompanies) { req async throws -> Response in
            let c = PageContext(req)
            let query = QueryParameters(req)
            var filter = Portfolio.Filter()
            filter.country = query.first("country", maxLength: 2)
            filter.status = query.first("status").flatMap(MembershipStatus.init(rawValue:))
            filter.sort = query.first("sort").flatMap(Portfolio.Sort.init(rawValue:)) ?? .deadline
            do { filter.withinDays = try query.integer("within", min: 0, max: 3650) } catch let failure as ValidationFailure {
                return Response.html(page(c, rows: [], filter: filter, today: ProgramDay(req.now), total: c.companies.count, errors: failure.errors),
                                     status: .badRequest)
            }
            let today = ProgramDay(req.now)
            let rows = try await Portfolio.load(req, companies: c.companies.map(\.id), filter: filter, today: today)
            return try await page(c, rows: rows, filter: filter, today: today, total: c.companies.count).encodeResponse(for: req)
        }
    }

    static func dueText(_ c: PageContext, _ row: Portfolio.Row, today: ProgramDay) -> HTML {
        guard let due = row.nextDue, let days = row.daysLeft(today: today) else { return "—" }
        let when = days < 0 ? c.t("membership.days_overdue", ["count": c.t.number(-days)]) : c.t("membership.days_left", ["count": c.t.number(days)])
        let kind = row.nextDueKind.map { c.t("clock.\($0)") } ?? ""
        return "<span class=\"\(days < 0 ? "overdue" : "")\">\(kind) · \(due.description) · \(when)</span>"
    }

    static func page(_ c: PageContext, rows: [Portfolio.Row], filter: Portfolio.Filter, today: ProgramDay, total: Int,
                     errors: [FieldError] = []) -> HTML {
        let labels = [c.t("review.company"), c.t("company.entity_types"), c.t("profile.progress"), c.t("portfolio.open_musts"),
                      c.t("portfolio.open_requests"), c.t("portfolio.overdue_actions"), c.t("review.next_deadline")]
        let body = HTML.join(rows) { row in
            let types = HTML.join(row.applications) { application in
                "<span class=\"tag\">\(application.type.code)</span> \(MembershipParts.statusTag(c, application.status))\(application.tier.map { " <span class=\"tag tier\">\(c.t($0.nameKey))</span>" as HTML }) "
            }
            return """
            <tr data-company="\(row.id)"><td><a href="\(SiteURL.company(row.id))">\(row.name)</a> <small>\(row.country)</small></td><td>\(types)</td>
            <td>\(row.total == 0 ? "—" as HTML : ProfileViews.bar(row.percent, label: c.t("profile.progress_label")))</td>
            <td class="num">\(c.t.number(row.openMusts))</td><td class="num">\(c.t.number(row.openRequests))</td>
            <td class="num\(row.overdueActions > 0 ? " overdue" : "")">\(c.t.number(row.overdueActions))</td><td>\(dueText(c, row, today: today))</td></tr>
            """
        }
        let overdue = rows.filter { ($0.daysLeft(today: today) ?? 0) < 0 || $0.overdueActions > 0 }
        let overdueList: HTML = overdue.isEmpty ? .empty : """
            <section id="portfolio-overdue"><h2>\(c.t("portfolio.overdue_title"))</h2><ul>\(HTML.join(overdue) { row in
                let actions: HTML = row.overdueActions > 0
                    ? "<a href=\"\(SiteURL.actions(row.id))?overdue=1\">\(c.t("home.task.overdue_actions", ["count": c.t.number(row.overdueActions)]))</a>" : .empty
                let clock: HTML = (row.daysLeft(today: today) ?? 0) < 0 ? "<a href=\"\(SiteURL.companyMembership(row.id))\">\(dueText(c, row, today: today))</a>" : .empty
                return "<li><strong>\(row.name)</strong>: \(clock) \(actions)</li>"
            })</ul></section>
            """
        let f = FormFields(c, errors: errors, idPrefix: "portfolio-")
        let statuses = MembershipStatus.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let sorts = Portfolio.Sort.allCases.map { ($0.rawValue, c.t("portfolio.sort.\($0.rawValue)")) }
        return Layout.page(c, title: c.t("portfolio.title"), """
        <h1>\(c.t("portfolio.title"))</h1>
        <p>\(c.t("portfolio.intro", ["count": c.t.number(total)]))</p>
        \(f.errorSummary())
        <form id="portfolio-filter" method="get" action="\(SiteURL.portfolio)" class="filters">
        \(f.input("country", label: c.t("review.country"), value: filter.country, maxLength: 2))
        \(f.select("status", label: c.t("membership.status"), options: statuses, selected: filter.status?.rawValue, includeBlank: c.t("catalog.any")))
        \(f.input("within", label: c.t("portfolio.within"), value: filter.withinDays.map(String.init), type: "number"))
        \(f.select("sort", label: c.t("portfolio.sort"), options: sorts, selected: filter.sort.rawValue))
        <button type="submit">\(c.t("form.apply_filter"))</button></form>
        \(overdueList)
        <p id="portfolio-count">\(c.t("portfolio.count", ["shown": c.t.number(rows.count), "total": c.t.number(total)]))</p>
        <table tabindex="0" class="stack" id="portfolio"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
        <tbody>\(body.labellingCells(labels))</tbody></table>
        """)
    }
}
