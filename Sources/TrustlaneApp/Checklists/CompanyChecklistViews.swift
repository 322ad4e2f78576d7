import Foundation
import TrustlaneCore

/// A company's own inspection checklists: the list beside CBP's, one checklist with its
/// versions, and the form that adds one or makes its next version. No JavaScript: a form with
/// more points than slots asks for more slots with a second button.
enum CompanyChecklistViews {
    static func retiredTag(_ c: PageContext) -> HTML { "<span class=\"tag\" data-retired=\"yes\">\(c.t("checklists.retired"))</span>" }

    static func errorList(_ c: PageContext, _ errors: [FieldError]) -> HTML {
        guard !errors.isEmpty else { return .empty }
        return """
        <div class="flash flash-error" role="alert" id="checklist-errors"><ul class="error-list">\
        \(HTML.join(errors) { "<li data-field=\"\($0.field)\">\($0.field): \(c.t($0.messageKey, $0.arguments))</li>" })</ul></div>
        """
    }

    // MARK: The list

    struct IndexModel: Sendable {
        let company: CompanyID
        let companyName: String
        let library: ChecklistLibrary
        let canSupervise: Bool
        let canRecord: Bool
    }

    static func index(_ c: PageContext, _ m: IndexModel) -> HTML {
        let language = c.t.language
        let own = HTML.join(m.library.entries) { entry in
            let checklist = entry.checklist
            return """
            <li data-checklist="\(checklist.key)"><p class="record-head"><a href="\(SiteURL.companyChecklist(m.company, checklist.key))">\(checklist.title.text(in: language))</a> \
            \(HTML.when(entry.retired, retiredTag(c)))</p>
            <p class="hint">\(c.t(checklist.conveyance.nameKey)) · \(c.t("inspections.points_count", ["count": c.t.number(checklist.points.count)])) · \
            \(c.t("checklists.version", ["version": String(checklist.version)])) · \(checklist.criteria.map(\.rawValue).joined(separator: ", "))</p></li>
            """
        }
        let bundled = HTML.join(InspectionChecklists.bundled.checklists) { checklist in
            """
            <li><p class="record-head">\(checklist.title.text(in: language))\(HTML.when(checklist.unverified, " <span class=\"tag unverified\">\(c.t("inspections.unverified"))</span>"))</p>
            <p class="hint">\(c.t(checklist.conveyance.nameKey)) · \(c.t("inspections.points_count", ["count": c.t.number(checklist.points.count)]))\
            \(HTML.when(m.canSupervise, " · <a href=\"\(SiteURL.newCompanyChecklist(m.company, from: checklist.key))\">\(c.t("checklists.copy"))</a>"))</p></li>
            """
        }
        return Layout.page(c, title: c.t("checklists.title"), """
        <p><a href="\(SiteURL.inspections(m.company))">← \(c.t("inspections.title"))</a></p>
        <h1>\(c.t("checklists.title")): \(m.companyName)</h1>
        <p class="hint">\(c.t("checklists.intro"))</p>
        \(HTML.when(m.canSupervise, "<p><a class=\"button primary big\" id=\"new-company-checklist\" href=\"\(SiteURL.newCompanyChecklist(m.company))\">\(c.t("checklists.new"))</a></p>"))
        <h2>\(c.t("checklists.own"))</h2>
        \(m.library.entries.isEmpty ? "<p id=\"company-checklists-empty\">\(c.t("checklists.none"))</p>" as HTML : "<ul class=\"record-list\" id=\"company-checklists\">\(own)</ul>")
        <p class="hint" id="rail-note">\(c.t("checklists.rail_note"))</p>
        <h2>\(c.t("checklists.cbp"))</h2>
        <ul class="record-list" id="bundled-checklists">\(bundled)</ul>
        """)
    }

    // MARK: One checklist

