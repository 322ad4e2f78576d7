import TrustlaneCore
import Vapor

/// The page for 4xx and 5xx answers: the status, a message, and the way home. No stack traces.
enum ErrorView {
    static func render(_ c: PageContext, status: HTTPResponseStatus, message: String, fields: [FieldError]?) -> HTML {
        let list: HTML = fields.map { fields in
            "<ul class=\"error-list\">\(HTML.join(fields) { "<li>\(c.t($0.messageKey, $0.arguments))</li>" })</ul>" as HTML
        } ?? .empty
        let key = "error.title.\(status.code)"
        let title = "\(status.code) · \(c.t.has(key) ? c.t(key) : status.reasonPhrase)"
        return Layout.page(c, title: title, """
        <h1>\(title)</h1>
        <p class="flash flash-error" role="alert">\(message)</p>
        \(list)
        <p><a href="\(SiteURL.home)">\(c.t("error.go_home"))</a></p>
        """)
    }
}
