import Foundation
import TrustlaneCore

/// The seal stock's pages, built for a phone at the dock (390 px, no JavaScript): the stock with
/// its batches and a search by number, a short form per screen (receive, issue, log, audit), a
/// batch, a seal with its history, and the audit's findings.
enum SealStockViews {
    /// Seals of a batch by where they stand; a received seal with no row is in stock.
    struct Counts: Sendable, Equatable {
        var inStock = 0, issued = 0, used = 0, void = 0, damaged = 0, lost = 0

        init(batch: SealStockQueries.Batch, counts: [SealState: Int]) {
            issued = counts[.issued] ?? 0
            used = (counts[.affixed] ?? 0) + (counts[.verified] ?? 0) + (counts[.arrived] ?? 0)
            void = counts[.void] ?? 0
            damaged = counts[.damaged] ?? 0
            lost = counts[.lost] ?? 0
            inStock = batch.seal_count - issued - used - void - damaged - lost
        }

        init() {}

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            var sum = Counts()
            sum.inStock = lhs.inStock + rhs.inStock; sum.issued = lhs.issued + rhs.issued; sum.used = lhs.used + rhs.used
            sum.void = lhs.void + rhs.void; sum.damaged = lhs.damaged + rhs.damaged; sum.lost = lhs.lost + rhs.lost
            return sum
        }
    }

    static func stateTag(_ c: PageContext, _ state: SealState) -> HTML {
        "<span class=\"tag seal-\(state.rawValue)\" data-state=\"\(state.rawValue)\">\(c.t(state.nameKey))</span>"
    }

    static func back(_ c: PageContext, _ company: CompanyID) -> HTML {
        "<p><a href=\"\(SiteURL.seals(company))\">← \(c.t("seals.title"))</a></p>"
    }

    static func countCells(_ c: PageContext, _ counts: Counts) -> HTML {
        "<td class=\"num\">\(c.t.number(counts.inStock))</td><td class=\"num\">\(c.t.number(counts.issued))</td><td class=\"num\">\(c.t.number(counts.used))</td><td class=\"num\">\(c.t.number(counts.void))</td><td class=\"num\">\(c.t.number(counts.damaged))</td><td class=\"num\">\(c.t.number(counts.lost))</td>"
    }

    static func countLabels(_ c: PageContext) -> [String] {
        [c.t("seals.count.in_stock"), c.t("seals.count.issued"), c.t("seals.count.used"), c.t("seals.count.void"), c.t("seals.count.damaged"),
         c.t("seals.count.lost")]
    }

    /// The search by number: a GET form, so it works without JavaScript and can be bookmarked.
    static func searchForm(_ c: PageContext, _ company: CompanyID, number: String?, errors: [FieldError]) -> HTML {
        let f = FormFields(c, errors: errors)
        return """
        <form method="get" action="\(SiteURL.sealFind(company))" class="stack narrow" role="search" id="seal-search">
        \(f.input("number", label: c.t("seals.find_label"), value: number, maxLength: 40, hint: c.t("seals.find_hint")))
        <button type="submit">\(c.t("seals.find"))</button></form>
        """
    }

    // MARK: Stock

    struct StockModel: Sendable {
        let company: CompanyID
        let companyName: String
        let batches: [(batch: SealStockQueries.Batch, counts: Counts)]
        let canManage: Bool
        var number: String?
        var errors: [FieldError] = []
    }

    static func stock(_ c: PageContext, _ m: StockModel) -> HTML {
        let labels = [c.t("seals.batch"), c.t("seals.maker")] + countLabels(c)
        let rows = HTML.join(m.batches) { item in
            let b = item.batch
            return """
            <tr><td><a href="\(SiteURL.sealBatch(m.company, b.id))">\(b.first_number)–\(b.last_number)</a><br><small class="hint">\(c.t("seals.received_on", ["day": b.received_on]))</small></td>
            <td>\(b.maker)</td>\(countCells(c, item.counts))</tr>
            """
        }
        let total = m.batches.map(\.counts).reduce(Counts(), +)
        let table: HTML = m.batches.isEmpty ? "<p id=\"seal-batches-empty\">\(c.t("seals.no_batches"))</p>" : """
            <table tabindex="0" class="stack" id="seal-batches"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
            <tbody>\(rows.labellingCells(labels))</tbody></table>
            """
        return Layout.page(c, title: c.t("seals.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("seals.title"))</h1>
        <p>\(c.t("seals.intro"))</p>
        <p id="seal-totals">\(c.t("seals.totals", ["in_stock": c.t.number(total.inStock), "issued": c.t.number(total.issued),
                                                  "lost": c.t.number(total.lost + total.damaged + total.void)]))</p>
        \(HTML.when(m.canManage, """
        <p class="actions daily"><a class="button" id="issue-seals" href="\(SiteURL.sealIssue(m.company))">\(c.t("seals.issue"))</a>
        <a class="button secondary" id="receive-batch" href="\(SiteURL.newSealBatch(m.company))">\(c.t("seals.receive"))</a>
        <a class="button secondary" id="log-seal" href="\(SiteURL.sealLog(m.company))">\(c.t("seals.log"))</a>
        <a class="button secondary" id="seal-audit" href="\(SiteURL.sealAudit(m.company))">\(c.t("seals.audit"))</a></p>
        """))
        \(searchForm(c, m.company, number: m.number, errors: m.errors))
        <h2>\(c.t("seals.batches"))</h2>
        \(table)
        \(RecordsViews.link(c, company: m.company))
        """)
    }

    // MARK: Receipt

    struct ReceiptModel: Sendable {
        let company: CompanyID
        let members: [SealStockQueries.Member]
        var receipt = SealStockService.Receipt(draft: .init(sealClass: "H"))
        var errors: [FieldError] = []
    }

    static func receiptForm(_ c: PageContext, _ m: ReceiptModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let d = m.receipt.draft
        let types = SealType.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let classes = SealClass.allCases.reversed().map { ($0.code, "\($0.code) · \(c.t($0.nameKey))") }
        let members = m.members.map { ($0.id.uuidString.lowercased(), "\($0.name) (\($0.email))") }
        let selectedClass = d.sealClass.flatMap(SealClass.init(text:))?.code ?? d.sealClass
        return Layout.page(c, title: c.t("seals.receive"), """
        \(back(c, m.company))
        <h1>\(c.t("seals.receive"))</h1>
        <p class="hint">\(c.t("seals.receive_intro"))</p>
        \(f.errorSummary())
        <form method="post" action="\(SiteURL.sealBatches(m.company))" enctype="multipart/form-data" id="seal-batch-form" class="stack narrow">\(c.csrfField)
        \(f.input("first_number", label: c.t("seals.first_number"), value: d.firstNumber, required: true, autocomplete: "off", maxLength: 40))
        \(f.input("last_number", label: c.t("seals.last_number"), value: d.lastNumber, required: true, autocomplete: "off", maxLength: 40,
                  hint: c.t("seals.range_hint", ["max": c.t.number(SealRange.maxCount)])))
        \(f.select("seal_class", label: c.t("seals.class"), options: classes, selected: selectedClass))
        \(f.select("seal_type", label: c.t("seals.type"), options: types, selected: d.sealType, includeBlank: c.t("seals.type_unknown")))
        \(f.input("maker", label: c.t("seals.maker"), value: d.maker, required: true, maxLength: 120))
        \(f.input("storage_place", label: c.t("seals.storage_place"), value: m.receipt.storagePlace, required: true, maxLength: 200, hint: c.t("seals.storage_hint")))
        \(f.select("custodian", label: c.t("seals.custodian"), options: members, selected: m.receipt.custodian, includeBlank: c.t("partners.choose")))
        <div class="field"><label for="certificate">\(c.t("seals.certificate"))</label><input id="certificate" name="certificate" type="file">
        <p class="hint">\(c.t("seals.certificate_hint"))</p>\(f.error("certificate"))</div>
        \(f.input("certificate_expires", label: c.t("seals.certificate_expires"), value: d.certificateExpires, type: "date"))
        <button type="submit">\(c.t("seals.receive_submit"))</button></form>
        """)
    }

    // MARK: One batch

    struct BatchModel: Sendable {
        let company: CompanyID
        let batch: SealStockQueries.Batch
        let counts: Counts
        let canManage: Bool
        var errors: [FieldError] = []
        var now = Date()
    }

    static func batch(_ c: PageContext, _ m: BatchModel) -> HTML {
        let b = m.batch
        let f = FormFields(c, errors: m.errors)
        let certificate: HTML
        if let evidence = b.certificate_evidence_id {
            let status = c.evidencePolicy.expiryStatus(expiryDate: b.certificate_expires_at, now: m.now)
            certificate = """
            <a href="\(SiteURL.profileEvidenceFile(m.company, evidence))" id="batch-certificate">\(b.certificate_title ?? c.t("seals.certificate"))</a>
            \(b.certificate_expires.map { " · \(c.t("partners.document_expires", ["date": $0]))" } ?? "") <span class="tag expiry-\(status.name)">\(c.t(status.nameKey))</span>
            """
        } else {
            certificate = "<span class=\"tag overdue\" id=\"batch-no-certificate\">\(c.t("seals.no_certificate"))</span>"
        }
        let labels = countLabels(c)
        let countRow: HTML = "<tr>\(countCells(c, m.counts))</tr>"
        let form: HTML = m.canManage ? """
            <section id="batch-certificate-section"><h2>\(c.t(b.certificate_evidence_id == nil ? "seals.add_certificate" : "seals.replace_certificate"))</h2>
            \(f.errorSummary())
            <form method="post" action="\(SiteURL.sealBatchCertificate(m.company, b.id))" enctype="multipart/form-data" id="seal-certificate-form" class="stack narrow">\(c.csrfField)
            <div class="field"><label for="certificate">\(c.t("seals.certificate"))</label><input id="certificate" name="certificate" type="file" required>\(f.error("certificate"))</div>
            \(f.input("certificate_expires", label: c.t("seals.certificate_expires"), type: "date", required: true))
            <button type="submit">\(c.t("seals.save_certificate"))</button></form></section>
            """ : .empty
        return Layout.page(c, title: "\(b.first_number)–\(b.last_number)", """
        \(back(c, m.company))
        <h1>\(c.t("seals.batch")) \(b.first_number)–\(b.last_number)</h1>
        <dl class="facts" id="batch-facts">
        <dt>\(c.t("seals.count"))</dt><dd>\(c.t.number(b.seal_count))</dd>
        <dt>\(c.t("seals.class"))</dt><dd>\(SealClass(rawValue: b.seal_class).map { "\($0.code) · \(c.t($0.nameKey))" } ?? b.seal_class)</dd>
        <dt>\(c.t("seals.type"))</dt><dd>\(b.seal_type.flatMap(SealType.init(rawValue:)).map { c.t($0.nameKey) } ?? c.t("seals.type_unknown"))</dd>
        <dt>\(c.t("seals.maker"))</dt><dd>\(b.maker)</dd>
        <dt>\(c.t("seals.storage_place"))</dt><dd>\(b.storage_place)</dd>
        <dt>\(c.t("seals.custodian"))</dt><dd>\(b.custodian_name ?? "—")</dd>
        <dt>\(c.t("seals.received"))</dt><dd>\(b.received_on)</dd>
        <dt>\(c.t("seals.certificate"))</dt><dd>\(certificate)</dd>
        </dl>
        <table tabindex="0" class="stack" id="batch-counts"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
        <tbody>\(countRow.labellingCells(labels))</tbody></table>
        \(form)
        """)
    }

    // MARK: One seal

    struct SealModel: Sendable {
        let company: CompanyID
        let found: SealStockQueries.FoundSeal
        let canManage: Bool
    }

    static func seal(_ c: PageContext, _ m: SealModel) -> HTML {
        let s = m.found
        let labels = [c.t("seals.when"), c.t("seals.event"), c.t("seals.state"), c.t("seals.details"), c.t("seals.by")]
        let rows = HTML.join(s.history) { e in
            let details = [e.issued_to.map { c.t("seals.issued_to_person", ["person": $0]) }, e.shipment_reference.map { c.t("seals.for_shipment", ["shipment": $0]) },
                           e.reason].compactMap { $0 }.joined(separator: " · ")
            return """
            <tr data-event="\(e.event)"><td>\(c.t.dateTime(e.at))</td><td>\(c.t("seals.event.\(e.event)"))</td>
            <td>\(SealState(rawValue: e.to_state).map { stateTag(c, $0) } ?? "\(e.to_state)")</td><td>\(details)</td><td>\(e.actor_name ?? "—")</td></tr>
            """
        }
        let history: HTML = s.history.isEmpty ? "<p class=\"hint\" id=\"seal-no-history\">\(c.t("seals.no_history"))</p>" : """
            <table tabindex="0" class="stack" id="seal-history"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead>
            <tbody>\(rows.labellingCells(labels))</tbody></table>
            """
        let canLog = m.canManage && !SealStockService.loggableEvents.filter { s.state.next(on: $0) != nil }.isEmpty
        return Layout.page(c, title: s.number.rawValue, """
        \(back(c, m.company))
        <h1>\(c.t("seals.seal")) <code>\(s.number.rawValue)</code> \(stateTag(c, s.state))</h1>
        <dl class="facts" id="seal-facts">
        <dt>\(c.t("seals.batch"))</dt><dd><a href="\(SiteURL.sealBatch(m.company, s.batch.id))">\(s.batch.first_number)–\(s.batch.last_number)</a></dd>
        <dt>\(c.t("seals.maker"))</dt><dd>\(s.batch.maker)</dd>
        <dt>\(c.t("seals.storage_place"))</dt><dd>\(s.batch.storage_place)</dd>
        \(s.row?.issued_to.map { "<dt>\(c.t("seals.issued_to"))</dt><dd>\($0)</dd>" as HTML })
        \(s.row?.shipment_reference.map { "<dt>\(c.t("seals.shipment_reference"))</dt><dd>\($0)</dd>" as HTML })
        </dl>
        \(HTML.when(canLog, "<p class=\"actions\"><a class=\"button secondary\" id=\"log-this-seal\" href=\"\(SiteURL.sealLog(m.company))?number=\(s.number.rawValue)\">\(c.t("seals.log"))</a></p>"))
        <h2>\(c.t("seals.history"))</h2>
        \(history)
        """)
    }

    // MARK: Issue

    struct IssueModel: Sendable {
        let company: CompanyID
        var count: String? = "1"
        var issuedTo: String?
        var shipmentReference: String?
        var clientKey: String?
        var errors: [FieldError] = []
    }

    /// Issuing draws seals at random on the server, and the custodian hands out the ones drawn:
    /// it needs the network (the page says so offline); sent twice, it draws them once.
    static func issueForm(_ c: PageContext, _ m: IssueModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        return Layout.page(c, title: c.t("seals.issue"), scripts: [Scripts.offline.link], """
        \(back(c, m.company))
        <h1>\(c.t("seals.issue"))</h1>
        \(Offline.outbox(c))
        <p class="hint">\(c.t("seals.issue_intro"))</p>
        \(f.errorSummary())
        <form method="post" action="\(SiteURL.sealIssue(m.company))" id="seal-issue-form" class="stack narrow"\(Offline.onlineOnly)>\(c.csrfField)\(Offline.keyField(m.clientKey))
        \(f.input("issued_to", label: c.t("seals.issued_to"), value: m.issuedTo, required: true, autocomplete: "off", maxLength: 120))
        \(f.input("shipment_reference", label: c.t("seals.shipment_reference"), value: m.shipmentReference, required: true, autocomplete: "off", maxLength: 60))
        \(f.input("count", label: c.t("seals.issue_count"), value: m.count, type: "number", maxLength: 2))
        <button type="submit">\(c.t("seals.issue_submit"))</button></form>
        """)
    }

    // MARK: Log

    struct LogModel: Sendable {
        let company: CompanyID
        var number: String?
        var event: String?
        var reason: String?
        var clientKey: String?
        var errors: [FieldError] = []
    }

    /// A seal void, damaged or lost at the dock: kept on the phone when there is no network.
    static func logForm(_ c: PageContext, _ m: LogModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let events = SealStockService.loggableEvents.map { ($0.rawValue, c.t("seals.event.\($0.rawValue)")) }
        return Layout.page(c, title: c.t("seals.log"), scripts: [Scripts.offline.link], """
        \(back(c, m.company))
        <h1>\(c.t("seals.log"))</h1>
        \(Offline.outbox(c))
        <p class="hint">\(c.t("seals.log_intro"))</p>
        \(f.errorSummary())
        <form method="post" action="\(SiteURL.sealLog(m.company))" id="seal-log-form" class="stack narrow"\
        \(Offline.queued(label: c.t("offline.label_seal_log", ["seal": "[[seal_number]]"])))>\(c.csrfField)\(Offline.keyField(m.clientKey))
        \(f.input("seal_number", label: c.t("seals.number"), value: m.number, required: true, autocomplete: "off", maxLength: 40))
        \(f.select("event", label: c.t("seals.event"), options: events, selected: m.event, includeBlank: c.t("partners.choose")))
        \(f.textarea("reason", label: c.t("seals.reason"), value: m.reason, rows: 3))
        <button type="submit">\(c.t("seals.log_submit"))</button></form>
        """)
    }

    // MARK: Audit

    struct AuditModel: Sendable {
        let company: CompanyID
        var counted: String?
        var errors: [FieldError] = []
        var outcome: SealStockService.AuditOutcome?
        /// Findings listed on the page (the API lists more; the total is always shown).
        static let shown = 500
    }

    static func audit(_ c: PageContext, _ m: AuditModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        var result: HTML = .empty
        if let outcome = m.outcome {
            let r = outcome.report
            let items = HTML.join(r.findings.prefix(AuditModel.shown)) { finding in
                let message = finding.message
                return "<li data-kind=\"\(finding.kind.rawValue)\"><code>\(finding.seal.rawValue)</code> \(c.t(message.messageKey, message.arguments))</li>"
            }
            result = """
            <section id="seal-audit-result"><h2>\(c.t("seals.audit_result"))</h2>
            <p id="seal-audit-summary">\(c.t("seals.audit_summary", ["received": c.t.number(r.received), "in_stock": c.t.number(r.inStockByLog),
                                                                     "counted": c.t.number(r.counted), "findings": c.t.number(r.findings.count)]))</p>
            \(HTML.when(!outcome.counted, "<p class=\"hint\">\(c.t("seals.audit_no_count"))</p>"))
            \(r.isClean ? "<p class=\"flash flash-success\" id=\"seal-audit-clean\">\(c.t("seals.audit_clean"))</p>" as HTML : "<ul id=\"seal-audit-findings\">\(items)</ul>" as HTML)
            \(HTML.when(r.findings.count > AuditModel.shown, "<p class=\"hint\">\(c.t("seals.audit_more", ["shown": c.t.number(AuditModel.shown)]))</p>"))
            </section>
            """
        }
        return Layout.page(c, title: c.t("seals.audit"), """
        \(back(c, m.company))
        <h1>\(c.t("seals.audit"))</h1>
        <p class="hint">\(c.t("seals.audit_intro"))</p>
        \(result)
        \(f.errorSummary())
        <form method="post" action="\(SiteURL.sealAudit(m.company))" id="seal-audit-form" class="stack narrow">\(c.csrfField)
        \(f.textarea("counted", label: c.t("seals.counted"), value: m.counted, rows: 5, hint: c.t("seals.counted_hint")))
        <button type="submit">\(c.t("seals.audit_submit"))</button></form>
        """)
    }
}
