import Foundation
import TrustlaneCore

/// The incident pages (issue 17): the register, the filing form, one incident, its printable
/// report. Cards and short forms, usable on a phone; no JavaScript needed.
enum IncidentViews {
    static func statusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag incident-\(status)\" data-status=\"\(status)\">\(c.t("incidents.status.\(status)"))</span>"
    }

    static func severityTag(_ c: PageContext, _ severity: String) -> HTML {
        "<span class=\"tag severity-\(severity)\" data-severity=\"\(severity)\">\(c.t("incidents.severity.\(severity)"))</span>"
    }

    /// A time as a `datetime-local` field shows it, in the reader's zone.
    static func typedTime(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(p.year ?? 1970)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    static func selfReportText(_ c: PageContext, _ report: SelfReport) -> HTML {
        switch report {
        case .reportedFirst(let at): "<span class=\"self-report first\" data-self-report=\"first\">\(c.t("incidents.self_report.first", ["time": c.t.dateTime(at)]))</span>"
        case .foundByCBP(let at):
            "<span class=\"self-report cbp\" data-self-report=\"cbp_found\">\(c.t("incidents.self_report.cbp_found"))\(at.map { " · " + c.t("incidents.self_report.told_at", ["time": c.t.dateTime($0)]) } ?? "")</span>"
        case .notReported: "<span class=\"self-report none\" data-self-report=\"not_reported\">\(c.t("incidents.self_report.not_reported"))</span>"
        }
    }

    // MARK: The register

    struct ListModel: Sendable {
        let company: CompanyID
        let companyName: String
        let page: IncidentQueries.Page
        let filter: IncidentQueries.Filter
        let canReport: Bool
        let canManage: Bool
        /// The anonymous link, when it is on and the reader manages it.
        let reportLink: String?
        var errors: [FieldError] = []
    }

    static func list(_ c: PageContext, _ m: ListModel) -> HTML {
        let rows = HTML.join(m.page.rows) { row in
            """
            <li data-incident="\(row.reference)"><p class="record-head"><a href="\(SiteURL.incident(m.company, row.incidentID))">\(row.reference) · \(row.title)</a></p>
            <p>\(statusTag(c, row.status)) \(severityTag(c, row.severity)) <span class="hint">\(c.t("incidents.type.\(row.type)")) · \(c.t("incidents.source.\(row.source)"))</span></p>
            <p class="hint">\(c.t("incidents.discovered_on", ["time": c.t.dateTime(row.discovered_at)])) · \(selfReportText(c, row.selfReport))</p></li>
            """
        }
        let body: HTML = m.page.rows.isEmpty
            ? "<p id=\"incident-list-empty\">\(c.t("incidents.list_empty"))</p>"
            : "<ul class=\"record-list\" id=\"incident-list\">\(rows)</ul>"
        var query = ""
        if let status = m.filter.status { query += "&status=\(status)" }
        if let type = m.filter.type { query += "&type=\(type.rawValue)" }
        let more: HTML = m.page.next.map { next in
            "<p><a class=\"button\" href=\"\(SiteURL.incidents(m.company))?before=\(String(Int64((next.timeIntervalSince1970 * 1000).rounded(.down))))\(query)\">\(c.t("incidents.older"))</a></p>"
        } ?? .empty
        let statuses = [("", c.t("incidents.filter_all")), ("active", c.t("incidents.filter_active"))]
            + IncidentStatus.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let types = [("", c.t("incidents.filter_all"))] + IncidentType.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let filter: HTML = """
        <form method="get" action="\(SiteURL.incidents(m.company))" class="filters" id="incident-filter">
        <label>\(c.t("incidents.status")) <select name="status">\(HTML.join(statuses) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == (m.filter.status ?? ""), " selected"))>\($0.1)</option>" })</select></label>
        <label>\(c.t("incidents.type")) <select name="type">\(HTML.join(types) { "<option value=\"\($0.0)\"\(HTML.when($0.0 == (m.filter.type?.rawValue ?? ""), " selected"))>\($0.1)</option>" })</select></label>
        <button type="submit">\(c.t("incidents.filter"))</button></form>
        """
        let link: HTML
        if m.canManage {
            let state: HTML = m.reportLink.map { url in
                """
                <p>\(c.t("incidents.link_on"))</p><p><a id="anonymous-link" href="\(url)">\(url)</a></p>
                \(qrFigure(c, url: url, id: "anonymous-link-qr"))
                <p><a class="button" id="anonymous-link-poster" href="\(SiteURL.incidentPoster(m.company))">\(c.t("incidents.poster_open"))</a></p>
                <form method="post" action="\(SiteURL.incidentSettings(m.company))" class="inline">\(c.csrfField)<input type="hidden" name="link" value="renew">
                <button type="submit">\(c.t("incidents.link_renew"))</button></form>
                <form method="post" action="\(SiteURL.incidentSettings(m.company))" class="inline">\(c.csrfField)<input type="hidden" name="link" value="disable">
                <button type="submit">\(c.t("incidents.link_disable"))</button></form>
                """
            } ?? """
                <p>\(c.t("incidents.link_off"))</p>
                <form method="post" action="\(SiteURL.incidentSettings(m.company))">\(c.csrfField)<input type="hidden" name="link" value="enable">
                <button type="submit" id="enable-anonymous-link">\(c.t("incidents.link_enable"))</button></form>
                """
            link = "<section id=\"incident-link\"><h2>\(c.t("incidents.link_title"))</h2><p class=\"hint\">\(c.t("incidents.link_intro"))</p>\(state)</section>"
        } else {
            link = .empty
        }
        return Layout.page(c, title: c.t("incidents.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("incidents.title"))</h1>
        <p class="hint">\(c.t("incidents.intro"))</p>
        \(RecordsViews.link(c, company: m.company))
        \(ShipmentViews.errorList(c, m.errors, id: "incident-errors"))
        \(HTML.when(m.canReport, "<p><a class=\"button primary big\" id=\"new-incident\" href=\"\(SiteURL.newIncident(m.company))\">\(c.t("incidents.new"))</a></p>"))
        \(filter)\(body)\(more)\(link)
        """)
    }

    /// The QR code of the anonymous link, drawn on the server (Core's `QRCode`). Only an
    /// absolute address can be scanned: without `TRUSTLANE_PUBLIC_URL` the link is a path, and the
    /// page says what to set instead of drawing a code no phone could open.
    static func qrFigure(_ c: PageContext, url: String, id: String, large: Bool = false) -> HTML {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return "<p class=\"hint\" id=\"\(id)-missing\">\(c.t("incidents.qr_needs_public_url"))</p>"
        }
        guard let code = try? QRCode(text: url) else {
            return "<p class=\"hint\" id=\"\(id)-missing\">\(c.t("incidents.qr_too_long"))</p>"
        }
        let svg = code.svg(title: c.t("incidents.qr_title"))
        return "<figure class=\"qr-figure\(large ? " qr-large" : "")\" id=\"\(id)\">\(HTML(unsafeRaw: svg))<figcaption class=\"hint\">\(c.t("incidents.qr_caption"))</figcaption></figure>"
    }

    struct PosterModel: Sendable {
        let company: CompanyID
        let companyName: String
        let url: String
    }

    /// A notice to print and put up by the gate, the canteen or the drivers' room: the link, its
    /// QR code and a few lines in each of the three languages, whatever the reader's own.
    static func poster(_ c: PageContext, _ m: PosterModel) -> HTML {
        let blocks = HTML.join(Language.allCases) { language in
            let t = c.speaking(language).t
            return """
            <section class="poster-language" lang="\(language.rawValue)" data-language="\(language.rawValue)">
            <h2>\(t("poster.headline"))</h2><p>\(t("poster.body", ["company": m.companyName]))</p><p class="hint">\(t("poster.receipt"))</p>
            </section>
            """
        }
        return Layout.page(c, title: c.t("incidents.poster_title"), """
        <p class="no-print"><a href="\(SiteURL.incidents(m.company))#incident-link">← \(c.t("incidents.title"))</a></p>
        <p class="no-print hint">\(c.t("incidents.poster_intro"))</p>
        <article class="printable poster" id="anonymous-poster">
        <h1>\(m.companyName)</h1>
        \(qrFigure(c, url: m.url, id: "poster-qr", large: true))
        <p class="poster-url" id="poster-url">\(m.url)</p>
        \(blocks)
        </article>
        """)
    }

    // MARK: Filing

    struct FormModel: Sendable {
        let company: CompanyID
        let companyName: String
        let form: IncidentController.IncidentForm
        let shipments: [ShipmentQueries.ListRow]
        /// The active roster, to name people at filing.
        var roster: [TrainingQueries.PersonRow] = []
        var errors: [FieldError] = []
    }

    /// The roster as a list to choose several from (the incident page names more one by one).
    static func peopleChoice(_ c: PageContext, _ f: FormFields, roster: [TrainingQueries.PersonRow], chosen: Set<String>) -> HTML {
        guard !roster.isEmpty else { return .empty }
        let options = HTML.join(roster) { person in
            let id = person.personID.description
            let label = person.name + (person.employee_ref.map { " · " + $0 } ?? "") + (person.role.map { " · " + $0 } ?? "")
            return "<option value=\"\(id)\"\(HTML.when(chosen.contains(id), " selected"))>\(label)</option>"
        }
        let invalid: HTML = f.errors.contains { $0.field == "person_ids" } ? " aria-invalid=\"true\" aria-describedby=\"person_ids-error\"" : .empty
        return """
        <div class="field"><label for="person_ids">\(c.t("incidents.people_named"))</label>
        <select id="person_ids" name="person_ids" multiple size="\(String(min(6, max(2, roster.count))))"\(invalid)>\(options)</select>
        <p class="hint">\(c.t("incidents.people_named_hint"))</p>\(f.error("person_ids"))</div>
        """
    }

    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let d = m.form
        let types = IncidentType.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let severities = IncidentSeverity.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        var shipments = m.shipments.map { (value: $0.shipmentID.description, label: "\($0.reference) · \($0.unitLabel)") }
        if let chosen = d.shipment_id, !chosen.isEmpty, !shipments.contains(where: { $0.value == chosen }) { shipments.insert((chosen, chosen), at: 0) }
        let inspection: HTML = (d.inspection_id ?? "").isEmpty ? .empty
            : "<input type=\"hidden\" name=\"inspection_id\" value=\"\(d.inspection_id ?? "")\"><p class=\"hint\" id=\"incident-from-inspection\">\(c.t("incidents.from_inspection_hint"))</p>\(f.error("inspection_id"))"
        let foundByCBP = ["on", "true", "1", "yes"].contains(d.found_by_cbp?.lowercased() ?? "")
        return Layout.page(c, title: c.t("incidents.new"), """
        <p><a href="\(SiteURL.incidents(m.company))">← \(c.t("incidents.title"))</a></p>
        <h1>\(c.t("incidents.new"))</h1>
        <p class="hint">\(c.t("incidents.new_intro"))</p>
        \(f.errorSummary())\(ShipmentViews.errorList(c, m.errors, id: "incident-errors"))
        <form method="post" action="\(SiteURL.incidents(m.company))" id="incident-form" class="incident-form">\(c.csrfField)
        \(inspection)
        \(f.select("type", label: c.t("incidents.type"), options: types, selected: d.type, includeBlank: c.t("incidents.choose_type")))
        \(f.select("severity", label: c.t("incidents.severity"), options: severities, selected: d.severity ?? IncidentSeverity.medium.rawValue))
        \(f.input("title", label: c.t("incidents.title_field"), value: d.title, required: true, maxLength: IncidentValidator.maxTitle))
        \(f.textarea("description", label: c.t("incidents.description"), value: d.description, rows: 5))
        \(f.input("discovered_at", label: c.t("incidents.discovered_at"), value: d.discovered_at, type: "datetime-local", required: true))
        \(f.input("discovered_by", label: c.t("incidents.discovered_by"), value: d.discovered_by, required: true, maxLength: IncidentValidator.maxName,
                  hint: c.t("incidents.discovered_by_hint")))
        <div class="field"><label class="check"><input type="checkbox" name="found_by_cbp" value="on"\(HTML.when(foundByCBP, " checked"))> \(c.t("incidents.found_by_cbp"))</label>
        <p class="hint">\(c.t("incidents.found_by_cbp_hint"))</p></div>
        \(f.input("location", label: c.t("incidents.location"), value: d.location, maxLength: IncidentValidator.maxLocation))
        <fieldset class="field"><legend>\(c.t("incidents.touches"))</legend>
        \(f.select("shipment_id", label: c.t("incidents.shipment"), options: shipments, selected: d.shipment_id, includeBlank: c.t("incidents.no_shipment")))
        \(f.input("seal_numbers", label: c.t("incidents.seal_numbers"), value: d.seal_numbers, autocomplete: "off", hint: c.t("incidents.seal_numbers_hint")))
        \(peopleChoice(c, f, roster: m.roster, chosen: Set(d.person_ids ?? [])))
        </fieldset>
        <button type="submit" class="primary big">\(c.t("incidents.record"))</button>
        </form>
        """)
    }

    // MARK: One incident

    struct ShowModel: Sendable {
        let company: CompanyID
        let companyName: String
        let detail: IncidentQueries.Detail
        let canManage: Bool
        let canViewInspections: Bool
        let canViewShipments: Bool
        let canViewPartners: Bool
        /// The company's active roster to name people from (for those who manage the register).
        var roster: [TrainingQueries.PersonRow] = []
        var filePolicy: EvidencePolicy = .default
        /// The supervisors may remove files (`removeRecordFiles`)...
        var canRemoveFiles = false
        /// ...unless the incidents are under a legal hold.
        var filesOnHold = false
        var errors: [FieldError] = []
        /// What a refused form sent, to show it back.
        var posted: [String: String] = [:]
    }

    static func linkHTML(_ c: PageContext, _ m: ShowModel, _ link: IncidentQueries.LinkRow) -> HTML {
        let label: HTML = "\(c.t("incidents.link.\(link.kind)")): \(link.label)"
        switch link.kind {
        case "shipment" where m.canViewShipments:
            return ShipmentID(string: link.target).map { "<a href=\"\(SiteURL.shipment(m.company, $0))\">\(label)</a>" } ?? label
        case "inspection" where m.canViewInspections:
            return InspectionID(string: link.target).map { "<a href=\"\(SiteURL.inspection(m.company, $0))\">\(label)</a>" } ?? label
        case "partner" where m.canViewPartners:
            return UUID(uuidString: link.target).map { "<a href=\"\(SiteURL.partner(m.company, $0))\">\(label)</a>" } ?? label
        default:
            return label
        }
    }

    static func facts(_ c: PageContext, _ m: ShowModel) -> HTML {
        let r = m.detail.row
        let facts: [(String, HTML)] = [
            (c.t("incidents.type"), "\(c.t(r.incidentType.nameKey))"),
            (c.t("incidents.severity"), severityTag(c, r.severity)),
            (c.t("incidents.source_label"), "\(c.t("incidents.source.\(r.source)"))"),
            (c.t("incidents.discovered_at"), "\(c.t.dateTime(r.discovered_at))"),
            (c.t("incidents.discovered_by"), "\(r.discovered_by)\(r.found_by_cbp ? " · " + c.t("incidents.found_by_cbp_short") : "")"),
            (c.t("incidents.location"), "\(r.location ?? "—")"),
            (c.t("incidents.reported"), "\(c.t.dateTime(r.created_at))\(r.reported_by_name.map { " · " + $0 } ?? "")"),
            (c.t("incidents.criteria"), "\(r.incidentType.criteria.joined(separator: ", "))"),
            (c.t("incidents.touches"), m.detail.records.isEmpty ? "—" : HTML(unsafeRaw: m.detail.records.map { linkHTML(c, m, $0).rendered }.joined(separator: " · "))),
        ] + (r.reporter_contact.map { [(c.t("incidents.reporter_contact"), "\($0)" as HTML)] } ?? [])
        return "<dl class=\"facts\">\(HTML.join(facts) { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>"
    }

    /// The people of the roster the incident names, each linked to their page; those who manage
    /// the register add one from the roster or take one off while the incident is not final.
    static func peopleSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.detail
        let id = d.row.incidentID
        let editable = m.canManage && !d.row.incidentStatus.isFinal
        let items = HTML.join(d.people) { link -> HTML in
            let person = PersonID(string: link.target)
            let name: HTML = person.map { "<a href=\"\(SiteURL.trainingPerson(m.company, $0))\">\(link.label)</a>" } ?? "\(link.label)"
            let remove: HTML = (!editable || person == nil) ? .empty : """
             <form method="post" action="\(SiteURL.incident(m.company, id))/people/\(link.target)/remove" class="inline">\(c.csrfField)<button type="submit" class="link" aria-label="\(c.t("incidents.remove_person_named", ["name": link.label]))">\(c.t("incidents.remove_person"))</button></form>
            """
            return "<li data-person=\"\(link.target)\">\(name)\(remove)</li>"
        }
        let named = Set(d.people.map(\.target))
        let choices = m.roster.filter { !named.contains($0.personID.description) }
            .map { (value: $0.personID.description, label: $0.name + ($0.employee_ref.map { " · " + $0 } ?? "") + ($0.role.map { " · " + $0 } ?? "")) }
        let pf = FormFields(c, errors: m.errors, idPrefix: "person-")
        let form: HTML
        if !editable {
            form = .empty
        } else if m.roster.isEmpty {
            form = "<p class=\"hint\" id=\"incident-no-roster\">\(c.t("incidents.no_roster")) <a href=\"\(SiteURL.trainingPeople(m.company))\">\(c.t("training.people"))</a></p>"
        } else {
            form = """
            <form method="post" action="\(SiteURL.incident(m.company, id))/people" id="person-link-form">\(c.csrfField)
            \(pf.select("person_id", label: c.t("incidents.person"), options: choices, selected: m.posted["person_id"], includeBlank: c.t("incidents.choose_person")))
            <button type="submit">\(c.t("incidents.add_person"))</button></form>
            """
        }
        return """
        <section id="incident-people"><h2>\(c.t("incidents.people"))</h2>
        <p class="hint">\(c.t("incidents.people_hint"))</p>
        \(d.people.isEmpty ? "<p class=\"hint\">\(c.t("incidents.no_people"))</p>" as HTML : "<ul class=\"record-list\" id=\"incident-people-list\">\(items)</ul>")
        \(form)</section>
        """
    }

    /// The incident's files (the anonymous reporter's too), downloaded by readers of the register;
    /// those who manage it attach more while it is not final.
    static func filesSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.detail
        let id = d.row.incidentID
        let form: HTML = (!m.canManage || d.row.incidentStatus.isFinal || d.files.count >= RecordFiles.maxPerRecord) ? .empty
            : RecordFilesViews.form(c, action: SiteURL.incident(m.company, id) + "/files", id: "incident-file-form", label: c.t("incidents.attach_label"),
                                    button: c.t("incidents.attach"), policy: m.filePolicy, errors: m.errors)
        return """
        <section id="incident-files"><h2>\(c.t("incidents.files"))</h2>
        \(d.files.isEmpty ? "<p class=\"hint\">\(c.t("incidents.no_files"))</p>" as HTML
            : RecordFilesViews.list(c, d.files, id: "incident-file-list",
                                    remove: m.canRemoveFiles && !m.filesOnHold ? { SiteURL.incidentFile(m.company, id, $0) + "/remove" } : nil) {
                SiteURL.incidentFile(m.company, id, $0)
            })
        \(RecordFilesViews.holdNote(c, show: m.canRemoveFiles && m.filesOnHold && !d.files.isEmpty))
        \(form)</section>
        """
    }

    static func notificationList(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.detail
        let told = HTML.join(d.notifications) { n in
            """
            <li data-target="\(n.target)"><p class="record-head">\(c.t(n.notificationTarget.nameKey)): \(n.recipient)</p>
            <p class="hint">\(c.t("incidents.told_by", ["name": n.notified_by, "time": c.t.dateTime(n.notified_at), "channel": c.t("incidents.channel.\(n.channel)")]))</p>
            \(n.note.map { "<p>\($0)</p>" as HTML })</li>
            """
        }
        let pending = HTML.join(d.pendingTargets) { "<li data-pending=\"\($0.rawValue)\">\(c.t($0.nameKey))</li>" }
        return """
        <p>\(selfReportText(c, d.selfReport))</p>
        \(d.notifications.isEmpty ? "<p class=\"hint\">\(c.t("incidents.none_told"))</p>" as HTML : "<ul class=\"record-list\" id=\"notification-list\">\(told)</ul>")
        \(HTML.when(!d.pendingTargets.isEmpty, "<p>\(c.t("incidents.checklist_pending"))</p><ul class=\"checklist-pending\" id=\"notification-pending\">\(pending)</ul>"))
        """
    }

    /// A timeline entry as read: a change of status (stored as `from → to[: note]`) in the reader's words.
    static func entryText(_ c: PageContext, _ e: IncidentQueries.EntryRow) -> String {
        guard e.kind == "status" else { return e.body }
        let (change, note) = e.body.firstRange(of: ": ").map { (String(e.body[..<$0.lowerBound]), String(e.body[$0.upperBound...])) } ?? (e.body, "")
        let parts = change.components(separatedBy: " → ")
        guard parts.count == 2, parts.allSatisfy({ IncidentStatus(rawValue: $0) != nil }) else { return e.body }
        return c.t("incidents.status.\(parts[0])") + " → " + c.t("incidents.status.\(parts[1])") + (note.isEmpty ? "" : ": " + note)
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.detail
        let r = d.row
        let f = FormFields(c, errors: m.errors)
        let p = m.posted
        let final = r.incidentStatus.isFinal
        let company = m.company
        let id = r.incidentID

        var steps: [HTML] = []
        if m.canManage && r.incidentStatus == .unconfirmed {
            steps.append("""
            <form method="post" action="\(SiteURL.incident(company, id))/confirm" class="inline">\(c.csrfField)<button type="submit" class="primary" id="confirm-incident">\(c.t("incidents.confirm"))</button></form>
            """)
        }
        if m.canManage && r.incidentStatus == .open {
            steps.append("""
            <form method="post" action="\(SiteURL.incident(company, id))/investigate" class="inline">\(c.csrfField)<button type="submit" class="primary" id="start-investigation">\(c.t("incidents.start_investigation"))</button></form>
            """)
        }
        if m.canManage && (r.incidentStatus == .unconfirmed || r.incidentStatus == .open) {
            steps.append("""
            <details id="dismiss"><summary>\(c.t("incidents.dismiss"))</summary>
            <form method="post" action="\(SiteURL.incident(company, id))/dismiss">\(c.csrfField)
            \(FormFields(c, errors: m.errors, idPrefix: "dismiss-").textarea("reason", label: c.t("incidents.dismiss_reason"), value: p["reason"], rows: 2))
            <button type="submit">\(c.t("incidents.dismiss"))</button></form></details>
            """)
        }
        let statusNotes: HTML = r.dismissed_reason.map { "<p class=\"flash flash-info\" id=\"dismissed-reason\">\(c.t("incidents.dismissed_because", ["reason": $0]))</p>" } ?? .empty

        let targets = NotificationTarget.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let channels = NotificationChannel.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let nf = FormFields(c, errors: m.errors, idPrefix: "notify-")
        let notifyForm: HTML = (!m.canManage || final) ? .empty : """
        <details id="add-notification"\(HTML.when(m.errors.contains { ["target", "recipient", "notified_by", "notified_at", "channel"].contains($0.field) }, " open"))>
        <summary>\(c.t("incidents.add_notification"))</summary>
        <form method="post" action="\(SiteURL.incident(company, id))/notifications" id="notification-form">\(c.csrfField)
        \(nf.select("target", label: c.t("incidents.target"), options: targets, selected: p["target"] ?? d.pendingTargets.first?.rawValue))
        \(nf.input("recipient", label: c.t("incidents.recipient"), value: p["recipient"], required: true, maxLength: IncidentValidator.maxName, hint: c.t("incidents.recipient_hint")))
        \(nf.input("notified_by", label: c.t("incidents.notified_by"), value: p["notified_by"] ?? c.user?.name, required: true, maxLength: IncidentValidator.maxName))
        \(nf.input("notified_at", label: c.t("incidents.notified_at"), value: p["notified_at"], type: "datetime-local", required: true))
        \(nf.select("channel", label: c.t("incidents.channel"), options: channels, selected: p["channel"]))
        \(nf.textarea("note", label: c.t("incidents.note"), value: p["note"], rows: 2))
        <button type="submit" class="primary">\(c.t("incidents.record_notification"))</button></form></details>
        """

        let timeline = HTML.join(d.entries) { e in
            """
            <li class="entry-\(e.kind)"><p class="hint">\(c.t.dateTime(e.at)) · \(e.author_name ?? c.t(e.kind == "follow_up" ? "incidents.anonymous_reporter" : "incidents.system"))\
            \(e.kind == "follow_up" ? " · " + c.t("incidents.follow_up") : "")</p><p class="pre">\(entryText(c, e))</p></li>
            """
        }
        let tf = FormFields(c, errors: m.errors, idPrefix: "note-")
        let noteForm: HTML = (!m.canManage || final || r.incidentStatus == .unconfirmed) ? .empty : """
        <form method="post" action="\(SiteURL.incident(company, id))/notes" id="note-form">\(c.csrfField)
        \(tf.textarea("text", label: c.t("incidents.timeline_entry"), value: p["text"], rows: 3))
        \(tf.input("at", label: c.t("incidents.timeline_at"), value: p["at"], type: "datetime-local", hint: c.t("incidents.timeline_at_hint")))
        <button type="submit">\(c.t("incidents.add_entry"))</button></form>
        """
        let ff = FormFields(c, errors: m.errors, idPrefix: "findings-")
        let findingsForm: HTML = (!m.canManage || final || r.incidentStatus == .unconfirmed) ? """
        <dl class="facts"><dt>\(c.t("incidents.findings"))</dt><dd class="pre">\(r.findings ?? "—")</dd>
        <dt>\(c.t("incidents.root_cause"))</dt><dd class="pre">\(r.root_cause ?? "—")</dd>
        \(r.not_reported_reason.map { "<dt>\(c.t("incidents.not_reported_reason"))</dt><dd class=\"pre\">\($0)</dd>" as HTML })</dl>
        """ : """
        <form method="post" action="\(SiteURL.incident(company, id))/findings" id="findings-form">\(c.csrfField)
        \(ff.textarea("findings", label: c.t("incidents.findings"), value: p["findings"] ?? r.findings, rows: 4))
        \(ff.textarea("root_cause", label: c.t("incidents.root_cause"), value: p["root_cause"] ?? r.root_cause, rows: 3))
        \(HTML.when(r.incidentType.reportToCBP, ff.textarea("not_reported_reason", label: c.t("incidents.not_reported_reason"), value: p["not_reported_reason"] ?? r.not_reported_reason, rows: 2, hint: c.t("incidents.not_reported_reason_hint"))))
        <button type="submit">\(c.t("incidents.save_findings"))</button></form>
        """

        let actions = HTML.join(d.actions) { a in
            "<li data-action=\"\(a.id.uuidString.lowercased())\"><p class=\"record-head\">\(a.title)</p><p class=\"hint\">\(a.owner ?? "—") · \(c.t("incidents.due", ["day": ProgramDay.text(a.due_date)])) · \(c.t("corrective_action_status.\(a.status)"))</p></li>"
        }
        let af = FormFields(c, errors: m.errors, idPrefix: "action-")
        let actionForm: HTML = (!m.canManage || final) ? .empty : """
        <details id="add-action"\(HTML.when(m.errors.contains { ["title", "owner", "due_date", "details", "criteria"].contains($0.field) }, " open"))>
        <summary>\(c.t("incidents.add_action"))</summary>
        <form method="post" action="\(SiteURL.incident(company, id))/actions" id="action-form">\(c.csrfField)
        \(af.input("title", label: c.t("incidents.action_title"), value: p["title"], required: true, maxLength: CorrectiveActionDraft.titleMaxLength))
        \(af.input("owner", label: c.t("incidents.action_owner"), value: p["owner"], required: true, maxLength: CorrectiveActionDraft.ownerMaxLength))
        \(af.input("due_date", label: c.t("incidents.action_due"), value: p["due_date"], type: "date", required: true))
        \(af.textarea("details", label: c.t("incidents.action_details"), value: p["details"], rows: 2))
        <button type="submit">\(c.t("incidents.add_action"))</button></form></details>
        """

        let problems = d.closureProblems
        let closeSection: HTML
        if r.incidentStatus == .closed {
            closeSection = "<p id=\"closed-by\">\(c.t("incidents.closed_by", ["name": r.closed_by_name ?? "—", "time": r.closed_at.map { c.t.dateTime($0) } ?? "—"]))</p>"
        } else if m.canManage && r.incidentStatus == .investigating {
            let missing = HTML.join(problems) { "<li data-field=\"\($0.field)\">\(c.t($0.messageKey, $0.arguments))</li>" }
            closeSection = """
            \(HTML.when(!problems.isEmpty, "<p>\(c.t("incidents.close_needs"))</p><ul class=\"error-list\" id=\"close-needs\">\(missing)</ul>"))
            <form method="post" action="\(SiteURL.incident(company, id))/close">\(c.csrfField)<button type="submit" class="primary" id="close-incident">\(c.t("incidents.close"))</button></form>
            """
        } else {
            closeSection = .empty
        }

        return Layout.page(c, title: "\(r.reference) · \(r.title)", """
        <p><a href="\(SiteURL.incidents(company))">← \(c.t("incidents.title"))</a></p>
        <h1>\(r.reference) · \(r.title) \(statusTag(c, r.status))</h1>
        \(f.errorSummary())\(ShipmentViews.errorList(c, m.errors, id: "incident-errors"))
        \(statusNotes)
        \(HTML.when(!steps.isEmpty, "<div class=\"actions\" id=\"incident-steps\">\(HTML.join(steps) { $0 })</div>"))
        <p class="pre" id="incident-description">\(r.description)</p>
        \(facts(c, m))
        <p><a class="button secondary" id="incident-report-link" href="\(SiteURL.incidentReport(company, id))">\(c.t("incidents.printable"))</a></p>
        \(peopleSection(c, m))
        \(filesSection(c, m))
        <section id="incident-notifications"><h2>\(c.t("incidents.notifications"))</h2>
        <p class="hint">\(c.t(r.incidentType.reportToCBP ? "incidents.notifications_intro_cbp" : "incidents.notifications_intro"))</p>
        \(notificationList(c, m))\(notifyForm)</section>
        <section id="incident-investigation"><h2>\(c.t("incidents.investigation"))</h2>
        <p class="hint">\(r.investigation_started_at.map { c.t("incidents.investigation_started_on", ["time": c.t.dateTime($0)]) } ?? c.t("incidents.investigation_not_started"))</p>
        \(d.entries.isEmpty ? .empty : "<ol class=\"timeline\" id=\"incident-timeline\">\(timeline)</ol>" as HTML)
        \(noteForm)</section>
        <section id="incident-findings"><h2>\(c.t("incidents.findings_title"))</h2>\(findingsForm)</section>
        <section id="incident-actions"><h2>\(c.t("incidents.actions"))</h2>
        \(d.actions.isEmpty ? "<p class=\"hint\">\(c.t("incidents.no_actions"))</p>" as HTML : "<ul class=\"record-list\" id=\"incident-action-list\">\(actions)</ul>")
        \(actionForm)</section>
        <section id="incident-close"><h2>\(c.t("incidents.closure"))</h2>\(closeSection)</section>
        """)
    }

    /// The incident report to print or file: the facts, the notifications with their times, the
    /// timeline, findings, root cause, corrective actions and closure (MSC 7.37).
    static func printable(_ c: PageContext, _ m: ShowModel) -> HTML {
        let d = m.detail
        let r = d.row
        let notifications = HTML.join(d.notifications) { n in
            "<tr><td>\(c.t(n.notificationTarget.nameKey))</td><td>\(n.recipient)</td><td>\(n.notified_by)</td><td>\(c.t.dateTime(n.notified_at))</td><td>\(c.t("incidents.channel.\(n.channel)"))</td></tr>"
        }
        let timeline = HTML.join(d.entries) { "<tr><td>\(c.t.dateTime($0.at))</td><td class=\"pre\">\(entryText(c, $0))</td></tr>" }
        let actions = HTML.join(d.actions) { "<tr><td>\($0.title)</td><td>\($0.owner ?? "—")</td><td>\(ProgramDay.text($0.due_date))</td><td>\(c.t("corrective_action_status.\($0.status)"))</td></tr>" }
        return Layout.page(c, title: c.t("incidents.report_title", ["reference": r.reference]), """
        <p class="no-print"><a href="\(SiteURL.incident(m.company, r.incidentID))">← \(r.reference)</a></p>
        <article class="printable" id="incident-report">
        <h1>\(c.t("incidents.report_title", ["reference": r.reference]))</h1>
        <p>\(m.companyName) · \(statusTag(c, r.status)) · \(c.t("incidents.printed", ["time": c.t.dateTime(Date())]))</p>
        <h2>\(r.title)</h2><p class="pre">\(r.description)</p>
        \(facts(c, m))
        \(HTML.when(!d.people.isEmpty, "<h2>\(c.t("incidents.people"))</h2><p id=\"report-people\">\(d.people.map(\.label).joined(separator: ", "))</p>"))
        \(HTML.when(!d.files.isEmpty, "<h2>\(c.t("incidents.files"))</h2><p id=\"report-files\">\(d.files.map { $0.file_name + " (SHA-256 " + $0.sha256.prefix(12) + "…)" }.joined(separator: ", "))</p>"))
        <h2>\(c.t("incidents.notifications"))</h2><p>\(selfReportText(c, d.selfReport))</p>
        <div class="table-scroll"><table><thead><tr><th>\(c.t("incidents.target"))</th><th>\(c.t("incidents.recipient"))</th><th>\(c.t("incidents.notified_by"))</th><th>\(c.t("incidents.notified_at"))</th><th>\(c.t("incidents.channel"))</th></tr></thead><tbody>\(notifications)</tbody></table></div>
        <h2>\(c.t("incidents.investigation"))</h2>
        <div class="table-scroll"><table><tbody>\(timeline)</tbody></table></div>
        <h2>\(c.t("incidents.findings_title"))</h2>
        <dl class="facts"><dt>\(c.t("incidents.findings"))</dt><dd class="pre">\(r.findings ?? "—")</dd><dt>\(c.t("incidents.root_cause"))</dt><dd class="pre">\(r.root_cause ?? "—")</dd></dl>
        <h2>\(c.t("incidents.actions"))</h2>
        <div class="table-scroll"><table><tbody>\(actions)</tbody></table></div>
        <h2>\(c.t("incidents.closure"))</h2>
        <p>\(r.closed_at.map { c.t("incidents.closed_by", ["name": r.closed_by_name ?? "—", "time": c.t.dateTime($0)]) } ?? c.t("incidents.not_closed"))</p>
        </article>
        """)
    }
}
