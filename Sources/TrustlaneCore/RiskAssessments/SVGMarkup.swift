import Foundation

/// Escaping for the text and attribute values the risk drawings insert into SVG, so that a node
/// named `<script>` is drawn as those characters and never read as markup. Characters XML 1.0
/// cannot carry at all (most control characters) are dropped, so the output always parses.
enum SVGMarkup {
    /// Text content: `&`, `<` and `>` escaped.
    static func text(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// An attribute value (to be put in double quotes): also `"` and `'` escaped.
    static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(quotes ? " " : scalar)
            default:
                // XML 1.0 allows no other C0 control, no surrogates (never in a Swift string)
                // and not U+FFFE / U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A label cut to a length with an ellipsis, for boxes of fixed width (the full text goes in
    /// a `<title>`).
    static func truncated(_ value: String, to length: Int) -> String {
        value.count <= length ? value : String(value.prefix(max(length - 1, 1))) + "…"
    }

    /// A number for coordinates: integers stay integers, others get one decimal.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
