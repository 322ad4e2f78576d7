import Testing
@testable import TrustlaneApp

@Suite struct HTMLEscaping {
    @Test func interpolatedTextIsEscaped() {
        let name = "<script>alert('x')</script> & \"quotes\""
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(html.rendered == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>")
    }

    @Test func nestedHTMLIsInsertedUnchanged() {
        let inner: HTML = "<b>\("a<b")</b>"
        let outer: HTML = "<div>\(inner)</div>"
        #expect(outer.rendered == "<div><b>a&lt;b</b></div>")
    }

    @Test func textAndAttributeEscapes() {
        #expect(HTML.escapeText("a < b & c > d") == "a &lt; b &amp; c &gt; d")
        #expect(HTML.escapeAttribute("x\" onmouseover=\"evil' y") == "x&quot; onmouseover=&quot;evil&#39; y")
        #expect(HTML.escapeText("plain ünïcode 🚚") == "plain ünïcode 🚚")
    }
}
