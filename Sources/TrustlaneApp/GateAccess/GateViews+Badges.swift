import Foundation
import TrustlaneCore

/// The badge, access card and key inventory (MSC 10.1): each item with its holder and the step
/// it can take next, the form to add one, the separation-day check (what a person still holds)
/// and the issue and return log.
extension GateViews {
    struct BadgesModel: Sendable {
        let company: CompanyID
        let companyName: String
        let badges: [GateQueries.BadgeRow]
        let events: [GateQueries.BadgeEventRow]
        let status: BadgeStatus?
        let canManage: Bool
        /// The separation check: whom it asked about and what they hold.
        var person: String? = nil
        var holdings: [GateQueries.BadgeRow]? = nil
        var form: BadgeDraft = .init()
        var errors: [FieldError] = []
        /// The item a refused step was for.
        var stepFor: GateBadgeID? = nil
        var conflict: GateConflict? = nil
    }

    static func badgeStatusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag badge-\(status)\" data-status=\"\(status)\">\(c.t("gate.badge_status.\(status)"))</span>"
    }

    static func badgeActions(_ c: PageContext, _ m: BadgesModel, _ b: GateQueries.BadgeRow) -> HTML {
        guard m.canManage else { return .empty }
        let base = SiteURL.gateBadge(m.company, b.badgeID)
        let f = FormFields(c, errors: b.badgeID == m.stepFor ? m.errors : [], idPrefix: "badge-\(b.badgeID.description)-")
        switch b.badgeStatus {
        case .available:
            return """
            <form method="post" action="\(base)/issue" class="gate-action">\(c.csrfField)
            \(f.input("holder", label: c.t("gate.issue_to"), required: true, maxLength: GateValidator.maxName))
            <button type="submit" class="primary gate-checkout">\(c.t("gate.issue"))</button></form>
            <form method="post" action="\(base)/lost" class="inline">\(c.csrfField)<button type="submit">\(c.t("gate.report_lost"))</button></form>
            """
        case .issued:
            return """
            <form method="post" action="\(base)/return" class="gate-action">\(c.csrfField)<button type="submit" class="primary gate-checkout">\(c.t("gate.record_return"))</button></form>
            <form method="post" action="\(base)/lost" class="inline">\(c.csrfField)<button type="submit">\(c.t("gate.report_lost"))</button></form>
            """
        case .lost:
            return """
            <form method="post" action="\(base)/return" class="gate-action">\(c.csrfField)<button type="submit" class="gate-checkout">\(c.t("gate.record_found"))</button></form>
            """
        }
    }

    static func badgeRow(_ c: PageContext, _ m: BadgesModel, _ b: GateQueries.BadgeRow, actions: Bool = true) -> HTML {
        """
        <li class="gate-entry" data-badge="\(b.badgeID.description)"><div class="gate-entry-main">
        <p class="record-head">\(b.number) <span class="hint">· \(c.t(b.badgeKind.nameKey))\(b.area.map { " · " + $0 } ?? "")</span> \(badgeStatusTag(c, b.status))</p>
        \(b.holder.map { "<p>\(c.t("gate.held_by", ["name": $0, "time": b.issued_at.map { c.t.dateTime($0) } ?? "—"]))</p>" as HTML })
        </div>\(HTML.when(actions, badgeActions(c, m, b)))</li>
        """
    }

    static func badges(_ c: PageContext, _ m: BadgesModel) -> HTML {
        let addErrors = m.stepFor == nil ? m.errors : []
        let f = FormFields(c, errors: addErrors, idPrefix: "add-")
        let kinds = BadgeKind.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let add: HTML = !m.canManage ? .empty : """
        <details class="gate-form-box" id="add-badge"\(HTML.when(m.badges.isEmpty || !addErrors.isEmpty, " open"))><summary class="button secondary">\(c.t("gate.add_badge"))</summary>
        \(f.errorSummary())\(ShipmentViews.errorList(c, addErrors, id: "gate-errors"))
        <form method="post" action="\(SiteURL.gateBadges(m.company))" id="badge-form" class="gate-form">\(c.csrfField)
        \(f.input("number", label: c.t("gate.badge_number_field"), value: m.form.number, required: true, autocomplete: "off", maxLength: GateValidator.maxBadge))
        \(f.select("kind", label: c.t("gate.badge_kind"), options: kinds, selected: m.form.kind ?? BadgeKind.badge.rawValue))
        \(f.input("area", label: c.t("gate.badge_area"), value: m.form.area, maxLength: BadgeInventory.maxArea, hint: c.t("gate.badge_area_hint")))
        <button type="submit" class="primary">\(c.t("gate.add_badge"))</button></form></details>
        """
        let holdings: HTML = m.holdings.map { items in
            items.isEmpty ? "<p class=\"flash flash-success\" id=\"holdings-none\">\(c.t("gate.holds_nothing", ["name": m.person ?? ""]))</p>"
                : """
                <p class="flash flash-error" id="holdings-some">\(c.t("gate.holds_items", ["name": m.person ?? "", "count": c.t.number(items.count)]))</p>
                <ul class="record-list gate-list" id="holdings-list">\(HTML.join(items) { badgeRow(c, m, $0) })</ul>
                """
        } ?? .empty
        let statuses = [("", c.t("gate.all_statuses"))] + BadgeStatus.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let list: HTML = m.badges.isEmpty ? "<p class=\"hint\" id=\"badges-empty\">\(c.t("gate.no_badges"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"badge-list\">\(HTML.join(m.badges) { badgeRow(c, m, $0) })</ul>"
        let events = HTML.join(m.events) { e in
            "<tr><td>\(c.t.dateTime(e.at))</td><td>\(e.number) · \(c.t("gate.badge_kind.\(e.kind)"))</td><td>\(c.t("gate.badge_event.\(e.event)"))</td><td>\(e.person ?? "—")</td><td>\(e.recorded_by_name ?? "—")\(e.note.map { " · " + $0 } ?? "")</td></tr>"
        }
        return Layout.page(c, title: c.t("gate.badges_title"), """
        \(header(c, company: m.company, companyName: m.companyName, current: .badges, site: nil))
        <p class="hint">\(c.t("gate.badges_intro"))</p>
        \(conflictNotice(c, m.conflict))\(HTML.when(m.stepFor != nil, ShipmentViews.errorList(c, m.errors, id: "badge-step-errors")))
        <section id="separation-check"><h2>\(c.t("gate.separation_title"))</h2>
        <p class="hint">\(c.t("gate.separation_intro"))</p>
        <form method="get" action="\(SiteURL.gateBadges(m.company))" class="gate-search" id="separation-form">
        <label for="separation-person">\(c.t("gate.person"))</label>
        <div class="gate-row"><input id="separation-person" name="person" value="\(m.person ?? "")" maxlength="\(GateValidator.maxName)" autocomplete="off">
        <button type="submit">\(c.t("gate.check_holdings"))</button></div></form>
        \(holdings)</section>
        \(add)
        <section id="inventory"><h2>\(c.t("gate.inventory"))</h2>
        <form method="get" action="\(SiteURL.gateBadges(m.company))" class="filters" id="badge-filter">
        <label>\(c.t("gate.badge_status")) <select name="status">\(HTML.join(statuses) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == (m.status?.rawValue ?? ""), " selected"))>\($0.1)</option>" })</select></label>
        <button type="submit">\(c.t("gate.show"))</button></form>
        \(list)</section>
        <section id="badge-log"><h2>\(c.t("gate.badge_log"))</h2>
        \(m.events.isEmpty ? "<p class=\"hint\">\(c.t("gate.no_badge_events"))</p>" as HTML : "<div class=\"table-scroll\"><table><tbody>\(events)</tbody></table></div>")</section>
        """)
    }
}
