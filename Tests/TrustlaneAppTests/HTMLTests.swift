import Testing
@testable import TrustlaneApp

@Suite struct HTMLEscaping {
    @Test func interpolatedTextIsEscaped() {
        let name = "<script>alert('x')</script> & \"quotes\""
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(html.rendered == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>")
    }

    /// Issue 13: cells labelled by column, counted afresh on each row; labels escaped; extra
    /// cells left unlabelled; other tags (`<th>`, `<tbody>`, `<a>`) untouched.
    @Test func cellsAreLabelledByTheirColumn() {
        let rows: HTML = "<tr class=\"x\"><td>1</td><td><a href=\"/a\">A</a></td><td>extra</td></tr><tr><td>2</td><td>B</td></tr>"
        let labelled = rows.labellingCells(["No.", "Name \"quoted\""])
        #expect(labelled.rendered == "<tr class=\"x\"><td data-label=\"No.\">1</td><td data-label=\"Name &quot;quoted&quot;\"><a href=\"/a\">A</a></td><td>extra</td></tr>"
                + "<tr><td data-label=\"No.\">2</td><td data-label=\"Name &quot;quoted&quot;\">B</td></tr>")
        let head: HTML = "<thead><tr><th>x</th></tr></thead><tbody></tbody>"
        #expect(head.labellingCells(["a"]).rendered == head.rendered)
        // Text outside ASCII (Bahasa Indonesia, Spanish, a combining accent, an emoji) goes through
        // byte for byte, labels too; a tag opening right after `<t` is still seen; a cell at the
        // very end is labelled.
        let wide: HTML = "<tr><td>Pengiriman — ✓ é</td><td>Año 🚚</td></tr><tr><t<td>x</td><tr><td>"
        #expect(wide.labellingCells(["Nama", "Año"]).rendered
                == "<tr><td data-label=\"Nama\">Pengiriman — ✓ é</td><td data-label=\"Año\">Año 🚚</td></tr>"
                + "<tr><t<td data-label=\"Nama\">x</td><tr><td data-label=\"Nama\">")
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
