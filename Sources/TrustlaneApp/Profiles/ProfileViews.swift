import Foundation
import TrustlaneCore

/// The security profile page: progress per category, open Musts first, every criterion with its
/// answer, evidence and review flags.
enum ProfileViews {
    /// A criterion's line of the page, beside its `ScopedCriterion` (which the page walks in the
    /// progress's order; not copied in here, a copy retains each of its strings).
    struct Row: Sendable {
        let answer: CriterionAnswer
        let evidenceCount: Int
        let expiry: EvidenceExpiryStatus
        let openRequests: Int
        let actions: Int
        let changedSinceSubmission: Bool
    }

    struct Model: Sendable {
        let company: CompanyID
        let companyName: String
        let context: ProfileContext
        let progress: ProfileProgress
        let rows: [CriterionID: Row]
        let canEdit: Bool
        let canSubmit: Bool
        let latestAssessment: Assessment?
        /// A catalog version that replaces the profile's, if one is loaded.
        var newerCatalog: Catalog? = nil
        var canUpgrade = false
        /// Which criteria the list shows (`?show=open&category=4&q=password`).
        var filter = ProfileFilter()
    }

    /// The latest risk assessment, which criteria 2.1 to 2.4 rest on.
    struct Assessment: Sendable {
        let id: UUID
        let assessedOn: String
        let overAYearOld: Bool
    }

    /// The risk assessment criteria that show the latest assessment as evidence.
    static let riskCriteria: Set<String> = ["2.1", "2.2", "2.3", "2.4"]

    static func statusTag(_ c: PageContext, _ status: AnswerStatus) -> HTML {
        "<span class=\"tag answer-\(status.rawValue)\" data-status=\"\(status.rawValue)\">\(c.t(status.nameKey))</span>"
    }

    static func bar(_ percent: Int, label: String) -> HTML {
        let step = min(100, max(0, percent / 5 * 5))
        return "<span class=\"bar\" role=\"img\" aria-label=\"\(label)\"><span class=\"fill w\(step)\"></span></span> <span class=\"pct\">\(percent)%</span>"
    }

