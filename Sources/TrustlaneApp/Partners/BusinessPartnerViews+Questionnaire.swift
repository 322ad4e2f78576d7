import Foundation
import TrustlaneCore

/// Questionnaires by link: the partner page's section (send, the link once, the list), the
/// company's page of one questionnaire, and the partner's own page behind the link, which shows
/// only the questions, the asking company's legal name and the partner's name.
extension BusinessPartnerViews {
    static func questionnaireSection(_ c: PageContext, _ m: ShowModel) -> HTML {
        let partner = m.record.id
        let f = FormFields(c, errors: m.errors.filter { ["language", "days"].contains($0.field) }, idPrefix: "questionnaire-")
        let issued: HTML = m.issuedQuestionnaire.map { link in
            """
            <div class="flash flash-success" role="status" id="issued-questionnaire"><p>\(c.t("partner_questionnaire.link_made", ["date": c.t.dateTime(link.expiresAt)]))</p>
            <p><code class="wrap" id="questionnaire-url">\(link.url)</code></p><p class="hint">\(c.t("partner_questionnaire.shown_once"))</p></div>
            """
        } ?? .empty
        let recognised = m.vetting?.recognised ?? false
        let statusHint: HTML = recognised
            ? "<p class=\"hint\" id=\"questionnaire-status-hint\">\(c.t("partner_questionnaire.status_instead"))</p>" : .empty
        let languages = Language.allCases.map { ($0.rawValue, $0.nativeName) }
        let form: HTML = m.canManage ? """
            <details id="questionnaire-send"\(HTML.when(!f.errors.isEmpty, " open"))><summary>\(c.t("partner_questionnaire.send"))</summary>
            <form method="post" action="\(SiteURL.partnerQuestionnaires(m.company, partner))" id="partner-questionnaire-form" class="stack narrow">\(c.csrfField)
            \(f.select("language", label: c.t("partner_questionnaire.language"), options: languages, selected: c.t.language.rawValue))
            \(f.input("days", label: c.t("partner_questionnaire.days"), value: String(PartnerQuestionnaireService.defaultDays), type: "number",
                      hint: c.t("partner_questionnaire.days_hint", ["max": String(PartnerQuestionnaireService.maxDays)])))
            <button type="submit">\(c.t("partner_questionnaire.send"))</button></form></details>
            """ : .empty
        let labels = [c.t("partner_questionnaire.sent_on"), c.t("partner_questionnaire.language"), c.t("partners.status"),
                      c.t("partner_questionnaire.expires"), ""]
        let rows = HTML.join(m.questionnaires) { row in
            let status = row.shownStatus(now: m.now)
            let open = "<a href=\"\(SiteURL.partnerQuestionnaire(m.company, partner, row.id))\">\(c.t("partner_questionnaire.open"))</a>" as HTML
            let revoke: HTML = m.canManage && status == "sent" ? """
                <form method="post" action="\(SiteURL.partnerQuestionnaire(m.company, partner, row.id))/revoke" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("partner_questionnaire.revoke"))</button></form>
                """ : .empty
            return """
            <tr data-status="\(status)"><td>\(c.t.dateTime(row.created_at))</td><td>\(Language(rawValue: row.language)?.nativeName ?? row.language)</td>
            <td><span class="tag questionnaire-\(status)">\(c.t("partner_questionnaire.status.\(status)"))</span></td><td>\(c.t.dateTime(row.expires_at))</td><td>\(open) \(revoke)</td></tr>
            """
        }
        let list: HTML = m.questionnaires.isEmpty ? "<p class=\"hint\">\(c.t("partner_questionnaire.none"))</p>" : """
            <table tabindex="0" class="stack" id="partner-questionnaire-list"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead><tbody>\(rows.labellingCells(labels))</tbody></table>
            """
        return """
        <section id="partner-questionnaires"><h2>\(c.t("partner_questionnaire.title"))</h2>
        <p class="hint">\(c.t("partner_questionnaire.intro"))</p>
        \(statusHint)\(issued)\(list)\(form)</section>
        """
    }

    static func answerLabel(_ c: PageContext, _ answer: PartnerQuestionnaire.Answer) -> String { c.t("partner_questionnaire.answer.\(answer.rawValue)") }

