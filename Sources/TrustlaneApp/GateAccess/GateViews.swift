import Foundation
import TrustlaneCore

/// The gate's pages (issue 17), built for a guard's tablet: big buttons, one form at the top,
/// who is inside first, check-out in one tap, no JavaScript needed, one column at 390 px. This
/// file holds the pieces every gate page shares, the visitor board and the search; the drivers'
/// board and pre-notifications are in `GateViews+Pickups`, the badges in `GateViews+Badges`.
enum GateViews {
    enum Tab: String, CaseIterable { case visitors, pickups, prenotices, badges }

    static func tabs(_ c: PageContext, company: CompanyID, current: Tab, site: String?) -> HTML {
        let links: [(Tab, String, String)] = [
            (.visitors, SiteURL.withQuery(SiteURL.gate(company), [("site", site)]), c.t("gate.tab.visitors")),
            (.pickups, SiteURL.withQuery(SiteURL.gatePickups(company), [("site", site)]), c.t("gate.tab.pickups")),
            (.prenotices, SiteURL.gatePreNotices(company), c.t("gate.tab.prenotices")),
            (.badges, SiteURL.gateBadges(company), c.t("gate.tab.badges")),
        ]
        return """
        <nav class="gate-tabs" aria-label="\(c.t("gate.title"))">\(HTML.join(links) { link in
            "<a href=\"\(link.1)\" id=\"gate-tab-\(link.0.rawValue)\"\(HTML.when(link.0 == current, " aria-current=\"page\""))>\(link.2)</a>"
        })</nav>
        """
    }

    static func header(_ c: PageContext, company: CompanyID, companyName: String, current: Tab, site: String?, query: String? = nil) -> HTML {
        """
        <p><a href="\(SiteURL.company(company))">← \(companyName)</a></p>
        <h1>\(c.t("gate.title"))</h1>
        \(tabs(c, company: company, current: current, site: site))
        \(RecordsViews.link(c, company: company))
        <form method="get" action="\(SiteURL.gateSearch(company))" class="gate-search" id="gate-search" role="search">
        <label for="gate-q">\(c.t("gate.search_label"))</label>
        <div class="gate-row"><input id="gate-q" name="q" type="search" value="\(query ?? "")" maxlength="\(GateSearch.maxLength)" autocomplete="off">
        <button type="submit">\(c.t("gate.search"))</button></div></form>
        """
    }

    /// The board's site and day: a short GET form.
    static func dayFilter(_ c: PageContext, action: String, sites: [String], day: GateQueries.Day, today: ProgramDay) -> HTML {
        let options = [("", c.t("gate.all_sites"))] + sites.map { ($0, $0) }
        return """
        <form method="get" action="\(action)" class="filters gate-filter" id="gate-filter">
        <label>\(c.t("gate.site")) <select name="site">\(HTML.join(options) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == (day.site ?? ""), " selected"))>\($0.1)</option>" })</select></label>
        <label>\(c.t("gate.day")) <input type="date" name="day" value="\(day.day.description)"></label>
        <button type="submit">\(c.t("gate.show"))</button></form>
        \(HTML.when(day.day != today, "<p class=\"hint\" id=\"gate-past-day\">\(c.t("gate.past_day", ["day": day.day.description]))</p>"))
        """
    }

    static func idTypeOptions(_ c: PageContext) -> [(value: String, label: String)] {
        PhotoIDType.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
    }

    /// The photo ID block: the check box (required) and the type, large enough for a thumb.
    static func photoIDFields(_ c: PageContext, _ f: FormFields, checked: Bool, type: String?) -> HTML {
        """
        <fieldset class="field gate-photo-id"><legend>\(c.t("gate.photo_id"))</legend>
        <label class="check gate-check"><input type="checkbox" name="photo_id_checked" value="yes" required\(HTML.when(checked, " checked"))> \(c.t("gate.photo_id_checked"))</label>
        \(f.error("photo_id_checked"))
        \(f.select("photo_id_type", label: c.t("gate.photo_id_type"), options: idTypeOptions(c), selected: type, includeBlank: c.t("gate.choose")))
        <p class="hint">\(c.t("gate.photo_id_hint"))</p></fieldset>
        """
    }

