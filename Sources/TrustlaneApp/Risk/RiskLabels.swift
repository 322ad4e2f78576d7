import Foundation
import TrustlaneCore

/// The reader's words for risk drawings and tables, built once per page.
enum RiskLabels {
    static func level(_ c: PageContext, _ scale: RiskScale, _ level: RiskLevel) -> String {
        let key = scale.nameKey(of: level)
        return c.t.has(key) ? c.t(key) : scale.key(of: level).replacingOccurrences(of: "_", with: " ")
    }

    static func band(_ c: PageContext, _ band: RiskBand?) -> String {
        band.map { c.t($0.nameKey) } ?? c.t("risk.ui.unrated")
    }

    /// A score with its band as a coloured tag.
    static func score(_ c: PageContext, _ score: Int?, _ band: RiskBand?) -> HTML {
        guard let score, let band else { return "<span class=\"risk-tag risk-unrated\">\(c.t("risk.ui.unrated"))</span>" }
        return "<span class=\"risk-tag risk-\(band.rawValue)\" data-band=\"\(band.rawValue)\">\(c.t(band.nameKey)) (\(score))</span>"
    }

    static func diagram(_ c: PageContext, title: String) -> ChainDiagram.Labels {
        ChainDiagram.Labels(title: title,
                            kindNames: Dictionary(uniqueKeysWithValues: ChainNodeKind.allCases.map { ($0, c.t($0.nameKey)) }),
                            modeNames: Dictionary(uniqueKeysWithValues: TransportMode.allCases.map { ($0, c.t($0.nameKey)) }),
                            bandNames: Dictionary(uniqueKeysWithValues: RiskBand.allCases.map { ($0, c.t($0.nameKey)) }),
                            unrated: c.t("risk.ui.unrated"), runBy: c.t("risk.ui.run_by"))
    }

    static func matrix(_ c: PageContext, _ matrix: RiskMatrix) -> RiskMatrix.Labels {
        RiskMatrix.Labels(title: c.t("risk.ui.matrix"), threatAxis: c.t("risk.ui.threat"), vulnerabilityAxis: c.t("risk.ui.vulnerability"),
                          levelNames: matrix.scale.allLevels.map { level(c, matrix.scale, $0) },
                          bandNames: Dictionary(uniqueKeysWithValues: RiskBand.allCases.map { ($0, c.t($0.nameKey)) }),
                          unplacedNote: matrix.unplaced == 0 ? nil : c.t("risk.ui.matrix_unplaced", ["count": c.t.number(matrix.unplaced)]))
    }

    /// The matrix drawing, with the id pages and tests find it by.
    static func matrixSVG(_ c: PageContext, _ matrix: RiskMatrix) -> HTML {
        // The drawing escapes every label it inserts (TrustlaneCore's SVGMarkup).
        let svg = matrix.svg(labels: Self.matrix(c, matrix), attributes: "id=\"risk-matrix\" class=\"risk-matrix\"")
        return HTML(unsafeRaw: svg)
    }

    static func chainSVG(_ c: PageContext, _ chain: SupplyChain, _ risk: ChainRisk?) -> HTML {
        // Escaped by ChainDiagram; the ids in <defs> are per drawing, so give each its own marker id.
        let svg = ChainDiagram.svg(chain: chain, risk: risk, labels: diagram(c, title: chain.name), markerID: "arrow-\(chain.id)")
        return HTML(unsafeRaw: svg)
    }

    /// A field error's text in the reader's language; CSV errors start with their line.
    static func error(_ c: PageContext, _ error: FieldError) -> String {
        var text = c.t(error.messageKey, error.arguments)
        if error.arguments["column_name"] != nil {
            text = c.t("risk.csv.location", error.arguments) + ": " + text
        } else if error.arguments["line"] != nil {
            text = c.t("risk.ui.csv_line", error.arguments) + ": " + text
        }
        return text
    }

    /// Every error as a list naming its field, for forms with many fields.
    static func errorList(_ c: PageContext, _ errors: [FieldError], id: String = "form-errors", rows: [String: String] = [:]) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let items = HTML.join(errors) { error in
            "<li class=\"field-error\" data-field=\"\(error.field)\"><strong>\(fieldLabel(c, error.field, rows: rows))</strong>: \(Self.error(c, error))</li>"
        }
        return """
        <div class="flash flash-error" role="alert" id="\(id)"><p>\(c.t("form.has_errors", ["count": c.t.number(errors.count)]))</p>
        <ul class="error-list">\(items)</ul></div>
        """
    }

    /// A field named in words: `threats[6].source` -> "Mexico, Nuevo León · Crime: Source" (with
    /// `rows` from the form that was posted), `nodes[2].country` -> "Node 3: Country"; a plain
    /// field by its label.
    static func fieldLabel(_ c: PageContext, _ field: String, rows: [String: String] = [:]) -> String {
        func words(_ name: String) -> String {
            c.t.has("risk.field.\(name)") ? c.t("risk.field.\(name)") : (c.t.has("risk.ui.\(name)") ? c.t("risk.ui.\(name)") : name.replacingOccurrences(of: "_", with: " "))
        }
        return FieldLabel.describe(field, c.t, rows: rows, words: words)
    }
}