    struct ShowModel: Sendable {
        let company: CompanyID
        let entry: ChecklistLibrary.Entry
        /// The version shown.
        let checklist: InspectionChecklist
        let canSupervise: Bool
        let canRecord: Bool
        var errors: [FieldError] = []
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let language = c.t.language
        let checklist = m.checklist, latest = m.entry.checklist
        let points = HTML.join(checklist.points) { point in
            """
            <li data-point="\(point.key)"><p class="record-head">\(point.order). \(point.title.text(in: language)) <small class="hint">\(point.key)</small></p>
            <p><strong>\(c.t("inspections.security_checks"))</strong> \(point.security.text(in: language))</p>
            <p><strong>\(c.t("inspections.pest_checks"))</strong> \(point.agriculture.text(in: language))</p></li>
            """
        }
        let versions = HTML.join(m.entry.versions.reversed()) { row in
            let line = c.t("checklists.version_line", ["version": String(row.version), "name": row.created_by_name ?? "", "when": c.t.dateTime(row.created_at)])
            return row.version == checklist.version
                ? "<li data-version=\"\(row.version)\"><strong>\(line)</strong></li>"
                : "<li data-version=\"\(row.version)\"><a href=\"\(SiteURL.companyChecklist(m.company, latest.key, version: row.version))\">\(line)</a></li>"
        }
        let facts: [(String, String)] = [
            (c.t("checklists.key"), checklist.key),
            (c.t("checklists.conveyance"), c.t(checklist.conveyance.nameKey)),
            (c.t("checklists.criteria"), checklist.criteria.map(\.rawValue).joined(separator: ", ")),
            (c.t("checklists.version_label"), c.t("checklists.version_of", ["version": String(checklist.version), "latest": String(latest.version)])),
        ] + (checklist.note.isEmpty ? [] : [(c.t("checklists.note"), checklist.note)])
        let open = !m.entry.retired
        let actions: HTML = HTML.when(open, """
        \(HTML.when(m.canRecord, "<p><a class=\"button primary big\" id=\"use-checklist\" href=\"\(SiteURL.newInspection(m.company, checklist: latest.key))\">\(c.t("checklists.use"))</a></p>"))\
        \(HTML.when(m.canSupervise, """
        <p><a class="button" id="edit-checklist" href="\(SiteURL.companyChecklistEdit(m.company, latest.key))">\(c.t("checklists.edit"))</a></p>
        <form method="post" action="\(SiteURL.companyChecklistRetire(m.company, latest.key))" id="retire-checklist">\(c.csrfField)
        <p class="hint">\(c.t("checklists.retire_hint"))</p><button type="submit">\(c.t("checklists.retire"))</button></form>
        """))
        """)
        let retired: HTML = m.entry.retired
            ? "<p class=\"flash flash-info\" id=\"checklist-retired\">\(retiredTag(c)) \(c.t("checklists.retired_line", ["name": m.entry.versions.last?.retired_by_name ?? "", "when": m.entry.versions.last?.retired_at.map { c.t.dateTime($0) } ?? ""]))</p>"
            : .empty
        return Layout.page(c, title: checklist.title.text(in: language), """
        <p><a href="\(SiteURL.companyChecklists(m.company))">← \(c.t("checklists.title"))</a></p>
        <h1>\(checklist.title.text(in: language))</h1>
        \(errorList(c, m.errors))\(retired)
        \(HTML.when(checklist.version != latest.version, "<p class=\"flash flash-info\" id=\"older-version\">\(c.t("checklists.older_version", ["version": String(checklist.version), "latest": String(latest.version)]))</p>"))
        <dl class="facts">\(HTML.join(facts) { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>
        \(actions)
        <h2>\(c.t("checklists.points"))</h2>
        <ol class="record-list" id="checklist-points">\(points)</ol>
        <h2>\(c.t("checklists.versions"))</h2>
        <ul id="checklist-versions">\(versions)</ul>
        """)
    }

    // MARK: The form

    struct FormModel: Sendable {
        let company: CompanyID
        let draft: InspectionChecklist.Draft
        /// The checklist being revised (its latest version), or nil for a new one.
        var revising: InspectionChecklist? = nil
        var slots: Int
        var errors: [FieldError] = []
    }