    static func siteField(_ c: PageContext, _ f: FormFields, value: String?, sites: [String], required: Bool = true) -> HTML {
        """
        <div class="field"><label for="\(f.idPrefix)site">\(c.t("gate.site"))</label>
        <input id="\(f.idPrefix)site" name="site" value="\(value ?? "")"\(HTML.when(required, " required")) maxlength="\(GateValidator.maxSite)" list="\(f.idPrefix)site-list" autocomplete="off"\(HTML.when(f.errors.contains { $0.field == "site" }, " aria-invalid=\"true\" aria-describedby=\"\(f.idPrefix)site-error\""))>
        <datalist id="\(f.idPrefix)site-list">\(HTML.join(sites) { "<option value=\"\($0)\"></option>" })</datalist>\(f.error("site"))</div>
        """
    }

    static func conflictNotice(_ c: PageContext, _ conflict: GateConflict?) -> HTML {
        guard let conflict else { return .empty }
        var arguments = conflict.arguments
        if let at = conflict.at { arguments["time"] = c.t.dateTime(at) }
        return "<div class=\"flash flash-error\" role=\"alert\" id=\"gate-conflict\">\(c.t(conflict.messageKey, arguments))</div>"
    }

    /// What a row of a board needs besides the entry: where its buttons post and return to.
    struct RowContext: Sendable {
        let company: CompanyID
        let site: String?
        let canRecord: Bool
    }

    static func checked(_ text: String?) -> Bool { ["on", "yes", "true", "1"].contains(text?.lowercased() ?? "") }

    // MARK: Visitors

    struct VisitorBoardModel: Sendable {
        let company: CompanyID
        let companyName: String
        let day: GateQueries.Day
        let today: ProgramDay
        let sites: [String]
        let board: GateQueries.Board<GateQueries.VisitRow>
        let canRecord: Bool
        var form: GateController.VisitorForm = .init()
        var errors: [FieldError] = []
        var conflict: GateConflict? = nil
        /// The visit a refused check-out was for, and the time typed.
        var checkOutFor: GateVisitID? = nil
        var checkOutTyped: String? = nil
        /// The visitor badges free to hand out (the badge field's suggestions).
        var badges: [String] = []
    }

    /// The time a guard may type when closing an entry late (a visitor's time out, a driver's
    /// departure): folded away, so the usual case stays one tap; blank is now.
    static func leavingTime(_ c: PageContext, _ f: FormFields, name: String, label: String, value: String?) -> HTML {
        let open = f.errors.contains { $0.field == name } || !(value ?? "").isEmpty
        return """
        <details class="gate-time-out"\(HTML.when(open, " open"))><summary>\(c.t("gate.other_time"))</summary>
        \(f.input(name, label: label, value: value, type: "datetime-local", hint: c.t("gate.leaving_time_hint")))</details>
        """
    }

    static func visitRow(_ c: PageContext, _ m: RowContext, _ v: GateQueries.VisitRow, errors: [FieldError] = [], typed: String? = nil) -> HTML {
        let escort: String = v.escort.map { c.t("gate.escorted_by", ["name": $0]) } ?? c.t("gate.no_escort")
        let f = FormFields(c, errors: errors, idPrefix: "out-\(v.visitID.description)-")
        let checkOut: HTML = v.inside && m.canRecord ? """
        <form method="post" action="\(SiteURL.gateVisitCheckOut(m.company, v.visitID))" class="gate-action gate-checkout-form">\(c.csrfField)\
        <input type="hidden" name="site" value="\(m.site ?? "")">
        \(leavingTime(c, f, name: "checked_out_at", label: c.t("gate.checked_out_at"), value: typed))
        <button type="submit" class="primary gate-checkout" data-visit="\(v.visitID.description)">\(c.t("gate.check_out"))</button></form>
        """ : .empty
        return """
        <li class="gate-entry\(v.inside ? " gate-present" : "")" data-visit="\(v.visitID.description)"><div class="gate-entry-main">
        <p class="record-head">\(v.name) <span class="hint">· \(v.visitor_company)</span> \(v.inside ? "<span class=\"tag gate-inside\">\(c.t("gate.inside"))</span>" as HTML : "<span class=\"tag gate-left\">\(c.t("gate.left"))</span>")</p>
        <p>\(c.t("gate.host_line", ["host": v.host, "purpose": v.purpose]))</p>
        <p class="hint">\(c.t("gate.in_at", ["time": c.t.dateTime(v.checked_in_at)]))\(v.checked_out_at.map { " · " + c.t("gate.out_at", ["time": c.t.dateTime($0)]) } ?? "") · \(v.site)</p>
        <p class="hint">\(c.t(v.idType.nameKey)) · \(v.badge_number.map { c.t("gate.badge_line", ["number": $0]) } ?? c.t("gate.no_badge")) · \(escort)\(v.vehicle_plate.map { " · " + $0 } ?? "")</p>
        </div>\(checkOut)</li>
        """
    }

