import Foundation
import TrustlaneCore

/// The threat-first triage (which chains need a full step 3, and why) and the ratings kept under
/// a retired threat category, for the assessment page and the report.
extension RiskViews {
    /// A screening status as a tag.
    static func screeningTag(_ c: PageContext, _ status: ThreatScreening.Status) -> HTML {
        "<span class=\"risk-tag screening-\(status.rawValue)\" data-screening=\"\(status.rawValue)\">\(c.t(status.nameKey))</span>"
    }

    /// The screening table: each chain's result, the ratings that flag it, the places still unrated.
    static func screeningSection(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        let screening = w.screening
        let rows = HTML.join(screening.chains) { chain in
            let reasons = HTML.join(chain.reasons) { reason in
                let nodes = c.t("risk.ui.screening_nodes", ["keys": reason.place.nodeKeys.joined(separator: ", ")])
                return "<li data-category=\"\(reason.category.rawValue)\">\(reason.place.text) (\(nodes)): \(c.t(reason.category.nameKey)) · \(RiskLabels.level(c, w.scale, reason.level))</li>"
            }
            let unrated = HTML.join(chain.unrated) { gap in
                let names = gap.categories.map { c.t($0.nameKey) }.joined(separator: ", ")
                return "<li class=\"hint\">\(c.t("risk.ui.screening_unrated", ["place": gap.place.text, "categories": names]))</li>"
            }
            let why: HTML = chain.reasons.isEmpty && chain.unrated.isEmpty ? "\(c.t("risk.ui.screening_none"))" : "<ul class=\"plain\">\(reasons)\(unrated)</ul>"
            return """
            <tr data-chain="\(chain.chainID)" data-screening="\(chain.status.rawValue)"><td><a href="\(SiteURL.riskChain(w.companyID, w.id, chain.chainID))">\(chain.name)</a></td>
            <td>\(screeningTag(c, chain.status))</td><td>\(why)</td></tr>
            """
        }
        let count = c.t("risk.ui.screening_flagged_count", ["count": c.t.number(screening.flagged.count), "total": c.t.number(screening.chains.count)])
        return """
        <div id="threat-screening"><h3>\(c.t("risk.ui.screening"))</h3><p>\(c.t("risk.ui.screening_intro"))</p>
        <p>\(c.t("risk.ui.screening_from")): <strong id="screening-from">\(RiskLabels.level(c, w.scale, screening.threshold))</strong> · \(count)</p>
        <table tabindex="0" id="screening-table"><thead><tr><th>\(c.t("risk.ui.chain"))</th><th>\(c.t("risk.ui.screening_result"))</th>
        <th>\(c.t("risk.ui.screening_why"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """
    }

    /// Ratings stored under a retired category: history, not counted.
    static func legacyThreats(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        guard !w.legacyThreats.isEmpty else { return .empty }
        let rows = HTML.join(w.legacyThreats) { row in
            let level = w.scale.level(text: row.levelKey).map { RiskLabels.level(c, w.scale, $0) } ?? row.levelKey
            return """
            <tr data-legacy="\(row.category.rawValue)"><td>\(row.country.code)\(row.region.map { ", \($0)" } ?? "")</td><td>\(c.t(row.category.nameKey))</td>
            <td>\(level) (\(c.t("risk.ui.not_counted")))</td><td>\(row.source)</td><td>\(row.note ?? "")</td><td>\(ProgramDay.text(row.ratedAt))</td></tr>
            """
        }
        return """
        <div id="legacy-threats"><h3>\(c.t("risk.ui.legacy_threats"))</h3><p>\(c.t("risk.ui.legacy_threats_note"))</p>
        <table tabindex="0"><thead><tr><th>\(c.t("risk.ui.place"))</th><th>\(c.t("risk.ui.threat"))</th><th>\(c.t("risk.ui.level"))</th>
        <th>\(c.t("risk.ui.source"))</th><th>\(c.t("risk.ui.note"))</th><th>\(c.t("risk.ui.rated_on"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """
    }
}
