import Foundation
import TrustlaneCore

/// The company page's top: where the company stands and what to do next (issue 14).
enum CompanyHomeView {
    static func standing(_ c: PageContext, company: CompanyID, _ h: CompanyHome) -> HTML {
        let today = h.today
        let tasks: HTML = h.tasks.isEmpty
            ? "<p class=\"flash flash-success\" id=\"no-tasks\">\(c.t("home.no_tasks"))</p>"
            : "<ol class=\"tasks\" id=\"next-tasks\">\(HTML.join(h.tasks.prefix(12)) { task(c, company: company, $0, today: today) })</ol>"
        let types = HTML.join(h.standings) { standing in
            let clocks = HTML.join(standing.clocks) { clock in
                "<li data-clock=\"\(clock.kind.rawValue)\">\(c.t(clock.kind.nameKey)): \(clock.dueOn.description) · \(MembershipParts.clockText(c, clock))</li>"
            }
            return """
            <li class="standing" data-entity-type="\(standing.type.code)"><strong>\(c.t(standing.type.nameKey)) (\(standing.type.code))</strong>
            \(MembershipParts.statusTag(c, standing.status))\(standing.tier.map { " <span class=\"tag tier\" data-tier=\"\($0.rawValue)\">\(c.t($0.nameKey))</span>" as HTML })
            \(HTML.when(!clocks.rendered.isEmpty, "<ul class=\"clocks-list\">\(clocks)</ul>"))</li>
            """
        }
        let progress: HTML = h.profile.map { profile in
            let overall = profile.progress.overall
            let words = c.wording(profile.catalogID)
            let categories = HTML.join(profile.progress.categories) { group in
                "<li><span class=\"category-name\">\(group.category.number). \(words.title(group.category))</span> \(ProfileViews.bar(group.counts.percentComplete, label: c.t("profile.progress_label")))</li>"
            }
            return """
            <section id="home-profile"><h3><a href="\(SiteURL.profile(company))">\(c.t("profile.title"))</a></h3>
            <p>\(ProfileViews.bar(overall.percentComplete, label: c.t("profile.progress_label"))) \(c.t("profile.progress_detail", ["answered": c.t.number(overall.answered), "total": c.t.number(overall.total), "complete": c.t.number(overall.complete)]))</p>
            <ul class="category-bars">\(categories)</ul></section>
            """
        } ?? .empty
        let risk: HTML = h.riskVisible ? """
            <p id="home-risk">\(c.t("company.risk")): \(h.assessment.map { latest in
                "<a href=\"\(SiteURL.riskAssessment(company, latest.id))\">\(c.t("profile.latest_assessment", ["date": latest.assessedOn]))</a>\(HTML.when(latest.overAYearOld, " <span class=\"tag overdue\">\(c.t("home.over_a_year"))</span>"))" as HTML
            } ?? "<a href=\"\(SiteURL.risk(company))\">\(c.t("home.no_assessment"))</a>")</p>
            """ : .empty
        // A reviewer or administrator reads the company's standing, not their own.
        let own = c.companies.contains { $0.id == company }
        return """
        <section id="standing" aria-labelledby="standing-title"><h2 id="standing-title">\(c.t(own ? "home.where_you_stand" : "home.where_it_stands"))</h2>
        \(HTML.when(!h.standings.isEmpty, "<ul class=\"plain standings\">\(types)</ul>"))
        \(progress)\(risk)
        <h3>\(c.t(own ? "home.next_tasks" : "home.company_next_tasks"))</h3>\(tasks)
        </section>
        """
    }

    static func task(_ c: PageContext, company: CompanyID, _ task: NextTask, today: ProgramDay) -> HTML {
        let link: String
        switch task.kind {
        case .clock, .checkEligibility:
            link = task.kind == .checkEligibility ? SiteURL.companyEligibility(company, task.entityType ?? .importer)
                : SiteURL.companyMembership(company) + "#membership-\(task.entityType?.code ?? "")"
        case .openMusts: link = SiteURL.profile(company) + "?show=open_musts#criteria"
        case .openRequests: link = SiteURL.profile(company) + "#open-musts"
        case .overdueActions: link = SiteURL.actions(company) + "?overdue=1"
        case .actionsDue: link = SiteURL.actions(company)
        case .evidenceExpired, .evidenceExpiring: link = SiteURL.profileEvidence(company)
        case .riskAssessmentMissing, .riskAssessmentOld: link = SiteURL.risk(company)
        case .openProfile: link = SiteURL.profile(company)
        }
        var arguments = ["count": c.t.number(task.count)]
        if let type = task.entityType { arguments["type"] = c.t(type.nameKey) }
        if let clock = task.clock { arguments["clock"] = c.t(clock.nameKey) }
        let when: HTML = task.daysLeft(today: today).map { days in
            let text = days < 0 ? c.t("membership.days_overdue", ["count": c.t.number(-days)]) : c.t("membership.days_left", ["count": c.t.number(days)])
            return " <span class=\"when\">\(task.due?.description ?? "") · \(text)</span>"
        } ?? .empty
        return "<li class=\"task\(task.isOverdue(today: today) ? " overdue" : "")\" data-task=\"\(task.kind.rawValue)\"><a href=\"\(link)\">\(c.t(task.kind.textKey, arguments))</a>\(when)</li>"
    }
}
