import Foundation

/// A horizontal bar chart drawn as SVG on the server, so the program overview needs no
/// JavaScript: one bar per item, its label on the left, its count at the bar's end. Labels and
/// titles are escaped (`SVGMarkup`), so a country or company name can never become markup.
public struct BarChart: Sendable, Hashable {
    public struct Bar: Sendable, Hashable {
        /// A stable key (a status or country code), carried as `data-key` for tests and styling.
        public let key: String
        public let label: String
        public let value: Int
        /// A CSS class for the bar (`overdue`, `ok` ...), if any.
        public let tone: String?

        public init(key: String, label: String, value: Int, tone: String? = nil) {
            self.key = key
            self.label = label
            self.value = value
            self.tone = tone
        }
    }

    /// The chart's accessible name.
    public let title: String
    public let bars: [Bar]

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    static let width = 520.0
    static let labelWidth = 190.0
    static let valueWidth = 70.0
    static let rowHeight = 24.0

    /// The chart as an SVG element (empty bars draw a thin line, so a zero still reads as a row).
    public var svg: String {
        let largest = Double(max(bars.map(\.value).max() ?? 0, 1))
        let span = Self.width - Self.labelWidth - Self.valueWidth
        let height = Double(max(bars.count, 1)) * Self.rowHeight + 4
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" role=\"img\" viewBox=\"0 0 \(SVGMarkup.number(Self.width)) \(SVGMarkup.number(height))\" aria-label=\"\(SVGMarkup.attribute(title))\">"
        out += "<title>\(SVGMarkup.text(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * Self.rowHeight + 2
            let length = max(Double(bar.value) / largest * span, bar.value > 0 ? 2 : 1)
            let tone = bar.tone.map { " bar-\(SVGMarkup.attribute($0))" } ?? ""
            out += "<g class=\"bar\(tone)\" data-key=\"\(SVGMarkup.attribute(bar.key))\" data-value=\"\(bar.value)\">"
            out += "<title>\(SVGMarkup.text(bar.label)): \(bar.value)</title>"
            out += "<text x=\"\(SVGMarkup.number(Self.labelWidth - 6))\" y=\"\(SVGMarkup.number(y + 16))\" text-anchor=\"end\">\(SVGMarkup.text(SVGMarkup.truncated(bar.label, to: 22)))</text>"
            out += "<rect x=\"\(SVGMarkup.number(Self.labelWidth))\" y=\"\(SVGMarkup.number(y + 4))\" width=\"\(SVGMarkup.number(length))\" height=\"\(SVGMarkup.number(Self.rowHeight - 8))\"></rect>"
            out += "<text x=\"\(SVGMarkup.number(Self.labelWidth + length + 6))\" y=\"\(SVGMarkup.number(y + 16))\">\(bar.value)</text></g>"
        }
        return out + "</svg>"
    }
}
