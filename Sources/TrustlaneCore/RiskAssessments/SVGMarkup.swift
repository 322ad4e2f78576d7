import Foundation

/// Markup helpers for the text and attribute values the risk drawings insert into SVG, so that a node
/// named `<script>` is drawn as those characters and never read as markup. Characters XML 1.0
/// cannot carry at all (most control characters) are dropped, so the output always parses.
enum SVGMarkup {
    /// Text content: `&`, `<` and `>` escaped (`MarkupEscaper`, `.xmlText`).
    static func text(_ value: String) -> String {
        MarkupEscaper.escape(value, for: .xmlText)
    }

    /// An attribute value (to be put in double quotes): also `"` and `'` escaped
    /// (`MarkupEscaper`, `.xmlAttribute`).
    static func attribute(_ value: String) -> String {
        MarkupEscaper.escape(value, for: .xmlAttribute)
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
