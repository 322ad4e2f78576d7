import Foundation
import TrustlaneCore

/// The partner page's vetting sections: the risk tier and why, the reassessment clock, status
/// proofs (3.4), assessments (3.7) and the partner's corrective actions (3.6).
extension BusinessPartnerViews {
    static func tierTag(_ c: PageContext, _ tier: String?) -> HTML {
        guard let tier else { return .empty }
        return "<span class=\"tag tier-\(tier)\" data-tier=\"\(tier)\">\(c.t("partners.tier.\(tier)"))</span>"
    }

    static func vettingSections(_ c: PageContext, company: CompanyID, partner: UUID, v: PartnerVettingService.Vetting, canManage: Bool,
                                errors: [FieldError], today: ProgramDay) -> HTML {
        let f = FormFields(c, errors: errors)
        let base = SiteURL.partner(company, partner)
        let factorLabels = [c.t("partners.factor"), c.t("partners.points"), c.t("partners.why")]
        let factorRows = HTML.join(v.vetting.factors) { factor in
            "<tr><td>\(c.t("partners.factor.\(factor.key)"))</td><td class=\"num\">\(factor.points > 0 ? "+" : "")\(factor.points)</td><td>\(c.t("partners.why.\(factor.reason)", factor.arguments))</td></tr>"
        }
        let next = v.state.next_assessment_on.flatMap(ProgramDay.init)
        let overdue = next.map { $0 < today } ?? false
        let clock: HTML = """
            <dl class="facts" id="partner-clock">
            <dt>\(c.t("partners.last_assessed"))</dt><dd>\(v.state.last_assessed_on ?? c.t("partners.never"))</dd>
            <dt>\(c.t("partners.next_assessment"))</dt><dd>\(next.map { "\($0.description)" as HTML } ?? "\(c.t("partners.after_first"))")\(HTML.when(overdue, " <span class=\"tag overdue\">\(c.t("partners.overdue"))</span>"))</dd>
            \(v.state.early_trigger_on.map { "<dt>\(c.t("partners.early_trigger"))</dt><dd>\($0): \(c.t("partners.trigger.\(v.state.early_trigger_reason ?? "incident")"))</dd>" as HTML })
            </dl>
            """
        let volumeOptions = PartnerVetting.Volume.allCases.map { ($0.rawValue, c.t("partners.volume.\($0.rawValue)")) }
        let triggerOptions = PartnerVettingService.Trigger.allCases.filter { $0 != .statusLapse }.map { ($0.rawValue, c.t("partners.trigger.\($0.rawValue)")) }
        let tierForms: HTML = canManage ? """
            <div class="actions">
            <form method="post" action="\(base)/volume" id="partner-volume-form" class="inline">\(c.csrfField)
            \(f.select("volume", label: c.t("partners.volume"), options: volumeOptions, selected: v.state.volume, includeBlank: c.t("partners.volume.unknown")))
            <button type="submit" class="secondary">\(c.t("form.save"))</button></form>
            <form method="post" action="\(base)/triggers" id="partner-trigger-form" class="inline">\(c.csrfField)
            \(f.select("trigger", label: c.t("partners.reassess_early"), options: triggerOptions, selected: nil))
            <button type="submit" class="secondary">\(c.t("partners.reassess_early_submit"))</button></form>
            </div>
            """ : .empty

        let proofLabels = [c.t("partners.proof_kind"), c.t("partners.proof_number"), c.t("partners.country"), c.t("partners.valid_until"),
                           c.t("partners.proof_counts"), ""]
        let proofRows = HTML.join(v.proofs) { row in
            let recognition = row.proof.recognition(on: today)
            let remove: HTML = canManage ? """
                <form method="post" action="\(base)/proofs/\(row.id.uuidString.lowercased())/delete" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("partners.remove"))</button></form>
                """ : .empty
            return """
            <tr><td>\(c.t("partners.proof.\(row.kind)"))\(row.program.isEmpty ? "" : " (\(row.program))")</td><td><code>\(row.number)</code></td><td>\(row.country ?? "—")</td>
            <td>\(row.valid_until ?? "—")</td><td>\(recognition.counts ? "<span class=\"tag partner-active\">\(c.t("partners.counts_yes"))</span>" as HTML : "<span class=\"tag partner-archived\">\(c.t("partners.counts_no"))</span>") <small lang="en">\(recognition.explanation)</small></td><td>\(remove)</td></tr>
            """
        }
        let kindOptions = StatusProof.Kind.allCases.map { ($0.rawValue, c.t("partners.proof.\($0.rawValue)")) }
        let proofForm: HTML = canManage ? """
            <details id="proof-add"\(HTML.when(errors.contains { ["kind", "number", "program", "valid_until", "verified_on"].contains($0.field) }, " open"))><summary>\(c.t("partners.add_proof"))</summary>
            <form method="post" action="\(base)/proofs" id="partner-proof-form" class="stack narrow">\(c.csrfField)
            \(f.select("kind", label: c.t("partners.proof_kind"), options: kindOptions, selected: nil))
            \(f.input("program", label: c.t("partners.proof_program"), hint: c.t("partners.proof_program_hint")))
            \(f.input("number", label: c.t("partners.proof_number"), required: true, maxLength: 60))
            \(f.input("country", label: c.t("partners.proof_country"), maxLength: 2, hint: c.t("partners.country_hint")))
            \(f.input("valid_until", label: c.t("partners.valid_until"), type: "date"))
            \(f.input("verified_on", label: c.t("partners.verified_on"), type: "date"))
            <button type="submit">\(c.t("partners.add_proof"))</button></form></details>
            """ : .empty

        let assessmentLabels = [c.t("partners.completed_on"), c.t("partners.method"), c.t("partners.tier"), c.t("partners.notes")]
        let assessmentRows = HTML.join(v.assessments) { row in
            "<tr><td>\(row.completed_on)</td><td>\(c.t("partners.method.\(row.method)"))</td><td>\(tierTag(c, row.tier)) (\(row.points))</td><td class=\"pre\">\(row.notes ?? "")</td></tr>"
        }
        let methodOptions = PartnerVettingService.Method.allCases.map { ($0.rawValue, c.t("partners.method.\($0.rawValue)")) }
        let assessmentForm: HTML = canManage ? """
            <details id="assessment-add"\(HTML.when(errors.contains { ["method", "completed_on"].contains($0.field) }, " open"))><summary>\(c.t("partners.record_assessment"))</summary>
            <form method="post" action="\(base)/assessments" id="partner-assessment-form" class="stack narrow">\(c.csrfField)
            \(f.select("method", label: c.t("partners.method"), options: methodOptions, selected: nil))
            \(f.input("completed_on", label: c.t("partners.completed_on"), value: today.description, type: "date", required: true))
            \(f.textarea("notes", label: c.t("partners.notes"), rows: 3))
            <p class="hint">\(c.t("partners.status_proof_rule"))</p>
            <button type="submit">\(c.t("partners.record_assessment"))</button></form></details>
            """ : .empty

        let actionLabels = [c.t("partners.action_title"), c.t("partners.due_on"), c.t("partners.status"), ""]
        let actionRows = HTML.join(v.actions) { row in
            let late = row.status == "open" && (ProgramDay(row.due_on).map { $0 < today } ?? false)
            let close: HTML = canManage && row.status == "open" ? """
                <form method="post" action="\(base)/actions/\(row.id.uuidString.lowercased())/close" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("partners.close_action"))</button></form>
                """ : .empty
            return "<tr><td>\(row.title)</td><td>\(row.due_on)\(HTML.when(late, " <span class=\"tag overdue\">\(c.t("partners.overdue"))</span>"))</td><td>\(c.t("partners.action_status.\(row.status)"))</td><td>\(close)</td></tr>"
        }
        let actionForm: HTML = canManage ? """
            <details id="action-add"\(HTML.when(errors.contains { ["title", "due_on"].contains($0.field) }, " open"))><summary>\(c.t("partners.add_action"))</summary>
            <form method="post" action="\(base)/actions" id="partner-action-form" class="stack narrow">\(c.csrfField)
            \(f.input("title", label: c.t("partners.action_title"), required: true, maxLength: 300))
            \(f.input("due_on", label: c.t("partners.due_on"), value: today.adding(days: 30).description, type: "date", required: true))
            <button type="submit">\(c.t("partners.add_action"))</button></form></details>
            """ : .empty
        func table(_ id: String, _ labels: [String], _ rows: HTML, empty: String) -> HTML {
            rows.rendered.isEmpty ? "<p class=\"hint\">\(empty)</p>" : """
                <table tabindex="0" class="stack" id="\(id)"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead><tbody>\(rows.labellingCells(labels))</tbody></table>
                """
        }
        return """
        <section id="partner-tier"><h2>\(c.t("partners.tier")) \(tierTag(c, v.vetting.tier.rawValue))</h2>
        <p class="hint">\(c.t("partners.tier_intro", ["points": c.t.number(v.vetting.points)]))</p>
        \(table("partner-factors", factorLabels, factorRows, empty: ""))
        \(clock)\(tierForms)</section>
        <section id="partner-proofs"><h2>\(c.t("partners.proofs"))</h2>
        \(HTML.when(!v.monitored.isEmpty, "<ul id=\"partner-monitored\">\(HTML.join(v.monitored) { member in "<li>\(c.t("partners.monitored", ["company": member.legal_name, "status": c.t("membership_status.\(member.status)")])) \(member.inGoodStanding ? "<span class=\"tag partner-active\">\(c.t("partners.counts_yes"))</span>" as HTML : "<span class=\"tag partner-archived\">\(c.t("partners.counts_no"))</span>")</li>" })</ul>"))
        \(table("partner-proof-list", proofLabels, proofRows, empty: c.t("partners.no_proofs")))\(proofForm)</section>
        <section id="partner-assessments"><h2>\(c.t("partners.assessments"))</h2>
        \(table("partner-assessment-list", assessmentLabels, assessmentRows, empty: c.t("partners.no_assessments")))\(assessmentForm)</section>
        <section id="partner-actions"><h2>\(c.t("partners.actions"))</h2>
        \(table("partner-action-list", actionLabels, actionRows, empty: c.t("partners.no_actions")))\(actionForm)</section>
        """
    }
}