    /// The visitor's badge: one of the inventory's free visitor badges (suggested), or blank.
    static func badgeField(_ c: PageContext, _ f: FormFields, value: String?, badges: [String], company: CompanyID) -> HTML {
        let hint: String = badges.isEmpty ? c.t("gate.badge_none_free") : c.t("gate.badge_hint", ["count": c.t.number(badges.count)])
        return """
        <div class="field"><label for="\(f.idPrefix)badge_number">\(c.t("gate.badge_number"))</label>
        <input id="\(f.idPrefix)badge_number" name="badge_number" value="\(value ?? "")" maxlength="\(GateValidator.maxBadge)" autocomplete="off" list="\(f.idPrefix)badge-list"\(HTML.when(f.errors.contains { $0.field == "badge_number" }, " aria-invalid=\"true\" aria-describedby=\"\(f.idPrefix)badge_number-error\""))>
        <datalist id="\(f.idPrefix)badge-list">\(HTML.join(badges) { "<option value=\"\($0)\"></option>" })</datalist>
        <p class="hint" id="badge-hint">\(hint) <a href="\(SiteURL.gateBadges(company))">\(c.t("gate.tab.badges"))</a></p>\(f.error("badge_number"))</div>
        """
    }

    static func visitorForm(_ c: PageContext, _ m: VisitorBoardModel) -> HTML {
        let formErrors = m.checkOutFor == nil ? m.errors : []
        let f = FormFields(c, errors: formErrors, idPrefix: "visit-")
        let d = m.form
        return """
        <details class="gate-form-box" id="check-in"\(HTML.when(m.board.present.isEmpty || !formErrors.isEmpty, " open"))><summary class="button primary big">\(c.t("gate.check_in_visitor"))</summary>
        \(f.errorSummary())\(ShipmentViews.errorList(c, formErrors, id: "gate-errors"))
        <form method="post" action="\(SiteURL.gateVisits(m.company))" id="visit-form" class="gate-form">\(c.csrfField)
        \(siteField(c, f, value: d.site ?? m.day.site ?? (m.sites.count == 1 ? m.sites.first : nil), sites: m.sites))
        \(f.input("name", label: c.t("gate.visitor_name"), value: d.name, required: true, autocomplete: "off", maxLength: GateValidator.maxName))
        \(f.input("visitor_company", label: c.t("gate.visitor_company"), value: d.visitor_company, required: true, autocomplete: "off", maxLength: GateValidator.maxName))
        \(photoIDFields(c, f, checked: checked(d.photo_id_checked), type: d.photo_id_type))
        \(f.input("host", label: c.t("gate.host"), value: d.host, required: true, maxLength: GateValidator.maxName, hint: c.t("gate.host_hint")))
        \(f.input("purpose", label: c.t("gate.purpose"), value: d.purpose, required: true, maxLength: GateValidator.maxPurpose))
        \(badgeField(c, f, value: d.badge_number, badges: m.badges, company: m.company))
        \(f.input("escort", label: c.t("gate.escort"), value: d.escort, maxLength: GateValidator.maxName, hint: c.t("gate.escort_hint")))
        \(f.input("vehicle_plate", label: c.t("gate.vehicle_plate"), value: d.vehicle_plate, autocomplete: "off", maxLength: GateValidator.maxPlate))
        \(f.input("checked_in_at", label: c.t("gate.checked_in_at"), value: d.checked_in_at, type: "datetime-local", hint: c.t("gate.time_hint")))
        <p class="hint">\(c.t("gate.fields_unverified"))</p>
        <button type="submit" class="primary big" id="check-in-button">\(c.t("gate.check_in"))</button>
        </form></details>
        """
    }

