import Foundation
import TrustlaneCore

/// The public anonymous reporting pages: short, in the reader's language, no account, nothing
/// about the reporter asked for; the receipt code shown large enough to copy by hand.
enum AnonymousReportViews {
    static func languages(_ c: PageContext, path: String) -> HTML {
        let links = HTML(unsafeRaw: Language.allCases.map { language -> String in
            language == c.t.language ? "<strong>\(language.nativeName)</strong>"
                : ("<a href=\"\(path)?lang=\(language.rawValue)\" hreflang=\"\(language.rawValue)\">\(language.nativeName)</a>" as HTML).rendered
        }.joined(separator: " · "))
        return "<p class=\"language-links\" id=\"report-languages\">\(links)</p>"
    }

    static func form(_ c: PageContext, key: String, companyName: String, values: [String: String], errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        let types = IncidentType.allCases.filter { $0 != .sealUnaccounted }.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        return Layout.page(c, title: c.t("report.title", ["company": companyName]), """
        \(languages(c, path: SiteURL.anonymousReport(key)))
        <h1>\(c.t("report.title", ["company": companyName]))</h1>
        <p>\(c.t("report.intro"))</p>
        <p class="hint">\(c.t("report.privacy"))</p>
        \(f.errorSummary())\(ShipmentViews.errorList(c, errors, id: "report-errors"))
        <form method="post" action="\(SiteURL.anonymousReport(key))" id="anonymous-report-form" class="incident-form" enctype="multipart/form-data">\(c.csrfField)
        <input type="hidden" name="lang" value="\(c.t.language.rawValue)">
        \(f.select("type", label: c.t("report.type"), options: types, selected: values["type"] ?? IncidentType.suspiciousActivity.rawValue))
        \(f.textarea("description", label: c.t("report.description"), value: values["description"], rows: 6, hint: c.t("report.description_hint")))
        \(f.input("location", label: c.t("report.location"), value: values["location"], maxLength: IncidentValidator.maxLocation))
        \(f.input("happened_at", label: c.t("report.happened_at"), value: values["happened_at"], type: "datetime-local", hint: c.t("report.happened_at_hint")))
        \(f.input("contact", label: c.t("report.contact"), value: values["contact"], autocomplete: "off", maxLength: AnonymousReportDraft.maxContact,
                  hint: c.t("report.contact_hint")))
        \(fileField(c, f, id: "report-file"))
        <button type="submit" class="primary big">\(c.t("report.send"))</button>
        </form>
        <p><a href="\(SiteURL.anonymousFollowUp(key))?lang=\(c.t.language.rawValue)" id="follow-up-link">\(c.t("report.have_code"))</a></p>
        """)
    }

    /// The files a reporter may add (several at once, checked on the server whatever `accept` lets through).
    static func fileField(_ c: PageContext, _ f: FormFields, id: String) -> HTML {
        """
        <div class="field"><label for="\(id)">\(c.t("report.files"))</label>
        <input id="\(id)" name="file" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
        <p class="hint">\(c.t("report.files_hint", ["count": String(RecordFiles.maxPerUpload), "size": "\(IncidentService.anonymousMaxFileBytes / (1024 * 1024)) MB"]))</p>\(f.error("file"))</div>
        """
    }

    static func receipt(_ c: PageContext, key: String, companyName: String, receipt: IncidentService.Receipt) -> HTML {
        Layout.page(c, title: c.t("report.received"), """
        <h1>\(c.t("report.received"))</h1>
        <p>\(c.t("report.received_body", ["company": companyName]))</p>
        <p>\(c.t("report.your_code"))</p>
        <p class="receipt-code" id="receipt-code">\(receipt.code.description)</p>
        <p class="hint">\(c.t("report.keep_code"))</p>
        <p><a href="\(SiteURL.anonymousFollowUp(key))?lang=\(c.t.language.rawValue)">\(c.t("report.add_information"))</a></p>
        """)
    }

    static func followUp(_ c: PageContext, key: String, companyName: String, values: [String: String], errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("report.follow_up_title"), """
        \(languages(c, path: SiteURL.anonymousFollowUp(key)))
        <h1>\(c.t("report.follow_up_title"))</h1>
        <p>\(c.t("report.follow_up_intro", ["company": companyName]))</p>
        \(f.errorSummary())\(ShipmentViews.errorList(c, errors, id: "report-errors"))
        <form method="post" action="\(SiteURL.anonymousFollowUp(key))" id="follow-up-form" class="incident-form" enctype="multipart/form-data">\(c.csrfField)
        <input type="hidden" name="lang" value="\(c.t.language.rawValue)">
        \(f.input("code", label: c.t("report.code"), value: values["code"], required: true, autocomplete: "off", maxLength: 24))
        \(f.textarea("text", label: c.t("report.more"), value: values["text"], rows: 5, hint: c.t("report.more_hint")))
        \(fileField(c, f, id: "follow-up-file"))
        <button type="submit" class="primary big">\(c.t("report.send"))</button>
        </form>
        """)
    }

    static func followUpDone(_ c: PageContext, key: String, companyName: String, reference: String) -> HTML {
        Layout.page(c, title: c.t("report.follow_up_received"), """
        <h1>\(c.t("report.follow_up_received"))</h1>
        <p id="follow-up-done">\(c.t("report.follow_up_received_body", ["company": companyName]))</p>
        <p><a href="\(SiteURL.anonymousReport(key))?lang=\(c.t.language.rawValue)">\(c.t("report.another"))</a></p>
        """)
    }

    static func limited(_ c: PageContext, key: String, minutes: String) -> HTML {
        Layout.page(c, title: c.t("report.limited_title"), """
        <h1>\(c.t("report.limited_title"))</h1>
        <p class="flash flash-error" role="alert" id="report-limited">\(c.t("incidents.error.rate_limited", ["minutes": minutes]))</p>
        """)
    }
}
