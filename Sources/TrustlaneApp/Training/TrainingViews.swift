import Foundation
import TrustlaneCore

/// The training pages (issue 17): coverage by role as a chart and a table, the roster, one
/// person's standing, curricula, sessions with a tick list for a tablet, and the printable
/// attendance sheet for sites without devices. No JavaScript needed.
enum TrainingViews {
    static func errors(_ c: PageContext, _ errors: [FieldError]) -> HTML {
        ShipmentViews.errorList(c, errors, id: "training-errors")
    }

    static func standingTag(_ c: PageContext, _ standing: TrainingStanding) -> HTML {
        let detail: String
        switch standing {
        case .current(_, let until), .dueSoon(_, let until): detail = c.t("training.until", ["day": c.t.date(until.startDate())])
        case .overdue(_, let since): detail = c.t("training.since", ["day": c.t.date(since.startDate())])
        case .never: detail = ""
        }
        return "<span class=\"tag standing-\(standing.key)\" data-standing=\"\(standing.key)\">\(c.t("training.standing.\(standing.key)"))</span> <small>\(detail)</small>"
    }

    static func nav(_ c: PageContext, company: CompanyID, canManage: Bool) -> HTML {
        """
        <p class="actions daily"><a class="button secondary" href="\(SiteURL.trainingPeople(company))" id="training-people-link">\(c.t("training.people"))</a> \
        <a class="button secondary" href="\(SiteURL.trainingCurricula(company))" id="training-curricula-link">\(c.t("training.curricula"))</a> \
        <a class="button secondary" href="\(SiteURL.trainingRescreening(company))" id="training-rescreening-link">\(c.t("people.rescreening"))</a>\
        \(HTML.when(canManage, " <a class=\"button primary\" href=\"\(SiteURL.newTrainingSession(company))\" id=\"new-training-session\">\(c.t("training.new_session"))</a>"))</p>
        """
    }

    // MARK: Overview

    struct OverviewModel: Sendable {
        let company: CompanyID
        let companyName: String
        let coverage: TrainingQueries.Coverage
        let sessions: [TrainingQueries.SessionRow]
        let canManage: Bool
    }

    static func sessionList(_ c: PageContext, company: CompanyID, _ sessions: [TrainingQueries.SessionRow]) -> HTML {
        sessions.isEmpty ? "<p class=\"hint\" id=\"training-no-sessions\">\(c.t("training.no_sessions"))</p>" : """
        <ul class="record-list" id="training-sessions">\(HTML.join(sessions) { s in
            """
            <li><p class="record-head"><a href="\(SiteURL.trainingSession(company, s.sessionID))">\(s.title)</a></p>
            <p class="hint">\(c.t.date(s.held_on)) · \(s.trainer) · \(c.t("training.attendee_count", ["count": c.t.number(s.attendees)]))</p>
            <p class="hint">\(s.topicList.map { c.t($0.nameKey) }.joined(separator: ", "))</p></li>
            """
        })</ul>
        """
    }

    static func overview(_ c: PageContext, _ m: OverviewModel) -> HTML {
        let chart = BarChart(title: c.t("training.coverage_chart"), bars: m.coverage.roles.map {
            .init(key: $0.role, label: $0.role, value: $0.percent, tone: $0.percent < 60 ? "overdue" : nil)
        })
        let rows = HTML.join(m.coverage.roles) { role in
            let topics = HTML.join(role.topics) { t in
                "<li>\(c.t(t.topic.nameKey)): \(c.t("training.topic_counts", ["current": c.t.number(t.current), "due": c.t.number(t.dueSoon), "overdue": c.t.number(t.overdue), "never": c.t.number(t.never)]))</li>"
            }
            return """
            <li data-role="\(role.role)"><p class="record-head">\(role.role) · <span data-percent="\(role.percent)">\(role.percent)%</span></p>
            <p class="hint">\(c.t("training.role_counts", ["current": c.t.number(role.fullyCurrent), "people": c.t.number(role.people)]))</p>
            <ul class="topic-counts">\(topics)</ul></li>
            """
        }
        let body: HTML = m.coverage.roles.isEmpty ? "<p id=\"training-no-curricula\">\(c.t("training.no_curricula"))</p>" : """
        \(ChartFigure.figure(id: "training-coverage-chart", chart))
        <ul class="record-list" id="training-coverage">\(rows)</ul>
        """
        return Layout.page(c, title: c.t("training.title"), """
        <p><a href="\(SiteURL.company(m.company))">← \(m.companyName)</a></p>
        <h1>\(c.t("training.title"))</h1>
        <p class="hint">\(c.t("training.intro"))</p>
        \(RecordsViews.link(c, company: m.company))
        \(nav(c, company: m.company, canManage: m.canManage))
        <h2>\(c.t("training.coverage"))</h2>
        <p class="hint">\(c.t("training.coverage_people", ["people": c.t.number(m.coverage.people), "without": c.t.number(m.coverage.withoutRole)]))</p>
        \(body)
        <h2>\(c.t("training.recent_sessions"))</h2>
        \(sessionList(c, company: m.company, m.sessions))
        """)
    }