    static func open(_ c: PageContext, company: CompanyID, companyName: String, types: [EntityType], catalogs: [Catalog], errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("profile.title"), """
        <p><a href="\(SiteURL.company(company))">← \(companyName)</a></p>
        <h1>\(c.t("profile.title"))</h1>
        <p>\(c.t("profile.open_intro"))</p>
        \(f.errorSummary())
        <form id="open-profile-form" method="post" action="\(SiteURL.profile(company))" class="stack">\(c.csrfField)
        \(f.checkboxes("entity_types", legend: c.t("company.entity_types"), options: EntityType.allCases.map { ($0.code, "\(c.t($0.nameKey)) (\($0.code))") }, checked: Set(types.map(\.code))))
        \(f.select("catalog_id", label: c.t("catalog.version"), options: catalogs.map { ($0.id, $0.title) }, selected: catalogs.last?.id))
        <button type="submit">\(c.t("profile.open"))</button></form>
        """)
    }

    /// The filter above the criteria list: what to show, a category, a search; a plain GET form.
    static func filterForm(_ c: PageContext, _ m: Model, words: CatalogWording, shown: Int) -> HTML {
        let f = FormFields(c, idPrefix: "filter-")
        let total = m.context.scope.criteria.count
        let shows = ProfileFilter.Show.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let categories = m.progress.categories.map { (String($0.category.number), "\($0.category.number). \(words.title($0.category).text)") }
        let count: HTML = m.filter.isActive
            ? "\(c.t("profile.filter.count", ["shown": c.t.number(shown), "total": c.t.number(total)])) <a href=\"\(SiteURL.profile(m.company))#criteria\">\(c.t("profile.filter.clear"))</a>"
            : "\(c.t("profile.filter.count", ["shown": c.t.number(total), "total": c.t.number(total)]))"
        return """
        <section id="criteria" aria-label="\(c.t("profile.filter.title"))">
        <form id="profile-filter" method="get" action="\(SiteURL.profile(m.company))#criteria" class="filters">
        \(f.select("show", label: c.t("profile.filter.show"), options: shows, selected: m.filter.show.rawValue))
        \(f.select("category", label: c.t("catalog.category"), options: categories, selected: m.filter.category.map(String.init), includeBlank: c.t("catalog.any")))
        \(f.input("q", label: c.t("profile.filter.search"), value: m.filter.text, type: "search", maxLength: 200))
        <button type="submit">\(c.t("catalog.filter"))</button></form>
        <p id="filter-count" role="status">\(count)</p>
        \(HTML.when(m.filter.isActive && shown == 0, "<p class=\"flash flash-info\" id=\"filter-empty\">\(c.t("profile.filter.none"))</p>"))
        </section>
        """
    }

    /// The flag of a Must claimed not applicable: awaiting the reviewer, accepted or rejected.
    static func claimTag(_ c: PageContext, _ state: NotApplicableClaimState) -> HTML {
        "<span class=\"tag claim claim-\(state.rawValue)\" data-claim=\"\(state.rawValue)\">\(c.t(state.nameKey))</span>"
    }

    static func page(_ c: PageContext, _ m: Model) -> HTML {
        let ctx = m.context
        let words = c.wording(ctx.catalog.id)
        let overall = m.progress.overall
        let openMusts = m.progress.openMusts
        let mustList: HTML = openMusts.isEmpty ? "<p class=\"flash flash-success\">\(c.t("profile.no_open_musts"))</p>" : """
            <section class="open-musts" id="open-musts"><h2>\(c.t("profile.open_musts", ["count": c.t.number(openMusts.count)]))</h2><ul>
            \(HTML.join(openMusts.prefix(30)) { item in
                "<li><a href=\"\(SiteURL.profileCriterion(m.company, item.id))\"><strong>\(item.id.rawValue)</strong> \(words.title(item.criterion))</a>\(CatalogViews.localMark(c, item.id))</li>"
            })</ul></section>
            """
        let conditions: HTML = ctx.scope.pendingConditions.isEmpty ? .empty : """
            <section id="pending-conditions"><h2>\(c.t("profile.conditions_title"))</h2><p>\(c.t("profile.conditions_intro"))</p>
            <form method="post" action="\(SiteURL.profileConditions(m.company))" class="stack">\(c.csrfField)
            \(HTML.join(ctx.scope.pendingConditions) { condition in
                """
                <fieldset class="field"><legend>\(words.question(condition))</legend>
                <label class="check"><input type="radio" name="conditions[\(condition.id)]" value="yes"> \(c.t("eligibility.yes"))</label>
                <label class="check"><input type="radio" name="conditions[\(condition.id)]" value="no"> \(c.t("eligibility.no"))</label></fieldset>
                """
            })
            \(HTML.when(m.canEdit, "<button type=\"submit\">\(c.t("form.save"))</button>"))</form></section>
            """
        var lastFocus: String?
        // Built once per page, not once per row: the tags and the criterion links' common part.
        let levelTags = Dictionary(uniqueKeysWithValues: CriterionLevel.allCases.map { ($0, CatalogViews.levelTag(c, $0)) })
        let statusTags = Dictionary(uniqueKeysWithValues: AnswerStatus.allCases.map { ($0, statusTag(c, $0)) })
        let localMark: HTML = " \(CatalogViews.numberingTag(c, .local))"
        let criterionBase = SiteURL.profileCriteria(m.company)
        let filter = m.filter
        var shown = 0
        let categories = HTML.join(m.progress.categories) { group in
            let listed = !filter.isActive ? group.criteria : group.criteria.filter { scoped in
                guard let row = m.rows[scoped.id] else { return false }
                let status: AnswerStatus = m.progress.claims[scoped.id] == .rejected ? .notYet : row.answer.status
                return filter.matches(scoped, status: status, titles: [scoped.criterion.title, words.title(scoped.criterion).text])
            }
            guard !listed.isEmpty else { return .empty }
            shown += listed.count
            var head: HTML = .empty
            if let focus = group.focusArea, focus.id != lastFocus {
                lastFocus = focus.id
                head = "<h2 class=\"focus\">\(words.title(focus))</h2>"
            }
            let rows = HTML.join(listed) { scoped in
                guard let row = m.rows[scoped.id] else { return .empty }
                let flags: HTML = """
                \(HTML.when(row.evidenceCount > 0, "<span class=\"tag\" title=\"\(c.t("profile.evidence"))\">📎 \(row.evidenceCount)</span>"))\
                \(HTML.when(row.expiry.isFlagged, " <span class=\"tag expiry-\(row.expiry.name)\">\(c.t(row.expiry.nameKey, ["days": String(row.expiry.dayCount)]))</span>"))\
                \(HTML.when(row.openRequests > 0, " <span class=\"tag request\">\(c.t("profile.open_requests", ["count": String(row.openRequests)]))</span>"))\
                \(HTML.when(row.changedSinceSubmission, " <span class=\"tag changed\">\(c.t("profile.changed_since"))</span>"))\
                \(HTML.when(scoped.conditionPending, " <span class=\"tag condition\">\(c.t("profile.condition_pending"))</span>"))\
                \(m.progress.claims[scoped.id].map { claimTag(c, $0) })\
                \(m.latestAssessment.map { latest in HTML.when(riskCriteria.contains(scoped.id.rawValue), " <a class=\"tag evidence-assessment\" href=\"\(SiteURL.riskAssessment(m.company, latest.id))\">\(c.t("profile.assessment_evidence", ["date": latest.assessedOn]))</a>") })
                """
                return """
                <tr class="\(scoped.isMust && (!row.answer.status.isComplete || m.progress.claims[scoped.id] == .rejected) ? "open-must" : "")" id="c-\(scoped.id.rawValue)">
                <td><a href="\(criterionBase)/\(scoped.id.rawValue)"><strong>\(scoped.id.rawValue)</strong></a>\(HTML.when(scoped.id.isLocal, localMark))</td>
                <td><a href="\(criterionBase)/\(scoped.id.rawValue)">\(words.title(scoped.criterion))</a></td>
                <td>\(levelTags[scoped.criterion.level])</td><td>\(statusTags[row.answer.status])</td><td>\(flags)</td></tr>
                """
            }
            return """
            \(head)<section class="category" id="category-\(group.category.number)"><h3>\(group.category.number). \(words.title(group.category))
            \(bar(group.counts.percentComplete, label: c.t("profile.progress_label")))</h3>
            <table class="criteria"><tbody>\(rows)</tbody></table></section>
            """
        }
        let links: HTML = """
            <p class="actions"><a class="button" href="\(SiteURL.profileGaps(m.company))">\(c.t("profile.gaps"))</a>
            <a class="button" href="\(SiteURL.actions(m.company))">\(c.t("actions.title"))</a>
            <a class="button" href="\(SiteURL.profileEvidence(m.company))">\(c.t("profile.evidence"))</a>
            <a class="button" href="\(SiteURL.profileSnapshots(m.company))">\(c.t("profile.snapshots"))</a>
            \(HTML.when(m.canSubmit, "<a class=\"button\" id=\"submit-link\" href=\"\(SiteURL.profileSubmit(m.company))\">\(c.t("profile.submit"))</a>"))
            <a href="\(SiteURL.profilePrint(m.company))">\(c.t("profile.print"))</a> · <a href="\(SiteURL.profileCSV(m.company))">CSV</a> · <a href="\(SiteURL.profileJSON(m.company))">JSON</a></p>
            """
        let assessment: HTML = m.latestAssessment.map { latest in
            """
            <p class="hint" id="latest-assessment"><a href="\(SiteURL.riskAssessment(m.company, latest.id))">\(c.t("profile.latest_assessment", ["date": latest.assessedOn]))</a></p>
            \(HTML.when(latest.overAYearOld, "<p class=\"flash flash-error\" role=\"alert\">\(c.t("profile.assessment_too_old"))</p>"))
            """
        } ?? "<p class=\"flash flash-info\">\(c.t("profile.no_assessment"))</p>"
        return Layout.page(c, title: c.t("profile.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("profile.title"))</h1>
        \(CatalogViews.translationNotice(c, words))
        <p>\(Worded(ctx.catalog.title, .english, isFallback: c.t.language != .english)) · \(ctx.entityTypes.map { c.t($0.nameKey) }.joined(separator: ", "))
        · \(c.t("profile.submissions", ["count": c.t.number(ctx.profile.submissionCount)]))</p>
        \(assessment)
        \(m.newerCatalog.map { newer in
            """
            <p class="flash flash-info" id="newer-catalog">\(c.t("profile.upgrade.available", ["title": newer.title]))
            \(m.canUpgrade ? "<a href=\"\(SiteURL.profileUpgrade(m.company))\">\(c.t("profile.upgrade.preview_link"))</a>" as HTML : "\(c.t("profile.upgrade.officer_only"))")</p>
            """ as HTML
        })
        <section id="progress"><h2>\(c.t("profile.progress"))</h2>
        <p>\(bar(overall.percentComplete, label: c.t("profile.progress_label"))) \(c.t("profile.progress_detail", ["answered": c.t.number(overall.answered), "total": c.t.number(overall.total), "complete": c.t.number(overall.complete)]))</p></section>
        \(links)
        \(mustList)
        \(conditions)
        \(filterForm(c, m, words: words, shown: shown))
        \(categories)
        """)
    }
}

extension EvidenceExpiryStatus {
    /// Days left, or days since expiry; 0 when valid.
    var dayCount: Int {
        switch self {
        case .valid: return 0
        case .expiringSoon(let days): return days
        case .expired(let days): return days
        }
    }
}
