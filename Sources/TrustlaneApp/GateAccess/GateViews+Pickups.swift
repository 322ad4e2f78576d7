import Foundation
import TrustlaneCore

/// The drivers' board (MSC 10.3, 10.4): the arrival form, who is on site (each with the seal
/// number and one tap to record the departure), the pre-notified trucks still expected, who
/// left; and the carrier pre-notifications page (10.7).
extension GateViews {
    struct PickupBoardModel: Sendable {
        let company: CompanyID
        let companyName: String
        let day: GateQueries.Day
        let today: ProgramDay
        let sites: [String]
        let board: GateQueries.Board<GateQueries.PickupRow>
        let expected: [GateQueries.PreNoticeRow]
        let shipments: [ShipmentQueries.ListRow]
        let canRecord: Bool
        let canViewShipments: Bool
        var form: GateController.PickupForm = .init()
        var errors: [FieldError] = []
        /// The pickup a refused departure was for, and what was typed.
        var departureFor: GatePickupID? = nil
        var departureSeal: String? = nil
        var departureTyped: String? = nil
        var conflict: GateConflict? = nil
    }

    static func preNoticeTag(_ c: PageContext, _ notified: Bool) -> HTML {
        notified ? "<span class=\"tag gate-prenotified\" data-prenotified=\"yes\">\(c.t("gate.pre_notified"))</span>"
            : "<span class=\"tag gate-not-prenotified\" data-prenotified=\"no\">\(c.t("gate.not_pre_notified"))</span>"
    }

    static func pickupRow(_ c: PageContext, _ m: RowContext, _ p: GateQueries.PickupRow, errors: [FieldError] = [], seal: String? = nil, typed: String? = nil) -> HTML {
        let f = FormFields(c, errors: errors, idPrefix: "depart-\(p.pickupID.description)-")
        let depart: HTML = p.onSite && m.canRecord ? """
        <form method="post" action="\(SiteURL.gatePickupDeparture(m.company, p.pickupID))" class="gate-action gate-depart">\(c.csrfField)\
        <input type="hidden" name="site" value="\(m.site ?? "")">
        \(f.input("seal_number", label: c.t("gate.departure_seal"), value: seal, autocomplete: "off", maxLength: GateValidator.maxBadge,
                  hint: p.shipment_id == nil ? nil : c.t("gate.departure_seal_hint")))
        \(leavingTime(c, f, name: "departed_at", label: c.t("gate.departed_at_field"), value: typed))
        <button type="submit" class="primary gate-checkout" data-pickup="\(p.pickupID.description)">\(c.t("gate.record_departure"))</button></form>
        """ : .empty
        let shipment: String = p.shipment_reference.map { " · " + c.t("gate.for_shipment", ["reference": $0]) } ?? ""
        return """
        <li class="gate-entry\(p.onSite ? " gate-present" : "")" data-pickup="\(p.pickupID.description)"><div class="gate-entry-main">
        <p class="record-head">\(p.truck_plate)\(p.trailer_number.map { " / " + $0 } ?? "") <span class="hint">· \(p.driver_name) · \(p.carrier)</span> \(preNoticeTag(c, p.preNotified))</p>
        <p class="hint">\(c.t("gate.arrived_at", ["time": c.t.dateTime(p.arrived_at)]))\(p.departed_at.map { " · " + c.t("gate.departed_at_line", ["time": c.t.dateTime($0)]) } ?? "") · \(p.site)\(shipment)</p>
        <p class="hint">\(c.t(p.idType.nameKey))\(p.departure_seal.map { " · " + c.t("gate.seal_line", ["number": $0]) } ?? "")</p>
        </div>\(depart)</li>
        """
    }

