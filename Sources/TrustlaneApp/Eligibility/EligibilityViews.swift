import Foundation
import TrustlaneCore

/// The eligibility overview of a company and the questionnaire for one entity type.
enum EligibilityViews {
    static func statusTag(_ c: PageContext, _ status: EligibilityStatus?) -> HTML {
        guard let status else { return "<span class=\"tag\">\(c.t("eligibility.status.not_started"))</span>" }
        return "<span class=\"tag status-\(status.rawValue)\" data-status=\"\(status.rawValue)\">\(c.t("eligibility.status.\(status.rawValue)"))</span>"
    }

    static func overview(_ c: PageContext, company: CompanyID, companyName: String, types: [EntityType],
                         results: [EntityType: EligibilityService.Result]) -> HTML {
        let rows = HTML.join(types) { type in
            let result = results[type]
            return """
            <tr><td><a href="\(SiteURL.companyEligibility(company, type))">\(c.t(type.nameKey)) (\(type.code))</a></td>
            <td>\(statusTag(c, result?.outcome.status))</td>
            <td>\(result?.answeredAt.map(c.t.dateTime) ?? "—")</td><td>\(result?.answeredBy ?? "—")</td></tr>
            """
        }
        return Layout.page(c, title: c.t("eligibility.title"), """
        <p><a href="\(SiteURL.company(company))">← \(companyName)</a></p>
        <h1>\(c.t("eligibility.title"))</h1>
        <p>\(c.t("eligibility.intro"))</p>
        <table tabindex="0" id="eligibility-overview"><thead><tr><th>\(c.t("company.entity_types"))</th><th>\(c.t("eligibility.result"))</th>
        <th>\(c.t("eligibility.answered_at"))</th><th>\(c.t("eligibility.answered_by"))</th></tr></thead><tbody>\(rows)</tbody></table>
        <p><a href="\(SiteURL.companyCriteria(company, types: types))">\(c.t("eligibility.read_criteria"))</a></p>
        """)
    }

    static func form(_ c: PageContext, company: CompanyID, companyName: String, type: EntityType, rules: EligibilityRuleSet,
                     words: CatalogWording, result: EligibilityService.Result?, canAnswer: Bool, errors: [FieldError] = []) -> HTML {
        let answers = result?.answers ?? EligibilityAnswers()
        let questions = HTML.join(rules.questions) { question in
            let current = answers[question.id]
            let dependency: HTML = question.askedIf.map { dep in
                let other = rules.question(id: dep.questionID).map { words.text($0).text } ?? dep.questionID.rawValue
                return "<p class=\"hint\">\(c.t("eligibility.asked_if", ["question": other, "answer": c.t(dep.answer ? "eligibility.yes" : "eligibility.no")]))</p>"
            } ?? .empty
            let verified: HTML = question.isVerified(for: type) ? .empty : "<span class=\"tag unverified\">\(c.t("catalog.unverified"))</span>"
            let name = "answers[\(question.id.rawValue)]"
            let disabled: HTML = canAnswer && !(result?.locked ?? false) ? .empty : " disabled"
            return """
            <fieldset class="field question" id="q-\(question.id.rawValue)" data-effect="\(question.effect.rawValue)"><legend>\(GlossaryView.marked(c, words.text(question))) \(verified)</legend>\(dependency)
            <label class="check"><input type="radio" name="\(name)" value="yes"\(HTML.when(current == true, " checked"))\(disabled)> \(c.t("eligibility.yes"))</label>
            <label class="check"><input type="radio" name="\(name)" value="no"\(HTML.when(current == false, " checked"))\(disabled)> \(c.t("eligibility.no"))</label>
            </fieldset>
            """
        }
        var outcome: HTML = .empty
        if let result {
            let details: HTML
            switch result.outcome {
            case .eligible: details = "<p>\(c.t("eligibility.outcome.eligible"))</p>"
            case .notEligible(let reasons), .needsInvitation(let reasons):
                // Stored reasons are the catalog's English; shown in the reader's language where translated.
                let byReason = Dictionary(rules.questions.map { ($0.reason, $0) }, uniquingKeysWith: { first, _ in first })
                let items = HTML.join(reasons) { reason in
                    byReason[reason].map { "<li>\(words.reason($0))</li>" as HTML } ?? "<li>\(reason)</li>"
                }
                details = "<ul class=\"reasons\">\(items)</ul>"
            case .incomplete(let missing):
                details = "<p>\(c.t("eligibility.outcome.incomplete", ["count": c.t.number(missing.count)]))</p>"
            }
            outcome = """
            <section id="eligibility-result" class="result"><h2>\(c.t("eligibility.result")): \(statusTag(c, result.outcome.status))</h2>
            \(details)
            <p class="hint">\(c.t("eligibility.answered", ["who": result.answeredBy ?? "—", "when": result.answeredAt.map(c.t.dateTime) ?? "—"]))\(HTML.when(result.locked, " · \(c.t("eligibility.locked"))"))</p>
            </section>
            """
        }
        let submit: HTML = canAnswer && !(result?.locked ?? false) ? "<button type=\"submit\">\(c.t("eligibility.submit"))</button>" : .empty
        return Layout.page(c, title: "\(c.t("eligibility.title")): \(c.t(type.nameKey))", """
        <p><a href="\(SiteURL.companyEligibility(company))">← \(c.t("eligibility.title")) · \(companyName)</a></p>
        <h1>\(c.t("eligibility.title")): \(c.t(type.nameKey)) (\(type.code))</h1>
        \(CatalogViews.translationNotice(c, words))
        \(outcome)
        \(FormFields(c, errors: errors).errorSummary())
        <form id="eligibility-form" method="post" action="\(SiteURL.companyEligibility(company, type))" class="stack">\(c.csrfField)
        \(questions)
        \(submit)
        </form>
        """)
    }
}
