import Foundation
import TrustlaneCore

/// The registry's pages: the list with search and filters, a partner, the partner form, and
/// the import's upload and preview.
enum BusinessPartnerViews {
    static func roleOptions(_ c: PageContext) -> [(value: String, label: String)] {
        BusinessPartnerRole.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
    }

    static func statusTag(_ c: PageContext, _ status: String) -> HTML {
        "<span class=\"tag partner-\(status)\" data-status=\"\(status)\">\(c.t("partners.status.\(status)"))</span>"
    }

    static func back(_ c: PageContext, _ company: CompanyID, _ companyName: String) -> HTML {
        "<p><a href=\"\(SiteURL.company(company))\">← \(companyName)</a></p>"
    }

    // MARK: List

    struct ListModel: Sendable {
        let company: CompanyID
        let companyName: String
        let filter: BusinessPartnerQueries.Filter
        let page: BusinessPartnerQueries.Page
        let counts: [BusinessPartnerStatus: Int]
        let canManage: Bool
    }

    static func query(_ filter: BusinessPartnerQueries.Filter, page: Int) -> String {
        var items: [(String, String)] = []
        if let q = filter.query, !q.isEmpty { items.append(("q", q)) }
        if let role = filter.role { items.append(("role", role.rawValue)) }
        if let country = filter.country { items.append(("country", country.code)) }
        if let status = filter.status { items.append(("status", status.rawValue)) }
        if page > 1 { items.append(("page", String(page))) }
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    /// The next assessment day, "overdue" past it; "not yet assessed" before the first one.
    static func nextAssessment(_ c: PageContext, _ row: BusinessPartnerQueries.Row, today: String) -> HTML {
        guard let next = row.next_assessment_on else {
            return row.last_assessed_on == nil ? "<span class=\"tag overdue\">\(c.t("partners.not_assessed"))</span>" : .empty
        }
        return "\(next)\(HTML.when(next < today, " <span class=\"tag overdue\">\(c.t("partners.overdue"))</span>"))"
    }

    static func list(_ c: PageContext, _ m: ListModel) -> HTML {
        let labels = [c.t("partners.legal_name"), c.t("partners.reference"), c.t("partners.country"), c.t("partners.role"), c.t("partners.tier"),
                      c.t("partners.next_assessment"), c.t("partners.status")]
        let today = ProgramDay(Date()).description
        let rows = HTML.join(m.page.rows) { row in
            let others: HTML = row.other_names.isEmpty ? .empty : "<br><small class=\"hint\">\(row.otherNames.joined(separator: "; "))</small>"
            return """
            <tr><td><a href="\(SiteURL.partner(m.company, row.id))">\(row.legal_name)</a>\(others)</td><td>\(row.reference ?? "")</td>
            <td>\(row.country)</td><td>\(c.t("partners.role.\(row.role)"))</td><td>\(tierTag(c, row.tier))</td>
            <td>\(nextAssessment(c, row, today: today))</td><td>\(statusTag(c, row.status))</td></tr>
            """
        }
        let f = m.filter
        let total = m.counts.values.reduce(0, +)
        let statusOptions = BusinessPartnerStatus.allCases.map { ($0.rawValue, c.t("partners.status.\($0.rawValue)")) }
        let previous: HTML = f.page > 1 ? "<a rel=\"prev\" href=\"\(SiteURL.partners(m.company))\(query(f, page: f.page - 1))\">\(c.t("list.previous"))</a>" : .empty
        let next: HTML = m.page.hasMore ? "<a rel=\"next\" href=\"\(SiteURL.partners(m.company))\(query(f, page: f.page + 1))\">\(c.t("list.next"))</a>" : .empty
        let table: HTML = m.page.rows.isEmpty
            ? "<p id=\"partner-empty\">\(c.t(total == 0 ? "partners.none_yet" : "partners.none_match"))</p>"
            : """
            <table tabindex="0" class="stack" id="partner-list"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
            <tbody>\(rows.labellingCells(labels))</tbody></table>
            <nav class="pager" aria-label="\(c.t("list.pages"))">\(previous) <span>\(c.t("partners.page", ["page": c.t.number(f.page)]))</span> \(next)</nav>
            """
        let fields = FormFields(c)
        return Layout.page(c, title: c.t("partners.title"), """
        \(back(c, m.company, m.companyName))
        <h1>\(c.t("partners.title"))</h1>
        <p>\(c.t("partners.intro"))</p>
        <p id="partner-counts">\(c.t("partners.counts", ["active": c.t.number(m.counts[.active] ?? 0), "blocked": c.t.number(m.counts[.blocked] ?? 0),
                                                        "archived": c.t.number(m.counts[.archived] ?? 0)]))</p>
        <p class="actions">\(HTML.when(m.canManage, """
        <a class="button" id="new-partner" href="\(SiteURL.newPartner(m.company))">\(c.t("partners.new"))</a>
        <a class="button secondary" id="import-partners" href="\(SiteURL.partnerImport(m.company))">\(c.t("partners.import"))</a>
        """)) <a class="button secondary" id="export-partners" href="\(SiteURL.partnersCSV(m.company))">\(c.t("partners.export"))</a>
        <a class="button secondary" id="screening-link" href="\(SiteURL.screening(m.company))">\(c.t("screening.queue_title"))</a></p>
        <form method="get" action="\(SiteURL.partners(m.company))" class="filters" role="search" id="partner-search">
        <div class="field"><label for="q">\(c.t("partners.search"))</label><input id="q" name="q" type="search" value="\(f.query ?? "")"></div>
        \(fields.select("role", label: c.t("partners.role"), options: roleOptions(c), selected: f.role?.rawValue, includeBlank: c.t("partners.any")))
        <div class="field"><label for="country">\(c.t("partners.country"))</label><input id="country" name="country" value="\(f.country?.code ?? "")" maxlength="2" size="3"></div>
        \(fields.select("status", label: c.t("partners.status"), options: statusOptions, selected: f.status?.rawValue, includeBlank: c.t("partners.not_archived")))
        <button type="submit">\(c.t("list.search_submit"))</button></form>
        \(table)
        """)
    }

    // MARK: One partner

    struct ShowModel: Sendable {
        let company: CompanyID
        let companyName: String
        let record: BusinessPartnerQueries.Record
        let canManage: Bool
        var vetting: PartnerVettingService.Vetting?
        var errors: [FieldError] = []
        var today = ProgramDay(Date())
        /// The partner's screening hits, open first.
        var screening: [ScreeningQueries.HitRow] = []
        /// The supply chains of the risk assessments that name the partner.
        var chains: [BusinessPartnerQueries.ChainUse] = []
        /// The partner's documents, files of the company's evidence store.
        var documents: [BusinessPartnerQueries.Document] = []
        /// Questionnaires sent to the partner, newest first.
        var questionnaires: [PartnerQuestionnaireService.Row] = []
        /// A link just made: shown on this page only (only its hash is kept).
        var issuedQuestionnaire: IssuedQuestionnaire?
        var now = Date()
    }

    struct IssuedQuestionnaire: Sendable {
        let url: String
        let expiresAt: Date
    }

    static func show(_ c: PageContext, _ m: ShowModel) -> HTML {
        let p = m.record.partner
        let status = m.record.partnerStatus
        func fact(_ key: String, _ value: HTML?) -> HTML {
            guard let value else { return .empty }
            return "<dt>\(c.t(key))</dt><dd>\(value)</dd>"
        }
        let identifiers: HTML? = p.identifiers.isEmpty ? nil : "<ul class=\"plain\">\(HTML.join(p.identifiers) { "<li><code>\($0.text)</code></li>" })</ul>"
        let names: HTML? = p.otherNames.isEmpty ? nil : "<ul class=\"plain\">\(HTML.join(p.otherNames) { "<li>\($0)</li>" })</ul>"
        let statusForm: HTML = m.canManage && status != .blocked ? """
            <form method="post" action="\(SiteURL.partnerStatus(m.company, p.id.rawValue))" id="partner-status-form" class="inline">\(c.csrfField)
            <input type="hidden" name="status" value="\(status == .archived ? "active" : "archived")">
            <button type="submit" class="secondary">\(c.t(status == .archived ? "partners.restore" : "partners.archive"))</button></form>
            """ : .empty
        return Layout.page(c, title: p.legalName, """
        <p><a href="\(SiteURL.partners(m.company))">← \(c.t("partners.title"))</a></p>
        <h1>\(p.legalName) \(statusTag(c, status.rawValue))</h1>
        <dl class="facts" id="partner-facts">
        \(fact("partners.reference", p.reference.map { "\($0)" as HTML }))
        \(fact("partners.other_names", names))
        \(fact("partners.country", "\(p.country.name(in: c.t.language)) (\(p.country.code))"))
        \(fact("partners.role", "\(c.t(p.role.nameKey))"))
        \(fact("partners.address", p.address.map { "<span class=\"pre\">\($0)</span>" as HTML }))
        \(fact("partners.identifiers", identifiers))
        \(fact("partners.sites", p.sites.map { "\($0)" as HTML }))
        \(fact("partners.contact", (p.contactName ?? p.contactEmail).map { _ in "\(p.contactName ?? "") \(p.contactEmail.map { "<a href=\"mailto:\($0)\">\($0)</a>" as HTML })" as HTML }))
        \(fact("partners.notes", p.notes.map { "<span class=\"pre\">\($0)</span>" as HTML }))
        \(fact("partners.updated", "\(c.t.dateTime(m.record.updated_at))"))
        </dl>
        \(HTML.when(m.canManage, "<p class=\"actions\"><a class=\"button\" id=\"edit-partner\" href=\"\(SiteURL.partnerEdit(m.company, p.id.rawValue))\">\(c.t("form.edit"))</a> \(statusForm)</p>"))
        \(FormFields(c, errors: m.errors).errorSummary())
        \(m.vetting.map { vettingSections(c, company: m.company, partner: p.id.rawValue, v: $0, canManage: m.canManage, errors: m.errors, today: m.today) })
        \(questionnaireSection(c, m))
        \(ScreeningViews.partnerSection(c, company: m.company, hits: m.screening, canDecide: m.canManage))
        \(documentsSection(c, m))
        \(chainsSection(c, m))
        """)
    }

    /// The partner's documents, kept in the company's evidence store with their expiry.
    static func documentsSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let partner = m.record.id
        let items = HTML.join(m.documents) { doc in
            let expiry = c.evidencePolicy.expiryStatus(expiryDate: doc.expires_at, now: m.now)
            return """
            <li><a href="\(SiteURL.profileEvidenceFile(m.company, doc.id))">\(doc.title)</a> <small>\(doc.file_name)</small>\(doc.expires_at.map { " · \(c.t("partners.document_expires", ["date": c.t.date($0)]))" } ?? "")
            <span class="tag expiry-\(expiry.name)">\(c.t(expiry.nameKey))</span></li>
            """
        }
        let f = FormFields(c, errors: m.errors, idPrefix: "document-")
        let form: HTML = m.canManage ? """
            <details id="document-add"\(HTML.when(m.errors.contains { ["file", "title", "expiry_date"].contains($0.field) }, " open"))><summary>\(c.t("partners.add_document"))</summary>
            <form method="post" action="\(SiteURL.partner(m.company, partner))/documents" enctype="multipart/form-data" id="partner-document-form" class="stack narrow">\(c.csrfField)
            <div class="field"><label for="document-file">\(c.t("partners.document_file"))</label><input id="document-file" name="file" type="file" required>\(f.error("file"))</div>
            \(f.input("title", label: c.t("profile.field.evidence_title"), required: true, maxLength: 200))
            \(f.input("expiry_date", label: c.t("partners.valid_until"), type: "date"))
            <button type="submit">\(c.t("partners.add_document"))</button></form></details>
            """ : .empty
        let body: HTML = m.documents.isEmpty ? "<p class=\"hint\">\(c.t("partners.no_documents"))</p>" : "<ul id=\"partner-document-list\">\(items)</ul>"
        return "<section id=\"partner-documents\"><h2>\(c.t("partners.documents"))</h2><p class=\"hint\">\(c.t("partners.documents_intro"))</p>\(body)\(form)</section>"
    }

    /// The supply chains of the company's risk assessments that name the partner.
    static func chainsSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let items = HTML.join(m.chains) { use in
            "<li><a href=\"\(SiteURL.riskChain(m.company, use.assessment_id, SupplyChainID(use.chain_id)))\">\(use.name)</a> · \(use.title)</li>"
        }
        let body: HTML = m.chains.isEmpty ? "<p class=\"hint\">\(c.t("partners.no_chains"))</p>" : "<ul>\(items)</ul>"
        return "<section id=\"partner-chains\"><h2>\(c.t("partners.chains"))</h2>\(body)</section>"
    }

    // MARK: Form

    struct FormModel: Sendable {
        let company: CompanyID
        let companyName: String
        /// nil for a new partner.
        let partnerID: UUID?
        let draft: BusinessPartner.Draft
        var errors: [FieldError] = []
        var hints: [BusinessPartnerDuplicates.Hint] = []
    }

    static func form(_ c: PageContext, _ m: FormModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let d = m.draft
        let action = m.partnerID.map { SiteURL.partner(m.company, $0) } ?? SiteURL.partners(m.company)
        let title = c.t(m.partnerID == nil ? "partners.new" : "partners.edit")
        let back = m.partnerID.map { SiteURL.partner(m.company, $0) } ?? SiteURL.partners(m.company)
        return Layout.page(c, title: title, """
        <p><a href="\(back)">← \(c.t(m.partnerID == nil ? "partners.title" : "partners.back_to_partner"))</a></p>
        <h1>\(title)</h1>
        \(f.errorSummary())
        <form method="post" action="\(action)" id="partner-form" class="stack narrow">\(c.csrfField)
        \(f.input("legal_name", label: c.t("partners.legal_name"), value: d.legalName, required: true, maxLength: BusinessPartnerValidator.maxName))
        \(f.textarea("other_names", label: c.t("partners.other_names"), value: d.otherNames?.replacingOccurrences(of: "; ", with: "\n"), rows: 2, hint: c.t("partners.one_per_line")))
        \(f.input("country", label: c.t("partners.country"), value: d.country, required: true, maxLength: 2, hint: c.t("partners.country_hint")))
        \(f.select("role", label: c.t("partners.role"), options: roleOptions(c), selected: d.role.flatMap { BusinessPartnerRole(text: $0)?.rawValue }, includeBlank: c.t("partners.choose")))
        \(f.input("reference", label: c.t("partners.reference"), value: d.reference, maxLength: BusinessPartnerValidator.maxReference, hint: c.t("partners.reference_hint")))
        \(f.textarea("address", label: c.t("partners.address"), value: d.address, rows: 2))
        \(f.textarea("identifiers", label: c.t("partners.identifiers"), value: d.identifiers?.replacingOccurrences(of: "; ", with: "\n"), rows: 2, hint: c.t("partners.identifiers_hint")))
        \(f.input("sites", label: c.t("partners.sites"), value: d.sites))
        \(f.input("contact_name", label: c.t("partners.contact_name"), value: d.contactName, autocomplete: "off"))
        \(f.input("contact_email", label: c.t("partners.contact_email"), value: d.contactEmail, type: "email", autocomplete: "off"))
        \(f.textarea("notes", label: c.t("partners.notes"), value: d.notes, rows: 3))
        <button type="submit">\(c.t("form.save"))</button></form>
        """)
    }

    // MARK: Import

    static func importForm(_ c: PageContext, company: CompanyID, companyName: String, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        let fileErrors = errors.filter { $0.field == "file" }
        return Layout.page(c, title: c.t("partners.import"), """
        <p><a href="\(SiteURL.partners(company))">← \(c.t("partners.title"))</a></p>
        <h1>\(c.t("partners.import"))</h1>
        <p>\(c.t("partners.import_intro"))</p>
        <p><code class="wrap">\(BusinessPartnerCSV.columns.joined(separator: ","))</code></p>
        <p class="hint">\(c.t("partners.import_columns_hint"))</p>
        \(fileErrorList(c, fileErrors))
        <form method="post" action="\(SiteURL.partnerImport(company))" enctype="multipart/form-data" id="partner-import-form" class="stack narrow">\(c.csrfField)
        <div class="field"><label for="file">\(c.t("partners.import_file"))</label><input id="file" name="file" type="file" accept=".csv,text/csv" required>\(f.error("file"))</div>
        <button type="submit">\(c.t("partners.preview"))</button></form>
        """)
    }

    /// File-level or row errors, each with its line (and column) first.
    static func fileErrorList(_ c: PageContext, _ errors: [FieldError]) -> HTML {
        guard !errors.isEmpty else { return .empty }
        return "<div class=\"flash flash-error\" role=\"alert\" id=\"import-file-errors\"><ul>\(HTML.join(errors) { "<li>\(importError(c, $0))</li>" })</ul></div>"
    }

    /// Problems whose own text already names their line.
    static let errorsNamingTheirLine: Set<String> = ["partners.csv.encoding", "partners.csv.extra_cell", "partners.csv.stray_quote", "partners.csv.unclosed_quote"]

    /// A problem of an import in the reader's language, after where it is in the file ("Baris 4,
    /// kolom 4 (country): ..."). The English message (what the API returns) when its key has no text.
    /// The located form is the CSV one the risk pages use (`RiskLabels.error`), plus the place of
    /// a cell outside the header's columns (a line and column without a column name).
    static func importError(_ c: PageContext, _ error: FieldError) -> String {
        guard c.t.has(error.messageKey) else { return error.message }
        if errorsNamingTheirLine.contains(error.messageKey) { return c.t(error.messageKey, error.arguments) }
        if error.arguments["column_name"] == nil, error.arguments["column"] != nil {
            return c.t("partners.csv.line_column", error.arguments) + ": " + c.t(error.messageKey, error.arguments)
        }
        return RiskLabels.error(c, error)
    }

    struct PreviewModel: Sendable {
        let company: CompanyID
        let importID: UUID
        let fileName: String
        let reading: BusinessPartnerCSV.Reading
        let hints: [BusinessPartnerDuplicates.Hint]
        var errors: [FieldError] = []
        /// The mode the user chose, when the page comes back after a refusal.
        var mode: BusinessPartnerService.ImportMode?
        /// Rows of the rejected list shown on the page (the error file has them all).
        static let shownRejected = 200
        static let shownAccepted = 20
    }

    static func preview(_ c: PageContext, _ m: PreviewModel) -> HTML {
        let r = m.reading
        let rejectedRows = HTML.join(r.rejected.prefix(PreviewModel.shownRejected)) { row in
            "<tr><td class=\"num\">\(c.t.number(row.line))</td><td><ul class=\"plain\">\(HTML.join(row.errors) { "<li>\(importError(c, $0))</li>" })</ul></td></tr>"
        }
        let rejectedLabels = [c.t("partners.line"), c.t("partners.problems")]
        let rejected: HTML = r.rejected.isEmpty ? .empty : """
            <section id="import-rejected"><h2>\(c.t("partners.rejected_rows", ["count": c.t.number(r.rejected.count)]))</h2>
            <p><a href="\(SiteURL.partnerImportErrors(m.company, m.importID))" id="import-error-file">\(c.t("partners.error_file"))</a></p>
            <p class="hint">\(c.t("partners.error_file_hint"))</p>
            <table tabindex="0" class="stack"><thead><tr>\(HTML.join(rejectedLabels) { "<th>\($0)</th>" })</tr></thead><tbody>\(rejectedRows.labellingCells(rejectedLabels))</tbody></table>
            \(HTML.when(r.rejected.count > PreviewModel.shownRejected, "<p class=\"hint\">\(c.t("partners.more_in_error_file"))</p>"))</section>
            """
        let hints: HTML = m.hints.isEmpty ? .empty : """
            <section id="import-hints"><h2>\(c.t("partners.duplicate_hints", ["count": c.t.number(m.hints.count)]))</h2><p class="hint">\(c.t("partners.duplicate_hints_intro"))</p>
            <ul>\(HTML.join(m.hints) { hint in
                "<li>\(c.t("partners.line_n", ["line": c.t.number(hint.line)])): <strong>\(hint.name)</strong> ≈ \(hint.similarTo)\(hint.similarLine.map { " (\(c.t("partners.line_n", ["line": c.t.number($0)])))" } ?? " (\(c.t("partners.already_registered")))")</li>"
            })</ul></section>
            """
        let acceptedLabels = [c.t("partners.line"), c.t("partners.legal_name"), c.t("partners.country"), c.t("partners.role")]
        let acceptedRows = HTML.join(Array(zip(r.acceptedLines, r.partners).prefix(PreviewModel.shownAccepted))) { row in
            "<tr><td class=\"num\">\(c.t.number(row.0))</td><td>\(row.1.legalName)</td><td>\(row.1.country.code)</td><td>\(c.t(row.1.role.nameKey))</td></tr>"
        }
        let accepted: HTML = r.partners.isEmpty ? .empty : """
            <section id="import-accepted"><h2>\(c.t("partners.accepted_rows", ["count": c.t.number(r.partners.count)]))</h2>
            <table tabindex="0" class="stack"><thead><tr>\(HTML.join(acceptedLabels) { "<th>\($0)</th>" })</tr></thead><tbody>\(acceptedRows.labellingCells(acceptedLabels))</tbody></table></section>
            """
        let canImport = r.fileErrors.isEmpty && !r.partners.isEmpty
        // The user's choice kept after a refusal; otherwise all or nothing for a clean file.
        let mode = m.mode ?? (r.rejected.isEmpty ? .allOrNothing : .validRows)
        let confirm: HTML = canImport ? """
            <form method="post" action="\(SiteURL.partnerImport(m.company, m.importID))" id="partner-import-confirm" class="stack narrow">\(c.csrfField)
            <fieldset class="field"><legend>\(c.t("partners.import_mode"))</legend>
            <label class="check"><input type="radio" name="mode" value="all_or_nothing"\(HTML.when(mode == .allOrNothing, " checked"))> \(c.t("partners.mode.all_or_nothing"))</label>
            <label class="check"><input type="radio" name="mode" value="valid_rows"\(HTML.when(mode == .validRows, " checked"))> \(c.t("partners.mode.valid_rows", ["count": c.t.number(r.partners.count)]))</label>
            </fieldset>
            <button type="submit">\(c.t("partners.import_confirm"))</button></form>
            """ : "<p><a class=\"button\" href=\"\(SiteURL.partnerImport(m.company))\">\(c.t("partners.upload_again"))</a></p>"
        return Layout.page(c, title: c.t("partners.preview_title"), """
        <p><a href="\(SiteURL.partners(m.company))">← \(c.t("partners.title"))</a></p>
        <h1>\(c.t("partners.preview_title"))</h1>
        <p id="import-summary">\(c.t("partners.preview_summary", ["file": m.fileName, "rows": c.t.number(r.rowCount), "accepted": c.t.number(r.partners.count),
                                                                  "rejected": c.t.number(r.rejected.count)]))</p>
        \(fileErrorList(c, r.fileErrors + m.errors))
        \(confirm)
        \(rejected)
        \(hints)
        \(accepted)
        """)
    }
}