    static func pickupForm(_ c: PageContext, _ m: PickupBoardModel) -> HTML {
        let formErrors = m.departureFor == nil ? m.errors : []
        let f = FormFields(c, errors: formErrors, idPrefix: "pickup-")
        let d = m.form
        var shipments = m.shipments.map { (value: $0.shipmentID.description, label: "\($0.reference) · \($0.unitLabel)") }
        if let chosen = d.shipment_id, !chosen.isEmpty, !shipments.contains(where: { $0.value == chosen }) { shipments.insert((chosen, chosen), at: 0) }
        return """
        <details class="gate-form-box" id="arrival"\(HTML.when(m.board.present.isEmpty || !formErrors.isEmpty, " open"))><summary class="button primary big">\(c.t("gate.record_arrival"))</summary>
        \(f.errorSummary())\(ShipmentViews.errorList(c, formErrors, id: "gate-errors"))
        <form method="post" action="\(SiteURL.gatePickups(m.company))" id="pickup-form" class="gate-form">\(c.csrfField)
        \(siteField(c, f, value: d.site ?? m.day.site ?? (m.sites.count == 1 ? m.sites.first : nil), sites: m.sites))
        \(f.input("truck_plate", label: c.t("gate.truck_plate"), value: d.truck_plate, required: true, autocomplete: "off", maxLength: GateValidator.maxPlate))
        \(f.input("driver_name", label: c.t("gate.driver_name"), value: d.driver_name, required: true, autocomplete: "off", maxLength: GateValidator.maxName))
        \(photoIDFields(c, f, checked: checked(d.photo_id_checked), type: d.photo_id_type))
        \(f.input("carrier", label: c.t("gate.carrier"), value: d.carrier, required: true, maxLength: GateValidator.maxName, hint: c.t("gate.carrier_hint")))
        \(f.input("trailer_number", label: c.t("gate.trailer_number"), value: d.trailer_number, autocomplete: "off", maxLength: GateValidator.maxTrailer,
                  hint: c.t("gate.trailer_hint")))
        \(f.select("shipment_id", label: c.t("gate.shipment"), options: shipments, selected: d.shipment_id, includeBlank: c.t("gate.no_shipment")))
        \(f.input("arrived_at", label: c.t("gate.arrived_at_field"), value: d.arrived_at, type: "datetime-local", hint: c.t("gate.time_hint")))
        <p class="hint">\(c.t("gate.pickup_fields_unverified"))</p>
        <button type="submit" class="primary big" id="arrival-button">\(c.t("gate.record_arrival"))</button>
        </form></details>
        """
    }

    static func noticeRow(_ c: PageContext, _ n: GateQueries.PreNoticeRow) -> HTML {
        """
        <li data-notice="\(n.noticeID.description)"><p class="record-head">\(n.truck_plate) <span class="hint">· \(n.driver_name) · \(n.carrier)</span>
        \(n.arrived ? "<span class=\"tag gate-prenotified\">\(c.t("gate.notice_arrived"))</span>" as HTML : "<span class=\"tag gate-expected\">\(c.t("gate.notice_expected"))</span>")</p>
        <p class="hint">\(c.t("gate.expected_line", ["time": c.t.dateTime(n.expected_at)]))\(n.site.map { " · " + $0 } ?? "")\(n.note.map { " · " + $0 } ?? "")</p></li>
        """
    }

