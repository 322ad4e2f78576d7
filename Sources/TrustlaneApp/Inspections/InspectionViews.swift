import Foundation
import TrustlaneCore

/// The inspection pages (issue 16), built for a phone held in one hand at the dock: the log, the
/// choice of checklist, the checklist itself (one block a point, three large answers, the note
/// under it, the checks to make one tap away), an inspection with its versions, and settings.
/// No JavaScript is needed on any of them.
enum InspectionViews {
    static func statusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag inspection-\(status)\" data-status=\"\(status)\">\(c.t("inspections.status.\(status)"))</span>"
    }

    /// A checklist's title in the reader's language: CBP's, or the company's own (`library`).
    static func checklistTitle(_ c: PageContext, _ key: String, library: ChecklistLibrary = .bundledOnly) -> String {
        library.checklist(key)?.title.text(in: c.t.language) ?? key
    }

    // MARK: Log

    struct LogModel: Sendable {
        let company: CompanyID
        let companyName: String
        let filter: InspectionQueries.Filter
        let page: InspectionQueries.Page
        let sites: [String]
        let canRecord: Bool
        let canSupervise: Bool
        let settings: InspectionSettings
        var library: ChecklistLibrary = .bundledOnly
    }

    static func query(_ filter: InspectionQueries.Filter, before: Date? = nil) -> String {
        var items: [(String, String)] = []
        if let site = filter.site { items.append(("site", site)) }
        if let day = filter.day { items.append(("day", day.description)) }
        if let before { items.append(("before", String(Int64((before.timeIntervalSince1970 * 1000).rounded(.down))))) }
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    static func log(_ c: PageContext, _ m: LogModel) -> HTML {
        // A list of cards rather than a table: it reads on a 390-pixel phone without scrolling sideways.
        let rows = HTML.join(m.page.rows) { row in
            let due: HTML = HTML.when(row.reinspection_due, " <span class=\"tag inspection-reinspect\">\(c.t("inspections.reinspection_due"))</span>")
            let failed: HTML = HTML.when(row.failed_count > 0, " <small>\(c.t("inspections.failed_count", ["count": c.t.number(row.failed_count)]))</small>")
            return """
            <li><p class="record-head"><a href="\(SiteURL.inspection(m.company, row.inspectionID))">\(row.unitLabel)</a> \(statusTag(c, row.status))\(failed)\(due)</p>
            <p class="hint">\(checklistTitle(c, row.checklist_key, library: m.library)) · \(row.site)\(row.yard_location.map { " · " + $0 } ?? "")</p>
            <p class="hint">\(c.t.dateTime(row.inspected_at)) · \(row.inspector_name)</p></li>
            """
        }
        let siteOptions = HTML.join(m.sites) { "<option value=\"\($0)\"\(HTML.when($0 == m.filter.site, " selected"))>\($0)</option>" }
        let table: HTML = m.page.rows.isEmpty
            ? "<p id=\"inspection-log-empty\">\(c.t(m.filter == .init() ? "inspections.log_empty" : "inspections.log_none_match"))</p>"
            : "<ul class=\"record-list\" id=\"inspection-log\">\(rows)</ul>"
        let more: HTML = m.page.next.map { "<p><a class=\"button\" href=\"\(SiteURL.inspections(m.company))\(query(m.filter, before: $0))\">\(c.t("inspections.older"))</a></p>" } ?? .empty
        let settings: HTML = HTML.when(m.canSupervise, """
        <p class="hint">\(c.t(m.settings.requiresSupervisorSignOff ? "inspections.settings_sign_off_on" : "inspections.settings_sign_off_off")) \
        \(c.t("inspections.settings_percent_now", ["percent": String(m.settings.reinspectionPercent)])) \
        <a href="\(SiteURL.inspectionSettings(m.company))">\(c.t("inspections.settings"))</a></p>
        """)
        return Layout.page(c, title: c.t("inspections.title"), scripts: [Scripts.offline.link], """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("inspections.title"))</h1>
        \(Offline.outbox(c, intro: c.t("inspections.outbox_intro"), saved: c.t("inspections.offline_saved")))
        <p class="hint">\(c.t("inspections.intro"))</p>
        \(HTML.when(m.canRecord, "<p><a class=\"button primary big\" id=\"new-inspection\" href=\"\(SiteURL.newInspection(m.company))\">\(c.t("inspections.new"))</a></p>"))
        \(settings)
        <p class="actions"><a href="\(SiteURL.inspectionSummary(m.company))" id="inspection-summary-link">\(c.t("inspections.summary"))</a>
        <a href="\(SiteURL.inspectionPack(m.company))" id="inspection-pack-link">\(c.t("inspections.pack"))</a>
        <a href="\(SiteURL.companyChecklists(m.company))" id="company-checklists-link">\(c.t("checklists.title"))</a></p>
        <form method="get" action="\(SiteURL.inspections(m.company))" class="filters" id="inspection-filter">
        <div class="field"><label for="site">\(c.t("inspections.site"))</label><select id="site" name="site"><option value="">\(c.t("inspections.all_sites"))</option>\(siteOptions)</select></div>
        <div class="field"><label for="day">\(c.t("inspections.day"))</label><input id="day" name="day" type="date" value="\(m.filter.day?.description ?? "")"></div>
        <button type="submit">\(c.t("inspections.show"))</button></form>
        \(table)\(more)
        """)
    }

    // MARK: Summary

    struct SummaryModel: Sendable {
        let company: CompanyID
        let companyName: String
        let days: Int
        let since: ProgramDay
        let site: String?
        let sites: [InspectionQueries.SiteCount]
        let points: [InspectionQueries.PointCount]
        var discrepancies: [InspectionQueries.Discrepancies] = []
        var library: ChecklistLibrary = .bundledOnly
    }

    /// A point's title in the reader's language; with its checklist's name when `naming` (points
    /// of several checklists in one list).
    static func pointTitle(_ c: PageContext, checklist: String, point: String, naming: Bool = false, library: ChecklistLibrary = .bundledOnly,
                           version: Int? = nil) -> String {
        guard let list = library.checklist(checklist, version: version) ?? library.checklist(checklist), let found = list.point(point) else { return point }
        let title = found.title.text(in: c.t.language)
        return naming ? title + " · " + list.title.text(in: c.t.language) : title
    }

    /// Per site: inspections done, units held, the points that fail most; as charts and tables.
    static func summary(_ c: PageContext, _ m: SummaryModel) -> HTML {
        let periods = HTML.join(InspectionQueries.summaryPeriods) { days in
            days == m.days ? "<strong>\(c.t("inspections.summary_days", ["count": String(days)]))</strong>"
                : "<a href=\"\(SiteURL.inspectionSummary(m.company))?days=\(days)\">\(c.t("inspections.summary_days", ["count": String(days)]))</a>"
        }
        let done = BarChart(title: c.t("inspections.summary_done_chart"), bars: m.sites.map { .init(key: $0.site, label: $0.site, value: $0.done) })
        let held = BarChart(title: c.t("inspections.summary_held_chart"), bars: m.sites.map { .init(key: $0.site, label: $0.site, value: $0.held, tone: "overdue") })
        let naming = Set(m.points.map(\.checklist_key)).count > 1
        let failures = BarChart(title: c.t("inspections.summary_points_chart"),
                                bars: m.points.map { .init(key: $0.point_key, label: pointTitle(c, checklist: $0.checklist_key, point: $0.point_key, library: m.library), value: $0.n, tone: "overdue") })
        let rows = HTML.join(m.sites) { row in
            let link = "\(SiteURL.inspectionSummary(m.company))?days=\(m.days)&site=\(row.site.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            return "<tr><td><a href=\"\(link)\">\(row.site)</a></td><td>\(c.t.number(row.done))</td><td>\(c.t.number(row.held))</td></tr>"
        }
        let pointRows = HTML.join(m.points) { "<tr><td>\(pointTitle(c, checklist: $0.checklist_key, point: $0.point_key, naming: naming, library: m.library))</td><td>\(c.t.number($0.n))</td></tr>" }
        let body: HTML = m.sites.isEmpty ? "<p id=\"summary-empty\">\(c.t("inspections.summary_empty"))</p>" : """
        <div class="chart-row">\(ChartFigure.figure(id: "chart-done", done))\(ChartFigure.figure(id: "chart-held", held))</div>
        <div class="table-scroll"><table id="summary-sites"><thead><tr><th>\(c.t("inspections.site"))</th><th>\(c.t("inspections.summary_done"))</th>
        <th>\(c.t("inspections.summary_held"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        <h2>\(c.t("inspections.summary_points"))\(m.site.map { " · " + $0 } ?? "")</h2>
        \(m.points.isEmpty ? "<p id=\"summary-no-failures\">\(c.t("inspections.summary_no_failures"))</p>" as HTML : """
        \(ChartFigure.figure(id: "chart-points", failures))
        <div class="table-scroll"><table id="summary-points"><thead><tr><th>\(c.t("inspections.point"))</th><th>\(c.t("inspections.summary_failed"))</th></tr></thead>
        <tbody>\(pointRows)</tbody></table></div>
        """)
        """
        let discrepancyChart = BarChart(title: c.t("inspections.summary_discrepancies_chart"),
                                       bars: m.discrepancies.map { .init(key: $0.site, label: $0.site, value: $0.n, tone: "overdue") })
        let seals: HTML = """
        <h2>\(c.t("inspections.summary_discrepancies"))</h2>
        \(m.discrepancies.isEmpty ? "<p id=\"summary-no-discrepancies\">\(c.t("inspections.summary_no_discrepancies"))</p>" as HTML
            : ChartFigure.figure(id: "chart-discrepancies", discrepancyChart))
        """
        return Layout.page(c, title: c.t("inspections.summary"), """
        <p><a href="\(SiteURL.inspections(m.company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.summary"))</h1>
        <p class="hint">\(c.t("inspections.summary_since", ["day": m.since.description]))</p>
        <p class="actions" id="summary-periods">\(periods)</p>
        \(body)
        \(seals)
        """)
    }

    // MARK: Validation pack

    struct PackModel: Sendable {
        let company: CompanyID
        let companyName: String
        let period: ValidationPackPeriod
        let generated: Date
        let sampleSize: Int
        let sites: [InspectionQueries.SiteCount]
        let held: [InspectionQueries.PackRow]
        let sample: [InspectionQueries.PackRow]
        var library: ChecklistLibrary = .bundledOnly

        var since: ProgramDay { period.since }
    }

    /// Which period the pack used and why: the last validation, a year back, or the day chosen.
    static func packBasis(_ c: PageContext, _ m: PackModel) -> HTML {
        let text: String
        switch m.period.basis {
        case .lastValidation(let day): text = c.t("inspections.pack_basis.last_validation", ["day": day.description])
        case .lastValidationBeyondLimit(let day):
            text = c.t("inspections.pack_basis.last_validation_beyond_limit", ["day": day.description, "since": m.since.description])
        case .yearBack: text = c.t("inspections.pack_basis.year_back", ["since": m.since.description])
        case .requested: text = c.t("inspections.pack_basis.requested", ["since": m.since.description])
        }
        let reset: HTML = m.period.basis == .requested
            ? " <a href=\"\(SiteURL.inspectionPack(m.company))\" id=\"pack-default\">\(c.t("inspections.pack_default"))</a>" : .empty
        return "<p id=\"pack-basis\" data-basis=\"\(m.period.basis.code)\">\(text)\(reset)</p>"
    }

    static func packTable(_ c: PageContext, company: CompanyID, id: String, _ rows: [InspectionQueries.PackRow], library: ChecklistLibrary = .bundledOnly) -> HTML {
        let body = HTML.join(rows) { row in
            let failed = row.failedPoints
            let failures: HTML = failed.isEmpty ? .empty : "<br><small>\(HTML.join(failed) { "\(pointTitle(c, checklist: row.checklist_key, point: $0.pointKey, library: library)): \($0.note ?? "")" as HTML })</small>"
            return """
            <tr><td><a href="\(SiteURL.inspection(company, row.inspectionID))">\(row.unitLabel)</a></td><td>\(row.site)</td>
            <td>\(c.t.dateTime(row.inspected_at))</td><td>\(row.inspector_name)</td><td>\(statusTag(c, row.status))\(failures)</td>
            <td>\(row.supervisor_name ?? "")</td></tr>
            """
        }
        return """
        <div class="table-scroll"><table id="\(id)"><thead><tr><th>\(c.t("inspections.unit"))</th><th>\(c.t("inspections.site"))</th>
        <th>\(c.t("inspections.inspected_at"))</th><th>\(c.t("inspections.inspector"))</th><th>\(c.t("inspections.status"))</th>
        <th>\(c.t("inspections.signed_off_by"))</th></tr></thead><tbody>\(body)</tbody></table></div>
        """
    }

    /// What a validator samples (MSC 5.7): the period's figures by site, every inspection that
    /// held its unit, and a repeatable random sample; printable, with the whole list as CSV.
    static func pack(_ c: PageContext, _ m: PackModel) -> HTML {
        let sizes = HTML.join(InspectionQueries.packSampleSizes) { size in
            "<option value=\"\(size)\"\(HTML.when(size == m.sampleSize, " selected"))>\(size)</option>"
        }
        let totals = m.sites.reduce((0, 0)) { ($0.0 + $1.done, $0.1 + $1.held) }
        let siteRows = HTML.join(m.sites) { "<tr><td>\($0.site)</td><td>\(c.t.number($0.done))</td><td>\(c.t.number($0.held))</td></tr>" }
        let company = m.company
        return Layout.page(c, title: c.t("inspections.pack"), """
        <p><a href="\(SiteURL.inspections(company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.pack")): \(m.companyName)</h1>
        <p id="pack-period">\(c.t("inspections.pack_period", ["since": m.since.description, "generated": c.t.dateTime(m.generated)]))</p>
        \(packBasis(c, m))
        <form method="get" action="\(SiteURL.inspectionPack(company))" class="filters" id="pack-form">
        <div class="field"><label for="since">\(c.t("inspections.pack_since"))</label><input id="since" name="since" type="date" value="\(m.since.description)"></div>
        <div class="field"><label for="sample">\(c.t("inspections.pack_sample_size"))</label><select id="sample" name="sample">\(sizes)</select></div>
        <button type="submit">\(c.t("inspections.show"))</button></form>
        <p><a class="button" id="pack-csv" href="\(SiteURL.inspectionPack(company)).csv?since=\(m.since.description)">\(c.t("inspections.pack_csv"))</a></p>
        <h2>\(c.t("inspections.pack_totals", ["done": c.t.number(totals.0), "held": c.t.number(totals.1)]))</h2>
        <div class="table-scroll"><table id="pack-sites"><thead><tr><th>\(c.t("inspections.site"))</th><th>\(c.t("inspections.summary_done"))</th>
        <th>\(c.t("inspections.summary_held"))</th></tr></thead><tbody>\(siteRows)</tbody></table></div>
        <h2>\(c.t("inspections.pack_held"))</h2>
        \(m.held.isEmpty ? "<p>\(c.t("inspections.summary_no_failures"))</p>" as HTML : packTable(c, company: company, id: "pack-held", m.held, library: m.library))
        \(HTML.when(m.held.count >= InspectionQueries.packHeldLimit, "<p class=\"hint\">\(c.t("inspections.pack_held_more"))</p>"))
        <h2>\(c.t("inspections.pack_sample", ["count": String(m.sample.count)]))</h2>
        <p class="hint">\(c.t("inspections.pack_sample_hint"))</p>
        \(packTable(c, company: company, id: "pack-sample", m.sample, library: m.library))
        """)
    }

    static func packError(_ c: PageContext, company: CompanyID, errors: [FieldError]) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("inspections.pack"), """
        <p><a href="\(SiteURL.inspections(company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.pack"))</h1>\(f.errorSummary())
        <form method="get" action="\(SiteURL.inspectionPack(company))" class="filters" id="pack-form">
        \(f.input("since", label: c.t("inspections.pack_since"), type: "date"))<button type="submit">\(c.t("inspections.show"))</button></form>
        """)
    }

    // MARK: Choosing a checklist

    static func choose(_ c: PageContext, company: CompanyID, library: ChecklistLibrary = .bundledOnly, canSupervise: Bool = false) -> HTML {
        let items = HTML.join(library.offered) { checklist in
            """
            <li><a class="button big" href="\(SiteURL.newInspection(company, checklist: checklist.key))">\(checklist.title.text(in: c.t.language))</a>
            <small class="hint">\(c.t("inspections.points_count", ["count": c.t.number(checklist.points.count)])) · \(c.t(checklist.conveyance.nameKey))\
            \(HTML.when(checklist.unverified, " · <span class=\"tag source-secondary\">\(c.t("inspections.unverified"))</span>"))</small></li>
            """
        }
        return Layout.page(c, title: c.t("inspections.new"), """
        <p><a href="\(SiteURL.inspections(company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.choose"))</h1>
        <ul class="checklist-choice" id="checklist-choice">\(items)</ul>
        <p class="hint" id="company-checklists-hint">\(c.t("checklists.choose_hint")) <a href="\(SiteURL.companyChecklists(company))">\(c.t(canSupervise ? "checklists.manage" : "checklists.title"))</a></p>
        """)
    }

    // MARK: The checklist form

    struct FormModel: Sendable {
        let company: CompanyID
        let checklist: InspectionChecklist
        let draft: InspectionDraft
        let sites: [String]
        /// The inspection being corrected, with its current version.
        var correcting: (id: InspectionID, version: Int)? = nil
        var reason: String? = nil
        var clientKey: String? = nil
        /// Management's re-inspection of this inspection (MSC 5.8).
        var reinspecting: InspectionQueries.Row? = nil
        var errors: [FieldError] = []
    }

    static func unitFields(_ c: PageContext, _ f: FormFields, _ m: FormModel) -> HTML {
        let d = m.draft
        let required = Set(m.checklist.conveyance.requiredUnitFields)
        func field(_ name: UnitIdentification.Field, _ value: String?, hint: String? = nil) -> HTML {
            f.input(name.rawValue, label: c.t("inspections.\(name.rawValue)"), value: value, required: required.contains(name), autocomplete: "off",
                    maxLength: name == .containerNumber ? 15 : (name == .unitReference ? InspectionValidator.maxReference : InspectionValidator.maxPlate),
                    hint: hint)
        }
        var fields: [HTML] = []
        if required.contains(.containerNumber) { fields.append(field(.containerNumber, d.containerNumber, hint: c.t("inspections.container_number_hint"))) }
        if required.contains(.tractorPlate) || m.checklist.conveyance == .container { fields.append(field(.tractorPlate, d.tractorPlate)) }
        if required.contains(.trailerPlate) || m.checklist.conveyance == .container { fields.append(field(.trailerPlate, d.trailerPlate)) }
        if required.contains(.unitReference) { fields.append(field(.unitReference, d.unitReference)) }
        return HTML.join(fields) { $0 }
    }

    static func point(_ c: PageContext, _ f: FormFields, _ point: InspectionChecklist.Point, answer: InspectionDraft.Answer?) -> HTML {
        let name = InspectionValidator.field(forPoint: point.key)
        let invalid = f.errors.contains { $0.field == name }
        let radios = HTML.join(PointOutcome.allCases) { outcome in
            """
            <label class="choice choice-\(outcome.rawValue)"><input type="radio" name="\(name)" value="\(outcome.rawValue)"\
            \(HTML.when(answer?.outcome == outcome.rawValue, " checked")) required> \(c.t(outcome.nameKey))</label>
            """
        }
        let language = c.t.language
        return """
        <fieldset class="inspection-point" id="\(name)"\(HTML.when(invalid, " aria-invalid=\"true\""))>
        <legend>\(point.order). \(point.title.text(in: language))</legend>
        <details><summary>\(c.t("inspections.what_to_check"))</summary>
        <p><strong>\(c.t("inspections.security_checks"))</strong> \(point.security.text(in: language))</p>
        <p><strong>\(c.t("inspections.pest_checks"))</strong> \(point.agriculture.text(in: language))</p></details>
        <div class="choices">\(radios)</div>\(f.error(name))
        <label class="hint" for="note.\(point.key)">\(c.t("inspections.note"))</label>
        <textarea id="note.\(point.key)" name="note.\(point.key)" rows="2" maxlength="\(InspectionValidator.maxNote)">\(answer?.note ?? "")</textarea>
        </fieldset>
        """
    }

    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let d = m.draft
        let checklist = m.checklist
        let answers = Dictionary(d.answers.compactMap { answer in answer.pointKey.map { ($0, answer) } }, uniquingKeysWith: { first, _ in first })
        let action = m.correcting.map { SiteURL.inspectionCorrection(m.company, $0.id) } ?? SiteURL.inspections(m.company)
        let title = m.correcting.map { c.t("inspections.correct_title", ["version": String($0.version)]) }
            ?? m.reinspecting.map { c.t("inspections.reinspection_title", ["unit": $0.unit.label]) } ?? checklist.title.text(in: c.t.language)
        let siteList = HTML.join(m.sites) { "<option value=\"\($0)\"></option>" }
        let points = HTML.join(checklist.points) { point(c, f, $0, answer: answers[$0.key]) }
        let back = m.correcting.map { SiteURL.inspection(m.company, $0.id) } ?? SiteURL.newInspection(m.company)
        let reason: HTML = m.correcting == nil ? .empty : f.textarea("reason", label: c.t("inspections.reason"), value: m.reason, rows: 2,
                                                                      hint: c.t("inspections.reason_hint"))
        let errorList: HTML = m.errors.isEmpty ? .empty
            : "<ul class=\"error-list\" id=\"inspection-errors\">\(HTML.join(m.errors) { "<li data-field=\"\($0.field)\"><a href=\"#\($0.field)\">\(c.t($0.messageKey, $0.arguments))</a></li>" })</ul>"
        let photoOptions = [(value: "", label: c.t("inspections.photo_unit"))] + checklist.points.map { (value: $0.key, label: $0.title.text(in: c.t.language)) }
        return Layout.page(c, title: title, scripts: [Scripts.offline.link], """
        <p><a href="\(back)">← \(c.t(m.correcting == nil ? "inspections.choose" : "inspections.back_to_inspection"))</a></p>
        <h1>\(title)</h1>
        \(Offline.outbox(c, intro: c.t("inspections.outbox_intro"), saved: c.t("inspections.offline_saved")))
        <p class="hint">\(c.t("inspections.form_intro"))\(HTML.when(checklist.unverified, " <span class=\"tag source-secondary\">\(c.t("inspections.unverified"))</span>"))</p>
        \(f.errorSummary())\(errorList)
        <form method="post" action="\(action)" id="inspection-form" class="inspection-form"\(Offline.queued(label: c.t("offline.label_inspection"))) \
        data-outbox-fields="container_number tractor_plate trailer_plate unit_reference" data-photos="offline-photos">\(c.csrfField)
        <input type="hidden" name="checklist" value="\(checklist.key)">
        <input type="hidden" name="client_key" value="\(m.clientKey ?? UUID().uuidString.lowercased())">\(Offline.doneAtField)
        \(m.correcting.map { "<input type=\"hidden\" name=\"version\" value=\"\($0.version)\">" as HTML })
        \(m.reinspecting.map { "<input type=\"hidden\" name=\"reinspection_of\" value=\"\($0.inspectionID)\">" as HTML })
        <fieldset class="inspection-unit"><legend>\(c.t("inspections.unit"))</legend>
        \(unitFields(c, f, m))
        <div class="field"><label for="site">\(c.t("inspections.site"))</label>
        <input id="site" name="site" value="\(d.site ?? "")" required maxlength="120" list="site-list" autocomplete="off"\(HTML.when(f.errors.contains { $0.field == "site" }, " aria-invalid=\"true\" aria-describedby=\"site-error\""))>
        <datalist id="site-list">\(siteList)</datalist>\(f.error("site"))</div>
        \(f.input("yard_location", label: c.t("inspections.yard_location"), value: d.yardLocation, maxLength: 120))
        </fieldset>
        \(points)
        \(reason)
        <fieldset class="inspection-unit" id="offline-photos" hidden><legend>\(c.t("inspections.photos"))</legend>
        <label for="offline-photo-files">\(c.t("inspections.photo"))</label>
        <input id="offline-photo-files" type="file" accept="image/jpeg,image/png" capture="environment" multiple>
        <label for="offline-photo-point">\(c.t("inspections.photo_point"))</label>
        <select id="offline-photo-point">\(HTML.join(photoOptions) { "<option value=\"\($0.value)\">\($0.label)</option>" })</select>
        </fieldset>
        <button type="submit" class="primary big">\(c.t(m.correcting == nil ? "inspections.record" : "inspections.save_correction"))</button>
        </form>
        """)
    }

    // MARK: One inspection

    struct ShowModel: Sendable {
        let company: CompanyID
        let companyName: String
        let versions: [InspectionQueries.Row]
        let settings: InspectionSettings
        var photos: [InspectionQueries.Photo] = []
        /// When this is management's re-inspection: the inspection it looked at again.
        var original: InspectionQueries.Row? = nil
        /// When this was picked: management's re-inspection of it, once recorded.
        var reinspection: InspectionQueries.Row? = nil
        let canRecord: Bool
        let canSupervise: Bool
        let viewer: UserID?
        var errors: [FieldError] = []
        var library: ChecklistLibrary = .bundledOnly
        var current: InspectionQueries.Row { versions.last { $0.superseded_at == nil } ?? versions.last! }
    }

    static func results(_ c: PageContext, _ row: InspectionQueries.Row, library: ChecklistLibrary = .bundledOnly) -> HTML {
        let checklist = library.checklist(row.checklist_key, version: row.checklist_version)
        let items = HTML.join(row.pointResults.enumerated().map { $0 }) { index, result in
            let title = checklist?.point(result.pointKey)?.title.text(in: c.t.language) ?? result.pointKey
            return """
            <tr class="result-\(result.outcome.rawValue)"><td>\(index + 1). \(title)</td><td><span class="tag outcome-\(result.outcome.rawValue)">\(c.t(result.outcome.nameKey))</span></td>
            <td>\(result.note ?? "")</td></tr>
            """
        }
        return """
        <div class="table-scroll"><table class="inspection-results"><thead><tr><th>\(c.t("inspections.point"))</th><th>\(c.t("inspections.answer"))</th>
        <th>\(c.t("inspections.note"))</th></tr></thead><tbody>\(items)</tbody></table></div>
        """
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let row = m.current
        let f = FormFields(c, errors: m.errors)
        let unit = row.unit
        let facts: [(String, String)] = [
            (c.t("inspections.checklist"), (m.library.checklist(row.checklist_key, version: row.checklist_version)?.title.text(in: c.t.language) ?? row.checklist_key)
                + " (v\(row.checklist_version))"),
            (c.t("inspections.unit"), unit.label + (unit.refrigerated ? " · " + c.t("inspections.refrigerated") : "")),
            (c.t("inspections.site"), row.site + (row.yard_location.map { " · " + $0 } ?? "")),
            (c.t("inspections.inspected_at"), row.version == 1 ? Offline.doneTime(c, done: row.inspected_at, received: row.recorded_at) : c.t.dateTime(row.inspected_at)),
            (c.t("inspections.inspector"), row.inspector_name),
        ]
        let signOff: HTML
        if let at = row.signed_off_at {
            signOff = "<p id=\"inspection-signed\">\(c.t("inspections.signed_by", ["name": row.supervisor_name ?? "", "when": c.t.dateTime(at)]))</p>"
        } else if m.canSupervise && row.inspector_id != m.viewer?.rawValue {
            signOff = """
            <form method="post" action="\(SiteURL.inspectionSignOff(m.company, row.inspectionID))" id="sign-off-form">\(c.csrfField)
            <input type="hidden" name="version" value="\(row.version)">
            <button type="submit">\(c.t("inspections.sign_off"))</button></form>
            """
        } else if m.settings.requiresSupervisorSignOff {
            signOff = "<p class=\"hint\">\(c.t("inspections.awaiting_sign_off_hint"))</p>"
        } else {
            signOff = .empty
        }
        let hold: HTML = row.failed_count == 0 ? .empty : """
        <div class="flash flash-error" role="alert" id="inspection-hold">\(c.t("inspections.on_hold_notice", ["count": c.t.number(row.failed_count)]))\
        \(HTML.when(c.allows(.reportIncidents, company: m.company), " <a class=\"button\" id=\"inspection-incident\" href=\"\(SiteURL.newIncident(m.company))?inspection=\(row.inspectionID)\">\(c.t("incidents.new"))</a>"))</div>
        """
        let history = HTML.join(m.versions.reversed()) { version in
            """
            <li>\(c.t("inspections.version_line", ["version": String(version.version), "name": version.recorder_name, "when": c.t.dateTime(version.recorded_at)]))\
            \(version.correction_reason.map { ": <q>\($0)</q>" as HTML })\(HTML.when(version.superseded_at != nil, " <span class=\"tag\">\(c.t("inspections.superseded"))</span>"))</li>
            """
        }
        let older = HTML.join(m.versions.filter { $0.superseded_at != nil }.reversed()) { version in
            "<details><summary>\(c.t("inspections.version_answers", ["version": String(version.version)]))</summary>\(results(c, version, library: m.library))</details>"
        }
        return Layout.page(c, title: c.t("inspections.inspection_of", ["unit": unit.label]), """
        <p><a href="\(SiteURL.inspections(m.company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.inspection_of", ["unit": unit.label])) \(statusTag(c, row.status))</h1>
        \(hold)
        \(HTML.when(!m.errors.isEmpty, "<div class=\"flash flash-error\" role=\"alert\" id=\"inspection-errors\">\(HTML.join(Array(Set(m.errors.map(\.field))).sorted()) { f.error($0) })</div>"))
        <dl class="facts">\(HTML.join(facts) { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>
        \(reinspectionSection(c, m))
        \(signOff)
        <h2>\(c.t("inspections.answers"))</h2>
        \(results(c, row, library: m.library))
        \(HTML.when(m.canRecord, "<p><a class=\"button\" id=\"correct-inspection\" href=\"\(SiteURL.inspectionCorrection(m.company, row.inspectionID))\">\(c.t("inspections.correct"))</a></p>"))
        \(photoSection(c, m, f))
        <h2>\(c.t("inspections.versions"))</h2>
        <ul id="inspection-versions">\(history)</ul>
        \(older)
        """)
    }

    /// Management's second look (MSC 5.8): on a picked inspection, the link to record it or what
    /// it found; on the re-inspection, the comparison with the original.
    static func reinspectionSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let row = m.current
        func comparison(_ original: InspectionQueries.Row, _ second: InspectionQueries.Row) -> HTML {
            guard case .success(let result) = ReinspectionComparison.compare(original: original.inspection, reinspection: second.inspection) else { return .empty }
            if result.agrees { return "<p id=\"reinspection-agrees\">\(c.t("inspections.reinspection_agrees"))</p>" }
            let items = HTML.join(result.differences) { difference in
                """
                <li\(HTML.when(difference.missedFailure, " class=\"warn\""))>\(pointTitle(c, checklist: original.checklist_key, point: difference.pointKey, library: m.library, version: original.checklist_version)): \
                \(difference.original.map { c.t($0.nameKey) } ?? "—") → \(difference.reinspection.map { c.t($0.nameKey) } ?? "—")</li>
                """
            }
            return "<p>\(c.t("inspections.reinspection_differs", ["count": String(result.differences.count)]))</p><ul id=\"reinspection-differences\" class=\"live-evidence\">\(items)</ul>"
        }
        if let original = m.original {
            return """
            <section id="reinspection"><h2>\(c.t("inspections.reinspection"))</h2>
            <p>\(c.t("inspections.reinspection_of")) <a href="\(SiteURL.inspection(m.company, original.inspectionID))">\(original.unit.label), \(c.t.dateTime(original.inspected_at))</a></p>
            \(comparison(original, row))</section>
            """
        }
        guard row.reinspection_due else { return .empty }
        if let second = m.reinspection {
            return """
            <section id="reinspection"><h2>\(c.t("inspections.reinspection"))</h2>
            <p><a href="\(SiteURL.inspection(m.company, second.inspectionID))">\(c.t("inspections.reinspection_by", ["name": second.inspector_name, "when": c.t.dateTime(second.inspected_at)]))</a></p>
            \(comparison(row, second))</section>
            """
        }
        return """
        <section id="reinspection"><p><span class="tag inspection-reinspect">\(c.t("inspections.reinspection_due"))</span> \(c.t("inspections.reinspection_hint"))</p>
        \(HTML.when(m.canSupervise && row.inspector_id != m.viewer?.rawValue,
                    "<p><a class=\"button\" id=\"record-reinspection\" href=\"\(SiteURL.inspections(m.company))/new?reinspection_of=\(row.inspectionID)\">\(c.t("inspections.record_reinspection"))</a></p>"))</section>
        """
    }

    /// The photos, and on the phone the camera one tap away (`capture`), no JavaScript needed.
    static func photoSection(_ c: PageContext, _ m: ShowModel, _ f: FormFields) -> HTML {
        let row = m.current
        let checklist = m.library.checklist(row.checklist_key, version: row.checklist_version)
        func pointTitle(_ key: String) -> String { checklist?.point(key)?.title.text(in: c.t.language) ?? key }
        let items = HTML.join(m.photos) { photo in
            let url = SiteURL.inspectionPhoto(m.company, row.inspectionID, photo.evidence_id)
            return """
            <figure><a href="\(url)"><img src="\(url)" alt="\(c.t("inspections.photo_of", ["point": photo.point_key.map(pointTitle) ?? row.unit.label]))" loading="lazy" width="160"></a>
            <figcaption>\(photo.point_key.map(pointTitle) ?? c.t("inspections.photo_unit")) · \(c.t.dateTime(photo.created_at))</figcaption></figure>
            """
        }
        let failed = Set(row.pointResults.filter { $0.outcome == .fail }.map(\.pointKey))
        let options = [(value: "", label: c.t("inspections.photo_unit"))] + row.pointResults.map { result in
            (value: result.pointKey, label: pointTitle(result.pointKey) + (failed.contains(result.pointKey) ? " ⚠" : ""))
        }
        let form: HTML = HTML.when(m.canRecord, """
        <form method="post" action="\(SiteURL.inspection(m.company, row.inspectionID))/photos" enctype="multipart/form-data" id="photo-form" class="stack narrow">\(c.csrfField)
        <div class="field"><label for="photo">\(c.t("inspections.photo"))</label>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png" capture="environment" required>\(f.error("photo"))</div>
        \(f.select("point", label: c.t("inspections.photo_point"), options: options, selected: failed.first))
        <button type="submit">\(c.t("inspections.add_photo"))</button></form>
        """)
        return """
        <section id="inspection-photos"><h2>\(c.t("inspections.photos"))</h2>
        \(m.photos.isEmpty ? "<p class=\"hint\">\(c.t("inspections.no_photos"))</p>" as HTML : "<div class=\"photo-grid\">\(items)</div>")
        \(form)</section>
        """
    }

    // MARK: Settings

    static func settings(_ c: PageContext, company: CompanyID, settings: InspectionSettings, retention: RecordRetention,
                         form: [String: String]? = nil, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        let signOff = form.map { $0["requires_sign_off"] == "yes" } ?? settings.requiresSupervisorSignOff
        let hold = form.map { $0["legal_hold"] == "yes" } ?? retention.legalHold
        return Layout.page(c, title: c.t("inspections.settings"), """
        <p><a href="\(SiteURL.inspections(company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("inspections.settings"))</h1>
        \(f.errorSummary())
        <form method="post" action="\(SiteURL.inspectionSettings(company))" id="inspection-settings-form" class="stack narrow">\(c.csrfField)
        <label class="check"><input type="checkbox" name="requires_sign_off" value="yes"\(HTML.when(signOff, " checked"))> \(c.t("inspections.requires_sign_off"))</label>
        \(f.input("reinspection_percent", label: c.t("inspections.reinspection_percent"), value: form?["reinspection_percent"] ?? String(settings.reinspectionPercent),
                  type: "number", required: true, hint: c.t("inspections.reinspection_percent_hint")))
        \(f.input("retention_months", label: c.t("inspections.retention_months"), value: form?["retention_months"] ?? String(retention.months),
                  type: "number", required: true, hint: c.t("inspections.retention_hint")))
        <label class="check"><input type="checkbox" name="legal_hold" value="yes"\(HTML.when(hold, " checked"))> \(c.t("inspections.legal_hold"))</label>
        \(f.textarea("legal_hold_reason", label: c.t("inspections.legal_hold_reason"), value: form?["legal_hold_reason"] ?? retention.holdReason, rows: 2))
        <button type="submit">\(c.t("form.save"))</button></form>
        """)
    }
}
