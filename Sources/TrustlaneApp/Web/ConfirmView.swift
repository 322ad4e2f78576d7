import TrustlaneCore

/// The second step of an action that cannot be undone: what it is, to whom, what follows, one
/// button that does it (posting `confirm=yes` with the first step's fields) and the way back.
enum ConfirmView {
    static func page(_ c: PageContext, title: String, detail: String, hint: String, action: String,
                     fields: [(name: String, value: String)], confirmLabel: String, cancel: String) -> HTML {
        let hidden = HTML.join(fields) { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\($0.value)\">" }
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        <p>\(detail)</p>
        <p>\(hint)</p>
        <form method="post" action="\(action)" id="confirm-form" class="actions">\(c.csrfField)\(hidden)
        <input type="hidden" name="confirm" value="yes">
        <button type="submit" class="danger">\(confirmLabel)</button>
        <a class="button secondary" href="\(cancel)">\(c.t("form.cancel"))</a></form>
        """)
    }
}