    static func visitorBoard(_ c: PageContext, _ m: VisitorBoardModel) -> HTML {
        let context = RowContext(company: m.company, site: m.day.site, canRecord: m.canRecord)
        let present: HTML = m.board.present.isEmpty ? "<p class=\"hint\" id=\"inside-empty\">\(c.t("gate.nobody_inside"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"inside-list\">\(HTML.join(m.board.present) { v in visitRow(c, context, v, errors: v.visitID == m.checkOutFor ? m.errors : [], typed: v.visitID == m.checkOutFor ? m.checkOutTyped : nil) })</ul>"
        let left: HTML = m.board.left.isEmpty ? "<p class=\"hint\">\(c.t("gate.nobody_left"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"left-list\">\(HTML.join(m.board.left) { visitRow(c, context, $0) })</ul>"
        let export = SiteURL.withQuery(SiteURL.gateVisitsCSV(m.company), [("site", m.day.site), ("from", m.day.day.description), ("to", m.day.day.description)])
        return Layout.page(c, title: c.t("gate.visitors_title"), """
        \(header(c, company: m.company, companyName: m.companyName, current: .visitors, site: m.day.site))
        <p class="hint">\(c.t("gate.visitors_intro"))</p>
        \(conflictNotice(c, m.conflict))
        \(m.checkOutFor == nil ? .empty : ShipmentViews.errorList(c, m.errors, id: "check-out-errors"))
        \(HTML.when(m.canRecord, visitorForm(c, m)))
        \(dayFilter(c, action: SiteURL.gate(m.company), sites: m.sites, day: m.day, today: m.today))
        <section id="visitors-inside"><h2>\(c.t("gate.inside_now", ["count": c.t.number(m.board.present.count)]))</h2>\(present)</section>
        <section id="visitors-left"><h2>\(c.t("gate.left_today"))</h2>\(left)</section>
        \(HTML.when(m.board.truncated, "<p class=\"hint\">\(c.t("gate.truncated", ["count": c.t.number(GateQueries.boardLimit)]))</p>"))
        <p><a class="button secondary" id="visits-csv" href="\(export)">\(c.t("gate.export_csv"))</a></p>
        """)
    }

    // MARK: Search

    struct SearchModel: Sendable {
        let company: CompanyID
        let companyName: String
        let query: String
        let result: GateQueries.SearchResult?
        let canRecord: Bool
        var errors: [FieldError] = []
    }

    static func search(_ c: PageContext, _ m: SearchModel) -> HTML {
        let visits: HTML = (m.result?.visits ?? []).isEmpty ? "<p class=\"hint\">\(c.t("gate.no_visits_found"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"found-visits\">\(HTML.join(m.result?.visits ?? []) { visitRow(c, RowContext(company: m.company, site: nil, canRecord: m.canRecord), $0) })</ul>"
        let pickups: HTML = (m.result?.pickups ?? []).isEmpty ? "<p class=\"hint\">\(c.t("gate.no_pickups_found"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"found-pickups\">\(HTML.join(m.result?.pickups ?? []) { pickupRow(c, RowContext(company: m.company, site: nil, canRecord: m.canRecord), $0) })</ul>"
        return Layout.page(c, title: c.t("gate.search_title"), """
        \(header(c, company: m.company, companyName: m.companyName, current: .visitors, site: nil, query: m.query))
        <p class="hint">\(c.t("gate.search_intro"))</p>
        \(ShipmentViews.errorList(c, m.errors, id: "gate-errors"))
        \(HTML.when(m.result != nil, """
        <section id="search-visits"><h2>\(c.t("gate.tab.visitors"))</h2>\(visits)</section>
        <section id="search-pickups"><h2>\(c.t("gate.tab.pickups"))</h2>\(pickups)</section>
        """))
        """)
    }
}
