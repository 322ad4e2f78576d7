import Foundation
import TrustlaneCore

/// A supply chain's page (map, scores, vulnerability form) and the map form.
enum RiskChainViews {
    struct ShowModel: Sendable {
        let workspace: RiskWorkspace
        let chain: SupplyChain
        let canEdit: Bool
        var errors: [FieldError] = []
        /// Levels and reasons as posted, by `<node index>_<category>`, when the form is shown again.
        var posted: [String: String]?
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace, chain = m.chain
        let risk = w.report.chain(chain.id)
        let nodes = HTML.join(risk?.nodes ?? []) { node in
            """
            <tr data-node="\(node.node.key)"><td>\(node.node.key)</td><td>\(node.node.name)</td><td>\(c.t(node.node.kind.nameKey))</td>
            <td>\(node.node.placeText)</td><td>\(node.node.businessPartner ?? "—")</td>
            <td>\(node.threatLevel.map { RiskLabels.level(c, w.scale, $0) } ?? "—")</td>
            <td>\(node.vulnerability.map { RiskLabels.level(c, w.scale, $0) } ?? "—")</td><td>\(RiskLabels.score(c, node.score, node.band))</td></tr>
            """
        }
        let legs = HTML.join(risk?.legs ?? []) { leg in
            """
            <tr><td>\(leg.leg.from) → \(leg.leg.to)</td><td>\(c.t(leg.leg.mode.nameKey))</td><td>\(leg.leg.businessPartner ?? "—")</td>
            <td>\(RiskLabels.score(c, leg.score, leg.band))</td></tr>
            """
        }
        let tools: HTML = m.canEdit ? """
            <p class="actions"><a class="button" id="edit-chain-link" href="\(SiteURL.riskChainEdit(w.companyID, w.id, chain.id))">\(c.t("risk.ui.edit_map"))</a>
            <a class="button" href="\(SiteURL.riskChainCSV(w.companyID, w.id, chain.id))">\(c.t("risk.ui.export_csv"))</a></p>
            <form id="delete-chain-form" method="post" action="\(SiteURL.riskChainDelete(w.companyID, w.id, chain.id))">\(c.csrfField)
            <button type="submit" class="danger">\(c.t("risk.ui.delete_chain"))</button></form>
            """ : "<p><a class=\"button\" href=\"\(SiteURL.riskChainCSV(w.companyID, w.id, chain.id))\">\(c.t("risk.ui.export_csv"))</a></p>"
        return Layout.page(c, title: chain.name, """
        <p><a href="\(SiteURL.riskAssessment(w.companyID, w.id))">\(w.assessment.title)</a></p>
        <h1>\(chain.name) \(RiskLabels.score(c, risk?.score, risk?.band))</h1>
        \(chain.productLine.map { "<p>\(c.t("risk.ui.product_line")): \($0)</p>" as HTML })
        \(w.screening.chain(chain.id).map { "<p id=\"chain-screening\">\(c.t("risk.ui.screening")): \(RiskViews.screeningTag(c, $0.status))</p>" as HTML })
        <figure class="chain-diagram">\(RiskLabels.chainSVG(c, chain, risk))</figure>
        \(tools)
        <h2>\(c.t("risk.ui.nodes"))</h2>
        <div class="table-scroll"><table tabindex="0" id="chain-nodes"><thead><tr><th>\(c.t("risk.ui.key"))</th><th>\(c.t("field.name"))</th><th>\(c.t("risk.ui.kind"))</th>
        <th>\(c.t("risk.ui.place"))</th><th>\(c.t("risk.ui.business_partner"))</th><th>\(c.t("risk.ui.threat"))</th><th>\(c.t("risk.ui.vulnerability"))</th>
        <th>\(c.t("risk.ui.risk"))</th></tr></thead><tbody>\(nodes)</tbody></table></div>
        <p class="hint method-notice">\(c.t("risk.ui.method_notice"))</p>
        <h2>\(c.t("risk.ui.legs"))</h2>
        <table tabindex="0" id="chain-legs"><thead><tr><th>\(c.t("risk.ui.leg"))</th><th>\(c.t("risk.ui.mode"))</th><th>\(c.t("risk.ui.business_partner"))</th>
        <th>\(c.t("risk.ui.risk"))</th></tr></thead><tbody>\(legs)</tbody></table>
        \(vulnerabilityForm(c, m))
        """)
    }