    static func sectionTitle(_ c: PageContext, _ section: PartnerQuestionnaire.Section) -> String { c.t("partner_questionnaire.section.\(section.rawValue)") }

    /// The company's page of one questionnaire: each question with the answer, the comment and
    /// the files the partner sent for it (downloads for the company's members only).
    static func questionnaire(_ c: PageContext, company: CompanyID, partner: BusinessPartnerQueries.Record,
                              detail: PartnerQuestionnaireService.Detail, now: Date) -> HTML {
        let q = detail.questionnaire
        let status = detail.row.shownStatus(now: now)
        let labels = [c.t("partner_questionnaire.question"), c.t("partner_questionnaire.answer"), c.t("partner_questionnaire.comment")]
        let sections = HTML.join(PartnerQuestionnaire.Section.allCases) { section in
            let questions = q.questions.filter { $0.section == section }
            guard !questions.isEmpty else { return .empty }
            let rows = HTML.join(questions) { question in
                let response = detail.responses[question.id]
                let gap = response?.answer.isGap ?? false
                return """
                <tr data-question="\(question.id)"\(HTML.when(gap, " class=\"questionnaire-gap\""))><td><code>\(question.reference)</code> \(question.english)</td>
                <td>\(response.map { "\(answerLabel(c, $0.answer))" as HTML } ?? "—")</td><td class="pre">\(response?.comment ?? "")</td></tr>
                """
            }
            return """
            <h2>\(sectionTitle(c, section))</h2>
            <table tabindex="0" class="stack questionnaire-answers"><thead><tr>\(HTML.join(labels) { "<th>\($0)</th>" })</tr></thead><tbody>\(rows.labellingCells(labels))</tbody></table>
            """
        }
        let files: HTML = detail.files.isEmpty ? .empty : """
            <section id="questionnaire-files"><h2>\(c.t("partner_questionnaire.files"))</h2><ul>\(HTML.join(detail.files) { file in
                "<li><a href=\"\(SiteURL.partnerQuestionnaireFile(company, partner.id, detail.row.id, file.id))\">\(file.file_name)</a> (\(file.content_type), \(c.t.number(file.size)) B)\(file.question_id.map { " · <code>\($0)</code>" as HTML })</li>"
            })</ul></section>
            """
        let title = c.t("partner_questionnaire.page_title", ["partner": partner.partner.legalName])
        return Layout.page(c, title: title, """
        <p><a href="\(SiteURL.partner(company, partner.id))#partner-questionnaires">← \(partner.partner.legalName)</a></p>
        <h1>\(title)</h1>
        <dl class="facts" id="questionnaire-facts">
        <dt>\(c.t("partners.status"))</dt><dd><span class="tag questionnaire-\(status)" id="questionnaire-status">\(c.t("partner_questionnaire.status.\(status)"))</span></dd>
        <dt>\(c.t("partner_questionnaire.language"))</dt><dd>\(q.language.nativeName)</dd>
        <dt>\(c.t("partner_questionnaire.sent_on"))</dt><dd>\(c.t.dateTime(detail.row.created_at))</dd>
        <dt>\(c.t("partner_questionnaire.expires"))</dt><dd>\(c.t.dateTime(detail.row.expires_at))</dd>
        \(detail.row.answered_at.map { "<dt>\(c.t("partner_questionnaire.answered_at"))</dt><dd>\(c.t.dateTime($0))</dd>" as HTML })
        </dl>
        \(sections)
        \(files)
        """)
    }

    // MARK: The partner's side

    /// A page about the link alone (unknown, used, expired, revoked): nothing of any company.
    static func linkProblem(_ c: PageContext, key: String) -> HTML {
        Layout.page(c, title: c.t("partner_questionnaire.public_title"), """
        <h1>\(c.t("partner_questionnaire.public_title"))</h1>
        <p id="questionnaire-link-problem">\(c.t(key))</p>
        """)
    }

