import Testing
@testable import TrustlaneCore

/// The one escaper the HTML pages and the SVG drawings share.
@Suite struct MarkupEscaperTests {
    @Test func htmlEscapesAllFiveSpecialCharactersAndKeepsTheRest() {
        #expect(MarkupEscaper.escape("a < b & c > d", for: .html) == "a &lt; b &amp; c &gt; d")
        #expect(MarkupEscaper.escape("x\" y'", for: .html) == "x&quot; y&#39;")
        #expect(MarkupEscaper.escape("tab\there\nline\u{1}", for: .html) == "tab\there\nline\u{1}")
        #expect(MarkupEscaper.escape("plain ünïcode 🚚", for: .html) == "plain ünïcode 🚚")
    }

    @Test func svgTextEscapesMarkupButNotQuotesAndDropsWhatXMLCannotCarry() {
        #expect(MarkupEscaper.escape("<script>\"a\" & 'b'", for: .xmlText) == "&lt;script&gt;\"a\" &amp; 'b'")
        #expect(MarkupEscaper.escape("a\u{1}b\u{FFFE}c\u{FFFF}d", for: .xmlText) == "abcd")
        #expect(MarkupEscaper.escape("one\ttwo\nthree\r", for: .xmlText) == "one\ttwo\nthree\r")
        #expect(MarkupEscaper.escape("ünïcode 🚚 \u{EFFF}", for: .xmlText) == "ünïcode 🚚 \u{EFFF}")
    }

    @Test func svgAttributeAlsoEscapesQuotesAndFoldsLineBreaksToSpaces() {
        #expect(MarkupEscaper.escape("x\" onload='y'", for: .xmlAttribute) == "x&quot; onload=&#39;y&#39;")
        #expect(MarkupEscaper.escape("one\ttwo\nthree\r\u{0}", for: .xmlAttribute) == "one two three ")
    }

    @Test func appendingKeepsWhatIsAlreadyThere() {
        var out = "<b>"
        MarkupEscaper.escape("1 < 2", for: .html, into: &out)
        #expect(out == "<b>1 &lt; 2")
    }

    @Test func svgHelpersUseTheSharedEscaper() {
        #expect(SVGMarkup.text("<a>") == MarkupEscaper.escape("<a>", for: .xmlText))
        #expect(SVGMarkup.attribute("\"a\"\n") == MarkupEscaper.escape("\"a\"\n", for: .xmlAttribute))
    }

    /// The check for "anything to escape" reads the UTF-8 buffer: each special byte must be seen
    /// wherever it is, in small (inline) and large strings, in substrings made into strings, and
    /// after multi-byte characters.
    @Test func everySpecialCharacterIsFoundAnywhereInShortAndLongStrings() {
        let specials: [(Character, String)] = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")]
        for (special, entity) in specials {
            for padding in [0, 3, 14, 15, 16, 200] {
                let before = String(repeating: "é", count: padding / 2) + String(repeating: "a", count: padding - padding / 2)
                #expect(MarkupEscaper.escape(before + String(special), for: .html) == before + entity)
                #expect(MarkupEscaper.escape(String(special) + before, for: .html) == entity + before)
                let long = "xx" + before + String(special) + "yy"
                let slice = String(long.dropFirst(2).dropLast(2))
                #expect(MarkupEscaper.escape(slice, for: .html) == before + entity)
            }
        }
        let plain = String(repeating: "plain text, no markup 🚚 ", count: 20)
        var out = ""
        MarkupEscaper.escape(plain, for: .html, into: &out)
        #expect(out == plain)
        #expect(MarkupEscaper.escape("tab\u{1}", for: .xmlText) == "tab")
    }
}
