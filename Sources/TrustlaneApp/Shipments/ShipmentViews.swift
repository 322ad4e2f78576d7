import Foundation
import TrustlaneCore

/// The shipment pages (issue 16), built like the inspection pages for a 390-pixel phone held in
/// one hand: cards rather than tables, one large button a task, the camera one tap away, no
/// JavaScript needed anywhere.
enum ShipmentViews {
    static func statusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag shipment-\(status)\" data-status=\"\(status)\">\(c.t("shipments.status.\(status)"))</span>"
    }

    static func errorList(_ c: PageContext, _ errors: [FieldError], id: String) -> HTML {
        guard !errors.isEmpty else { return .empty }
        return """
        <div class="flash flash-error" role="alert" id="\(id)"><ul class="error-list">\
        \(HTML.join(errors) { "<li data-field=\"\($0.field)\">\(c.t($0.messageKey, $0.arguments))</li>" })</ul></div>
        """
    }

    // MARK: List

    struct ListModel: Sendable {
        let company: CompanyID
        let companyName: String
        let page: ShipmentQueries.Page
        let canRecord: Bool
    }

    static func list(_ c: PageContext, _ m: ListModel) -> HTML {
        let rows = HTML.join(m.page.rows) { row in
            """
            <li><p class="record-head"><a href="\(SiteURL.shipment(m.company, row.shipmentID))">\(row.reference)</a> \(statusTag(c, row.status))</p>
            <p class="hint">\(row.unitLabel) · \(row.origin) → \(row.destination)</p>
            <p class="hint">\(c.t("shipments.seal_count", ["count": c.t.number(row.seal_count)])) · \(c.t.dateTime(row.created_at))</p></li>
            """
        }
        let body: HTML = m.page.rows.isEmpty
            ? "<p id=\"shipment-list-empty\">\(c.t("shipments.list_empty"))</p>"
            : "<ul class=\"record-list\" id=\"shipment-list\">\(rows)</ul>"
        let more: HTML = m.page.next.map { next in
            "<p><a class=\"button\" href=\"\(SiteURL.shipments(m.company))?before=\(String(Int64((next.timeIntervalSince1970 * 1000).rounded(.down))))\">\(c.t("shipments.older"))</a></p>"
        } ?? .empty
        return Layout.page(c, title: c.t("shipments.title"), scripts: [Scripts.offline.link], """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("shipments.title"))</h1>
        \(Offline.outbox(c))
        <p class="hint">\(c.t("shipments.intro"))</p>
        \(HTML.when(m.canRecord, "<p><a class=\"button primary big\" id=\"new-shipment\" data-keep href=\"\(SiteURL.newShipment(m.company))\">\(c.t("shipments.new"))</a></p>"))
        \(body)\(more)
        \(RecordsViews.link(c, company: m.company))
        """)
    }

    // MARK: New shipment

    struct FormModel: Sendable {
        let company: CompanyID
        let draft: ShipmentService.Draft
        let inspections: [InspectionQueries.LogRow]
        let partners: [ShipmentQueries.PartnerRow]
        var errors: [FieldError] = []
        /// The shipment being changed (the edit form), or nil (a new one).
        var editing: ShipmentQueries.Row? = nil
    }

    /// The new shipment's form, and the same form changing an open one (`editing`): without the
    /// less-than-truckload choice and lock, which keep their own form on the shipment's page.
    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let d = m.draft
        var options = m.inspections.map { row in
            (value: row.inspectionID.description,
             label: "\(row.unitLabel) · \(c.t("inspections.status.\(row.status)")) · \(c.t.dateTime(row.inspected_at)) · \(row.site)")
        }
        if let chosen = d.inspectionID?.trimmingCharacters(in: .whitespaces), !chosen.isEmpty, !options.contains(where: { $0.value == chosen }) {
            options.insert((value: chosen, label: chosen), at: 0)
        }
        let partners: HTML = m.partners.isEmpty ? .empty
            : f.checkboxes("partner_ids", legend: c.t("shipments.partners"), options: m.partners.map { ($0.id.uuidString.lowercased(), $0.legal_name) },
                           checked: Set(d.partnerIDs.map { $0.lowercased() }))
        let editing = m.editing
        let title = editing.map { c.t("shipments.edit_title", ["reference": $0.reference]) } ?? c.t("shipments.new")
        let back: HTML = editing.map { "<p><a href=\"\(SiteURL.shipment(m.company, $0.shipmentID))\">← \(c.t("shipments.shipment", ["reference": $0.reference]))</a></p>" }
            ?? "<p><a href=\"\(SiteURL.shipments(m.company))\">← \(c.t("shipments.title"))</a></p>"
        let lessThanTruckload: HTML = editing != nil ? .empty : """
        <fieldset class="inspection-unit" id="shipment-ltl"><legend>\(c.t("shipments.ltl"))</legend>
        <label class="check"><input type="checkbox" name="less_than_truckload" value="yes"\(HTML.when(d.lessThanTruckload, " checked"))> \(c.t("shipments.ltl_label"))</label>
        <p class="hint">\(c.t("shipments.ltl_hint"))</p>
        \(f.input("lock_id", label: c.t("shipments.lock_id"), value: d.lockID, autocomplete: "off", maxLength: LessThanTruckloadLock.maxLength,
                  hint: c.t("shipments.lock_id_hint")))
        <p class="hint" data-unverified="msc-6.3"><span class="tag unverified">\(c.t("shipments.unverified"))</span> \(c.t("shipments.ltl_unverified"))</p>
        </fieldset>
        """
        // A consignee already sent the seal numbers with the details as they were.
        let notified: HTML = editing.flatMap { row in
            row.consignee_notified_at.map { "<p class=\"hint\" id=\"edit-consignee-notified\">\(c.t("shipments.edit_consignee_notified", ["when": c.t.dateTime($0)]))</p>" as HTML }
        } ?? .empty
        let formStart: HTML = editing.map { row in
            """
            <form method="post" action="\(SiteURL.shipmentEdit(m.company, row.shipmentID))" id="shipment-form" class="shipment-form"\(Offline.onlineOnly)>\(c.csrfField)
            """ as HTML
        } ?? """
            <form method="post" action="\(SiteURL.shipments(m.company))" id="shipment-form" class="shipment-form"\
            \(Offline.queued(label: c.t("offline.label_shipment", ["reference": "[[reference]]"])))>\(c.csrfField)\(Offline.keyField(d.clientKey))
            """
        return Layout.page(c, title: title, scripts: [Scripts.offline.link], """
        \(back)
        <h1>\(title)</h1>
        \(Offline.outbox(c))
        \(HTML.when(editing != nil, "<p class=\"hint\">\(c.t("shipments.edit_intro"))</p>"))\(notified)
        \(f.errorSummary())\(errorList(c, m.errors, id: "shipment-errors"))
        \(formStart)
        \(f.input("reference", label: c.t("shipments.reference"), value: d.reference, required: true, autocomplete: "off", maxLength: ShipmentService.maxReference))
        \(f.textarea("document_numbers", label: c.t("shipments.document_numbers"), value: d.documentNumbers, rows: 2, hint: c.t("shipments.document_numbers_hint")))
        \(f.select("inspection_id", label: c.t("shipments.inspection"), options: options, selected: d.inspectionID, includeBlank: c.t("shipments.no_inspection")))
        <fieldset class="inspection-unit"><legend>\(c.t("inspections.unit"))</legend>
        <p class="hint">\(c.t("shipments.unit_hint"))</p>
        \(f.input("container_number", label: c.t("inspections.container_number"), value: d.containerNumber, autocomplete: "off", maxLength: 15))
        \(f.input("tractor_plate", label: c.t("inspections.tractor_plate"), value: d.tractorPlate, autocomplete: "off", maxLength: InspectionValidator.maxPlate))
        \(f.input("trailer_plate", label: c.t("inspections.trailer_plate"), value: d.trailerPlate, autocomplete: "off", maxLength: InspectionValidator.maxPlate))
        </fieldset>
        \(lessThanTruckload)
        \(f.input("origin", label: c.t("shipments.origin"), value: d.origin, required: true, maxLength: ShipmentService.maxPlace))
        \(f.input("destination", label: c.t("shipments.destination"), value: d.destination, required: true, maxLength: ShipmentService.maxPlace))
        \(f.input("consignee_name", label: c.t("shipments.consignee_name"), value: d.consigneeName, maxLength: 120))
        \(f.input("consignee_email", label: c.t("shipments.consignee_email"), value: d.consigneeEmail, type: "email", autocomplete: "off",
                  hint: c.t("shipments.consignee_email_hint")))
        \(partners)
        <button type="submit" class="primary big">\(c.t(editing == nil ? "shipments.record" : "shipments.edit_save"))</button>
        </form>
        """)
    }

    // MARK: One shipment

    struct ShowModel: Sendable {
        let company: CompanyID
        let companyName: String
        let data: ShipmentViewData
        let canRecord: Bool
        let canOverride: Bool
        let canViewInspections: Bool
        var errors: [FieldError] = []
        /// The blocks a release just refused (shown as the refusal).
        var refused: [ReleaseBlock]? = nil
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let s = m.data.shipment
        let f = FormFields(c, errors: m.errors)
        let inspection: HTML
        if let row = m.data.inspection {
            let label: HTML = "\(row.unit.label) \(InspectionViews.statusTag(c, row.status)) <small>\(c.t.dateTime(row.inspected_at))</small>"
            inspection = m.canViewInspections ? "<a href=\"\(SiteURL.inspection(m.company, row.inspectionID))\">\(label)</a>" : label
        } else {
            inspection = "\(c.t("shipments.no_inspection"))"
        }
        let partners = m.data.partners.map(\.legal_name).joined(separator: ", ")
        let facts: [(String, HTML)] = [
            (c.t("shipments.document_numbers"), "\(s.document_numbers)"),
            (c.t("shipments.document_seal_numbers"), "\(s.document_seal_numbers ?? "—")"),
            (c.t("inspections.unit"), "\(s.unitLabel)"),
            (c.t("shipments.inspection"), inspection),
            (c.t("shipments.route"), "\(s.origin) → \(s.destination)"),
            (c.t("shipments.consignee_name"), "\(s.consignee_name ?? "—")\(s.consignee_email.map { " · " + $0 } ?? "")"),
            (c.t("shipments.partners"), "\(partners.isEmpty ? "—" : partners)"),
            (c.t("shipments.created"), "\(c.t.dateTime(s.created_at))\(s.created_by_name.map { " · " + $0 } ?? "")"),
        ] + (s.isLessThanTruckload ? [(c.t("shipments.ltl"), "<span id=\"shipment-ltl-fact\">\(c.t("shipments.ltl_yes"))</span>" as HTML)] : [])
        let edit: HTML = HTML.when(m.canRecord && !s.shipmentStatus.isReleased,
                                   "<p><a class=\"button\" id=\"edit-shipment\" href=\"\(SiteURL.shipmentEdit(m.company, s.shipmentID))\">\(c.t("shipments.edit"))</a></p>")
        return Layout.page(c, title: c.t("shipments.shipment", ["reference": s.reference]), scripts: [Scripts.offline.link], """
        <p><a href="\(SiteURL.shipments(m.company))">← \(c.t("shipments.title"))</a></p>
        <h1>\(c.t("shipments.shipment", ["reference": s.reference])) \(statusTag(c, s.status))</h1>
        \(Offline.outbox(c))
        \(errorList(c, m.errors, id: "shipment-errors"))
        \(discrepancies(c, m))
        \(documentWarnings(c, m.data.documentMatch?.warnings ?? []))
        <dl class="facts">\(HTML.join(facts) { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>
        \(edit)
        \(release(c, m, f))
        \(lock(c, m, f))
        \(seals(c, m, f))
        \(consignee(c, m))
        \(history(c, m))
        """)
    }

    static func discrepancies(_ c: PageContext, _ m: ShowModel) -> HTML {
        guard !m.data.discrepancies.isEmpty else { return .empty }
        let items = HTML.join(m.data.discrepancies) { d in
            "<li>\(c.t("shipments.discrepancy_line", ["seal": d.number, "read": d.number_read, "name": d.recorded_by_name ?? "", "when": c.t.dateTime(d.recorded_at)]))</li>"
        }
        return """
        <div class="flash flash-error" role="alert" id="shipment-discrepancies"><p><strong>\(c.t("shipments.discrepancies"))</strong></p>
        <ul>\(items)</ul><p>\(c.t("shipments.discrepancy_hint"))</p></div>
        """
    }

    static func release(_ c: PageContext, _ m: ShowModel, _ f: FormFields) -> HTML {
        let s = m.data.shipment
        if s.shipmentStatus.isReleased {
            let overridden = (s.overridden_blocks ?? "").split(separator: "\n").map(String.init)
            let override: HTML = s.shipmentStatus == .releasedByOverride ? """
            <p id="shipment-override-reason">\(c.t("shipments.override_reason_was", ["reason": s.override_reason ?? ""]))</p>
            <ul id="shipment-overridden">\(HTML.join(overridden) { "<li>\($0)</li>" })</ul>
            """ : .empty
            return """
            <section id="shipment-release" class="release-box"><h2>\(c.t("shipments.release"))</h2>
            <p id="shipment-released">\(c.t("shipments.released_line", ["name": s.released_by_name ?? "", "when": s.released_at.map { c.t.dateTime($0) } ?? ""]))</p>
            \(override)</section>
            """
        }
        let blocks = m.refused ?? m.data.blocks
        let list: HTML = blocks.isEmpty
            ? "<p id=\"release-ready\">\(c.t("shipments.release_ready"))</p>"
            : """
            <div class="\(m.refused == nil ? "release-blocks" : "release-blocks flash flash-error")" id="release-blocks"\(HTML.when(m.refused != nil, " role=\"alert\""))>\
            <p>\(c.t(m.refused == nil ? "shipments.blocks_now" : "shipments.release_refused"))</p>
            <ul>\(HTML.join(blocks) { "<li data-field=\"\($0.message.field)\">\(c.t($0.message.messageKey, $0.message.arguments))</li>" })</ul></div>
            """
        let button: HTML = HTML.when(m.canRecord, """
        <form method="post" action="\(SiteURL.shipmentRelease(m.company, s.shipmentID))" id="release-form"\(Offline.onlineOnly)>\(c.csrfField)
        <button type="submit" class="primary big">\(c.t("shipments.mark_released"))</button></form>
        """)
        let override: HTML = HTML.when(m.canOverride && !blocks.isEmpty, """
        <details id="override"\(HTML.when(m.errors.contains { $0.field == "reason" }, " open"))><summary>\(c.t("shipments.override"))</summary>
        <form method="post" action="\(SiteURL.shipmentOverride(m.company, s.shipmentID))" id="override-form" class="stack narrow"\(Offline.onlineOnly)>\(c.csrfField)
        <p class="hint">\(c.t("shipments.override_hint"))</p>
        \(f.textarea("reason", label: c.t("shipments.override_reason"), rows: 3))
        <button type="submit" class="big">\(c.t("shipments.release_anyway"))</button></form></details>
        """)
        return """
        <section id="shipment-release" class="release-box"><h2>\(c.t("shipments.release"))</h2>
        \(list)\(button)\(override)</section>
        """
    }

    /// A less-than-truckload shipment's lock (MSC 6.3): which lock closes the unit during its
    /// pickups, and the form to record it until the seal goes on at the last loading point.
    static func lock(_ c: PageContext, _ m: ShowModel, _ f: FormFields) -> HTML {
        let s = m.data.shipment
        guard s.isLessThanTruckload else { return .empty }
        let sealed = !ShipmentQueries.sealing(m.data.seals).isEmpty
        let status: HTML = s.lock_id.map { lock in
            "<p id=\"shipment-lock-id\" data-lock=\"\(lock)\">\(c.t("shipments.lock_line", ["lock": lock, "name": s.lock_recorded_by_name ?? "", "when": s.lock_recorded_at.map { c.t.dateTime($0) } ?? ""]))</p>"
        } ?? "<p class=\"hint\" id=\"shipment-no-lock\">\(c.t("shipments.no_lock"))</p>"
        let form: HTML = HTML.when(m.canRecord && !s.shipmentStatus.isReleased && !sealed, """
        <form method="post" action="\(SiteURL.shipmentLock(m.company, s.shipmentID))" id="lock-form" class="stack narrow"\
        \(Offline.queued(label: c.t("offline.label_lock", ["lock": "[[lock_id]]", "reference": s.reference])))>\(c.csrfField)\(Offline.keyField())
        \(f.input("lock_id", label: c.t("shipments.lock_id"), autocomplete: "off", maxLength: LessThanTruckloadLock.maxLength, hint: c.t("shipments.lock_id_hint")))
        <button type="submit" class="big">\(c.t(s.lock_id == nil ? "shipments.lock_record" : "shipments.lock_replace"))</button></form>
        """)
        return """
        <section id="shipment-lock"><h2>\(c.t("shipments.lock"))</h2>
        <p class="hint">\(c.t("shipments.ltl_hint"))</p>\(status)\(form)
        <p class="hint" data-unverified="msc-6.3"><span class="tag unverified">\(c.t("shipments.unverified"))</span> \(c.t("shipments.ltl_unverified"))</p>
        </section>
        """
    }

    static func seals(_ c: PageContext, _ m: ShowModel, _ f: FormFields) -> HTML {
        let s = m.data.shipment
        let open = !s.shipmentStatus.isReleased
        let cards = HTML.join(m.data.seals) { seal -> HTML in
            guard let number = seal.sealNumber else { return .empty }
            let checks = m.data.checks.filter { $0.number == seal.number }
            func latest(_ stage: SealCheckStage) -> HTML {
                guard let check = checks.last(where: { $0.checkStage == stage }) else {
                    return "<p class=\"hint\">\(c.t(stage.nameKey)): \(c.t("shipments.no_check"))</p>"
                }
                let failed = check.storedSteps.filter { !$0.passed }.map { c.t("seals.vvtt.\($0.step)") }.joined(separator: ", ")
                return """
                <p>\(c.t(stage.nameKey)): <span class="tag \(check.passed ? "outcome-pass" : "outcome-fail")" data-check="\(stage.rawValue)-\(check.passed ? "passed" : "failed")">\
                \(c.t(check.passed ? "shipments.check_ok" : "shipments.check_problem"))</span> <small>\(Offline.doneTime(c, done: check.checked_at, received: check.received_at))\
                \(check.checked_by_name.map { " · " + $0 } ?? "")\(failed.isEmpty ? "" : " · " + failed)</small></p>
                """
            }
            let photo: HTML = seal.photo_evidence_id.map { id in
                "<p><a href=\"\(SiteURL.profileEvidenceFile(m.company, id))\" class=\"seal-photo-link\">\(c.t("shipments.photo_view"))</a> <small>\(seal.photographed_at.map { c.t.dateTime($0) } ?? "")</small></p>"
            } ?? "<p class=\"hint\" data-photo=\"missing\">\(c.t("shipments.photo_missing"))</p>"
            // The check pages are marked to be kept on the phone (`data-keep`): opened once here, they open at the dock without a network.
            let actions: HTML = HTML.when(m.canRecord, """
            \(HTML.when(open, "<p><a class=\"button big\" id=\"check-\(number.rawValue)\" data-keep href=\"\(SiteURL.shipmentSealCheck(m.company, s.shipmentID, number))\">\(c.t("shipments.vvtt_check"))</a></p>"))\
            \(HTML.when(!open, "<p><a class=\"button big\" id=\"arrival-\(number.rawValue)\" data-keep href=\"\(SiteURL.shipmentSealCheck(m.company, s.shipmentID, number, stage: .arrival))\">\(c.t("shipments.arrival_check"))</a></p>"))
            \(photoForm(c, m, seal: number.rawValue))
            """)
            return """
            <li class="seal-card" data-seal="\(number.rawValue)"><p class="record-head"><strong>\(number.rawValue)</strong> \
            <span class="tag seal-\(seal.sealState.rawValue)" data-state="\(seal.sealState.rawValue)">\(c.t(seal.sealState.nameKey))</span></p>
            <p class="hint">\(c.t("shipments.affixed_line", ["name": seal.affixed_by_name ?? "", "when": Offline.doneTime(c, done: seal.affixed_at, received: seal.received_at)]))</p>
            \(latest(.departure))\(HTML.when(!open || checks.contains { $0.checkStage == .arrival }, latest(.arrival)))
            \(photo)\(actions)</li>
            """
        }
        let list: HTML = m.data.seals.isEmpty ? "<p id=\"shipment-no-seals\">\(c.t("shipments.no_seals"))</p>" : "<ul class=\"record-list\" id=\"shipment-seal-list\">\(cards)</ul>"
        let affix: HTML = HTML.when(open && m.canRecord, """
        <form method="post" action="\(SiteURL.shipmentSeals(m.company, s.shipmentID))" id="affix-form" class="stack narrow"\
        \(Offline.queued(label: c.t("offline.label_affix", ["seal": "[[seal_number]]", "reference": s.reference]))) data-pending-seal="seal_number">\(c.csrfField)\(Offline.keyField())\(Offline.doneAtField)
        \(f.input("seal_number", label: c.t("shipments.affix_number"), autocomplete: "off", maxLength: 40, hint: c.t("shipments.affix_hint")))
        <button type="submit" class="primary big">\(c.t("shipments.affix"))</button></form>
        \(pendingSeal(c, m))
        """)
        return """
        <section id="shipment-seals"><h2>\(c.t("shipments.seals"))</h2>
        \(list)\(affix)</section>
        """
    }

    /// A seal's photo form (MSC 7.5), kept on the phone with its picture when there is no network.
    static func photoForm(_ c: PageContext, _ m: ShowModel, seal: String) -> HTML {
        let s = m.data.shipment
        return """
        <form method="post" action="\(SiteURL.shipmentSeals(m.company, s.shipmentID))/\(seal)/photo" enctype="multipart/form-data" class="photo-form" id="photo-\(seal)"\
        \(Offline.queued(label: c.t("offline.label_photo", ["seal": seal, "reference": s.reference])))>\(c.csrfField)\(Offline.keyField())
        <label for="photo-file-\(seal)">\(c.t("shipments.photo_take"))</label>
        <input type="file" id="photo-file-\(seal)" name="photo" accept="image/jpeg,image/png" capture="environment" required>
        <button type="submit">\(c.t("shipments.photo_save"))</button></form>
        """
    }

    /// Stands for the seal's number in `pendingSeal`, replaced by the script.
    static let pendingNumber = "PENDINGSEAL"

    /// A seal affixed while the phone had no network is not on the page the phone keeps: the
    /// script shows it from this template (inert markup, never shown without JavaScript) with
    /// its departure VVTT form and photo form, kept on the phone in turn and sent after the seal.
    static func pendingSeal(_ c: PageContext, _ m: ShowModel) -> HTML {
        let s = m.data.shipment
        let seal = pendingNumber
        let f = FormFields(c, idPrefix: "pending-\(seal)-")
        let form = ["document_seal_numbers": s.document_seal_numbers ?? ""]
        return """
        <template id="pending-seal-template" data-number="\(seal)">
        <li class="seal-card seal-pending" data-seal="\(seal)" data-pending><p class="record-head"><strong>\(seal)</strong> \
        <span class="tag seal-waiting" data-state="waiting">\(c.t("offline.waiting"))</span></p>
        <details class="pending-check"><summary class="button big">\(c.t("shipments.vvtt_check"))</summary>
        <form method="post" action="\(SiteURL.shipmentSeals(m.company, s.shipmentID))/\(seal)/check" class="vvtt-form" id="check-form-\(seal)"\
        \(Offline.queued(label: c.t("offline.label_check", ["seal": seal, "reference": s.reference, "stage": c.t(SealCheckStage.departure.nameKey)])))>\
        \(c.csrfField)\(Offline.keyField())\(Offline.doneAtField)
        <input type="hidden" name="stage" value="\(SealCheckStage.departure.rawValue)">
        \(checkFields(c, f, stage: .departure, form: form))
        <button type="submit" class="primary big">\(c.t("shipments.record_check"))</button></form></details>
        \(photoForm(c, m, seal: seal))
        </li></template>
        """
    }

    static func consignee(_ c: PageContext, _ m: ShowModel) -> HTML {
        let s = m.data.shipment
        let status: HTML
        if let at = s.consignee_notified_at {
            status = "<p id=\"consignee-notified\">\(c.t("shipments.consignee_sent", ["seals": s.consignee_notified_seals ?? "", "when": c.t.dateTime(at)]))</p>"
        } else if s.consignee_email == nil {
            status = "<p class=\"hint\">\(c.t("shipments.consignee_no_email"))</p>"
        } else {
            status = "<p class=\"hint\" id=\"consignee-not-sent\">\(c.t("shipments.consignee_not_sent"))</p>"
        }
        let button: HTML = HTML.when(m.canRecord && s.consignee_email != nil && !m.data.seals.isEmpty, """
        <form method="post" action="\(SiteURL.shipmentNotifyConsignee(m.company, s.shipmentID))" id="notify-form"\(Offline.onlineOnly)>\(c.csrfField)
        <button type="submit" class="big">\(c.t("shipments.consignee_send", ["email": s.consignee_email ?? ""]))</button></form>
        """)
        return """
        <section id="shipment-consignee"><h2>\(c.t("shipments.consignee"))</h2>\(status)\(button)</section>
        """
    }

    static func history(_ c: PageContext, _ m: ShowModel) -> HTML {
        guard !m.data.checks.isEmpty else { return .empty }
        let items = HTML.join(m.data.checks.reversed()) { check in
            let steps = check.storedSteps.map { "\(c.t("seals.vvtt.\($0.step)"))\($0.passed ? "" : " ✗")\($0.note.map { " (" + $0 + ")" } ?? "")" }.joined(separator: " → ")
            return """
            <li data-check-id="\(check.id.uuidString.lowercased())"><p class="record-head">\(check.number) · \(c.t(check.checkStage.nameKey)) \
            <span class="tag \(check.passed ? "outcome-pass" : "outcome-fail")">\(c.t(check.passed ? "shipments.check_ok" : "shipments.check_problem"))</span></p>
            <p class="hint">\(steps)</p><p class="hint">\(c.t("shipments.number_read_was", ["read": check.number_read])) · \(Offline.doneTime(c, done: check.checked_at, received: check.received_at))\
            \(check.checked_by_name.map { " · " + $0 } ?? "")</p></li>
            """
        }
        return "<section id=\"shipment-checks\"><h2>\(c.t("shipments.checks"))</h2><ul class=\"record-list\">\(items)</ul></section>"
    }

    // MARK: A seal's VVTT check

    struct CheckModel: Sendable {
        let company: CompanyID
        let shipment: ShipmentQueries.Row
        let seal: ShipmentQueries.SealRow
        let stage: SealCheckStage
        let form: [String: String]
        var errors: [FieldError] = []
        /// The documents' seal numbers against the unit's seals (MSC 7.30).
        var warnings: [FieldError] = []
    }

    /// The 7.30 warnings: seals on the documents but not on the unit, and the other way round.
    static func documentWarnings(_ c: PageContext, _ warnings: [FieldError]) -> HTML {
        guard !warnings.isEmpty else { return .empty }
        return """
        <div class="flash flash-warning" role="status" id="shipment-document-seals"><p><strong>\(c.t("shipments.document_seals_differ"))</strong></p>
        <ul>\(HTML.join(warnings) { "<li data-warning=\"\($0.messageKey)\" data-seal=\"\($0.arguments["seal"] ?? "")\">\(c.t($0.messageKey, $0.arguments))</li>" })</ul>
        <p class="hint">\(c.t("shipments.document_seals_differ_hint"))</p></div>
        """
    }

    /// The four VVTT steps in their order (large pass/problem answers, a note each), the number
    /// read and, at departure, the documents' seal numbers: the check page's and the pending seal's.
    static func checkFields(_ c: PageContext, _ f: FormFields, stage: SealCheckStage, form: [String: String]) -> HTML {
        let steps = HTML.join(VVTTStep.allCases) { step -> HTML in
            let name = "step." + step.rawValue
            let answer = form[name]
            let named = f.errors.contains { $0.arguments["step"] == step.rawValue }
            return """
            <fieldset class="vvtt-step" id="\(f.idPrefix)\(name)"\(HTML.when(named, " aria-invalid=\"true\""))><legend>\(step.position). \(c.t(step.nameKey))</legend>
            <p class="hint">\(c.t("shipments.vvtt_hint.\(step.rawValue)"))</p>
            <div class="choices choices-two">
            <label class="choice choice-pass"><input type="radio" name="\(name)" value="pass"\(HTML.when(answer == "pass", " checked")) required> \(c.t("shipments.step_ok"))</label>
            <label class="choice choice-fail"><input type="radio" name="\(name)" value="fail"\(HTML.when(answer == "fail", " checked"))> \(c.t("shipments.step_problem"))</label>
            </div>
            <label class="hint" for="\(f.idPrefix)note.\(step.rawValue)">\(c.t("inspections.note"))</label>
            <textarea id="\(f.idPrefix)note.\(step.rawValue)" name="note.\(step.rawValue)" rows="2" maxlength="500">\(form["note." + step.rawValue] ?? "")</textarea>
            </fieldset>
            """
        }
        let documents: HTML = stage == .departure
            ? f.textarea("document_seal_numbers", label: c.t("shipments.document_seal_numbers"), value: form["document_seal_numbers"], rows: 2,
                         hint: c.t("shipments.document_seal_numbers_hint"))
            : .empty
        return """
        \(steps)
        \(f.input("number_read", label: c.t("shipments.number_read"), value: form["number_read"], required: true, autocomplete: "off", maxLength: 40,
                  hint: c.t("shipments.number_read_hint")))
        \(documents)
        """
    }

    static func checkForm(_ c: PageContext, _ m: CheckModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let number = m.seal.sealNumber ?? (try? SealNumber("X"))!
        let title = c.t(m.stage == .departure ? "shipments.vvtt_title" : "shipments.arrival_title", ["seal": number.rawValue])
        let label = c.t("offline.label_check", ["seal": number.rawValue, "reference": m.shipment.reference, "stage": c.t(m.stage.nameKey)])
        return Layout.page(c, title: title, scripts: [Scripts.offline.link], """
        <p><a href="\(SiteURL.shipment(m.company, m.shipment.shipmentID))">← \(c.t("shipments.shipment", ["reference": m.shipment.reference]))</a></p>
        <h1>\(title)</h1>
        \(Offline.outbox(c))
        <p class="hint">\(c.t(m.stage == .departure ? "shipments.vvtt_intro" : "shipments.arrival_intro"))</p>
        \(f.errorSummary())\(errorList(c, m.errors, id: "check-errors"))\(documentWarnings(c, m.warnings))
        <form method="post" action="\(SiteURL.shipmentSealCheck(m.company, m.shipment.shipmentID, number))" id="check-form" class="vvtt-form"\
        \(Offline.queued(label: label))>\(c.csrfField)\(Offline.keyField(m.form["client_key"]))\(Offline.doneAtField)
        <input type="hidden" name="stage" value="\(m.stage.rawValue)">
        \(checkFields(c, f, stage: m.stage, form: m.form))
        <button type="submit" class="primary big">\(c.t("shipments.record_check"))</button>
        </form>
        """)
    }
}
