import Foundation
import TrustlaneCore

/// One application in the reviewer's workspace: every transition a reviewer may take, the
/// findings of the validation under way, and reviewers' internal notes.
enum ReviewApplicationView {
    /// The newest submission of the company's profile, as the decision panel links to it.
    struct Submission: Sendable {
        let id: UUID
        let sequence: Int
        let submittedAt: Date
        /// The first criterion, in the submission's order, not accepted on it.
        let firstNotAccepted: CriterionID?
    }

    /// The steps that decide on a membership: the panel's summary is repeated in their confirmation.
    static let decisive: Set<TransitionKind> = [.certify, .reject, .suspend, .remove]

    /// "Before you decide": the submission with links into it, how much of it is accepted, and
    /// every concern still open.
    static func decisionPanel(_ c: PageContext, company: CompanyID, decision: DecisionSummary, submission: Submission?) -> HTML {
        let links: HTML = submission.map { submission in
            let start: HTML = submission.firstNotAccepted.map {
                " · <a id=\"review-criteria\" href=\"\(SiteURL.profileCriterion(company, $0))#review-aids\">\(c.t("decision.review_from", ["criterion": $0.rawValue]))</a>" as HTML
            } ?? .empty
            return """
            <p id="decision-submission">\(c.t("decision.submission", ["sequence": String(submission.sequence), "date": c.t.date(submission.submittedAt)]))
            · <a id="submitted-profile" href="\(SiteURL.profileSnapshot(company, submission.id))">\(c.t("decision.read_submission"))</a>\(start)</p>
            <p id="decision-accepted" data-accepted="\(decision.accepted)" data-criteria="\(decision.criteria)">\(c.t("decision.accepted", ["accepted": c.t.number(decision.accepted), "criteria": c.t.number(decision.criteria), "sequence": String(submission.sequence)]))</p>
            """
        } ?? .empty
        let concerns: HTML = decision.isClear ? "<p id=\"decision-clear\">\(c.t("decision.clear"))</p>" : """
            <ul id="decision-concerns">\(HTML.join(decision.concerns) { item in
                "<li data-concern=\"\(item.concern.rawValue)\" data-count=\"\(item.count)\">\(c.t(item.concern.messageKey, ["count": c.t.number(item.count), "sequence": decision.submission.map(String.init) ?? ""]))</li>"
            })</ul>
            """
        return "<section id=\"decision-panel\" class=\"decision-panel\"><h2>\(c.t("decision.title"))</h2>\(links)\(concerns)</section>"
    }

    /// The concerns in one line, for the confirmation of a decisive step.
    static func concernsLine(_ c: PageContext, _ decision: DecisionSummary) -> String {
        decision.concerns.map { c.t($0.concern.messageKey, ["count": c.t.number($0.count), "sequence": decision.submission.map(String.init) ?? ""]) }
            .joined(separator: "; ")
    }

