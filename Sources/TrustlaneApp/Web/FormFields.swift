import TrustlaneCore

/// Form controls with their labels and the errors that belong to them.
struct FormFields {
    let c: PageContext
    let errors: [FieldError]
    /// Put before every id (not before names): a page with several forms that share field names
    /// (`body`, `internal_note`) gives each form its own prefix, so every id on the page is unique
    /// and each label focuses its own field.
    let idPrefix: String

    init(_ c: PageContext, errors: [FieldError] = [], idPrefix: String = "") {
        self.c = c
        self.errors = errors
        self.idPrefix = idPrefix
    }

    func error(_ field: String) -> HTML {
        guard let error = errors.first(where: { $0.field == field }) else { return .empty }
        return "<p class=\"field-error\" data-field=\"\(field)\" id=\"\(idPrefix)\(field)-error\">\(c.t(error.messageKey, error.arguments))</p>"
    }

    private func describedBy(_ field: String) -> HTML {
        errors.contains { $0.field == field } ? " aria-invalid=\"true\" aria-describedby=\"\(idPrefix)\(field)-error\"" : .empty
    }

    func input(_ name: String, label: String, value: String? = nil, type: String = "text", required: Bool = false,
               autocomplete: String? = nil, maxLength: Int? = nil, hint: String? = nil) -> HTML {
        let extra: HTML = """
        \(HTML.when(required, " required"))\(autocomplete.map { " autocomplete=\"\($0)\"" as HTML })\(maxLength.map { " maxlength=\"\($0)\"" as HTML })
        """
        return """
        <div class="field"><label for="\(idPrefix)\(name)">\(label)</label>
        <input id="\(idPrefix)\(name)" name="\(name)" type="\(type)" value="\(value ?? "")"\(extra)\(describedBy(name))>
        \(hint.map { "<p class=\"hint\">\($0)</p>" as HTML })\(error(name))</div>
        """
    }

    func textarea(_ name: String, label: String, value: String? = nil, rows: Int = 3, hint: String? = nil) -> HTML {
        """
        <div class="field"><label for="\(idPrefix)\(name)">\(label)</label>
        <textarea id="\(idPrefix)\(name)" name="\(name)" rows="\(rows)"\(describedBy(name))>\(value ?? "")</textarea>
        \(hint.map { "<p class=\"hint\">\($0)</p>" as HTML })\(error(name))</div>
        """
    }

    func select(_ name: String, label: String, options: [(value: String, label: String)], selected: String?,
                includeBlank: String? = nil) -> HTML {
        let blank: HTML = includeBlank.map { "<option value=\"\">\($0)</option>" } ?? .empty
        let items = HTML.join(options) { option in
            "<option value=\"\(option.value)\"\(HTML.when(option.value == selected, " selected"))>\(option.label)</option>"
        }
        return """
        <div class="field"><label for="\(idPrefix)\(name)">\(label)</label>
        <select id="\(idPrefix)\(name)" name="\(name)"\(describedBy(name))>\(blank)\(items)</select>\(error(name))</div>
        """
    }

    func checkboxes(_ name: String, legend: String, options: [(value: String, label: String)], checked: Set<String>) -> HTML {
        let items = HTML.join(options) { option in
            """
            <label class="check"><input type="checkbox" name="\(name)" value="\(option.value)"\(HTML.when(checked.contains(option.value), " checked"))> \(option.label)</label>
            """
        }
        return "<fieldset class=\"field\"><legend>\(legend)</legend><div class=\"checks\">\(items)</div>\(error(name))</fieldset>"
    }

    func errorSummary() -> HTML {
        guard !errors.isEmpty else { return .empty }
        return "<div class=\"flash flash-error\" role=\"alert\">\(c.t("form.has_errors", ["count": c.t.number(errors.count)]))</div>"
    }
}
