import Foundation
import TrustlaneCore

/// The profile as a printable page in the CTPAT section order, as CSV lines and as JSON.
enum ProfileExportViews {
    static func printable(_ c: PageContext, companyName: String, context: ProfileContext, answers: [CriterionID: CriterionAnswer],
                          links: [ProfileQueries.LinkRow]) -> HTML {
        var evidence: [String: [String]] = [:]
        for link in links { evidence[link.criterion_id, default: []].append(link.title) }
        // The printout is what CBP reads: the catalog's English, marked as such on other-language pages.
        let english = { (text: String) in Worded(text, .english, isFallback: c.t.language != .english) }
        let sections = HTML.join(context.scope.categoryGroups) { group in
            let items = HTML.join(group.criteria) { scoped in
                let answer = answers[scoped.id] ?? .unanswered(scoped.id)
                return """
                <article class="print-entry"><h3>\(scoped.id.rawValue) \(english(scoped.criterion.title)) · \(english(scoped.criterion.level.title))</h3>
                <p>\(ProfileViews.statusTag(c, answer.status))\(answer.responsible.isEmpty ? "" : " · \(answer.responsible)")</p>
                <p class="pre">\(answer.narrative.isEmpty ? answer.notApplicableReason : answer.narrative)</p>
                \(HTML.when(!(evidence[scoped.id.rawValue] ?? []).isEmpty, "<p class=\"hint\">\(c.t("profile.evidence")): \((evidence[scoped.id.rawValue] ?? []).joined(separator: "; "))</p>"))
                </article>
                """
            }
            return "<section class=\"print-category\"><h2>\(group.category.number). \(english(group.category.title))</h2>\(items)</section>"
        }
        return Layout.page(c, title: c.t("profile.title"), """
        <h1>\(c.t("profile.title")): \(companyName)</h1>
        <p>\(context.catalog.title) · \(context.entityTypes.map(\.code).joined(separator: ", "))</p>
        \(sections)
        """)
    }

    static let csvColumns = ["criterion_id", "category", "level", "title", "entity_types", "status", "narrative",
                             "not_applicable_reason", "responsible", "evidence", "version"]

    static func csvLines(context: ProfileContext, answers: [CriterionID: CriterionAnswer], links: [ProfileQueries.LinkRow]) -> [String] {
        var evidence: [String: [String]] = [:]
        for link in links { evidence[link.criterion_id, default: []].append(link.title) }
        var lines = [ProfileCSV.line(csvColumns)]
        for scoped in context.scope.criteria {
            let answer = answers[scoped.id] ?? .unanswered(scoped.id)
            lines.append(ProfileCSV.line([scoped.id.rawValue, String(scoped.criterion.categoryNumber), scoped.criterion.level.rawValue,
                                          scoped.criterion.title, scoped.sortedEntityTypes.map(\.code).joined(separator: ";"),
                                          answer.status.rawValue, answer.narrative, answer.notApplicableReason, answer.responsible,
                                          (evidence[scoped.id.rawValue] ?? []).joined(separator: "; "), String(answer.version)]))
        }
        return lines
    }
}
