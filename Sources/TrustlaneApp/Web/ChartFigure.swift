import TrustlaneCore

/// A server-drawn chart in a figure with its caption; the page also gives the numbers as a table
/// for screen readers and copying.
enum ChartFigure {
    static func figure(id: String, _ chart: BarChart) -> HTML {
        "<figure class=\"chart\" id=\"\(id)\">\(HTML(unsafeRaw: chart.svg))<figcaption>\(chart.title)</figcaption></figure>"
    }
}
