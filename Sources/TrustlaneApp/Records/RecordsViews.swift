import Foundation
import TrustlaneCore

/// The records' pages: the hub (each kind's count in the period, its retention and legal hold,
/// its pack) and one kind's printable pack. Tables scroll sideways on a phone; no JavaScript.
enum RecordsViews {
    static func basis(_ c: PageContext, _ period: ValidationPackPeriod, reset: String) -> HTML {
        let text: String
        switch period.basis {
        case .lastValidation(let day): text = c.t("inspections.pack_basis.last_validation", ["day": day.description])
        case .lastValidationBeyondLimit(let day):
            text = c.t("inspections.pack_basis.last_validation_beyond_limit", ["day": day.description, "since": period.since.description])
        case .yearBack: text = c.t("records.basis_year_back", ["since": period.since.description])
        case .requested: text = c.t("inspections.pack_basis.requested", ["since": period.since.description])
        }
        let link: HTML = period.basis == .requested ? " <a href=\"\(reset)\" id=\"pack-default\">\(c.t("inspections.pack_default"))</a>" : .empty
        return "<p id=\"pack-basis\" data-basis=\"\(period.basis.code)\">\(text)\(link)</p>"
    }

    static func retentionText(_ c: PageContext, _ rule: RecordRetention) -> HTML {
        rule.legalHold
            ? "<p class=\"record-hold\" data-hold=\"yes\">\(c.t("records.on_hold", ["reason": rule.holdReason ?? ""]))</p>"
            : "<p data-hold=\"no\">\(c.t("records.kept_months", ["months": String(rule.months)]))</p>"
    }

    /// The way to the hub from the incident, training and gate pages, for those who may open it.
    static func link(_ c: PageContext, company: CompanyID) -> HTML {
        HTML.when(c.allows(.viewValidationPacks, company: company),
                  "<p class=\"no-print\"><a id=\"records-link\" href=\"\(SiteURL.records(company))\">\(c.t("records.link"))</a></p>")
    }

    // MARK: The hub

    struct HubModel: Sendable {
        let company: CompanyID
        let companyName: String
        let period: ValidationPackPeriod
        let counts: [DailyRecordKind: Int]
        let rules: [DailyRecordKind: RecordRetention]
        let canManage: Bool
        var errors: [FieldError] = []
        /// The kind a refused form was for, and what was typed.
        var posted: (kind: DailyRecordKind, fields: [String: String])? = nil
    }

    static func retentionForm(_ c: PageContext, _ m: HubModel, kind: DailyRecordKind) -> HTML {
        let mine = m.posted?.kind == kind
        let f = FormFields(c, errors: mine ? m.errors : [], idPrefix: "\(kind.rawValue)-")
        let rule = m.rules[kind] ?? .default
        let typed = mine ? m.posted?.fields : nil
        let hold = typed.map { $0["legal_hold"] == "yes" } ?? rule.legalHold
        return """
        <details class="record-settings"\(HTML.when(mine, " open"))><summary>\(c.t("records.change_retention"))</summary>
        \(HTML.when(mine, f.errorSummary()))
        <form method="post" action="\(SiteURL.recordRetention(m.company))" id="retention-\(kind.rawValue)" class="incident-form">\(c.csrfField)
        <input type="hidden" name="kind" value="\(kind.rawValue)">
        \(f.input("retention_months", label: c.t("inspections.retention_months"), value: typed?["retention_months"] ?? String(rule.months), type: "number",
                  required: true, hint: c.t("records.retention_hint")))
        <label class="check"><input type="checkbox" name="legal_hold" value="yes"\(HTML.when(hold, " checked"))> \(c.t("inspections.legal_hold"))</label>
        \(f.textarea("legal_hold_reason", label: c.t("inspections.legal_hold_reason"), value: typed?["legal_hold_reason"] ?? rule.holdReason, rows: 2))
        <button type="submit">\(c.t("records.save_retention"))</button></form></details>
        """
    }