    static func render(_ c: PageContext, company: CompanyID, companyName: String, country: String, entry: MembershipEntry,
                       actor: LifecycleActor, reviewers: [ReviewQueueQueries.Reviewer], today: ProgramDay,
                       decision: DecisionSummary, submission: Submission?) -> HTML {
        guard let application = entry.application else { return .empty }
        let action = SiteURL.membershipTransitions(company, entry.type)
        let forms = HTML.join(entry.availableKinds(for: actor)) { kind in
            form(c, kind: kind, action: action, version: entry.stored?.version, reviewers: reviewers, today: today, entityType: entry.type,
                 companyName: companyName, decision: decision)
        }
        let reviewer = reviewers.first { $0.id == application.assignedReviewerID?.rawValue }
        let validating = application.status == .validationPlanned || application.revalidationInProgress
        let findings: HTML = """
        <section id="findings"><h2>\(c.t("membership.findings"))</h2>
        \(MembershipParts.findingsTable(c, entry.findings) { finding in
            guard finding.status != .closed, finding.kind != .requiredAction || finding.status == .responded else { return .empty }
            return """
            <form method="post" action="\(SiteURL.findingClose(company, entry.type, finding.id))" class="close-finding">\(c.csrfField)
            <button type="submit">\(c.t("review.close_finding"))</button></form>
            """
        })
        \(HTML.when(validating, findingForm(c, company: company, type: entry.type, today: today)))
        </section>
        """
        let reports = HTML.join(entry.validations) { validation in
            "<li><a href=\"\(SiteURL.validationReport(company, entry.type, validation.id))\">\(c.t("membership.validation_report")) · \(c.t.date(validation.created_at))</a>\(validation.outcome.map { " · \($0)" as HTML })</li>"
        }
        let openPlan = entry.validations.first { $0.closed_at == nil }?.decodedPlan
        let foreignWarning: HTML = openPlan.map { $0.visitsAForeignSite } == false
            ? "<p class=\"flash flash-error\" role=\"alert\" id=\"no-foreign-site\">\(c.t("review.no_foreign_site"))</p>" : .empty
        return Layout.page(c, title: "\(c.t("review.application")): \(companyName)", """
        <p><a href="\(SiteURL.reviewQueue)">← \(c.t("review.queue_title"))</a> · <a href="\(SiteURL.company(company))">\(companyName)</a></p>
        <h1>\(companyName) · \(c.t(entry.type.nameKey)) (\(entry.type.code))</h1>
        <p id="review-status">\(c.t("membership.status")): \(MembershipParts.statusTag(c, application.status)) · \(c.t("membership.tier")): \(MembershipParts.tier(c, application.tier))
         · \(c.t("review.country")): \(country) · \(c.t("review.reviewer")): \(reviewer?.name ?? c.t("review.unassigned"))</p>
        \(HTML.when(!application.decisionReasons.isEmpty, "<ul class=\"decision-reasons\">\(HTML.join(application.decisionReasons) { "<li>\($0)</li>" })</ul>"))
        \(MembershipParts.annualReview(c, application))
        \(MembershipParts.clocksTable(c, entry.clocks))
        \(foreignWarning)
        \(decisionPanel(c, company: company, decision: decision, submission: submission))
        <section id="review-actions"><h2>\(c.t("review.actions"))</h2><div class="actions">\(forms)</div></section>
        \(findings)
        \(HTML.when(!entry.validations.isEmpty, "<ul class=\"reports\">\(reports)</ul>"))
        \(MembershipParts.history(c, entry.events, internal: true))
        """)
    }

    static func findingForm(_ c: PageContext, company: CompanyID, type: EntityType, today: ProgramDay) -> HTML {
        let f = FormFields(c)
        let kinds = FindingKind.allCases.map { ($0.rawValue, c.t("finding_kind.\($0.rawValue)")) }
        return """
        <form method="post" action="\(SiteURL.membershipFindings(company, type))" class="stack" id="record-finding">\(c.csrfField)
        <h3>\(c.t("review.record_finding"))</h3>
        \(f.input("criterion", label: c.t("membership.criterion"), maxLength: 10, hint: "3.4"))
        \(f.select("kind", label: c.t("membership.finding_kind"), options: kinds, selected: FindingKind.requiredAction.rawValue))
        \(f.textarea("text", label: c.t("membership.finding_text"), rows: 3))
        \(f.input("response_due_on", label: c.t("membership.response_due"), value: today.adding(days: 30).description, type: "date"))
        <button type="submit">\(c.t("review.record_finding"))</button></form>
        """
    }

