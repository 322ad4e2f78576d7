import Foundation
import TrustlaneCore

/// The reviewer queue, the program overview and the printable validation report.
enum ReviewViews {
    static func dueCell(_ c: PageContext, _ row: ReviewQueueQueries.Row, today: ProgramDay) -> HTML {
        guard let raw = row.next_due_on, let due = ProgramDay(raw) else { return "—" }
        let left = today.days(until: due)
        let state = MembershipClocks(settings: c.settings).state(dueOn: due, metOn: nil, today: today)
        let kind = row.next_due_kind.map { c.t("clock.\($0)") } ?? ""
        let words = left < 0 ? c.t("membership.days_overdue", ["count": c.t.number(-left)]) : c.t("membership.days_left", ["count": c.t.number(left)])
        return "\(kind): \(raw) <span class=\"clock-state clock-\(state.rawValue)\" data-state=\"\(state.rawValue)\">\(c.t("clock_state.\(state.rawValue)")) · \(words)</span>"
    }

    /// An applicant's age against the certification target (90 days): days since it applied.
    static func ageCell(_ c: PageContext, _ row: ReviewQueueQueries.Row, today: ProgramDay) -> HTML {
        guard let status = MembershipStatus(rawValue: row.status), status.isApplicant, let applied = row.applied_at else { return "—" }
        let age = ProgramDay(applied).days(until: today)
        let target = c.settings.certificationTargetDays
        let state = age > target ? "overdue" : age >= target - c.settings.dueSoonDays ? "due_soon" : "ok"
        return "<span class=\"clock-\(state)\" data-age=\"\(age)\">\(c.t("review.age_of_target", ["days": c.t.number(age), "target": c.t.number(target)]))</span>"
    }

    static func rows(_ c: PageContext, _ rows: [ReviewQueueQueries.Row], today: ProgramDay) -> HTML {
        HTML.join(rows) { row in
            let type = EntityType(rawValue: row.entity_type)
            let link = type.map { SiteURL.membershipReview(CompanyID(row.company_id), $0) } ?? "#"
            return """
            <tr data-application="\(row.id.uuidString.lowercased())" data-status="\(row.status)">
            <td><a href="\(link)">\(row.legal_name)</a></td><td>\(row.country)</td><td>\(type?.code ?? row.entity_type)</td>
            <td>\(MembershipParts.statusTag(c, MembershipStatus(rawValue: row.status)))</td>
            <td>\(row.reviewer_name ?? c.t("review.unassigned"))</td><td>\(ageCell(c, row, today: today))</td><td>\(dueCell(c, row, today: today))</td></tr>
            """
        }
    }

    static func table(_ c: PageContext, id: String, _ body: HTML) -> HTML {
        """
        <table tabindex="0" class="stack" id="\(id)"><thead><tr><th>\(c.t("review.company"))</th><th>\(c.t("review.country"))</th><th>\(c.t("company.entity_types"))</th>
        <th>\(c.t("membership.status"))</th><th>\(c.t("review.reviewer"))</th><th>\(c.t("review.age"))</th><th>\(c.t("review.next_deadline"))</th></tr></thead><tbody>\(body.labellingCells([
            c.t("review.company"), c.t("review.country"), c.t("company.entity_types"), c.t("membership.status"), c.t("review.reviewer"), c.t("review.age"),
            c.t("review.next_deadline")]))</tbody></table>
        """
    }

