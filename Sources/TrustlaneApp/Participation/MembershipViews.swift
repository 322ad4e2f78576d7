import Foundation
import TrustlaneCore

/// The company's membership page. Reviewers' internal notes never appear here.
enum MembershipViews {
    static func page(_ c: PageContext, company: CompanyID, companyName: String, entries: [MembershipEntry],
                     actor: LifecycleActor?, isReviewer: Bool) -> HTML {
        let sections = HTML.join(entries) { entry in section(c, company: company, entry: entry, actor: actor, isReviewer: isReviewer) }
        return Layout.page(c, title: c.t("membership.title"), """
        <p><a href="\(SiteURL.company(company))">← \(companyName)</a></p>
        <h1>\(c.t("membership.title"))</h1>
        <p>\(c.t("membership.intro"))</p>
        \(sections)
        """)
    }

    static func section(_ c: PageContext, company: CompanyID, entry: MembershipEntry, actor: LifecycleActor?, isReviewer: Bool) -> HTML {
        let application = entry.application
        let companyActor = actor?.isCompanySide == true ? actor : nil
        let kinds = entry.availableKinds(for: companyActor)
        let action = SiteURL.membershipTransitions(company, entry.type)
        let version = entry.stored?.version
        // Leaving the program is out of the main path: behind its own disclosure, with its confirmation.
        let forms = HTML.join(kinds.filter { $0 != .withdraw }) { kind in form(c, kind: kind, action: action, version: version, entry: entry) }
        let leave: HTML = kinds.contains(.withdraw) ? """
            <details class="danger-zone" id="leave-\(entry.type.code)"><summary>\(c.t("membership.leave_program"))</summary>
            \(form(c, kind: .withdraw, action: action, version: version, entry: entry))</details>
            """ : .empty
        let reviewLink: HTML = isReviewer && application != nil
            ? "<p><a class=\"button\" id=\"review-link-\(entry.type.code)\" href=\"\(SiteURL.membershipReview(company, entry.type))\">\(c.t("membership.open_review"))</a></p>"
            : .empty
        let findings: HTML = entry.findings.isEmpty ? .empty : """
        <h3>\(c.t("membership.findings"))</h3>
        \(MembershipParts.findingsTable(c, entry.findings) { finding in
            guard companyActor != nil, finding.kind != .bestPractice, finding.status != .closed else { return .empty }
            return """
            <form method="post" action="\(SiteURL.findingResponse(company, entry.type, finding.id))" class="stack finding-response">\(c.csrfField)
            \(FormFields(c).textarea("response", label: c.t("membership.your_response"), value: finding.response, rows: 3))
            <button type="submit">\(c.t("membership.send_response"))</button></form>
            """
        })
        """
        let reports = HTML.join(entry.validations.filter { $0.closed_at != nil }) { validation in
            "<li><a href=\"\(SiteURL.validationReport(company, entry.type, validation.id))\">\(c.t("membership.validation_report")) · \(c.t.date(validation.created_at))</a></li>"
        }
        let reasons: HTML = (application?.decisionReasons ?? []).isEmpty ? .empty
            : "<div class=\"decision-reasons\"><h3>\(c.t("membership.decision_reasons"))</h3><ul>\(HTML.join(application!.decisionReasons) { "<li>\($0)</li>" })</ul></div>"
        let sanction: HTML = application?.sanctionReason.map { "<p>\(c.t("membership.sanction_reason")): \(c.t($0.nameKey))</p>" } ?? .empty
        return """
        <section class="membership" id="membership-\(entry.type.code)" data-entity-type="\(entry.type.code)">
        <h2>\(c.t(entry.type.nameKey)) (\(entry.type.code))</h2>
        <p>\(c.t("membership.status")): \(MembershipParts.statusTag(c, application?.status)) · \(c.t("membership.tier")): \(MembershipParts.tier(c, application?.tier))
        \(HTML.when(application == nil, " · \(c.t("membership.eligibility")): \(entry.eligibility.map { c.t("eligibility.status.\($0.rawValue)") } ?? c.t("eligibility.status.not_started"))"))</p>
        \(MembershipParts.tierBenefits(c, application?.tier, type: entry.type))
        \(sanction)\(reasons)
        \(MembershipParts.annualReview(c, application))
        \(MembershipParts.clocksTable(c, entry.clocks))
        \(findings)
        \(HTML.when(!reports.rendered.isEmpty, "<ul class=\"reports\">\(reports)</ul>"))
        <div class="actions">\(forms)</div>
        \(leave)
        \(reviewLink)
        \(MembershipParts.history(c, entry.events, internal: false))
        </section>
        """
    }

    static func form(_ c: PageContext, kind: TransitionKind, action: String, version: Int?, entry: MembershipEntry) -> HTML {
        switch kind {
        case .apply:
            let eligible = entry.eligibility == .eligible
            let fields: HTML = """
            <div class="agreement" id="partner-agreement"><h3>\(c.t("membership.agreement_title"))</h3><p>\(c.t("membership.agreement_text"))</p></div>
            <label class="check"><input type="checkbox" name="agreement" value="yes" required> \(c.t("membership.agreement_confirm"))</label>
            <div class="field"><label for="cbp_invitation">\(c.t("membership.cbp_invitation"))</label>
            <input id="cbp_invitation" name="cbp_invitation" maxlength="200"><p class="hint">\(c.t("membership.cbp_invitation_hint"))</p></div>
            \(HTML.when(!eligible, "<p class=\"hint\">\(c.t("membership.apply_needs_eligibility"))</p>"))
            """
            return MembershipParts.transitionForm(c, action: action, kind: kind, version: version, fields: fields)
        case .submitAnnualReview:
            // CBP asks again at each annual renewal whether a final debt to CBP is unpaid (issue 11).
            let fields: HTML = "<label class=\"check\"><input type=\"checkbox\" name=\"no_unpaid_debt\" value=\"yes\" required> \(c.t("membership.no_unpaid_debt"))</label>"
            return MembershipParts.transitionForm(c, action: action, kind: kind, version: version, fields: fields)
        case .withdraw:
            let fields: HTML = "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> \(c.t("membership.withdraw_confirm"))</label>"
            return MembershipParts.transitionForm(c, action: action, kind: kind, version: version, fields: fields, confirm: true)
        case .fileAppeal where entry.application?.status == .rejected:
            // 6 U.S.C. 967(c) gives the right to appeal to a participant; an applicant's appeal of a
            // rejection is Trustlane's choice (issue 11), said so beside the button.
            let fields: HTML = "<p class=\"hint\" id=\"applicant-appeal-note\">\(c.t("membership.applicant_appeal_note"))</p>"
            return MembershipParts.transitionForm(c, action: action, kind: kind, version: version, fields: fields)
        default:
            return MembershipParts.transitionForm(c, action: action, kind: kind, version: version)
        }
    }
}