    static func form(_ c: PageContext, kind: TransitionKind, action: String, version: Int?,
                     reviewers: [ReviewQueueQueries.Reviewer], today: ProgramDay, entityType: EntityType, companyName: String,
                     decision: DecisionSummary? = nil) -> HTML {
        let f = FormFields(c)
        let fields: HTML
        switch kind {
        case .assignReviewer:
            fields = f.select("reviewer_id", label: c.t("review.reviewer"), options: reviewers.map { ($0.id.uuidString, "\($0.name) (\($0.email))") }, selected: nil)
        case .requestInformation:
            fields = f.textarea("items", label: c.t("review.items"), rows: 3)
        case .reject, .rejectAnnualReview:
            fields = f.textarea("reasons", label: c.t("review.reasons"), rows: 3)
        case .planValidation, .startRevalidation:
            fields = """
            <label class="check"><input type="checkbox" name="site_visit" value="yes" checked> \(c.t("review.site_visit"))</label>
            \(f.textarea("sites", label: c.t("review.sites"), rows: 3, hint: c.t("review.sites_hint")))
            \(f.input("starts_on", label: c.t("review.starts_on"), value: today.adding(days: 14).description, type: "date"))
            \(f.input("ends_on", label: c.t("review.ends_on"), value: today.adding(days: 16).description, type: "date"))
            """
        case .recordValidation:
            // Tier III only for the entity types CBP offers it to (a setting: importers and exporters).
            let tierThree = c.settings.tierThreeEntityTypes.contains(entityType) ? [("tier_3", c.t("tier.tier_3"))] : []
            let results = [("tier_2", c.t("tier.tier_2"))] + tierThree + [("failed", c.t("membership_status.validation_failed"))]
            fields = """
            \(f.select("result", label: c.t("review.outcome"), options: results, selected: "tier_2"))
            \(f.textarea("reasons", label: c.t("review.reasons_if_failed"), rows: 2))
            """
        case .suspend:
            fields = """
            \(sanctionSelect(c))
            \(f.input("response_deadline", label: c.t("review.response_deadline"), value: today.adding(days: c.settings.suspensionResponseDays).description, type: "date"))
            """
        case .remove:
            fields = """
            \(sanctionSelect(c))
            \(f.input("may_reapply_on", label: c.t("review.may_reapply_on"), value: today.adding(years: c.settings.reapplyAfterRemovalYears).description,
                      type: "date", hint: c.t("review.may_reapply_on_hint", ["years": String(c.settings.reapplyAfterRemovalYears)])))
            """
        case .reinstate:
            fields = """
            \(f.textarea("corrective_action_plan", label: c.t("review.corrective_action_plan"), rows: 3, hint: c.t("review.corrective_action_plan_hint")))
            \(f.input("plan_completed_by", label: c.t("review.plan_completed_by"), value: today.adding(days: 90).description, type: "date"))
            <label class="check"><input type="checkbox" name="unannounced_visits" value="yes"> \(c.t("review.unannounced_visits"))</label>
            """
        case .decideAppeal:
            fields = f.select("decision", label: c.t("review.decision"), options: AppealDecision.allCases.map { ($0.rawValue, c.t("review.appeal_\($0.rawValue)")) }, selected: nil)
        default:
            fields = .empty
        }
        let despite: HTML = decision.flatMap { decision in
            Self.decisive.contains(kind) && !decision.isClear
                ? " <strong class=\"despite\">\(c.t("decision.despite", ["concerns": concernsLine(c, decision)]))</strong>" as HTML : nil
        } ?? .empty
        let confirm: HTML = MembershipController.confirmed.contains(kind)
            ? "<label class=\"check confirm\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> \(c.t("membership.confirm_\(kind.rawValue)", ["company": companyName]))\(despite)</label>"
            : .empty
        return MembershipParts.transitionForm(c, action: action, kind: kind, version: version, fields: "\(fields)\(confirm)", internalNote: true,
                                              confirm: MembershipController.confirmed.contains(kind))
    }

    static func sanctionSelect(_ c: PageContext) -> HTML {
        FormFields(c).select("sanction_reason", label: c.t("membership.sanction_reason"),
                             options: SanctionReason.allCases.map { ($0.rawValue, c.t($0.nameKey)) }, selected: nil)
    }
}

extension ReviewViews {
    static func application(_ c: PageContext, company: CompanyID, companyName: String, country: String, entry: MembershipEntry,
                            actor: LifecycleActor, reviewers: [ReviewQueueQueries.Reviewer], today: ProgramDay,
                            decision: DecisionSummary, submission: ReviewApplicationView.Submission?) -> HTML {
        ReviewApplicationView.render(c, company: company, companyName: companyName, country: country, entry: entry, actor: actor,
                                     reviewers: reviewers, today: today, decision: decision, submission: submission)
    }
}
