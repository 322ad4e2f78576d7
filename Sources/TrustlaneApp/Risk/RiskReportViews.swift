import Foundation
import TrustlaneCore

/// The printable report (the five steps in order, no forms) and the comparison of two
/// assessments.
enum RiskReportViews {
    static func report(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        let chains = HTML.join(w.chains) { chain in
            let risk = w.report.chain(chain.id)
            let nodes = HTML.join(risk?.nodes ?? []) { node in
                """
                <tr><td>\(node.node.key)</td><td>\(node.node.name)</td><td>\(c.t(node.node.kind.nameKey))</td><td>\(node.node.placeText)</td>
                <td>\(node.node.businessPartner ?? "—")</td><td>\(RiskLabels.score(c, node.score, node.band))</td></tr>
                """
            }
            return """
            <article class="chain report-chain"><h3>\(chain.name) \(RiskLabels.score(c, risk?.score, risk?.band))</h3>
            <figure class="chain-diagram">\(RiskLabels.chainSVG(c, chain, risk))</figure>
            <table tabindex="0"><thead><tr><th>\(c.t("risk.ui.key"))</th><th>\(c.t("field.name"))</th><th>\(c.t("risk.ui.kind"))</th><th>\(c.t("risk.ui.place"))</th>
            <th>\(c.t("risk.ui.business_partner"))</th><th>\(c.t("risk.ui.risk"))</th></tr></thead><tbody>\(nodes)</tbody></table></article>
            """
        }
        let threatRows = HTML.join(w.threats.ratings) { rating in
            """
            <tr><td>\(rating.country.code)\(rating.region.map { ", \($0)" } ?? "")</td><td>\(c.t(rating.category.nameKey))</td>
            <td>\(RiskLabels.level(c, w.scale, rating.level))</td><td>\(rating.source)</td><td>\(rating.note ?? "")</td></tr>
            """
        }
        var vulnerabilityRows: [HTML] = []
        for chain in w.chains {
            for node in chain.nodes {
                for category in w.method.applicability.categories(for: node.kind) {
                    guard let rating = w.vulnerabilities.rating(node: node.id, category: category) else { continue }
                    vulnerabilityRows.append("""
                    <tr><td>\(chain.name)</td><td>\(node.name) (\(node.key))</td><td>\(category.number). \(c.t(category.nameKey))</td>
                    <td>\(RiskLabels.level(c, w.scale, rating.level))</td><td>\(rating.proposed.map { RiskLabels.level(c, w.scale, $0) } ?? "—")</td>
                    <td>\(rating.reason ?? "")</td></tr>
                    """)
                }
            }
        }
        let actions = HTML.join(w.actions) { proposal in
            "<li>\(RiskViews.actionTitle(c, proposal)) · \(c.t("risk.ui.due_date")) \(ProgramDay.text(proposal.dueDate))</li>"
        }
        return Layout.page(c, title: w.assessment.title, """
        <article class="risk-report" id="risk-report">
        <p class="no-print"><a href="\(SiteURL.riskAssessment(w.companyID, w.id))">\(c.t("risk.ui.back_to_assessment"))</a></p>
        <h1>\(w.assessment.title)</h1>
        <dl class="facts"><dt>\(c.t("risk.ui.assessed_on"))</dt><dd>\(w.assessment.assessed_on)</dd>
        <dt>\(c.t("risk.ui.next_review_on"))</dt><dd>\(w.assessment.next_review_on)</dd></dl>
        <section><h2>1. \(c.t("risk.ui.step_map"))</h2>\(w.chains.isEmpty ? "<p>\(c.t("risk.ui.no_chains"))</p>" as HTML : chains)</section>
        <section><h2>2. \(c.t("risk.ui.step_threats"))</h2>
        <table tabindex="0" id="report-threats"><thead><tr><th>\(c.t("risk.ui.place"))</th><th>\(c.t("risk.ui.threat"))</th><th>\(c.t("risk.ui.level"))</th>
        <th>\(c.t("risk.ui.source"))</th><th>\(c.t("risk.ui.note"))</th></tr></thead><tbody>\(threatRows)</tbody></table>
        <p class="hint">\(c.t("risk.ui.categories_source"))</p>
        \(RiskViews.legacyThreats(c, w))
        \(RiskViews.screeningSection(c, w))</section>
        <section><h2>3. \(c.t("risk.ui.step_vulnerabilities"))</h2>
        <table tabindex="0" id="report-vulnerabilities"><thead><tr><th>\(c.t("risk.ui.chain"))</th><th>\(c.t("risk.ui.node"))</th><th>\(c.t("risk.ui.category"))</th>
        <th>\(c.t("risk.ui.level"))</th><th>\(c.t("risk.ui.proposed"))</th><th>\(c.t("risk.ui.reason"))</th></tr></thead><tbody>\(vulnerabilityRows)</tbody></table>
        <h3>\(c.t("risk.ui.scores"))</h3><figure class="risk-matrix-figure">\(RiskLabels.matrixSVG(c, w.matrix))</figure></section>
        <section><h2>4. \(c.t("risk.ui.step_actions"))</h2>\(w.actions.isEmpty ? "<p>\(c.t("risk.ui.no_actions"))</p>" as HTML : "<ol>\(actions)</ol>" as HTML)
        <p class="hint" id="report-due-note">\(c.t("risk.ui.choice_due", ["days": c.t.number(ActionPlanProposal.defaultDueInDays)]))</p></section>
        <section><h2>5. \(c.t("risk.ui.step_document"))</h2>\(RiskViews.method(c, w))</section>
        </article>
        """)
    }