    /// The questionnaire as the partner answers it: one fieldset a question with radio answers
    /// and a comment, then up to five files.
    static func answerPage(_ c: PageContext, token: String, view: PartnerQuestionnaireService.PublicView, answers: [String: String] = [:],
                           comments: [String: String] = [:], errors: [FieldError] = []) -> HTML {
        let q = view.questionnaire
        let f = FormFields(c, errors: errors)
        let sections = HTML.join(PartnerQuestionnaire.Section.allCases) { section in
            let questions = q.questions.filter { $0.section == section }
            guard !questions.isEmpty else { return .empty }
            let items = HTML.join(questions) { question in
                let name = "answer.\(question.id)"
                let invalid = errors.contains { $0.field == name || $0.field == "comment.\(question.id)" }
                let radios = HTML.join(PartnerQuestionnaire.Answer.allCases) { answer in
                    """
                    <label class="check"><input type="radio" name="\(name)" value="\(answer.rawValue)"\(HTML.when(answers[question.id] == answer.rawValue, " checked"))> \(answerLabel(c, answer))</label>
                    """
                }
                return """
                <fieldset class="field questionnaire-question" id="q-\(question.id)" data-question="\(question.id)"\(HTML.when(invalid, " aria-invalid=\"true\""))>
                <legend><code>\(question.reference)</code> \(question.text)</legend>
                \(HTML.when(!question.detail.isEmpty, "<p class=\"hint\">\(question.detail)</p>"))
                <p class="hint">\(c.t("partner_questionnaire.do_you_meet"))</p>
                <div class="checks">\(radios)</div>\(f.error(name))
                <label for="comment-\(question.id)">\(c.t("partner_questionnaire.comment"))</label>
                <textarea id="comment-\(question.id)" name="comment.\(question.id)" rows="2" maxlength="\(PartnerQuestionnaire.maxComment)">\(comments[question.id] ?? "")</textarea>\(f.error("comment.\(question.id)"))
                </fieldset>
                """
            }
            return "<section class=\"questionnaire-section\"><h2>\(sectionTitle(c, section))</h2>\(items)</section>"
        }
        let questionOptions = q.questions.map { ($0.id, "\($0.reference) \($0.text.prefix(60))") }
        let uploads = HTML.join(1...PartnerQuestionnaireService.maxFiles) { slot in
            """
            <div class="field questionnaire-file"><label for="file\(slot)">\(c.t("partner_questionnaire.file_n", ["n": String(slot)]))</label>
            <input id="file\(slot)" name="file\(slot)" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">\(f.error("file\(slot)"))
            <select name="file\(slot)_question" aria-label="\(c.t("partner_questionnaire.file_question"))"><option value="">\(c.t("partner_questionnaire.file_question"))</option>\(HTML.join(questionOptions) { "<option value=\"\($0.0)\">\($0.1)</option>" })</select></div>
            """
        }
        let errorList: HTML = errors.isEmpty ? .empty : """
            <div class="flash flash-error" role="alert" id="questionnaire-errors"><p>\(c.t("form.has_errors", ["count": c.t.number(errors.count)]))</p>
            <ul>\(HTML.join(errors) { error in
                let file = error.arguments["slot"].map { c.t("partner_questionnaire.file_n", ["n": $0]) + ": " } ?? ""
                return "<li data-field=\"\(error.field)\">\(file)\(c.t(error.messageKey, error.arguments))</li>"
            })</ul></div>
            """
        let title = c.t("partner_questionnaire.public_title")
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        <p id="questionnaire-from">\(c.t("partner_questionnaire.from", ["company": view.companyName, "partner": view.partnerName]))</p>
        <p class="hint">\(c.t("partner_questionnaire.public_intro", ["date": c.t.dateTime(view.expiresAt)]))</p>
        \(errorList)
        <form method="post" action="\(SiteURL.questionnaireLink(token))" enctype="multipart/form-data" id="questionnaire-answer-form" class="stack questionnaire">\(c.csrfField)
        \(sections)
        <section class="questionnaire-section"><h2>\(c.t("partner_questionnaire.files"))</h2>
        <p class="hint">\(c.t("partner_questionnaire.files_hint", ["count": String(PartnerQuestionnaireService.maxFiles)]))</p>\(uploads)</section>
        <button type="submit">\(c.t("partner_questionnaire.submit"))</button></form>
        """)
    }

    static func answerDone(_ c: PageContext, view: PartnerQuestionnaireService.PublicView, gaps: Int) -> HTML {
        Layout.page(c, title: c.t("partner_questionnaire.public_title"), """
        <h1>\(c.t("partner_questionnaire.public_title"))</h1>
        <p id="questionnaire-thanks">\(c.t("partner_questionnaire.thanks", ["company": view.companyName]))</p>
        """)
    }
}
