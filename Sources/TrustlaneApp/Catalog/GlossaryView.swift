import TrustlaneCore
import Vapor

/// The glossary of CTPAT terms (public, linked from every page's footer), and the `<abbr>`
/// marking of its abbreviations in catalog text.
enum GlossaryView {
    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "glossary", action: .browseCatalog) { req async throws -> HTML in
            page(PageContext(req))
        }
    }

    static func page(_ c: PageContext) -> HTML {
        let items = HTML.join(Glossary.entries) { entry in
            "<dt id=\"\(entry.id)\">\(c.t(entry.termKey))</dt><dd>\(c.t(entry.definitionKey))</dd>"
        }
        return Layout.page(c, title: c.t("glossary.title"), """
        <h1>\(c.t("glossary.title"))</h1>
        <p>\(c.t("glossary.intro"))</p>
        <dl class="glossary">\(items)</dl>
        """)
    }

    /// `text` with every glossary abbreviation wrapped as `<abbr title="its meaning">`, linked
    /// to its entry; English fallback text keeps its `lang="en"` mark.
    static func marked(_ c: PageContext, _ worded: Worded) -> HTML {
        var out = ""
        for part in Glossary.parts(of: worded.text) {
            switch part {
            case .text(let text):
                out += HTML.escapeText(text)
            case .abbreviation(let abbreviation, let entry):
                out += "<a class=\"glossed\" href=\"\(SiteURL.glossary)#\(entry.id)\"><abbr title=\"\(HTML.escapeAttribute(c.t(entry.termKey)))\">\(abbreviation)</abbr></a>"
            }
        }
        return HTML(unsafeRaw: worded.isFallback ? "<span lang=\"en\">\(out)</span>" : out)
    }
}