    static func pickupBoard(_ c: PageContext, _ m: PickupBoardModel) -> HTML {
        let context = RowContext(company: m.company, site: m.day.site, canRecord: m.canRecord)
        let present: HTML = m.board.present.isEmpty ? "<p class=\"hint\" id=\"onsite-empty\">\(c.t("gate.nobody_on_site"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"onsite-list\">\(HTML.join(m.board.present) { p in pickupRow(c, context, p, errors: p.pickupID == m.departureFor ? m.errors : [], seal: p.pickupID == m.departureFor ? m.departureSeal : nil, typed: p.pickupID == m.departureFor ? m.departureTyped : nil) })</ul>"
        let left: HTML = m.board.left.isEmpty ? "<p class=\"hint\">\(c.t("gate.nobody_left"))</p>"
            : "<ul class=\"record-list gate-list\" id=\"departed-list\">\(HTML.join(m.board.left) { pickupRow(c, context, $0) })</ul>"
        let unnotified = (m.board.present + m.board.left).filter { !$0.preNotified && $0.arrived_at >= m.day.start }.count
        let expected: HTML = m.expected.isEmpty ? "<p class=\"hint\">\(c.t("gate.none_expected"))</p>"
            : "<ul class=\"record-list\" id=\"expected-list\">\(HTML.join(m.expected) { noticeRow(c, $0) })</ul>"
        let export = SiteURL.withQuery(SiteURL.gatePickupsCSV(m.company), [("site", m.day.site), ("from", m.day.day.description), ("to", m.day.day.description)])
        let departureErrors: HTML = m.departureFor == nil ? .empty : ShipmentViews.errorList(c, m.errors, id: "departure-errors")
        return Layout.page(c, title: c.t("gate.pickups_title"), """
        \(header(c, company: m.company, companyName: m.companyName, current: .pickups, site: m.day.site))
        <p class="hint">\(c.t("gate.pickups_intro"))</p>
        \(conflictNotice(c, m.conflict))\(departureErrors)
        \(HTML.when(m.canRecord, pickupForm(c, m)))
        \(dayFilter(c, action: SiteURL.gatePickups(m.company), sites: m.sites, day: m.day, today: m.today))
        \(HTML.when(unnotified > 0, "<p class=\"flash flash-info\" id=\"not-prenotified-count\">\(c.t("gate.not_pre_notified_count", ["count": c.t.number(unnotified)]))</p>"))
        <section id="drivers-on-site"><h2>\(c.t("gate.on_site_now", ["count": c.t.number(m.board.present.count)]))</h2>\(present)</section>
        <section id="drivers-expected"><h2>\(c.t("gate.expected_today"))</h2>\(expected)</section>
        <section id="drivers-left"><h2>\(c.t("gate.departed_today"))</h2>\(left)</section>
        \(HTML.when(m.board.truncated, "<p class=\"hint\">\(c.t("gate.truncated", ["count": c.t.number(GateQueries.boardLimit)]))</p>"))
        <p><a class="button secondary" id="pickups-csv" href="\(export)">\(c.t("gate.export_csv"))</a></p>
        """)
    }

    // MARK: Pre-notifications

    struct PreNoticeModel: Sendable {
        let company: CompanyID
        let companyName: String
        let notices: [GateQueries.PreNoticeRow]
        let sites: [String]
        let canRecord: Bool
        var form: GateController.PreNoticeForm = .init()
        var errors: [FieldError] = []
    }

    static func preNotices(_ c: PageContext, _ m: PreNoticeModel) -> HTML {
        let f = FormFields(c, errors: m.errors, idPrefix: "notice-")
        let d = m.form
        let form: HTML = !m.canRecord ? .empty : """
        <details class="gate-form-box" id="new-notice"\(HTML.when(m.notices.isEmpty || !m.errors.isEmpty, " open"))><summary class="button primary big">\(c.t("gate.record_notice"))</summary>
        \(f.errorSummary())\(ShipmentViews.errorList(c, m.errors, id: "gate-errors"))
        <form method="post" action="\(SiteURL.gatePreNotices(m.company))" id="notice-form" class="gate-form">\(c.csrfField)
        \(f.input("carrier", label: c.t("gate.carrier"), value: d.carrier, required: true, maxLength: GateValidator.maxName))
        \(f.input("driver_name", label: c.t("gate.driver_name"), value: d.driver_name, required: true, maxLength: GateValidator.maxName))
        \(f.input("truck_plate", label: c.t("gate.truck_plate"), value: d.truck_plate, required: true, autocomplete: "off", maxLength: GateValidator.maxPlate))
        \(f.input("expected_at", label: c.t("gate.expected_at"), value: d.expected_at, type: "datetime-local", required: true))
        \(siteField(c, f, value: d.site, sites: m.sites, required: false))
        \(f.textarea("note", label: c.t("gate.note"), value: d.note, rows: 2))
        <button type="submit" class="primary big" id="notice-button">\(c.t("gate.record_notice"))</button>
        </form></details>
        """
        let list: HTML = m.notices.isEmpty ? "<p class=\"hint\" id=\"notices-empty\">\(c.t("gate.no_notices"))</p>"
            : "<ul class=\"record-list\" id=\"notice-list\">\(HTML.join(m.notices) { noticeRow(c, $0) })</ul>"
        return Layout.page(c, title: c.t("gate.prenotices_title"), """
        \(header(c, company: m.company, companyName: m.companyName, current: .prenotices, site: nil))
        <p class="hint">\(c.t("gate.prenotices_intro"))</p>
        \(form)
        <section id="notices"><h2>\(c.t("gate.notices_upcoming"))</h2>\(list)</section>
        """)
    }
}
