import Foundation
import TrustlaneCore

/// Pieces shared by the company's membership page and the reviewer's pages.
enum MembershipParts {
    static func statusTag(_ c: PageContext, _ status: MembershipStatus?) -> HTML {
        guard let status else { return "<span class=\"tag\" data-status=\"none\">\(c.t("membership.not_applied"))</span>" }
        return "<span class=\"tag status-\(status.rawValue)\" data-status=\"\(status.rawValue)\">\(c.t(status.nameKey))</span>"
    }

    static func tier(_ c: PageContext, _ tier: Tier?) -> HTML {
        tier.map { "<span class=\"tag tier\" data-tier=\"\($0.rawValue)\">\(c.t($0.nameKey))</span>" } ?? "—"
    }

    /// What the tier brings, for the member (6 U.S.C. 964-966), and whether Tier III is open to
    /// its entity type.
    static func tierBenefits(_ c: PageContext, _ tier: Tier?, type: EntityType) -> HTML {
        let tierThree: HTML = c.settings.tierThreeEntityTypes.contains(type) ? .empty : " \(c.t("tier.three_not_offered", ["type": type.code, "offered": c.settings.tierThreeEntityTypes.sorted().map(\.code).joined(separator: ", ")]))"
        guard let tier else { return .empty }
        return "<p class=\"hint tier-benefits\" data-benefits-tier=\"\(tier.rawValue)\">\(c.t("tier.benefits.\(tier.rawValue)"))\(tierThree)</p>"
    }

    /// Days left, due soon or overdue, as words.
    static func clockText(_ c: PageContext, _ clock: MembershipClock) -> HTML {
        let left: String
        switch clock.state {
        case .met: left = clock.metOn.map { c.t("membership.clock_met_on", ["day": $0.description]) } ?? c.t(("clock_state.met"))
        case .overdue: left = c.t("membership.days_overdue", ["count": c.t.number(-clock.daysLeft)])
        case .ok, .dueSoon: left = c.t("membership.days_left", ["count": c.t.number(clock.daysLeft)])
        }
        return "<span class=\"clock-state clock-\(clock.state.rawValue)\">\(c.t("clock_state.\(clock.state.rawValue)"))</span> · \(left)"
    }

    /// The latest annual profile review: its anniversary, status, and the reasons when returned.
    static func annualReview(_ c: PageContext, _ application: MembershipApplication?) -> HTML {
        guard let application, let cycle = application.annualReview else { return .empty }
        let reasons: HTML = cycle.returnReasons.isEmpty ? .empty : "<ul class=\"decision-reasons\">\(HTML.join(cycle.returnReasons) { "<li>\($0)</li>" })</ul>"
        return """
        <div class="annual-review" id="annual-review-\(application.entityType.code)" data-annual-review="\(cycle.status.rawValue)">
        <p>\(c.t("clock.annual_review")) (\(cycle.anniversary.description)): <span class="tag">\(c.t("annual_review_status.\(cycle.status.rawValue)"))</span>
        \(cycle.decidedAt.map { " · \(c.t.date($0))" as HTML })</p>\(reasons)</div>
        """
    }

    static func clocksTable(_ c: PageContext, _ clocks: [MembershipClock]) -> HTML {
        guard !clocks.isEmpty else { return "<p class=\"hint\">\(c.t("membership.no_clocks"))</p>" }
        let rows = HTML.join(clocks) { clock in
            let window: HTML = clock.window.map { " (\(c.t("membership.window", ["opens": $0.opensOn.description, "closes": $0.closesOn.description])))" } ?? .empty
            return """
            <tr data-clock="\(clock.kind.rawValue)" data-state="\(clock.state.rawValue)" data-days-left="\(clock.daysLeft)">
            <td>\(c.t(clock.kind.nameKey))</td><td>\(clock.dueOn.description)\(window)</td><td>\(clockText(c, clock))</td></tr>
            """
        }
        return """
        <table tabindex="0" class="clocks"><thead><tr><th>\(c.t("membership.clock"))</th><th>\(c.t("membership.due_on"))</th>
        <th>\(c.t("membership.clock_state"))</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }

    /// The history. `internal` shows reviewers' notes (reviewer pages only).
    static func history(_ c: PageContext, _ events: [MembershipStore.EventRow], internal showInternal: Bool) -> HTML {
        guard !events.isEmpty else { return .empty }
        let rows = HTML.join(events) { event in
            let details = event.detailValues
            let reasons: HTML = details["reasons"].map { "<p class=\"reasons\">\($0)</p>" } ?? .empty
            let note: HTML = showInternal ? details["internal_note"].map { "<p class=\"internal-note\">\(c.t("membership.internal_note")): \($0)</p>" } ?? .empty : .empty
            let status = MembershipStatus(rawValue: event.to_status)
            return """
            <li data-kind="\(event.kind)"><strong>\(c.t("lifecycle.transition.\(event.kind)"))</strong> → \(statusTag(c, status))
            · \(c.t.dateTime(event.occurred_at)) · \(event.actor_name ?? c.t("membership.actor.\(event.actor_role)"))\(reasons)\(note)</li>
            """
        }
        return "<h3>\(c.t("membership.history"))</h3><ol class=\"history\">\(rows)</ol>"
    }

    /// A form posting one transition; `fields` are its own inputs.
    static func transitionForm(_ c: PageContext, action: String, kind: TransitionKind, version: Int?, fields: HTML = .empty,
                               internalNote: Bool = false, confirm: Bool = false) -> HTML {
        let note: HTML = internalNote ? FormFields(c, idPrefix: "\(kind.rawValue)-").textarea("internal_note", label: c.t("membership.internal_note_hint"), rows: 2) : .empty
        let version: HTML = version.map { "<input type=\"hidden\" name=\"version\" value=\"\($0)\">" } ?? .empty
        return """
        <form method="post" action="\(action)" class="stack transition" id="form-\(kind.rawValue)" data-kind="\(kind.rawValue)">\(c.csrfField)
        <input type="hidden" name="kind" value="\(kind.rawValue)">\(version)\(fields)\(note)
        <button type="submit"\(HTML.when(confirm, " class=\"danger\""))>\(c.t("lifecycle.transition.\(kind.rawValue)"))</button></form>
        """
    }

    static func findingsTable(_ c: PageContext, _ findings: [ValidationFinding], actions: (ValidationFinding) -> HTML) -> HTML {
        guard !findings.isEmpty else { return "<p class=\"hint\">\(c.t("membership.no_findings"))</p>" }
        let rows = HTML.join(findings) { finding in
            """
            <tr data-finding="\(finding.id)" data-kind="\(finding.kind.rawValue)" data-status="\(finding.status.rawValue)">
            <td>\(finding.criterion)</td><td>\(c.t("finding_kind.\(finding.kind.rawValue)"))</td><td>\(finding.text)</td>
            <td>\(finding.responseDueOn?.description ?? "—")</td><td>\(c.t("finding_status.\(finding.status.rawValue)"))</td>
            <td>\(finding.response.map { "<p class=\"response\">\($0)</p>" as HTML })\(actions(finding))</td></tr>
            """
        }
        return """
        <table tabindex="0" class="findings"><thead><tr><th>\(c.t("membership.criterion"))</th><th>\(c.t("membership.finding_kind"))</th>
        <th>\(c.t("membership.finding_text"))</th><th>\(c.t("membership.response_due"))</th><th>\(c.t("membership.finding_status"))</th>
        <th>\(c.t("membership.response"))</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }
}