    // MARK: The roster

    struct PeopleModel: Sendable {
        let company: CompanyID
        let companyName: String
        let curricula: [TrainingQueries.CurriculumRow]
        let people: [TrainingQueries.PersonRow]
        let role: UUID?
        let canManage: Bool
        var errors: [FieldError] = []
        var posted: [String: String] = [:]
    }

    static func people(_ c: PageContext, _ m: PeopleModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let roles = m.curricula.map { (value: $0.id.uuidString.lowercased(), label: $0.role) }
        let list = HTML.join(m.people) { p in
            "<li><p class=\"record-head\"><a href=\"\(SiteURL.trainingPerson(m.company, p.personID))\">\(p.name)</a></p><p class=\"hint\">\(p.role ?? c.t("training.no_role"))\(p.employee_ref.map { " · " + $0 } ?? "")\(p.site.map { " · " + $0 } ?? "")</p></li>"
        }
        let add: HTML = !m.canManage ? .empty : """
        <h2>\(c.t("training.add_person"))</h2>
        <form method="post" action="\(SiteURL.trainingPeople(m.company))" id="person-form" class="incident-form">\(c.csrfField)
        \(f.input("name", label: c.t("training.name"), value: m.posted["name"], required: true, maxLength: TrainingService.maxName))
        \(f.input("employee_ref", label: c.t("training.employee_ref"), value: m.posted["employee_ref"], maxLength: TrainingService.maxRef))
        \(f.select("curriculum_id", label: c.t("training.role"), options: roles, selected: m.posted["curriculum_id"], includeBlank: c.t("training.no_role")))
        \(f.input("site", label: c.t("training.site"), value: m.posted["site"], maxLength: TrainingService.maxName))
        \(f.input("hired_on", label: c.t("training.hired_on"), value: m.posted["hired_on"], type: "date"))
        \(f.select("sensitivity", label: c.t("people.sensitivity"), options: PositionSensitivity.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }, selected: m.posted["sensitivity"]))
        \(f.select("employment_kind", label: c.t("people.kind"), options: EmploymentKind.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }, selected: m.posted["employment_kind"]))
        \(contactFields(c, f, email: m.posted["email"], language: m.posted["language"]))
        <button type="submit" class="primary">\(c.t("training.add_person"))</button></form>
        """
        let filter = HTML.join([(value: "", label: c.t("incidents.filter_all"))] + roles) { option in
            let selected = option.value == (m.role?.uuidString.lowercased() ?? "")
            return selected ? "<strong>\(option.label)</strong> " : "<a href=\"\(SiteURL.trainingPeople(m.company))\(option.value.isEmpty ? "" : "?role=" + option.value)\">\(option.label)</a> "
        }
        return Layout.page(c, title: c.t("training.people"), """
        <p><a href="\(SiteURL.training(m.company))">← \(c.t("training.title"))</a></p>
        <h1>\(c.t("training.people"))</h1>
        <p class="hint">\(c.t("training.people_intro"))</p>
        \(f.errorSummary())\(errors(c, m.errors))
        <p id="training-role-filter">\(filter)</p>
        \(m.people.isEmpty ? "<p id=\"training-no-people\">\(c.t("training.no_people"))</p>" as HTML : "<ul class=\"record-list\" id=\"training-people\">\(list)</ul>")
        \(add)
        """)
    }