    static func hub(_ c: PageContext, _ m: HubModel) -> HTML {
        let kinds = HTML.join(DailyRecordKind.allCases) { kind in
            """
            <section class="record-kind" id="records-\(kind.rawValue)" data-kind="\(kind.rawValue)">
            <h2>\(c.t(kind.nameKey))</h2>
            <p class="hint">\(c.t("records.criteria", ["criteria": kind.criteria.joined(separator: ", ")]))</p>
            <p data-count="\(m.counts[kind] ?? 0)">\(c.t("records.count_since", ["count": c.t.number(m.counts[kind] ?? 0), "since": m.period.since.description]))</p>
            \(retentionText(c, m.rules[kind] ?? .default))
            <p><a class="button" id="pack-\(kind.rawValue)" href="\(SiteURL.recordPack(m.company, kind))">\(c.t("records.open_pack"))</a>
            <a class="button secondary" id="pack-\(kind.rawValue)-csv" href="\(SiteURL.recordPackCSV(m.company, kind))">\(c.t("records.sample_csv"))</a></p>
            \(HTML.when(m.canManage, retentionForm(c, m, kind: kind)))
            </section>
            """
        }
        return Layout.page(c, title: c.t("records.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("records.title"))</h1>
        <p class="hint">\(c.t("records.intro"))</p>
        \(basis(c, m.period, reset: SiteURL.records(m.company)))
        <p><a class="button primary" id="packs-zip" href="\(SiteURL.recordPacksZip(m.company))" download>\(c.t("records.all_packs_zip"))</a></p>
        <p class="hint">\(c.t("records.all_packs_zip_hint", ["count": String(DailyRecordKind.allCases.count)]))</p>
        <p class="hint"><a href="\(SiteURL.inspectionPack(m.company))">\(c.t("records.inspections_pack"))</a></p>
        \(kinds)
        """)
    }

    // MARK: A kind's pack

    struct PackModel: Sendable {
        let company: CompanyID
        let companyName: String
        let kind: DailyRecordKind
        let period: ValidationPackPeriod
        let generated: Date
        let sampleSize: Int
        let pack: RecordsQueries.Pack
    }

    static func cell(_ c: PageContext, _ cell: RecordsQueries.Cell) -> HTML {
        switch cell {
        case .text(let value): "\(value ?? "—")"
        case .time(let date): "\(date.map { c.t.dateTime($0) } ?? "—")"
        case .day(let date): "\(c.t.date(date))"
        case .number(let n): "\(c.t.number(n))"
        case .label(let key, _): "\(c.t(key))"
        case .labels(let items): "\(items.map { c.t($0.key) }.joined(separator: ", "))"
        case .entries(let entries):
            entries.isEmpty ? "—" : HTML.join(Array(entries.enumerated())) { index, values in
                "\(HTML.when(index > 0, "; "))\(HTML.join(Array(values.enumerated())) { "\(HTML.when($0.offset > 0, " "))\(Self.cell(c, $0.element))" })"
            }
        }
    }

    static func pack(_ c: PageContext, _ m: PackModel) -> HTML {
        let columns = RecordsQueries.columns(m.kind)
        let sizes = HTML.join(InspectionQueries.packSampleSizes) { "<option value=\"\($0)\"\(HTML.when($0 == m.sampleSize, " selected"))>\($0)</option>" }
        let rows = HTML.join(m.pack.rows) { row in
            let cells = row.cells.enumerated().map { index, value -> HTML in
                index == 0 && row.link != nil ? "<a href=\"\(row.link ?? "")\">\(cell(c, value))</a>" : cell(c, value)
            }
            return "<tr data-record=\"\(row.id.uuidString.lowercased())\">\(HTML.join(cells) { "<td>\($0)</td>" })</tr>"
        }
        let page = SiteURL.recordPack(m.company, m.kind)
        let csv = SiteURL.withQuery(SiteURL.recordPackCSV(m.company, m.kind), [("since", m.period.basis == .requested ? m.period.since.description : nil),
                                                                           ("sample", String(m.sampleSize))])
        return Layout.page(c, title: c.t("records.pack_title", ["kind": c.t(m.kind.nameKey)]), """
        <p class="no-print"><a href="\(SiteURL.records(m.company))">← \(c.t("records.title"))</a></p>
        <article class="printable" id="record-pack" data-kind="\(m.kind.rawValue)">
        <h1>\(c.t("records.pack_title", ["kind": c.t(m.kind.nameKey)])): \(m.companyName)</h1>
        <p class="hint">\(c.t("records.criteria", ["criteria": m.kind.criteria.joined(separator: ", ")]))</p>
        <p id="pack-period">\(c.t("records.pack_period", ["count": c.t.number(m.pack.total), "since": m.period.since.description, "generated": c.t.dateTime(m.generated)]))</p>
        \(basis(c, m.period, reset: page))
        <form method="get" action="\(page)" class="filters" id="pack-form">
        <div class="field"><label for="since">\(c.t("inspections.pack_since"))</label><input id="since" name="since" type="date" value="\(m.period.since.description)"></div>
        <div class="field"><label for="sample">\(c.t("inspections.pack_sample_size"))</label><select id="sample" name="sample">\(sizes)</select></div>
        <button type="submit">\(c.t("inspections.show"))</button></form>
        <p class="no-print"><a class="button" id="pack-csv" href="\(csv)">\(c.t("records.sample_csv"))</a></p>
        <h2>\(c.t(m.pack.total <= m.sampleSize ? "records.pack_all" : "records.pack_sample", ["count": c.t.number(m.pack.rows.count), "total": c.t.number(m.pack.total)]))</h2>
        <p class="hint">\(c.t("inspections.pack_sample_hint"))</p>
        \(m.pack.rows.isEmpty ? "<p id=\"pack-empty\">\(c.t("records.pack_empty"))</p>" as HTML : """
        <div class="table-scroll"><table id="pack-sample"><thead><tr>\(HTML.join(columns) { "<th>\(c.t($0.key))</th>" })</tr></thead><tbody>\(rows)</tbody></table></div>
        """)
        </article>
        """)
    }

    static func packError(_ c: PageContext, company: CompanyID, kind: DailyRecordKind, errors: [FieldError]) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("records.pack_title", ["kind": c.t(kind.nameKey)]), """
        <p><a href="\(SiteURL.records(company))">← \(c.t("records.title"))</a></p>
        <h1>\(c.t("records.pack_title", ["kind": c.t(kind.nameKey)]))</h1>\(f.errorSummary())
        <form method="get" action="\(SiteURL.recordPack(company, kind))" class="filters" id="pack-form">
        \(f.input("since", label: c.t("inspections.pack_since"), type: "date"))<button type="submit">\(c.t("inspections.show"))</button></form>
        """)
    }
}