    static func queue(_ c: PageContext, page: ReviewQueueQueries.Page, filter: ReviewQueueQueries.Filter,
                      reviewers: [ReviewQueueQueries.Reviewer], today: ProgramDay) -> HTML {
        let f = FormFields(c)
        let statuses = MembershipStatus.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let types = EntityType.allCases.map { ($0.code, "\(c.t($0.nameKey)) (\($0.code))") }
        let people = [("unassigned", c.t("review.unassigned"))] + reviewers.map { ($0.id.uuidString, $0.name) }
        var query = [String]()
        if let status = filter.status { query.append("state=\(status.rawValue)") }
        if let type = filter.entityType { query.append("entityType=\(type.code)") }
        if let country = filter.country { query.append("country=\(country)") }
        if let reviewer = filter.reviewer { query.append("reviewer=\(reviewer)") }
        func pageLink(_ number: Int, _ label: String) -> HTML {
            "<a href=\"\(SiteURL.reviewQueue)?\((query + ["page=\(number)"]).joined(separator: "&"))\">\(label)</a>"
        }
        let pages = max(1, (page.total + filter.per - 1) / filter.per)
        let pager: HTML = """
        <p class="pager">\(HTML.when(filter.page > 1, pageLink(filter.page - 1, c.t("review.previous")))) \(c.t("review.page", ["page": c.t.number(filter.page), "pages": c.t.number(pages), "total": c.t.number(page.total)])) \(HTML.when(filter.page < pages, pageLink(filter.page + 1, c.t("review.next"))))</p>
        """
        let mine = c.user?.id.map { $0.uuidString } ?? ""
        func tab(_ id: String, _ reviewer: String?, _ label: String) -> HTML {
            let current = filter.reviewer == reviewer
            let href = reviewer.map { "\(SiteURL.reviewQueue)?reviewer=\($0)" } ?? SiteURL.reviewQueue
            return "<a id=\"\(id)\" href=\"\(href)\"\(HTML.when(current, " aria-current=\"page\""))>\(label)</a>"
        }
        return Layout.page(c, title: c.t("review.queue_title"), """
        <h1>\(c.t("review.queue_title"))</h1>
        <p class="tabs">\(tab("queue-mine", mine, c.t("review.assigned_to_me"))) · \(tab("queue-unassigned", "unassigned", c.t("review.unassigned")))
         · \(tab("queue-all", nil, c.t("review.all_items"))) · <a href="\(SiteURL.reviewOverview)">\(c.t("review.overview_title"))</a>
         · <a id="queue-csv" href="\(SiteURL.reviewQueueCSV)?\(query.joined(separator: "&"))">\(c.t("review.download_csv"))</a></p>
        <form method="get" action="\(SiteURL.reviewQueue)" class="filters" id="queue-filters">
        \(f.select("state", label: c.t("membership.status"), options: statuses, selected: filter.status?.rawValue, includeBlank: c.t("review.any")))
        \(f.select("entityType", label: c.t("company.entity_types"), options: types, selected: filter.entityType?.code, includeBlank: c.t("review.any")))
        \(f.input("country", label: c.t("review.country"), value: filter.country, maxLength: 2))
        \(f.select("reviewer", label: c.t("review.reviewer"), options: people, selected: filter.reviewer, includeBlank: c.t("review.any")))
        <button type="submit">\(c.t("review.filter"))</button></form>
        \(table(c, id: "review-queue", rows(c, page.rows, today: today)))
        \(pager)
        """)
    }

    static func counts(_ c: PageContext, id: String, title: String, _ values: [String: Int], label: (String) -> String) -> HTML {
        let rows = HTML.join(values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) { key, count in
            "<tr data-key=\"\(key)\"><td>\(label(key))</td><td>\(c.t.number(count))</td></tr>"
        }
        return "<section><h2>\(title)</h2><table tabindex=\"0\" id=\"\(id)\"><tbody>\(rows)</tbody></table></section>"
    }

    /// A chart in a figure, the table beside it carrying the same numbers for screen readers and copying.
    static func chart(_ c: PageContext, id: String, _ chart: BarChart) -> HTML {
        ChartFigure.figure(id: id, chart)
    }

    /// The overview's four charts: states, entity types, the fifteen largest countries, overdue by age.
    static func charts(_ c: PageContext, _ overview: ReviewQueueQueries.Overview) -> HTML {
        func sorted(_ values: [String: Int]) -> [(String, Int)] {
            values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        let states = BarChart(title: c.t("review.by_status"), bars: MembershipStatus.allCases.compactMap { status in
            overview.byStatus[status.rawValue].map { BarChart.Bar(key: status.rawValue, label: c.t(status.nameKey), value: $0) }
        })
        let types = BarChart(title: c.t("review.by_entity_type"), bars: sorted(overview.byEntityType).map { key, value in
            BarChart.Bar(key: key, label: EntityType(rawValue: key).map { "\(c.t($0.nameKey)) (\($0.code))" } ?? key, value: value)
        })
        let top = sorted(overview.byCountry)
        var countries = top.prefix(15).map { BarChart.Bar(key: $0.0, label: $0.0, value: $0.1) }
        let rest = top.dropFirst(15).reduce(0) { $0 + $1.1 }
        if rest > 0 { countries.append(BarChart.Bar(key: "other", label: c.t("review.other_countries"), value: rest)) }
        let ages = BarChart(title: c.t("review.overdue_by_age"), bars: zip(ReviewQueueQueries.overdueAges, overview.overdueByAge).map { range, value in
            let key = range.upperBound == Int.max ? "\(range.lowerBound)+" : "\(range.lowerBound)-\(range.upperBound)"
            let label = range.upperBound == Int.max ? c.t("review.overdue_over", ["days": String(range.lowerBound - 1)])
                : c.t("review.overdue_between", ["from": String(range.lowerBound), "to": String(range.upperBound)])
            return BarChart.Bar(key: key, label: label, value: value, tone: "overdue")
        })
        return """
        <div class="chart-grid">\(chart(c, id: "chart-states", states))\(chart(c, id: "chart-entity-types", types))
        \(chart(c, id: "chart-countries", BarChart(title: c.t("review.by_country_top"), bars: countries)))\(chart(c, id: "chart-overdue-age", ages))</div>
        """
    }

    static func overview(_ c: PageContext, _ overview: ReviewQueueQueries.Overview, today: ProgramDay) -> HTML {
        Layout.page(c, title: c.t("review.overview_title"), """
        <p><a href="\(SiteURL.reviewQueue)">← \(c.t("review.queue_title"))</a> · <a id="overview-csv" href="\(SiteURL.reviewOverviewCSV)">\(c.t("review.download_csv"))</a></p>
        <h1>\(c.t("review.overview_title"))</h1>
        <p>\(c.t("review.overview_total", ["count": c.t.number(overview.total)]))</p>
        \(charts(c, overview))
        <div class="overview-grid">
        \(counts(c, id: "by-status", title: c.t("review.by_status"), overview.byStatus) { MembershipStatus(rawValue: $0).map { c.t($0.nameKey) } ?? $0 })
        \(counts(c, id: "by-entity-type", title: c.t("review.by_entity_type"), overview.byEntityType) { EntityType(rawValue: $0).map { c.t($0.nameKey) } ?? $0 })
        \(counts(c, id: "by-country", title: c.t("review.by_country"), overview.byCountry) { $0 })
        </div>
        <h2>\(c.t("review.overdue", ["count": c.t.number(overview.overdueTotal)]))</h2>
        \(table(c, id: "overdue", rows(c, overview.overdue, today: today)))
        """)
    }

    static func report(_ c: PageContext, companyName: String, type: EntityType, plan: ValidationPlan,
                       validation: MembershipStore.ValidationRow, findings: [ValidationFinding]) -> HTML {
        let sites = HTML.join(plan.sites) { site in
            "<li>\(site.name) · \(site.country.code)\(HTML.when(site.isForeign, " (\(c.t("review.foreign")))"))\(site.visitOn.map { " · \($0.description)" as HTML })</li>"
        }
        let outcome = validation.outcome.map { raw in Tier(rawValue: raw).map { c.t($0.nameKey) } ?? c.t("membership_status.validation_failed") }
        return Layout.page(c, title: c.t("membership.validation_report"), """
        <article class="printable" id="validation-report">
        <h1>\(c.t("membership.validation_report"))</h1>
        <p><strong>\(companyName)</strong> · \(c.t(type.nameKey)) (\(type.code))</p>
        <p>\(c.t("review.validation_days", ["starts": plan.startsOn.description, "ends": plan.endsOn.description])) · \(c.t(plan.siteVisit ? "review.site_visit" : "review.no_site_visit"))</p>
        \(HTML.when(!plan.sites.isEmpty, "<ul class=\"sites\">\(sites)</ul>"))
        \(HTML.when(!plan.visitsAForeignSite, "<p class=\"hint\" id=\"no-foreign-site\">\(c.t("review.no_foreign_site"))</p>"))
        <h2>\(c.t("membership.findings"))</h2>
        \(MembershipParts.findingsTable(c, findings) { _ in .empty })
        <p id="validation-outcome">\(c.t("review.outcome")): \(outcome ?? c.t("review.no_outcome"))</p>
        </article>
        """)
    }
}