    struct PersonModel: Sendable {
        let company: CompanyID
        let person: TrainingQueries.PersonRow
        /// The incidents that name the person; nil for a reader who may not see the register.
        var incidents: [IncidentQueries.PersonIncidentRow]? = nil
        let standings: [(Curriculum.Requirement, TrainingStanding)]
        let sessions: [TrainingQueries.PersonSessionRow]
        let steps: [TrainingQueries.StepRow]
        let canManage: Bool
        let today: ProgramDay
        var errors: [FieldError] = []
        var posted: [String: String] = [:]
    }

    /// The hiring and separation checklists (MSC 11.1, 11.2, 11.5, 12.1; 10.1, 4.7) and when the
    /// background screening is due again by the position's sensitivity.
    static func checklists(_ c: PageContext, _ m: PersonModel) -> HTML {
        let p = m.person
        let done = Dictionary(m.steps.map { ($0.step, $0) }, uniquingKeysWith: { a, _ in a })
        func list(_ steps: [PersonnelStep], id: String) -> HTML {
            let items = HTML.join(steps) { step -> HTML in
                let row = done[step.rawValue]
                let state: HTML = row.map { "<span class=\"tag standing-current\">\(c.t.date($0.done_on))</span>\($0.result.map { " " + c.t("people.result.\($0)") } ?? "")" }
                    ?? "<span class=\"tag standing-never\">\(c.t("people.not_done"))</span>"
                return "<li data-step=\"\(step.rawValue)\" data-done=\"\(row != nil)\">\(c.t(step.nameKey)) <small>(\(step.criterion))</small> \(state)</li>"
            }
            return "<ul class=\"checklist\" id=\"\(id)\">\(items)</ul>"
        }
        let lastCleared = done[PersonnelStep.backgroundCheck.rawValue].flatMap { $0.result == ScreeningResult.cleared.rawValue ? ProgramDay($0.done_on) : nil }
        let due = p.positionSensitivity.rescreenDue(lastCleared: lastCleared)
        let rescreen: HTML = p.positionSensitivity.rescreenMonths == nil ? "<p class=\"hint\">\(c.t("people.rescreen_none"))</p>"
            : due.map { due in "<p id=\"rescreen-due\"\(HTML.when(due < m.today, " class=\"warn\""))>\(c.t(due < m.today ? "people.rescreen_overdue" : "people.rescreen_due", ["day": c.t.date(due.startDate())]))</p>" }
            ?? "<p id=\"rescreen-due\" class=\"warn\">\(c.t("people.rescreen_missing"))</p>"
        let separated = p.separated_on != nil
        let choices = (separated ? PersonnelStep.allCases : PersonnelStep.hiring).map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        let f = FormFields(c, errors: m.errors, idPrefix: "step-")
        let form: HTML = !m.canManage ? .empty : """
        <details id="record-step"\(HTML.when(m.errors.contains { ["step", "done_on", "result"].contains($0.field) }, " open"))><summary>\(c.t("people.record_step"))</summary>
        <form method="post" action="\(SiteURL.trainingPerson(m.company, p.personID))/steps" id="step-form">\(c.csrfField)
        \(f.select("step", label: c.t("people.step"), options: choices, selected: m.posted["step"]))
        \(f.input("done_on", label: c.t("people.done_on"), value: m.posted["done_on"], type: "date", hint: c.t("people.done_on_hint")))
        \(f.select("result", label: c.t("people.result"), options: ScreeningResult.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }, selected: m.posted["result"],
                   includeBlank: c.t("people.result_blank")))
        <button type="submit">\(c.t("people.record_step"))</button></form></details>
        """
        return """
        <section id="person-checklists"><h2>\(c.t("people.hiring"))</h2>
        <p class="hint">\(c.t("people.privacy"))</p>
        <p>\(c.t(p.positionSensitivity.nameKey)) · \(c.t("people.kind.\(p.employment_kind)"))</p>
        \(list(PersonnelStep.hiring, id: "hiring-steps"))
        \(rescreen)
        \(separated ? "<h2>\(c.t("people.separation"))</h2>\(list(PersonnelStep.separation, id: "separation-steps"))" as HTML : .empty)
        \(form)</section>
        """
    }

    /// The incidents that name the person (for readers of the register only).
    static func incidentList(_ c: PageContext, _ m: PersonModel) -> HTML {
        guard let incidents = m.incidents else { return .empty }
        let items = HTML.join(incidents) { i in
            "<li data-incident=\"\(i.reference)\"><a href=\"\(SiteURL.incident(m.company, i.incidentID))\">\(i.reference) · \(i.title)</a> \(IncidentViews.statusTag(c, i.status)) <small>\(c.t.dateTime(i.discovered_at))</small></li>"
        }
        return """
        <section id="person-incidents"><h2>\(c.t("incidents.person_incidents"))</h2>
        \(incidents.isEmpty ? "<p class=\"hint\">\(c.t("incidents.person_no_incidents"))</p>" as HTML : "<ul class=\"record-list\" id=\"person-incident-list\">\(items)</ul>")</section>
        """
    }

    /// Where a person's own reminders go: an address (optional) and its language.
    static func contactFields(_ c: PageContext, _ f: FormFields, email: String?, language: String?) -> HTML {
        """
        \(f.input("email", label: c.t("training.reminder_email"), value: email, type: "email", autocomplete: "off", hint: c.t("training.reminder_email_hint")))
        \(f.select("language", label: c.t("training.reminder_language"), options: Language.allCases.map { (value: $0.rawValue, label: $0.nativeName) },
                   selected: language ?? Language.english.rawValue))
        """
    }

    static func person(_ c: PageContext, _ m: PersonModel) -> HTML {
        let p = m.person
        let contact: HTML = !m.canManage ? .empty : """
        <details id="person-contact"\(HTML.when(m.errors.contains { $0.field == "email" || $0.field == "language" }, " open"))><summary>\(c.t("training.reminder_contact"))</summary>
        <form method="post" action="\(SiteURL.trainingPerson(m.company, p.personID))/contact" id="person-contact-form" class="incident-form">\(c.csrfField)
        \(contactFields(c, FormFields(c, errors: m.errors, idPrefix: "contact-"), email: m.posted["email"] ?? p.email, language: m.posted["language"] ?? p.language))
        <button type="submit">\(c.t("training.save_contact"))</button></form></details>
        """
        let standings = HTML.join(m.standings) { requirement, standing in
            "<li data-topic=\"\(requirement.topic.rawValue)\">\(c.t(requirement.topic.nameKey)) \(standingTag(c, standing)) <small>\(c.t("training.every_months", ["months": String(requirement.months)]))</small></li>"
        }
        let sessions = HTML.join(m.sessions) { s in
            "<li><a href=\"\(SiteURL.trainingSession(m.company, TrainingSessionID(s.id)))\">\(s.title)</a> · \(c.t.date(s.held_on))\(s.score.map { " · \($0)%" } ?? "")\(HTML.when(!s.passed, " <span class=\"tag standing-overdue\">\(c.t("training.not_passed"))</span>"))</li>"
        }
        let separate: HTML = (!m.canManage || p.separated_on != nil) ? .empty : """
        <details id="separate"><summary>\(c.t("training.separate"))</summary>
        <form method="post" action="\(SiteURL.trainingPerson(m.company, p.personID))/separate">\(c.csrfField)
        \(FormFields(c, errors: m.errors).input("separated_on", label: c.t("training.separated_on"), type: "date"))
        <button type="submit">\(c.t("training.separate"))</button></form></details>
        """
        return Layout.page(c, title: p.name, """
        <p><a href="\(SiteURL.trainingPeople(m.company))">← \(c.t("training.people"))</a></p>
        <h1>\(p.name)</h1>
        \(errors(c, m.errors))
        <dl class="facts"><dt>\(c.t("training.role"))</dt><dd>\(p.role ?? c.t("training.no_role"))</dd>
        <dt>\(c.t("training.employee_ref"))</dt><dd>\(p.employee_ref ?? "—")</dd><dt>\(c.t("training.site"))</dt><dd>\(p.site ?? "—")</dd>
        <dt>\(c.t("training.hired_on"))</dt><dd>\(p.hired_on.map { c.t.date($0) } ?? "—")</dd>
        \(p.separated_on.map { "<dt>\(c.t("training.separated_on"))</dt><dd id=\"separated\">\(c.t.date($0))</dd>" as HTML })
        \(HTML.when(m.canManage, "<dt>\(c.t("training.reminder_email"))</dt><dd id=\"person-email\">\(p.email ?? c.t("training.no_reminder_email"))</dd>"))</dl>
        <h2>\(c.t("training.standing_title"))</h2>
        \(m.standings.isEmpty ? "<p class=\"hint\">\(c.t("training.no_curriculum_for_person"))</p>" as HTML : "<ul id=\"person-standings\">\(standings)</ul>")
        <h2>\(c.t("training.sessions_attended"))</h2>
        \(m.sessions.isEmpty ? "<p class=\"hint\">\(c.t("training.none_attended"))</p>" as HTML : "<ul id=\"person-sessions\">\(sessions)</ul>")
        \(checklists(c, m))
        \(incidentList(c, m))
        \(contact)
        \(separate)
        """)
    }

    // MARK: Re-screening

    struct RescreeningModel: Sendable {
        let company: CompanyID
        let companyName: String
        let schedule: TrainingQueries.Rescreening
        let filter: RescreeningStatus?
        var errors: [FieldError] = []
    }

    /// The company-wide schedule of background re-screening (MSC 11.2): who has no cleared check,
    /// who is overdue, due within the window or current, with the days; a filter by status.
    static func rescreening(_ c: PageContext, _ m: RescreeningModel) -> HTML {
        let shown = m.schedule.entries.filter { m.filter == nil || $0.entry.status == m.filter }
        let base = SiteURL.trainingRescreening(m.company)
        let filters = HTML.join([nil] + RescreeningStatus.allCases.map { Optional($0) }) { status -> HTML in
            let label = status.map { c.t($0.nameKey) } ?? c.t("people.rescreen_all")
            let count = status.map { m.schedule.counts[$0] ?? 0 } ?? m.schedule.entries.count
            let href = status.map { base + "?status=" + $0.rawValue } ?? base
            return "<a href=\"\(href)\" data-filter=\"\(status?.rawValue ?? "all")\"\(HTML.when(status == m.filter, " aria-current=\"page\""))>\(label) (\(c.t.number(count)))</a>"
        }
        let rows = HTML.join(shown) { row, entry in
            """
            <tr data-person="\(row.personID.description)" data-status="\(entry.status.rawValue)"><td><a href="\(SiteURL.trainingPerson(m.company, row.personID))">\(row.name)</a>\
            \(row.employee_ref.map { " <small>\($0)</small>" as HTML })</td><td>\(row.role ?? "—")</td><td>\(c.t("people.kind.\(row.employment_kind)"))</td>\
            <td>\(entry.lastCleared.map { c.t.date($0.startDate()) } ?? "—")</td><td>\(entry.due.map { c.t.date($0.startDate()) } ?? c.t("people.rescreen_now"))</td>\
            <td><span class="tag standing-\(entry.status.tagKey)">\(c.t(entry.status.nameKey))</span></td></tr>
            """
        }
        let months = RescreeningSchedule.periodicSensitivities.compactMap { s in s.rescreenMonths.map { "\(c.t(s.nameKey)): \(c.t("training.every_months", ["months": String($0)]))" } }
        return Layout.page(c, title: c.t("people.rescreening"), """
        <p><a href="\(SiteURL.training(m.company))">← \(c.t("training.title"))</a></p>
        <h1>\(c.t("people.rescreening"))</h1>
        \(errors(c, m.errors))
        <p class="hint" id="rescreening-basis">\(c.t("people.rescreening_basis", ["intervals": months.joined(separator: "; "), "days": String(RescreeningSchedule.warningDays)]))</p>
        <p class="hint" id="rescreening-reminders">\(c.t("people.rescreening_reminders", ["days": String(RescreeningSchedule.warningDays)]))</p>
        <nav class="filter-tabs" id="rescreening-filters" aria-label="\(c.t("people.rescreen_status"))">\(filters)</nav>
        \(HTML.when(m.schedule.truncated, "<p class=\"hint\">\(c.t("people.rescreening_truncated", ["count": c.t.number(TrainingQueries.rescreeningLimit)]))</p>"))
        \(shown.isEmpty ? "<p class=\"hint\" id=\"rescreening-empty\">\(c.t("people.rescreening_none"))</p>" as HTML : """
        <div class="table-scroll"><table id="rescreening-list"><thead><tr><th>\(c.t("training.name"))</th><th>\(c.t("training.role"))</th><th>\(c.t("people.kind"))</th>\
        <th>\(c.t("people.last_cleared"))</th><th>\(c.t("people.rescreen_due_on"))</th><th>\(c.t("people.rescreen_status"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """)
        """)
    }

    // MARK: Curricula

    struct CurriculaModel: Sendable {
        let company: CompanyID
        let companyName: String
        let curricula: [TrainingQueries.CurriculumRow]
        let canManage: Bool
        var errors: [FieldError] = []
        var posted: [String: String] = [:]
    }

    static func curricula(_ c: PageContext, _ m: CurriculaModel) -> HTML {
        let f = FormFields(c, errors: m.errors)
        let list = HTML.join(m.curricula) { row in
            "<li data-role=\"\(row.role)\"><p class=\"record-head\">\(row.role)</p><ul>\(HTML.join(row.parsed) { "<li>\(c.t($0.topic.nameKey)) · \(c.t("training.every_months", ["months": String($0.months)]))</li>" })</ul></li>"
        }
        let topics = HTML.join(TrainingTopic.allCases) { topic in
            """
            <div class="topic-choice"><label class="check"><input type="checkbox" name="topic" value="\(topic.rawValue)"> \(c.t(topic.nameKey)) <small>(\(topic.criteria.joined(separator: ", "))\(topic.unverified ? "; " + c.t("training.unverified") : ""))</small></label>
            <label>\(c.t("training.months")) <input type="number" name="months.\(topic.rawValue)" min="1" max="60" inputmode="numeric" value="\(m.posted["months." + topic.rawValue] ?? "12")"></label></div>
            """
        }
        let form: HTML = !m.canManage ? .empty : """
        <h2>\(c.t("training.save_curriculum"))</h2>
        <p class="hint">\(c.t("training.curriculum_hint"))</p>
        <form method="post" action="\(SiteURL.trainingCurricula(m.company))" id="curriculum-form" class="incident-form">\(c.csrfField)
        \(f.input("role", label: c.t("training.role"), value: m.posted["role"], required: true, maxLength: Curriculum.maxRole, hint: c.t("training.role_hint")))
        <fieldset class="field"><legend>\(c.t("training.topics"))</legend>\(topics)\(f.error("topics"))\(f.error("months"))</fieldset>
        <button type="submit" class="primary">\(c.t("training.save_curriculum"))</button></form>
        """
        return Layout.page(c, title: c.t("training.curricula"), """
        <p><a href="\(SiteURL.training(m.company))">← \(c.t("training.title"))</a></p>
        <h1>\(c.t("training.curricula"))</h1>
        \(f.errorSummary())\(errors(c, m.errors))
        \(m.curricula.isEmpty ? "<p>\(c.t("training.no_curricula"))</p>" as HTML : "<ul class=\"record-list\" id=\"training-curricula\">\(list)</ul>")
        \(form)
        """)
    }

    // MARK: Sessions

    static func sessionForm(_ c: PageContext, company: CompanyID, posted: [String: String], topics: [String], errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        let options = TrainingTopic.allCases.map { (value: $0.rawValue, label: c.t($0.nameKey)) }
        return Layout.page(c, title: c.t("training.new_session"), """
        <p><a href="\(SiteURL.training(company))">← \(c.t("training.title"))</a></p>
        <h1>\(c.t("training.new_session"))</h1>
        \(f.errorSummary())\(Self.errors(c, errors))
        <form method="post" action="\(SiteURL.trainingSessions(company))" id="session-form" class="incident-form">\(c.csrfField)
        \(f.input("title", label: c.t("training.session_title"), value: posted["title"], required: true, maxLength: TrainingService.maxTitle))
        \(f.checkboxes("topic", legend: c.t("training.topics"), options: options, checked: Set(topics)))
        \(f.error("topics"))
        \(f.input("held_on", label: c.t("training.held_on"), value: posted["held_on"], type: "date", required: true))
        \(f.input("trainer", label: c.t("training.trainer"), value: posted["trainer"], required: true, maxLength: TrainingService.maxName))
        \(f.input("site", label: c.t("training.site"), value: posted["site"], maxLength: TrainingService.maxName))
        \(f.input("minutes", label: c.t("training.minutes"), value: posted["minutes"] ?? "60", type: "number"))
        \(f.textarea("quiz", label: c.t("training.quiz"), value: posted["quiz"], rows: 4, hint: c.t("training.quiz_hint")))
        \(f.error("questions"))
        \(f.input("pass_mark", label: c.t("training.pass_mark"), value: posted["pass_mark"] ?? "80", type: "number"))
        \(f.textarea("notes", label: c.t("training.notes"), value: posted["notes"], rows: 2))
        <button type="submit" class="primary big">\(c.t("training.record_session"))</button></form>
        """)
    }

    struct SessionModel: Sendable {
        let company: CompanyID
        let companyName: String
        let session: TrainingQueries.SessionRow
        let attendance: [TrainingQueries.AttendanceRow]
        let roster: [TrainingQueries.PersonRow]
        let canManage: Bool
        let today: ProgramDay
        /// The signed roster and the materials.
        var files: [RecordFiles.Row] = []
        var filePolicy: EvidencePolicy = .default
        /// The supervisors may remove files (`removeRecordFiles`), unless the training records are under a legal hold.
        var canRemoveFiles = false
        var filesOnHold = false
        var errors: [FieldError] = []
        var posted: [String: String] = [:]
    }

    /// The signed attendance roster and the session's materials, downloaded by everyone who reads
    /// the training records; those who keep them upload more (the roster once the session is held).
    static func sessionFiles(_ c: PageContext, _ m: SessionModel) -> HTML {
        let s = m.session
        let url = { (id: UUID) in SiteURL.trainingSessionFile(m.company, s.sessionID, id) }
        let remove: ((UUID) -> String)? = m.canRemoveFiles && !m.filesOnHold ? { SiteURL.trainingSessionFile(m.company, s.sessionID, $0) + "/remove" } : nil
        func block(_ purpose: RecordFiles.Purpose, title: String, empty: String, label: String, button: String, open: Bool) -> HTML {
            let files = m.files.filter { $0.purpose == purpose.rawValue }
            let mine = m.posted["purpose"] == purpose.rawValue
            let form: HTML = (!m.canManage || !open || files.count >= RecordFiles.maxPerRecord) ? .empty
                : RecordFilesViews.form(c, action: SiteURL.trainingSession(m.company, s.sessionID) + "/files", id: "\(purpose.rawValue)-form", label: label,
                                        button: button, policy: m.filePolicy, errors: mine ? m.errors : [],
                                        extra: "<input type=\"hidden\" name=\"purpose\" value=\"\(purpose.rawValue)\">")
            return """
            <h3>\(title)</h3>
            \(files.isEmpty ? "<p class=\"hint\">\(empty)</p>" as HTML : RecordFilesViews.list(c, files, id: "session-\(purpose.rawValue)-list", remove: remove, url: url))
            \(form)
            """
        }
        let held = ProgramDay(s.held_on) <= m.today
        return """
        <section id="session-files"><h2>\(c.t("training.files"))</h2>
        \(RecordFilesViews.holdNote(c, show: m.canRemoveFiles && m.filesOnHold && !m.files.isEmpty))
        \(block(.roster, title: c.t("training.signed_roster"), empty: c.t(held ? "training.no_signed_roster" : "training.roster_after_session"),
                label: c.t("training.signed_roster_file"), button: c.t("training.upload_roster"), open: held))
        \(block(.material, title: c.t("training.materials"), empty: c.t("training.no_materials"), label: c.t("training.materials_file"),
                button: c.t("training.upload_materials"), open: true))
        </section>
        """
    }

    static func session(_ c: PageContext, _ m: SessionModel) -> HTML {
        let s = m.session
        let quiz = s.parsedQuiz
        let attended = HTML.join(m.attendance) { a in
            "<li data-person=\"\(a.person_id.uuidString.lowercased())\" data-passed=\"\(a.passed)\">\(a.name)\(a.score.map { " · \($0)%" } ?? "")\(HTML.when(!a.passed, " <span class=\"tag standing-overdue\">\(c.t("training.not_passed"))</span>"))</li>"
        }
        let recorded = Set(m.attendance.map(\.person_id))
        let scores = Dictionary(m.attendance.map { ($0.person_id, $0.score) }, uniquingKeysWith: { a, _ in a })
        let tick: HTML = (!m.canManage || ProgramDay(s.held_on) > m.today || m.roster.isEmpty) ? .empty : """
        <h2>\(c.t("training.tick_attendance"))</h2>
        <form method="post" action="\(SiteURL.trainingSession(m.company, s.sessionID))/attendance" id="attendance-form">\(c.csrfField)
        <ul class="tick-list">\(HTML.join(m.roster) { p in
            let id = p.id.uuidString.lowercased()
            let score: HTML = quiz == nil ? .empty
                : " <label class=\"score\">\(c.t("training.score")) <input type=\"number\" name=\"score.\(id)\" min=\"0\" max=\"100\" inputmode=\"numeric\" value=\"\(m.posted["score." + id] ?? scores[p.id]??.description ?? "")\"></label>"
            return "<li><label class=\"check\"><input type=\"checkbox\" name=\"person\" value=\"\(id)\"\(HTML.when(recorded.contains(p.id), " checked"))> \(p.name)</label>\(score)</li>"
        })</ul>
        <button type="submit" class="primary big">\(c.t("training.record_attendance"))</button></form>
        """
        let quizBlock: HTML = quiz.map { q in
            "<p>\(c.t("training.quiz_summary", ["count": String(q.questions.count), "mark": String(q.passMark)]))</p><ol class=\"quiz\">\(HTML.join(q.questions) { "<li>\($0.text)</li>" })</ol>"
        } ?? "<p class=\"hint\">\(c.t("training.no_quiz"))</p>"
        return Layout.page(c, title: s.title, """
        <p><a href="\(SiteURL.training(m.company))">← \(c.t("training.title"))</a></p>
        <h1>\(s.title)</h1>
        \(errors(c, m.errors))
        <dl class="facts"><dt>\(c.t("training.held_on"))</dt><dd>\(c.t.date(s.held_on))</dd><dt>\(c.t("training.trainer"))</dt><dd>\(s.trainer)</dd>
        <dt>\(c.t("training.site"))</dt><dd>\(s.site ?? "—")</dd><dt>\(c.t("training.minutes"))</dt><dd>\(c.t.number(s.minutes))</dd>
        <dt>\(c.t("training.topics"))</dt><dd>\(s.topicList.map { c.t($0.nameKey) }.joined(separator: ", "))</dd>
        <dt>\(c.t("incidents.criteria"))</dt><dd>\(Array(Set(s.topicList.flatMap(\.criteria))).sorted().joined(separator: ", "))</dd></dl>
        \(quizBlock)
        <p><a class="button secondary" id="attendance-sheet-link" href="\(SiteURL.trainingSession(m.company, s.sessionID))/sheet">\(c.t("training.sheet"))</a></p>
        <section id="attendance"><h2>\(c.t("training.attendance"))</h2>
        \(m.attendance.isEmpty ? "<p class=\"hint\">\(c.t("training.no_attendance"))</p>" as HTML : "<ul id=\"attendance-list\">\(attended)</ul>")</section>
        \(tick)
        \(sessionFiles(c, m))
        """)
    }

    /// The attendance sheet to print and sign at a site without devices; the signed sheet is
    /// kept as evidence and the ticks entered afterwards.
    static func sheet(_ c: PageContext, _ m: SessionModel) -> HTML {
        let s = m.session
        let rows = HTML.join(m.roster) { "<tr><td>\($0.name)</td><td>\($0.employee_ref ?? "")</td><td class=\"signature\"></td>\(HTML.when(s.quiz != nil, "<td></td>"))</tr>" }
        let blanks = HTML.join(0..<5) { _ in "<tr><td class=\"signature\"></td><td></td><td></td>\(HTML.when(s.quiz != nil, "<td></td>"))</tr>" }
        return Layout.page(c, title: c.t("training.sheet"), """
        <p class="no-print"><a href="\(SiteURL.trainingSession(m.company, s.sessionID))">← \(s.title)</a></p>
        <article class="printable" id="attendance-sheet">
        <h1>\(c.t("training.sheet"))</h1>
        <p>\(m.companyName) · \(s.title) · \(c.t.date(s.held_on)) · \(s.trainer)\(s.site.map { " · " + $0 } ?? "")</p>
        <p>\(c.t("training.topics")): \(s.topicList.map { c.t($0.nameKey) }.joined(separator: ", "))</p>
        <div class="table-scroll"><table><thead><tr><th>\(c.t("training.name"))</th><th>\(c.t("training.employee_ref"))</th><th>\(c.t("training.signature"))</th>\(HTML.when(s.quiz != nil, "<th>\(c.t("training.score"))</th>"))</tr></thead>
        <tbody>\(rows)\(blanks)</tbody></table></div>
        </article>
        """)
    }
}
