import Foundation
import TrustlaneCore

/// Screening's pages: the administrators' list snapshots with the import form and the runs'
/// progress, the company's screening queue with a decision form per open hit, and the section
/// of a partner's page that shows its results.
enum ScreeningViews {
    static func percent(_ score: Double) -> String { "\(Int((score * 100).rounded()))%" }

    static func kindName(_ c: PageContext, _ raw: String) -> String {
        ScreeningListKind(rawValue: raw).map { c.t($0.nameKey) } ?? raw
    }

    static func statusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag hit-\(status)\" data-hit-status=\"\(status)\">\(c.t("screening.status.\(status)"))</span>"
    }

    // MARK: Administrators: list snapshots

    struct ListsModel: Sendable {
        let snapshots: [ScreeningQueries.SnapshotRow]
        let runs: [ScreeningQueries.RunRow]
        var errors: [FieldError] = []
        var problems: [ListImportError.Problem] = []
        var kind: String?
        var publishedOn: String?
        var threshold: String?
    }

    static func lists(_ c: PageContext, _ m: ListsModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let labels = [c.t("screening.kind"), c.t("screening.source"), c.t("screening.published_on"), c.t("screening.files"),
                      c.t("screening.entries"), c.t("screening.threshold"), c.t("screening.imported"), c.t("screening.state")]
        let rows = HTML.join(m.snapshots) { s in
            let files = HTML.join(s.files) { "<li><code>\($0.name)</code> <code class=\"wrap\" title=\"SHA-256\">\($0.sha256)</code></li>" }
            let state: HTML = s.superseded_at == nil
                ? "<span class=\"tag hit-open\">\(c.t("screening.current"))</span>"
                : "\(c.t("screening.superseded", ["date": c.t.dateTime(s.superseded_at!)]))"
            return """
            <tr data-snapshot="\(s.id.uuidString.lowercased())"><td>\(kindName(c, s.kind))</td><td>\(s.source)</td><td>\(s.published_on)</td>
            <td><ul class="plain">\(files)</ul></td><td class="num">\(c.t.number(s.entry_count))</td><td class="num">\(percent(s.threshold))</td>
            <td>\(c.t.dateTime(s.imported_at))\(s.imported_by_name.map { " · \($0)" } ?? "")</td><td>\(state)</td></tr>
            """
        }
        let snapshotTable: HTML = m.snapshots.isEmpty ? "<p id=\"snapshots-empty\">\(c.t("screening.no_snapshots"))</p>" : """
            <table tabindex="0" class="stack" id="screening-snapshots"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
            <tbody>\(rows.labellingCells(labels))</tbody></table>
            """
        let runLabels = [c.t("screening.run.scope"), c.t("screening.state"), c.t("screening.run.progress"), c.t("screening.run.new_hits"),
                         c.t("screening.run.cleared_hits"), c.t("screening.run.started"), c.t("screening.run.finished")]
        let runRows = HTML.join(m.runs) { r in
            let scope: String = r.company_name.map { c.t("screening.run.company", ["company": $0]) }
                ?? c.t("screening.run.snapshot", ["list": r.kind.map { kindName(c, $0) } ?? "", "date": r.published_on ?? ""])
            return """
            <tr data-run="\(r.id.uuidString.lowercased())" data-run-status="\(r.status)"><td>\(scope)</td><td>\(c.t("screening.run.status.\(r.status)"))\(r.error.map { "<br><small class=\"hint\">\($0)</small>" as HTML })</td>
            <td class="num">\(c.t.number(r.partners_done)) / \(c.t.number(r.partners_total))</td><td class="num">\(c.t.number(r.new_hits))</td>
            <td class="num">\(c.t.number(r.cleared_hits))</td><td>\(r.started_at.map { c.t.dateTime($0) } ?? "")</td><td>\(r.finished_at.map { c.t.dateTime($0) } ?? "")</td></tr>
            """
        }
        let runTable: HTML = m.runs.isEmpty ? "<p>\(c.t("screening.no_runs"))</p>" : """
            <table tabindex="0" class="stack" id="screening-runs"><thead><tr>\(HTML.join(runLabels) { "<th>\($0)</th>" })</tr></thead>
            <tbody>\(runRows.labellingCells(runLabels))</tbody></table>
            """
        let problems: HTML = m.problems.isEmpty ? .empty : """
            <div class="flash flash-error" role="alert" id="list-problems"><p>\(c.t("screening.refused", ["count": c.t.number(m.problems.count)]))</p>
            <ul>\(HTML.join(m.problems.prefix(500)) { "<li>\($0.description)</li>" })</ul></div>
            """
        let kinds = ScreeningListKind.allCases.map { ($0.rawValue, "\(c.t($0.nameKey)) (\($0.fileNames.joined(separator: ", ")))") }
        func file(_ name: String, _ label: String, required: Bool = false) -> HTML {
            "<div class=\"field\"><label for=\"\(name)\">\(label)</label><input id=\"\(name)\" name=\"\(name)\" type=\"file\" accept=\".csv,.json,text/csv,application/json\"\(HTML.when(required, " required"))>\(f.error(name))</div>"
        }
        return Layout.page(c, title: c.t("screening.lists_title"), """
        <h1>\(c.t("screening.lists_title"))</h1>
        <p>\(c.t("screening.lists_intro"))</p>
        \(f.errorSummary())
        \(problems)
        <form method="post" action="\(SiteURL.adminScreeningLists)" enctype="multipart/form-data" id="screening-import-form" class="stack narrow">\(c.csrfField)
        \(f.select("kind", label: c.t("screening.kind"), options: kinds, selected: m.kind, includeBlank: c.t("partners.choose")))
        \(f.input("published_on", label: c.t("screening.published_on"), value: m.publishedOn, type: "date", required: true, hint: c.t("screening.published_on_hint")))
        \(f.input("threshold", label: c.t("screening.threshold"), value: m.threshold ?? String(NameMatch.defaultThreshold), hint: c.t("screening.threshold_hint")))
        \(file("primary", c.t("screening.file.primary"), required: true))
        \(file("aliases", c.t("screening.file.aliases")))
        \(file("addresses", c.t("screening.file.addresses")))
        \(file("comments", c.t("screening.file.comments")))
        <button type="submit">\(c.t("screening.import"))</button></form>
        <h2>\(c.t("screening.snapshots"))</h2>
        \(snapshotTable)
        <h2>\(c.t("screening.runs"))</h2>
        \(runTable)
        """)
    }

    // MARK: A company's queue

    struct QueueModel: Sendable {
        let company: CompanyID
        let companyName: String
        let hits: [ScreeningQueries.HitRow]
        let counts: [ScreeningHitStatus: Int]
        let current: [DeniedPartyListStore.Snapshot]
        let canDecide: Bool
        var errors: [FieldError] = []
        var failedHit: UUID?
    }

    static func hitCard(_ c: PageContext, company: CompanyID, _ hit: ScreeningQueries.HitRow, canDecide: Bool, showPartner: Bool,
                        errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors, idPrefix: "hit-\(hit.id.uuidString.prefix(8).lowercased())-")
        let form: HTML = canDecide && hit.hitStatus == .open ? """
            <form method="post" action="\(SiteURL.screeningDecision(company, hit.id))" class="stack narrow" data-decision-form="\(hit.id.uuidString.lowercased())">\(c.csrfField)
            \(HTML.when(!showPartner, "<input type=\"hidden\" name=\"back\" value=\"\(SiteURL.partner(company, hit.partner_id))\">"))
            <fieldset class="field"><legend>\(c.t("screening.decision"))</legend>
            <label class="check"><input type="radio" name="decision" value="false_positive" required> \(c.t("screening.decision.false_positive"))</label>
            <label class="check"><input type="radio" name="decision" value="true_match"> \(c.t("screening.decision.true_match"))</label>\(f.error("decision"))
            </fieldset>
            \(f.textarea("reason", label: c.t("screening.reason"), rows: 2, hint: c.t("screening.reason_hint")))
            <button type="submit">\(c.t("screening.decide"))</button></form>
            """ : .empty
        let decided: HTML = hit.hitStatus == .open ? .empty : """
            <p class="hint">\(hit.decision_reason ?? "")\(hit.decided_by_name.map { " · \($0)" } ?? "")\(hit.decided_at.map { " · \(c.t.dateTime($0))" } ?? "")</p>
            """
        let partner: HTML = showPartner
            ? "<a href=\"\(SiteURL.partner(company, hit.partner_id))\">\(hit.partner_name_now)</a> \(BusinessPartnerViews.statusTag(c, hit.partner_status))"
            : "\(hit.partner_name_now)"
        return """
        <article class="hit" id="hit-\(hit.id.uuidString.lowercased())" data-hit="\(hit.id.uuidString.lowercased())">
        <h3>\(partner) ≈ \(hit.listed_name) \(statusTag(c, hit.status))</h3>
        <dl class="facts">
        <dt>\(c.t("screening.list"))</dt><dd>\(kindName(c, hit.list_kind)) · \(c.t("screening.entry_n", ["number": hit.entry_number])) · \(c.t("screening.list_of", ["date": hit.published_on]))</dd>
        <dt>\(c.t("screening.matched_name"))</dt><dd>\(hit.partner_name)</dd>
        <dt>\(c.t("screening.score"))</dt><dd>\(percent(hit.score))</dd>
        <dt>\(c.t("screening.why"))</dt><dd><code class="hit-explanation">\(hit.explanation)</code></dd>
        <dt>\(c.t("screening.country"))</dt><dd>\(c.t(hit.country_agrees ? "screening.country_agrees" : "screening.country_differs"))</dd>
        </dl>
        \(decided)
        \(form)
        </article>
        """
    }

    static func queue(_ c: PageContext, _ m: QueueModel) -> HTML {
        let lists: HTML = m.current.isEmpty ? "<p id=\"screening-no-lists\">\(c.t("screening.no_current_lists"))</p>" : """
            <p id="screening-current-lists">\(c.t("screening.screened_against")) \(HTML.join(m.current) { s in
                "<span class=\"tag\">\(kindName(c, s.kind)) · \(s.published_on)</span> " })</p>
            """
        let open = m.hits.filter { $0.hitStatus == .open }
        let rest = m.hits.filter { $0.hitStatus != .open }
        let openSection: HTML = open.isEmpty ? "<p id=\"screening-none-open\">\(c.t("screening.none_open"))</p>"
            : HTML.join(open) { hitCard(c, company: m.company, $0, canDecide: m.canDecide, showPartner: true, errors: $0.id == m.failedHit ? m.errors : []) }
        let restSection: HTML = rest.isEmpty ? .empty : """
            <h2>\(c.t("screening.decided"))</h2>
            \(HTML.join(rest) { hitCard(c, company: m.company, $0, canDecide: false, showPartner: true) })
            """
        return Layout.page(c, title: c.t("screening.queue_title"), """
        \(BusinessPartnerViews.back(c, m.company, m.companyName))
        <h1>\(c.t("screening.queue_title"))</h1>
        <p>\(c.t("screening.queue_intro"))</p>
        \(lists)
        <p id="screening-counts">\(c.t("screening.counts", ["open": c.t.number(m.counts[.open] ?? 0), "true_match": c.t.number(m.counts[.trueMatch] ?? 0),
                                                          "false_positive": c.t.number(m.counts[.falsePositive] ?? 0), "cleared": c.t.number(m.counts[.cleared] ?? 0)]))</p>
        <h2>\(c.t("screening.open_hits"))</h2>
        <div id="screening-open">\(openSection)</div>
        \(restSection)
        """)
    }

    // MARK: A partner's page

    static func partnerSection(_ c: PageContext, company: CompanyID, hits: [ScreeningQueries.HitRow], canDecide: Bool) -> HTML {
        let body: HTML = hits.isEmpty ? "<p>\(c.t("screening.partner_none"))</p>"
            : HTML.join(hits) { hitCard(c, company: company, $0, canDecide: canDecide, showPartner: false) }
        return """
        <section id="partner-screening"><h2>\(c.t("screening.partner_title"))</h2>
        \(body)
        <p><a href="\(SiteURL.screening(company))">\(c.t("screening.queue_title"))</a></p></section>
        """
    }
}