    /// The validator names fields by their path in the draft (`points[2].title`, `criteria[1]`);
    /// the form's fields are `p2.title...` and one `criteria`.
    static func formErrors(_ errors: [FieldError]) -> [FieldError] {
        errors.map { FieldError(field: CompanyChecklistForm.field(forError: $0.field), messageKey: $0.messageKey, message: $0.message, arguments: $0.arguments) }
    }

    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let f = FormFields(c, errors: formErrors(m.errors))
        let d = m.draft
        func texts(_ prefix: String, _ text: InspectionChecklist.Draft.Text?, label: String, long: Bool) -> HTML {
            let values = [text?.en, text?.es, text?.id]
            let fields = HTML.join(Array(zip(CompanyChecklistForm.languages, values))) { language, value in
                let name = "\(prefix).\(language)"
                let labelText = "\(label) (\(Language(rawValue: language)?.nativeName ?? language))"
                return long ? f.textarea(name, label: labelText, value: value, rows: 2) : f.input(name, label: labelText, value: value, maxLength: InspectionChecklistValidator.maxTitle)
            }
            return "\(fields)\(f.error(prefix))"
        }
        let points = d.points ?? []
        let slots = HTML.join(Array(0..<m.slots)) { index -> HTML in
            let point = index < points.count ? points[index] : nil
            let prefix = "p\(index)"
            return """
            <fieldset class="inspection-point" id="\(prefix)"><legend>\(c.t("checklists.point_n", ["n": String(index + 1)]))</legend>
            \(f.input("\(prefix).key", label: c.t("checklists.point_key"), value: point?.key, autocomplete: "off", maxLength: InspectionChecklistValidator.maxKey,
                      hint: index == 0 ? c.t("checklists.point_key_hint") : nil))
            \(texts("\(prefix).title", point?.title, label: c.t("checklists.point_title"), long: false))
            \(texts("\(prefix).security", point?.security, label: c.t("inspections.security_checks"), long: true))
            \(texts("\(prefix).agriculture", point?.agriculture, label: c.t("inspections.pest_checks"), long: true))
            </fieldset>
            """
        }
        let kinds = ConveyanceKind.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let action = m.revising.map { SiteURL.companyChecklist(m.company, $0.key) } ?? SiteURL.companyChecklists(m.company)
        let title = m.revising.map { c.t("checklists.revise_title", ["title": $0.title.text(in: c.t.language), "version": String($0.version + 1)]) }
            ?? c.t("checklists.new")
        let key: HTML = m.revising.map { revising in
            "<p class=\"hint\" id=\"checklist-key\">\(c.t("checklists.key")): <strong>\(revising.key)</strong></p>" as HTML
        } ?? f.input("key", label: c.t("checklists.key"), value: d.key, autocomplete: "off", maxLength: InspectionChecklistValidator.maxKey,
                     hint: c.t("checklists.key_hint"))
        return Layout.page(c, title: title, """
        <p><a href="\(m.revising.map { SiteURL.companyChecklist(m.company, $0.key) } ?? SiteURL.companyChecklists(m.company))">← \(c.t("checklists.title"))</a></p>
        <h1>\(title)</h1>
        <p class="hint">\(c.t("checklists.form_intro"))</p>
        \(f.errorSummary())\(errorList(c, m.errors))
        <form method="post" action="\(action)" id="company-checklist-form" class="inspection-form">\(c.csrfField)
        <input type="hidden" name="slots" value="\(m.slots)">
        <fieldset class="inspection-unit"><legend>\(c.t("checklists.about"))</legend>
        \(key)
        \(texts("title", d.title, label: c.t("checklists.name"), long: false))
        \(f.select("conveyance", label: c.t("checklists.conveyance"), options: kinds, selected: d.conveyance ?? ConveyanceKind.rail.rawValue))
        \(f.input("criteria", label: c.t("checklists.criteria"), value: (d.criteria ?? []).joined(separator: ", "), autocomplete: "off", maxLength: 200,
                  hint: c.t("checklists.criteria_hint")))
        \(f.textarea("note", label: c.t("checklists.note"), value: d.note, rows: 2))
        </fieldset>
        \(slots)
        <p><button type="submit" name="more_points" value="yes" formnovalidate>\(c.t("checklists.more_points"))</button></p>
        <button type="submit" class="primary big">\(c.t(m.revising == nil ? "checklists.save" : "checklists.save_version"))</button>
        </form>
        """)
    }
}
