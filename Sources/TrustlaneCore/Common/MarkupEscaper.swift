/// The one escaper for markup: the HTML pages (the app's `HTML` value) and the SVG drawings
/// (`SVGMarkup`) both call it, so "how text becomes safe markup" is written once and tested once.
public enum MarkupEscaper {
    /// Where the text goes.
    public enum Context: Sendable {
        /// HTML text or a quoted HTML attribute: `& < > " '` all become entities, everything
        /// else passes unchanged.
        case html
        /// XML (SVG) text content: `& < >` become entities; characters XML 1.0 cannot carry (C0
        /// controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) are dropped,
        /// so the output always parses.
        case xmlText
        /// A double-quoted XML (SVG) attribute value: as `xmlText`, and `" '` become entities,
        /// tab, line feed and carriage return become spaces.
        case xmlAttribute
    }

    /// `text` escaped for `context`.
    public static func escape(_ text: String, for context: Context) -> String {
        var out = ""
        escape(text, for: context, into: &out)
        return out
    }

    /// Appends `text`, escaped for `context`, to `out` (no copy when nothing needs escaping).
    public static func escape(_ text: String, for context: Context, into out: inout String) {
        let xml = context != .html
        // Nearly every text on a page needs no escaping: one scan of its bytes decides.
        guard text.containsUTF8Byte(where: { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
                || (xml && (byte < 0x20 || byte == 0xEF))
        }) else {
            out += text
            return
        }
        let quotes = context != .xmlText
        out.reserveCapacity(out.utf8.count + text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(context == .xmlAttribute ? " " : scalar)
            default:
                // XML 1.0 allows no other C0 control, no surrogates (never in a Swift string)
                // and not U+FFFE / U+FFFF.
                if xml, scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }
}