    static func vulnerabilityForm(_ c: PageContext, _ m: ShowModel) -> HTML {
        let w = m.workspace, chain = m.chain, scale = w.scale
        let levels = scale.allLevels.map { (scale.key(of: $0), RiskLabels.level(c, scale, $0)) }
        // Per category, not per row: its name and the proposal (the same at every node).
        let categoryNames = Dictionary(uniqueKeysWithValues: MSCCategory.allCases.map { ($0, c.t($0.nameKey)) })
        let proposedCells: [MSCCategory: HTML] = Dictionary(uniqueKeysWithValues: MSCCategory.allCases.map { category in
            (category, w.proposals[category].map { proposal in
                "\(RiskLabels.level(c, scale, proposal.level)) <span class=\"hint\">\(c.t(proposal.explanationKey, proposal.arguments))</span>"
            } ?? "—")
        })
        let unconfirmed: HTML = "<span class=\"risk-tag risk-unrated\">\(c.t("risk.ui.not_confirmed"))</span>"
        let reasonLabel = c.t("risk.ui.reason")
        // Each way the level list can be selected, built once per page instead of once per row.
        var optionsBySelected: [String: HTML] = [:]
        for chosen in [""] + levels.map(\.0) {
            optionsBySelected[chosen] = HTML.join(levels) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == chosen, " selected"))>\($0.1)</option>" }
        }
        let disabled: HTML = HTML.when(!m.canEdit, " disabled")
        var rows: [HTML] = []
        for (index, node) in chain.nodes.enumerated() {
            let categories = w.method.applicability.categories(for: node.kind)
            for (position, category) in categories.enumerated() {
                let name = "\(index)_\(category.number)"
                let proposal = w.proposals[category]
                let rating = w.vulnerabilities.rating(node: node.id, category: category)
                let selected = m.posted.map { $0["level_\(name)"] ?? "" }
                    ?? (rating.map { scale.key(of: $0.level) } ?? proposal.map { scale.key(of: $0.level) } ?? "")
                let reason = m.posted.map { $0["reason_\(name)"] ?? "" } ?? rating?.reason ?? ""
                let options = optionsBySelected[selected]
                    ?? HTML.join(levels) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == selected, " selected"))>\($0.1)</option>" }
                let proposed = proposedCells[category] ?? "—"
                let categoryName = categoryNames[category] ?? ""
                let nodeCell: HTML = position == 0
                    ? "<th scope=\"rowgroup\" rowspan=\"\(categories.count)\">\(node.name) (\(node.key))<br><span class=\"hint\">\(c.t(node.kind.nameKey))</span></th>"
                    : .empty
                let status: HTML = rating == nil ? unconfirmed : .empty
                rows.append("""
                <tr>\(nodeCell)<td>\(category.number). \(categoryName)</td><td>\(proposed)</td>
                <td><select name="level_\(name)" aria-label="\(node.key) · \(categoryName)"\(disabled)>\
                <option value="">—</option>\(options)</select> \(status)</td>
                <td><input name="reason_\(name)" value="\(reason)" maxlength="\(VulnerabilityRating.maxReasonLength)" aria-label="\(reasonLabel)"\(disabled)></td></tr>
                """)
            }
        }
        let submit: HTML = m.canEdit ? "<button type=\"submit\">\(c.t("risk.ui.save_vulnerabilities"))</button>" : .empty
        return """
        <section id="vulnerabilities"><h2>\(c.t("risk.ui.step_vulnerabilities"))</h2>
        <p>\(c.t(w.proposals.isEmpty ? "risk.ui.no_profile" : "risk.ui.vulnerabilities_intro"))</p>
        \(RiskLabels.errorList(c, m.errors, id: "vulnerability-errors"))
        <form id="vulnerability-form" method="post" action="\(SiteURL.riskVulnerabilities(w.companyID, w.id, chain.id))">\(c.csrfField)
        <div class="table-scroll"><table tabindex="0" class="risk-table"><thead><tr><th>\(c.t("risk.ui.node"))</th><th>\(c.t("risk.ui.category"))</th>
        <th>\(c.t("risk.ui.proposed"))</th><th>\(c.t("risk.ui.level"))</th><th>\(c.t("risk.ui.reason"))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>\(submit)</form></section>
        """
    }

    /// The map form: chain fields, then one row per node and per leg; blank rows are ignored.
    struct FormModel: Sendable {
        let company: CompanyID
        let assessment: UUID
        let assessmentTitle: String
        /// `nil` for a new chain.
        let chainID: SupplyChainID?
        var draft: SupplyChain.Draft
        var errors: [FieldError] = []
        var extraRows = 3
        /// Names in the company's business-partner registry, offered in the partner cells (free
        /// text still works, as in maps saved before the registry existed).
        var registry: [String] = []
    }

    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let fieldsWithErrors = Set(m.errors.map(\.field))
        func cell(_ name: String, _ field: String, _ value: String?, size: Int = 12, label: String, list: String? = nil) -> HTML {
            let invalid = fieldsWithErrors.contains(field) || fieldsWithErrors.contains(field.components(separatedBy: ".").first ?? "")
            let suggestions: HTML = list.map { " list=\"\($0)\"" as HTML } ?? .empty
            return "<td><input name=\"\(name)\" value=\"\(value ?? "")\" size=\"\(size)\" aria-label=\"\(label)\"\(suggestions)\(HTML.when(invalid, " aria-invalid=\"true\" class=\"invalid\""))></td>"
        }
        let registryList: String? = m.registry.isEmpty ? nil : "registry-partners"
        func select(_ name: String, _ field: String, _ options: [(String, String)], _ value: String?, label: String) -> HTML {
            let items = HTML.join(options) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == value, " selected"))>\($0.1)</option>" }
            let invalid = fieldsWithErrors.contains(field)
            return "<td><select name=\"\(name)\" aria-label=\"\(label)\"\(HTML.when(invalid, " aria-invalid=\"true\" class=\"invalid\""))><option value=\"\"></option>\(items)</select></td>"
        }
        let kinds = ChainNodeKind.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let modes = TransportMode.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let blankNode = ChainNode.Draft(key: nil, kind: nil, name: nil, country: nil)
        let nodes = m.draft.nodes + Array(repeating: blankNode, count: m.extraRows)
        let nodeRows = HTML.join(nodes.enumerated()) { i, node in
            """
            <tr><td class="num">\(i + 1)</td>\(cell("node_key_\(i)", "nodes[\(i)].key", node.key, size: 6, label: c.t("risk.ui.key")))
            \(select("node_kind_\(i)", "nodes[\(i)].kind", kinds, node.kind, label: c.t("risk.ui.kind")))
            \(cell("node_name_\(i)", "nodes[\(i)].name", node.name, size: 22, label: c.t("field.name")))
            \(cell("node_country_\(i)", "nodes[\(i)].country", node.country, size: 3, label: c.t("company.country")))
            \(cell("node_region_\(i)", "nodes[\(i)].region", node.region, label: c.t("risk.ui.region")))
            \(cell("node_partner_\(i)", "nodes[\(i)].business_partner", node.businessPartner, size: 18, label: c.t("risk.ui.business_partner"), list: registryList))</tr>
            """
        }
        let blankLeg = ChainLeg.Draft(from: nil, to: nil, mode: nil)
        let legs = m.draft.legs + Array(repeating: blankLeg, count: m.extraRows)
        let legRows = HTML.join(legs.enumerated()) { i, leg in
            """
            <tr><td class="num">\(i + 1)</td>\(cell("leg_from_\(i)", "legs[\(i)].from", leg.from, size: 6, label: c.t("risk.ui.from")))
            \(cell("leg_to_\(i)", "legs[\(i)].to", leg.to, size: 6, label: c.t("risk.ui.to")))
            \(select("leg_mode_\(i)", "legs[\(i)].mode", modes, leg.mode, label: c.t("risk.ui.mode")))
            \(cell("leg_partner_\(i)", "legs[\(i)].business_partner", leg.businessPartner, size: 18, label: c.t("risk.ui.business_partner"), list: registryList))</tr>
            """
        }
        let f = FormFields(c, errors: m.errors)
        let action = m.chainID.map { SiteURL.riskChain(m.company, m.assessment, $0) } ?? SiteURL.riskChains(m.company, m.assessment)
        let more = (m.chainID.map { SiteURL.riskChainEdit(m.company, m.assessment, $0) } ?? SiteURL.riskNewChain(m.company, m.assessment))
            + "?rows=\(m.extraRows + 10)"
        let title = c.t(m.chainID == nil ? "risk.ui.add_chain" : "risk.ui.edit_map")
        return Layout.page(c, title: title, """
        <p><a href="\(SiteURL.riskAssessment(m.company, m.assessment))">\(m.assessmentTitle)</a></p>
        <h1>\(title)</h1><p>\(c.t("risk.ui.map_form_intro"))</p>
        \(RiskLabels.errorList(c, m.errors))
        <form id="chain-form" method="post" action="\(action)" class="stack">\(c.csrfField)
        <input type="hidden" name="rows" value="\(m.extraRows)">
        \(f.input("name", label: c.t("field.name"), value: m.draft.name, required: true, maxLength: ChainValidator.maxNameLength))
        \(f.input("product_line", label: c.t("risk.ui.product_line"), value: m.draft.productLine, maxLength: ChainValidator.maxNameLength))
        <h2>\(c.t("risk.ui.nodes"))</h2><p class="hint">\(c.t("risk.ui.nodes_hint"))</p>
        <div class="table-scroll"><table tabindex="0" class="chain-form-table"><thead><tr><th>#</th><th>\(c.t("risk.ui.key"))</th><th>\(c.t("risk.ui.kind"))</th>
        <th>\(c.t("field.name"))</th><th>\(c.t("company.country"))</th><th>\(c.t("risk.ui.region"))</th><th>\(c.t("risk.ui.business_partner"))</th></tr></thead>
        <tbody>\(nodeRows)</tbody></table></div>
        <h2>\(c.t("risk.ui.legs"))</h2><p class="hint">\(c.t("risk.ui.legs_hint"))</p>
        <div class="table-scroll"><table tabindex="0" class="chain-form-table"><thead><tr><th>#</th><th>\(c.t("risk.ui.from"))</th><th>\(c.t("risk.ui.to"))</th>
        <th>\(c.t("risk.ui.mode"))</th><th>\(c.t("risk.ui.business_partner"))</th></tr></thead><tbody>\(legRows)</tbody></table></div>
        <p><a href="\(more)">\(c.t("risk.ui.more_rows"))</a></p>
        \(HTML.when(!m.registry.isEmpty, "<p class=\"hint\">\(c.t("risk.ui.partners_from_registry"))</p>"))
        <datalist id="registry-partners">\(HTML.join(m.registry) { "<option value=\"\($0)\">" })</datalist>
        <button type="submit">\(c.t("form.save"))</button></form>
        """)
    }
}
