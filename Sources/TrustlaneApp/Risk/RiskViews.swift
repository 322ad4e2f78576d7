import Foundation
import TrustlaneCore

/// The risk assessment list and the assessment page, in the five steps' order.
enum RiskViews {
    struct ListModel: Sendable {
        let company: CompanyID
        let rows: [RiskQueries.AssessmentRow]
        let canEdit: Bool
        let now: Date
        var errors: [FieldError] = []
    }

    static func list(_ c: PageContext, _ m: ListModel) -> HTML {
        let rows = HTML.join(m.rows) { row in
            let overdue = AssessmentDocument.isOverAYearOld(assessedOn: row.assessed_on, asOf: m.now)
            let warning: HTML = overdue ? "<span class=\"risk-warning\" data-overdue=\"true\">\(c.t("risk.ui.over_a_year"))</span>" : .empty
            return """
            <tr><td><a href="\(SiteURL.riskAssessment(CompanyID(row.company_id), row.id))">\(row.title)</a></td>
            <td>\(row.assessed_on)</td><td>\(row.next_review_on) \(warning)</td></tr>
            """
        }
        let f = FormFields(c, errors: m.errors)
        let form: HTML = m.canEdit ? """
            <section><h2>\(c.t("risk.ui.new_assessment"))</h2><p>\(c.t(m.rows.isEmpty ? "risk.ui.new_first" : "risk.ui.new_copy"))</p>
            \(RiskLabels.errorList(c, m.errors))
            <form id="new-assessment-form" method="post" action="\(SiteURL.risk(m.company))" class="stack narrow">\(c.csrfField)
            \(f.input("title", label: c.t("risk.ui.title"), maxLength: RiskAssessmentService.maxTitleLength))
            \(f.input("assessed_on", label: c.t("risk.ui.assessed_on"), value: ProgramDay.text(m.now), type: "date"))
            \(f.input("next_review_on", label: c.t("risk.ui.next_review_on"), type: "date", hint: c.t("risk.ui.next_review_hint")))
            <button type="submit">\(c.t("risk.ui.start"))</button></form></section>
            """ : .empty
        let table: HTML = m.rows.isEmpty ? "<p>\(c.t("risk.ui.none_yet"))</p>" : """
            <table tabindex="0" id="risk-assessments"><thead><tr><th>\(c.t("risk.ui.title"))</th><th>\(c.t("risk.ui.assessed_on"))</th>
            <th>\(c.t("risk.ui.next_review_on"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return Layout.page(c, title: c.t("risk.ui.assessments"), """
        <h1>\(c.t("risk.ui.assessments"))</h1><p>\(c.t("risk.ui.intro"))</p>
        \(table)\(form)
        """)
    }

    struct ShowModel: Sendable {
        let workspace: RiskWorkspace
        let canEdit: Bool
        let now: Date
        var errors: [FieldError] = []
        var importText: String?
        /// The threat form as posted, shown again when it was refused (nothing typed is lost).
        var postedThreats: [String: String]?
        /// Error rows in words (`threats[6]` -> the place and threat it came from).
        var errorRows: [String: String] = [:]
        /// The action plan form as posted, shown again when it was refused (ticks, owner, due date).
        var postedActions: [String: String]?
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace
        let company = w.companyID
        let overdue: HTML = w.isOverAYearOld(asOf: m.now)
            ? "<p class=\"risk-warning\" data-overdue=\"true\">\(c.t("risk.ui.over_a_year_long"))</p>" : .empty
        let compare: HTML = w.assessment.previous_id == nil ? .empty
            : "<a class=\"button\" id=\"compare-link\" href=\"\(SiteURL.riskCompare(company, w.id))\">\(c.t("risk.ui.compare_previous"))</a>"
        return Layout.page(c, title: w.assessment.title, """
        <p><a href="\(SiteURL.risk(company))">\(c.t("risk.ui.assessments"))</a></p>
        <h1>\(w.assessment.title)</h1>
        <dl class="facts"><dt>\(c.t("risk.ui.assessed_on"))</dt><dd id="assessed-on">\(w.assessment.assessed_on)</dd>
        <dt>\(c.t("risk.ui.next_review_on"))</dt><dd id="next-review-on">\(w.assessment.next_review_on)</dd></dl>
        \(overdue)
        <p class="actions"><a class="button" id="report-link" href="\(SiteURL.riskReport(company, w.id))">\(c.t("risk.ui.report"))</a> \(compare)</p>
        \(RiskLabels.errorList(c, m.errors, rows: m.errorRows))
        \(mapSection(c, m))
        \(threatSection(c, m))
        \(vulnerabilitySection(c, w))
        \(scoreSection(c, w))
        \(actionSection(c, m))
        \(documentSection(c, m))
        """)
    }

    static func mapSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace
        let chains = HTML.join(w.chains) { chain in
            let risk = w.report.chain(chain.id)
            return """
            <article class="chain" data-chain="\(chain.id)"><h3><a href="\(SiteURL.riskChain(w.companyID, w.id, chain.id))">\(chain.name)</a>
            \(RiskLabels.score(c, risk?.score, risk?.band))</h3>
            \(chain.productLine.map { "<p>\(c.t("risk.ui.product_line")): \($0)</p>" as HTML })
            <figure class="chain-diagram">\(RiskLabels.chainSVG(c, chain, risk))</figure></article>
            """
        }
        let tools: HTML = m.canEdit ? """
            <p><a class="button" id="new-chain-link" href="\(SiteURL.riskNewChain(w.companyID, w.id))">\(c.t("risk.ui.add_chain"))</a></p>
            <details class="csv-import"\(HTML.when(m.importText != nil, " open"))><summary>\(c.t("risk.ui.import_csv"))</summary>
            <form id="chain-import-form" method="post" action="\(SiteURL.riskImport(w.companyID, w.id))" class="stack">\(c.csrfField)
            <div class="field"><label for="csv">\(c.t("risk.ui.csv"))</label>
            <textarea id="csv" name="csv" rows="10" class="mono">\(m.importText ?? "")</textarea>
            <p class="hint">\(c.t("risk.ui.csv_hint"))</p></div>
            <button type="submit">\(c.t("risk.ui.import"))</button></form></details>
            """ : .empty
        return """
        <section id="step-map"><h2>1. \(c.t("risk.ui.step_map"))</h2>
        \(w.chains.isEmpty ? "<p>\(c.t("risk.ui.no_chains"))</p>" as HTML : chains)
        \(tools)</section>
        """
    }

    static func threatSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace
        let places = w.places
        guard !places.isEmpty else {
            return "<section id=\"step-threats\"><h2>2. \(c.t("risk.ui.step_threats"))</h2><p>\(c.t("risk.ui.map_first"))</p></section>"
        }
        let levels = w.scale.allLevels.map { (w.scale.key(of: $0), RiskLabels.level(c, w.scale, $0)) }
        let head = HTML.join(ThreatCategory.allCases) { "<th title=\"\(c.t($0.descriptionKey))\" data-category=\"\($0.rawValue)\">\(c.t($0.nameKey))</th>" }
        let descriptions = HTML.join(ThreatCategory.allCases) { "<dt>\(c.t($0.nameKey))</dt><dd>\(c.t($0.descriptionKey))</dd>" }
        // Built once per page, not per cell: the threat names and each way the options can be selected.
        let threatNames = Dictionary(uniqueKeysWithValues: ThreatCategory.allCases.map { ($0, c.t($0.nameKey)) })
        var optionsBySelected: [String: HTML] = [:]
        for selected in [""] + levels.map(\.0) {
            optionsBySelected[selected] = HTML.join(levels) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == selected, " selected"))>\($0.1)</option>" }
        }
        let rows = HTML.join(places.enumerated()) { index, place in
            let cells = HTML.join(ThreatCategory.allCases) { threat in
                let current = m.postedThreats.map { $0["threat_\(index)_\(threat.rawValue)"].flatMap { $0.isEmpty ? nil : $0 } }
                    ?? w.threats.rating(country: place.country, region: place.region, category: threat).map { w.scale.key(of: $0.level) }
                let options = optionsBySelected[current ?? ""]
                    ?? HTML.join(levels) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == current, " selected"))>\($0.1)</option>" }
                let label = "\(threatNames[threat] ?? "") · \(place.country.code)\(place.region.map { ", \($0)" } ?? "")"
                return """
                <td><select name="threat_\(index)_\(threat.rawValue)" aria-label="\(label)"\(HTML.when(!m.canEdit, " disabled"))>\
                <option value="">—</option>\(options)</select></td>
                """
            }
            let stored = w.threatNote(country: place.country, region: place.region)
            let note = m.postedThreats.map { (source: $0["source_\(index)"], note: $0["note_\(index)"]) } ?? (source: stored.source, note: stored.note)
            return """
            <tr><th scope="row">\(place.country.name(in: c.t.language)) (\(place.country.code))\(place.region.map { "<br>\($0)" as HTML })
            <input type="hidden" name="country_\(index)" value="\(place.country.code)"><input type="hidden" name="region_\(index)" value="\(place.region ?? "")"></th>
            \(cells)
            <td><input name="source_\(index)" value="\(note.source ?? "")" aria-label="\(c.t("risk.ui.source"))" maxlength="\(ThreatRating.maxSourceLength)"></td>
            <td><input name="note_\(index)" value="\(note.note ?? "")" aria-label="\(c.t("risk.ui.note"))" maxlength="\(ThreatRating.maxNoteLength)"></td></tr>
            """
        }
        let submit: HTML = m.canEdit ? "<button type=\"submit\">\(c.t("risk.ui.save_threats"))</button>" : .empty
        return """
        <section id="step-threats"><h2>2. \(c.t("risk.ui.step_threats"))</h2><p>\(c.t("risk.ui.threats_intro"))</p>
        <details class="threat-categories"><summary>\(c.t("risk.ui.categories_source"))</summary><dl class="facts">\(descriptions)</dl></details>
        <form id="threat-form" method="post" action="\(SiteURL.riskThreats(w.companyID, w.id))">\(c.csrfField)
        <div class="table-scroll"><table tabindex="0" class="risk-table"><thead><tr><th>\(c.t("risk.ui.place"))</th>\(head)<th>\(c.t("risk.ui.source"))</th>
        <th>\(c.t("risk.ui.note"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\(submit)</form>
        \(legacyThreats(c, w))
        \(screeningSection(c, w))</section>
        """
    }

    static func vulnerabilitySection(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        let rows = HTML.join(w.chains) { chain in
            let gaps = w.vulnerabilities.gaps(in: chain, applicability: w.method.applicability).reduce(0) { $0 + $1.categories.count }
            let total = chain.nodes.reduce(0) { $0 + w.method.applicability.categories(for: $1.kind).count }
            return """
            <tr><td><a href="\(SiteURL.riskChain(w.companyID, w.id, chain.id))#vulnerabilities">\(chain.name)</a></td>
            <td class="num">\(c.t.number(total - gaps)) / \(c.t.number(total))</td>
            <td>\(w.screening.chain(chain.id).map { screeningTag(c, $0.status) } ?? .empty)</td></tr>
            """
        }
        let profile: HTML = w.proposals.isEmpty ? "<p>\(c.t("risk.ui.no_profile"))</p>" : "<p>\(c.t("risk.ui.proposals_from_profile"))</p>"
        return """
        <section id="step-vulnerabilities"><h2>3. \(c.t("risk.ui.step_vulnerabilities"))</h2>\(profile)
        \(w.chains.isEmpty ? "<p>\(c.t("risk.ui.map_first"))</p>" as HTML : """
        <table tabindex="0" id="vulnerability-progress"><thead><tr><th>\(c.t("risk.ui.chain"))</th><th>\(c.t("risk.ui.rated"))</th>
        <th>\(c.t("risk.ui.screening"))</th></tr></thead><tbody>\(rows)</tbody></table>
        """)</section>
        """
    }

    static func scoreSection(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        let ranking = HTML.join(w.report.rankedChains.enumerated()) { index, risk in
            """
            <tr><td class="num">\(index + 1)</td><td><a href="\(SiteURL.riskChain(w.companyID, w.id, risk.chainID))">\(risk.name)</a></td>
            <td>\(RiskLabels.score(c, risk.score, risk.band))</td><td class="num">\(risk.count(.high))</td><td class="num">\(risk.count(.medium))</td>
            <td class="num">\(risk.count(.low))</td><td class="num">\(risk.unratedNodes)</td></tr>
            """
        }
        return """
        <section id="step-scores"><h2>\(c.t("risk.ui.scores"))</h2><p class="hint method-notice">\(c.t("risk.ui.method_notice"))</p>
        <figure class="risk-matrix-figure">\(RiskLabels.matrixSVG(c, w.matrix))</figure>
        \(w.chains.isEmpty ? HTML.empty : """
        <table tabindex="0" id="chain-ranking"><thead><tr><th>#</th><th>\(c.t("risk.ui.chain"))</th><th>\(c.t("risk.ui.risk"))</th>
        <th>\(c.t("risk_band.high"))</th><th>\(c.t("risk_band.medium"))</th><th>\(c.t("risk_band.low"))</th><th>\(c.t("risk.ui.unrated"))</th></tr></thead>
        <tbody>\(ranking)</tbody></table>
        """)</section>
        """
    }

    static func actionTitle(_ c: PageContext, _ proposal: ActionPlanProposal) -> String {
        var arguments = proposal.arguments
        arguments["category"] = c.t(proposal.category.nameKey)
        return c.t(proposal.titleKey, arguments)
    }

    /// The action plan: one row per proposal, ticked to accept, in one form with one owner and
    /// due date for the ticked ones (a form per proposal made half of a large chain's page).
    static func actionSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace
        guard !w.actions.isEmpty else {
            return "<section id=\"step-actions\"><h2>4. \(c.t("risk.ui.step_actions"))</h2><p>\(c.t("risk.ui.no_actions"))</p></section>"
        }
        let chooseLabel = c.t("risk.ui.choose")
        var dueDays: [Date: String] = [:]
        let rows = HTML.join(w.actions.enumerated()) { index, proposal in
            let key = RiskWorkspace.sourceID(proposal.key)
            let sites = HTML.join(proposal.findings) { finding in
                "<li>\(finding.chainName): \(finding.node.name) (\(finding.node.key)) · \(finding.score)</li>"
            }
            let due = dueDays[proposal.dueDate] ?? ProgramDay.text(proposal.dueDate)
            dueDays[proposal.dueDate] = due
            let title = actionTitle(c, proposal)
            let ticked = m.postedActions?["key_\(index)"] == key
            let tick: HTML = m.canEdit ? """
                <td><input type="checkbox" name="key_\(index)" value="\(key)" id="accept-\(index)"\(HTML.when(ticked, " checked"))></td>
                """ : .empty
            let name: HTML = m.canEdit ? "<label for=\"accept-\(index)\">\(title)</label>" : "\(title)"
            return """
            <tr class="action-proposal" data-key="\(key)">\(tick)<td><strong>\(name)</strong></td><td><ul class="plain">\(sites)</ul></td><td>\(due)</td></tr>
            """
        }
        let head: HTML = """
            <thead><tr>\(HTML.when(m.canEdit, "<th>\(chooseLabel)</th>"))<th>\(c.t("risk.ui.proposed_action"))</th>\
            <th>\(c.t("risk.ui.where_found"))</th><th>\(c.t("risk.ui.proposed_due"))</th></tr></thead>
            """
        let table: HTML = "<div class=\"table-scroll\"><table tabindex=\"0\" id=\"action-plan\">\(head)<tbody>\(rows)</tbody></table></div>"
        guard m.canEdit else {
            return "<section id=\"step-actions\"><h2>4. \(c.t("risk.ui.step_actions"))</h2>\(table)</section>"
        }
        let f = FormFields(c, errors: m.errors)
        return """
        <section id="step-actions"><h2>4. \(c.t("risk.ui.step_actions"))</h2><p>\(c.t("risk.ui.actions_intro"))</p>
        <form id="action-plan-form" method="post" action="\(SiteURL.riskActions(w.companyID, w.id))">\(c.csrfField)
        \(table)
        <div class="stack narrow">\(f.input("owner", label: c.t("risk.ui.owner"), value: m.postedActions?["owner"], maxLength: RiskRatingService.maxOwnerLength))
        \(f.input("due_date", label: c.t("risk.ui.due_date"), value: m.postedActions?["due_date"], type: "date", hint: c.t("risk.ui.due_for_chosen_hint")))
        <button type="submit">\(c.t("risk.ui.accept_action"))</button></div></form>
        </section>
        """
    }

    static func documentSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace
        let participants = w.record.participants.map { "\($0.name), \($0.role)" }.joined(separator: "\n")
        let f = FormFields(c, errors: m.errors)
        let policies = RiskScoring.UnratedPolicy.allCases.map { ($0.rawValue, c.t("risk.ui.unrated_\($0.rawValue)")) }
        let screeningLevels = w.scale.allLevels.map { (w.scale.key(of: $0), RiskLabels.level(c, w.scale, $0)) }
        let form: HTML = m.canEdit ? """
            <form id="document-form" method="post" action="\(SiteURL.riskDocument(w.companyID, w.id))" class="stack narrow">\(c.csrfField)
            \(f.input("title", label: c.t("risk.ui.title"), value: w.assessment.title, required: true, maxLength: RiskAssessmentService.maxTitleLength))
            \(f.input("assessed_on", label: c.t("risk.ui.assessed_on"), value: w.assessment.assessed_on, type: "date", required: true))
            \(f.input("next_review_on", label: c.t("risk.ui.next_review_on"), value: w.assessment.next_review_on, type: "date", hint: c.t("risk.ui.next_review_hint")))
            \(f.textarea("participants", label: c.t("risk.ui.participants"), value: participants, rows: 4, hint: c.t("risk.ui.participants_hint")))
            \(f.select("unrated", label: c.t("risk.ui.unrated_policy"), options: policies, selected: w.record.unrated.rawValue))
            \(f.input("medium_from", label: c.t("risk.ui.medium_from"), value: String(w.record.bands.mediumFrom), type: "number"))
            \(f.input("high_from", label: c.t("risk.ui.high_from"), value: String(w.record.bands.highFrom), type: "number"))
            \(f.select("screen_from", label: c.t("risk.ui.screening_from"), options: screeningLevels,
                       selected: w.scale.key(of: w.screening.threshold)))
            <p class="hint">\(c.t("risk.ui.screening_from_hint"))</p>
            <button type="submit">\(c.t("form.save"))</button></form>
            """ : .empty
        return """
        <section id="step-document"><h2>5. \(c.t("risk.ui.step_document"))</h2>
        \(method(c, w))\(form)</section>
        """
    }

    /// The documented method in the reader's words.
    static func method(_ c: PageContext, _ w: RiskWorkspace) -> HTML {
        let scale = w.scale
        let levels = scale.levels.enumerated().map { "\(RiskLabels.level(c, scale, RiskLevel(rank: $0.offset))) = \($0.element.value)" }
            .joined(separator: ", ")
        let groups = w.record.bands.scores(on: scale)
        func list(_ band: RiskBand) -> String { (groups[band] ?? []).map(String.init).joined(separator: ", ") }
        let people = HTML.join(w.record.participants) { "<li>\($0.name) · \($0.role)</li>" }
        return """
        <dl class="facts" id="method"><dt>\(c.t("risk.ui.scale"))</dt><dd>\(levels)</dd>
        <dt>\(c.t("risk.ui.formula"))</dt><dd><p class="method-notice" id="method-notice"><strong>\(c.t("risk.ui.method_notice"))</strong></p>\(c.t("risk.ui.formula_text"))</dd>
        <dt>\(c.t("risk.ui.bands"))</dt><dd>\(c.t("risk_band.low")): \(list(.low)) · \(c.t("risk_band.medium")): \(list(.medium)) · \(c.t("risk_band.high")): \(list(.high))</dd>
        <dt>\(c.t("risk.ui.unrated_policy"))</dt><dd>\(c.t("risk.ui.unrated_\(w.record.unrated.rawValue)"))</dd>
        <dt>\(c.t("risk.ui.screening_from"))</dt><dd>\(RiskLabels.level(c, scale, w.screening.threshold))</dd>
        <dt>\(c.t("risk.ui.trustlane_choices"))</dt><dd><ul class="plain" id="trustlane-choices"><li>\(c.t("risk.ui.choice_mapping"))</li>
        <li>\(c.t("risk.ui.choice_due", ["days": c.t.number(ActionPlanProposal.defaultDueInDays)]))</li></ul></dd>
        <dt>\(c.t("risk.ui.participants"))</dt><dd>\(w.record.participants.isEmpty ? c.t("risk.ui.no_participants") as String? : nil)<ul class="plain">\(people)</ul></dd></dl>
        """
    }
}
