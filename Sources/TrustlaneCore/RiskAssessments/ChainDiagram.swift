import Foundation

/// A drawing of one supply chain for its page and the report, made on the server as standalone
/// SVG (no script, no external reference): the nodes left to right in path order, wrapping to a
/// new row every `nodesPerRow` nodes, each box filled with its risk band's colour (grey while
/// unrated), and the legs as arrows labelled with their mode. Every inserted text is escaped;
/// long names are cut with an ellipsis and given in full in the box's tooltip.
public enum ChainDiagram {
    /// The words the drawing shows, already in the reader's language.
    public struct Labels: Sendable {
        public var title: String
        public var kindNames: [ChainNodeKind: String]
        public var modeNames: [TransportMode: String]
        public var bandNames: [RiskBand: String]
        /// Shown for a node without a score.
        public var unrated: String
        /// Introduces a business partner in tooltips (`Run by`).
        public var runBy: String

        public init(title: String, kindNames: [ChainNodeKind: String], modeNames: [TransportMode: String],
                    bandNames: [RiskBand: String], unrated: String, runBy: String) {
            self.title = title
            self.kindNames = kindNames
            self.modeNames = modeNames
            self.bandNames = bandNames
            self.unrated = unrated
            self.runBy = runBy
        }

        /// English labels, for the API's report and tests.
        public static func english(title: String) -> Labels {
            Labels(title: title,
                   kindNames: Dictionary(uniqueKeysWithValues: ChainNodeKind.allCases.map { ($0, $0.title) }),
                   modeNames: Dictionary(uniqueKeysWithValues: TransportMode.allCases.map { ($0, $0.title) }),
                   bandNames: Dictionary(uniqueKeysWithValues: RiskBand.allCases.map { ($0, $0.title) }),
                   unrated: "Not rated", runBy: "Run by")
        }
    }

    static let boxWidth = 170.0
    static let boxHeight = 66.0
    static let gap = 74.0
    static let rowGap = 70.0
    static let margin = 20.0
    static let titleHeight = 34.0

    /// The chain as SVG; `risk` (the chain's scores) colours the nodes, `nil` draws them grey.
    /// `markerID` names the arrowhead in `<defs>`: ids are page-wide, so each drawing on a page
    /// passes its own.
    public static func svg(chain: SupplyChain, risk: ChainRisk?, labels: Labels, nodesPerRow: Int = 5, markerID: String = "arrow") -> String {
        let perRow = max(1, min(nodesPerRow, chain.nodes.count))
        let rows = (chain.nodes.count + perRow - 1) / perRow
        let width = margin * 2 + Double(perRow) * boxWidth + Double(perRow - 1) * gap
        let height = margin * 2 + titleHeight + Double(rows) * boxHeight + Double(rows - 1) * rowGap
        func origin(_ index: Int) -> (x: Double, y: Double) {
            (margin + Double(index % perRow) * (boxWidth + gap), margin + titleHeight + Double(index / perRow) * (boxHeight + rowGap))
        }
        let n = SVGMarkup.number
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        role="img" aria-label="\(SVGMarkup.attribute(labels.title))" font-family="system-ui, sans-serif" font-size="12">
        <title>\(SVGMarkup.text(labels.title))</title>
        <defs><marker id="\(SVGMarkup.attribute(markerID))" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">\
        <path d="M 0 0 L 10 5 L 0 10 z" fill="#444444"/></marker></defs>
        <text x="\(n(margin))" y="\(n(margin + 16))" font-size="15" font-weight="bold">\(SVGMarkup.text(labels.title))</text>

        """
        for (index, leg) in chain.legs.enumerated() {
            let from = origin(index), to = origin(index + 1)
            let mode = labels.modeNames[leg.mode] ?? leg.mode.title
            let tip = leg.businessPartner.map { "\(mode): \(leg.from) → \(leg.to), \(labels.runBy) \($0)" } ?? "\(mode): \(leg.from) → \(leg.to)"
            let path: String, labelX: Double, labelY: Double
            if to.y == from.y {
                let y = from.y + boxHeight / 2
                path = "M \(n(from.x + boxWidth)) \(n(y)) L \(n(to.x - 2)) \(n(y))"
                labelX = from.x + boxWidth + gap / 2
                labelY = y - 8
            } else {
                // Wrap to the next row: down from the last box, back left, down into the first.
                let midY = from.y + boxHeight + rowGap / 2
                path = "M \(n(from.x + boxWidth / 2)) \(n(from.y + boxHeight)) L \(n(from.x + boxWidth / 2)) \(n(midY)) "
                    + "L \(n(to.x + boxWidth / 2)) \(n(midY)) L \(n(to.x + boxWidth / 2)) \(n(to.y - 2))"
                labelX = (from.x + to.x + boxWidth) / 2
                labelY = midY - 6
            }
            svg += """
            <g><title>\(SVGMarkup.text(tip))</title><path d="\(path)" fill="none" stroke="#444444" stroke-width="2" marker-end="url(#\(SVGMarkup.attribute(markerID)))"/>\
            <text x="\(n(labelX))" y="\(n(labelY))" text-anchor="middle" font-size="11">\(SVGMarkup.text(SVGMarkup.truncated(mode, to: 12)))</text></g>

            """
        }
        for (index, node) in chain.nodes.enumerated() {
            let (x, y) = origin(index)
            let nodeRisk = risk.flatMap { risk in
                index < risk.nodes.count && risk.nodes[index].node.id == node.id ? risk.nodes[index] : risk.node(node.id)
            }
            let band = nodeRisk?.band
            let fill = band?.colour ?? RiskBand.unratedColour
            let ink = band?.textColour ?? "#1a1a1a"
            let kind = labels.kindNames[node.kind] ?? node.kind.title
            // Data, not cargo, is at a data system or a client: a dashed border tells them apart.
            let dash = node.kind.holdsCargo ? "" : " stroke-dasharray=\"5 3\""
            var tip = "\(node.name) (\(node.key)) — \(kind), \(node.placeText)"
            if let partner = node.businessPartner { tip += " — \(labels.runBy) \(partner)" }
            tip += " — " + (band.map { "\(labels.bandNames[$0] ?? $0.title) (\(nodeRisk?.score ?? 0))" } ?? labels.unrated)
            svg += """
            <g><title>\(SVGMarkup.text(tip))</title>\
            <rect x="\(n(x))" y="\(n(y))" width="\(n(boxWidth))" height="\(n(boxHeight))" rx="8" fill="\(fill)" stroke="#333333" stroke-width="1"\(dash)/>\
            <text x="\(n(x + 10))" y="\(n(y + 20))" font-weight="bold" fill="\(ink)">\(SVGMarkup.text(SVGMarkup.truncated(node.name, to: 20)))</text>\
            <text x="\(n(x + 10))" y="\(n(y + 38))" fill="\(ink)">\(SVGMarkup.text(SVGMarkup.truncated(kind, to: 24)))</text>\
            <text x="\(n(x + 10))" y="\(n(y + 55))" fill="\(ink)">\(SVGMarkup.text(SVGMarkup.truncated(node.placeText, to: 24)))</text></g>

            """
        }
        return svg + "</svg>\n"
    }
}