    struct CompareModel: Sendable {
        let current: RiskWorkspace
        let previous: RiskWorkspace
        let comparison: AssessmentComparison
        let others: [RiskQueries.AssessmentRow]
    }

    static func compare(_ c: PageContext, _ m: CompareModel) -> HTML {
        let w = m.current
        func change(_ change: AssessmentComparison.Change) -> HTML {
            "\(RiskLabels.score(c, change.before, change.bandBefore)) → \(RiskLabels.score(c, change.after, change.bandAfter))\(HTML.when(change.isWorse, " <strong class=\"risk-warning\">\(c.t("risk.ui.worse"))</strong>"))"
        }
        let chains = HTML.join(m.comparison.chains.filter(\.isChanged)) { chain in
            let nodes = HTML.join(chain.nodeChanges) { "<li>\($0.name) (\($0.key)): \(change($0.change))</li>" }
            let added: HTML = chain.nodesAdded.isEmpty ? .empty : "<p>\(c.t("risk.ui.nodes_added")): \(chain.nodesAdded.joined(separator: ", "))</p>"
            let removed: HTML = chain.nodesRemoved.isEmpty ? .empty : "<p>\(c.t("risk.ui.nodes_removed")): \(chain.nodesRemoved.joined(separator: ", "))</p>"
            return "<li class=\"chain-change\"><strong>\(chain.name)</strong>: \(change(chain.change))\(added)\(removed)<ul>\(nodes)</ul></li>"
        }
        let options = HTML.join(m.others) { row in
            "<option value=\"\(row.id.uuidString.lowercased())\"\(HTML.when(row.id == m.previous.id, " selected"))>\(row.title) (\(row.assessed_on))</option>"
        }
        let list = { (names: [String]) -> HTML in names.isEmpty ? "—" : "\(names.joined(separator: ", "))" }
        return Layout.page(c, title: c.t("risk.ui.compare"), """
        <p><a href="\(SiteURL.riskAssessment(w.companyID, w.id))">\(w.assessment.title)</a></p>
        <h1>\(c.t("risk.ui.compare"))</h1>
        <form method="get" action="\(SiteURL.riskCompare(w.companyID, w.id))" class="inline"><label for="with">\(c.t("risk.ui.compare_with"))</label>
        <select id="with" name="with">\(options)</select><button type="submit">\(c.t("risk.ui.compare"))</button></form>
        <p>\(m.previous.assessment.title) (\(m.previous.assessment.assessed_on)) → \(w.assessment.title) (\(w.assessment.assessed_on))</p>
        <dl class="facts" id="comparison"><dt>\(c.t("risk.ui.chains_added"))</dt><dd>\(list(m.comparison.chainsAdded))</dd>
        <dt>\(c.t("risk.ui.chains_removed"))</dt><dd>\(list(m.comparison.chainsRemoved))</dd></dl>
        <h2>\(c.t("risk.ui.changed_chains"))</h2>
        \(m.comparison.chains.contains(where: \.isChanged) ? "<ul id=\"chain-changes\">\(chains)</ul>" as HTML : "<p>\(c.t("risk.ui.no_changes"))</p>" as HTML)
        """)
    }
}
