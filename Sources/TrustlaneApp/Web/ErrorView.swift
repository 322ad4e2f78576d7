import TrustlaneCore
import Vapor

/// The page for 4xx and 5xx answers: the status, a message, and the way home. No stack traces.
enum ErrorView {
    static func render(_ c: PageContext, status: HTTPResponseStatus, message: String, fields: [FieldError]?,
                       kept: [(name: String, value: String)] = [], back: String? = nil) -> HTML {
        let list: HTML = fields.map { fields in
            "<ul class=\"error-list\">\(HTML.join(fields) { "<li>\(c.t($0.messageKey, $0.arguments))</li>" })</ul>" as HTML
        } ?? .empty
        let key = "error.title.\(status.code)"
        let title = "\(status.code) · \(c.t.has(key) ? c.t(key) : status.reasonPhrase)"
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        <p class="flash flash-error" role="alert">\(message)</p>
        \(list)
        \(keptSection(c, kept))
        <p class="actions">\(back.map { "<a class=\"button\" id=\"error-back\" href=\"\($0)\">\(c.t("error.back_to_form"))</a>" as HTML })
        <a href="\(SiteURL.home)">\(c.t("error.go_home"))</a></p>
        """)
    }

    /// What the refused form carried, so nothing typed is lost: read-only, to copy back.
    static func keptSection(_ c: PageContext, _ kept: [(name: String, value: String)]) -> HTML {
        guard !kept.isEmpty else { return .empty }
        let fields = HTML.join(kept.enumerated()) { index, field in
            """
            <div class="field"><label for="kept-\(index)">\(field.name)</label>
            <textarea id="kept-\(index)" readonly rows="\(min(8, max(1, field.value.count / 60 + 1)))">\(field.value)</textarea></div>
            """
        }
        return "<section id=\"kept-input\"><h2>\(c.t("error.kept_title"))</h2><p class=\"hint\">\(c.t("error.kept_hint"))</p>\(fields)</section>"
    }

    /// The fields of a posted web form worth keeping: what a person typed, without the CSRF token,
    /// passwords or bookkeeping fields.
    static func keptInput(_ request: Request) -> [(name: String, value: String)] {
        guard request.method == .POST, request.headers.contentType == .urlEncodedForm, let body = request.body.string else { return [] }
        // `_csrf` and other underscored fields are left out by their prefix.
        let hidden: Set<String> = ["version", "kind", "role", "granted", "confirm", "key", "client_key"]
        func decode(_ text: Substring) -> String {
            String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
        }
        var kept: [(name: String, value: String)] = []
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            guard !hidden.contains(name), !name.lowercased().contains("password"), !name.hasPrefix("_"),
                  !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            kept.append((name, value))
            if kept.count == 60 { break }
        }
        return kept
    }

    /// The form's own page, when the browser said where it came from and that is this site.
    static func back(_ request: Request) -> String? {
        guard request.method == .POST, let referer = request.headers.first(name: .referer), let url = URL(string: referer),
              let host = request.headers.first(name: .host), url.host.map({ host == $0 || host.hasPrefix($0 + ":") }) == true,
              url.path.hasPrefix("/") else { return nil }
        return url.path + (url.query.map { "?\($0)" } ?? "")
    }
}
