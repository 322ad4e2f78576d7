import Foundation

extension RiskMatrix {
    /// The words a drawing of the matrix shows, already in the reader's language.
    public struct Labels: Sendable {
        /// The heading, also the drawing's accessible name.
        public var title: String
        /// The vertical axis (`Threat`).
        public var threatAxis: String
        /// The horizontal axis (`Vulnerability`).
        public var vulnerabilityAxis: String
        /// One name per level of the scale, lowest first.
        public var levelNames: [String]
        /// The band names for cell tooltips.
        public var bandNames: [RiskBand: String]
        /// A line under the grid for nodes not placed (`2 nodes not rated yet`); `nil` for none.
        public var unplacedNote: String?

        public init(title: String, threatAxis: String, vulnerabilityAxis: String, levelNames: [String],
                    bandNames: [RiskBand: String] = [:], unplacedNote: String? = nil) {
            self.title = title
            self.threatAxis = threatAxis
            self.vulnerabilityAxis = vulnerabilityAxis
            self.levelNames = levelNames
            self.bandNames = bandNames
            self.unplacedNote = unplacedNote
        }

        /// English labels for a scale, from its level keys (for the API's report and tests).
        public static func english(for scale: RiskScale) -> Labels {
            Labels(title: "Risk matrix", threatAxis: "Threat", vulnerabilityAxis: "Vulnerability",
                   levelNames: scale.levels.map { $0.key.replacingOccurrences(of: "_", with: " ").capitalized },
                   bandNames: Dictionary(uniqueKeysWithValues: RiskBand.allCases.map { ($0, $0.title) }))
        }
    }

    /// The matrix as a standalone SVG document: highest threat at the top, highest
    /// vulnerability on the right, each cell filled with its band's colour and showing its
    /// count, with a tooltip. No script, no external reference; every label is escaped.
    /// `attributes` are added to the `<svg>` element as they are (an id and class a page finds it by).
    public func svg(labels: Labels, attributes: String = "") -> String {
        let cell = 76.0, left = 120.0, top = 48.0
        let grid = cell * Double(size)
        let width = left + grid + 24, height = top + grid + 70 + (labels.unplacedNote == nil ? 0 : 24)
        func name(_ rank: Int) -> String { rank < labels.levelNames.count ? labels.levelNames[rank] : scale.levels[rank].key }
        var svg = """
        <svg \(attributes.isEmpty ? "" : attributes + " ")xmlns="http://www.w3.org/2000/svg" width="\(SVGMarkup.number(width))" height="\(SVGMarkup.number(height))" \
        viewBox="0 0 \(SVGMarkup.number(width)) \(SVGMarkup.number(height))" role="img" aria-label="\(SVGMarkup.attribute(labels.title))" \
        font-family="system-ui, sans-serif" font-size="13">
        <title>\(SVGMarkup.text(labels.title))</title>
        <text x="\(SVGMarkup.number(width / 2))" y="24" text-anchor="middle" font-size="16" font-weight="bold">\(SVGMarkup.text(labels.title))</text>

        """
        for threat in scale.allLevels {
            // Highest threat in the top row.
            let y = top + Double(size - 1 - threat.rank) * cell
            svg += "<text x=\"\(SVGMarkup.number(left - 8))\" y=\"\(SVGMarkup.number(y + cell / 2 + 4))\" text-anchor=\"end\">\(SVGMarkup.text(name(threat.rank)))</text>\n"
            for vulnerability in scale.allLevels {
                let x = left + Double(vulnerability.rank) * cell
                let count = self.count(threat: threat, vulnerability: vulnerability)
                let band = self.band(threat: threat, vulnerability: vulnerability)
                let tip = "\(labels.threatAxis) \(name(threat.rank)) × \(labels.vulnerabilityAxis) \(name(vulnerability.rank)): "
                    + "\(count) (\(labels.bandNames[band] ?? band.title))"
                svg += """
                <g><title>\(SVGMarkup.text(tip))</title>\
                <rect x="\(SVGMarkup.number(x))" y="\(SVGMarkup.number(y))" width="\(SVGMarkup.number(cell))" height="\(SVGMarkup.number(cell))" \
                fill="\(band.colour)" fill-opacity="\(count == 0 ? "0.35" : "1")" stroke="#ffffff" stroke-width="2"/>\
                <text x="\(SVGMarkup.number(x + cell / 2))" y="\(SVGMarkup.number(y + cell / 2 + 7))" text-anchor="middle" font-size="20" \
                font-weight="bold" fill="\(count == 0 ? "#1a1a1a" : band.textColour)">\(count)</text></g>

                """
            }
        }
        for vulnerability in scale.allLevels {
            let x = left + Double(vulnerability.rank) * cell + cell / 2
            svg += "<text x=\"\(SVGMarkup.number(x))\" y=\"\(SVGMarkup.number(top + grid + 20))\" text-anchor=\"middle\">\(SVGMarkup.text(name(vulnerability.rank)))</text>\n"
        }
        svg += "<text x=\"\(SVGMarkup.number(left + grid / 2))\" y=\"\(SVGMarkup.number(top + grid + 46))\" text-anchor=\"middle\" font-weight=\"bold\">\(SVGMarkup.text(labels.vulnerabilityAxis))</text>\n"
        let middle = top + grid / 2
        svg += "<text x=\"18\" y=\"\(SVGMarkup.number(middle))\" text-anchor=\"middle\" font-weight=\"bold\" transform=\"rotate(-90 18 \(SVGMarkup.number(middle)))\">\(SVGMarkup.text(labels.threatAxis))</text>\n"
        if let note = labels.unplacedNote {
            svg += "<text x=\"\(SVGMarkup.number(left))\" y=\"\(SVGMarkup.number(top + grid + 70))\">\(SVGMarkup.text(note))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
