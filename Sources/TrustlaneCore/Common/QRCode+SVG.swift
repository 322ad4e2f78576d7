import Foundation

extension QRCode {
    /// The code as an SVG element drawn on the server: a light square with the quiet zone and one
    /// path of the dark modules, a horizontal run of dark modules as one rectangle, so a version
    /// 10 code is a few kilobytes. It scales to any size without blurring (`crispEdges`); the
    /// title is escaped and gives the element its accessible name.
    public func svg(title: String, cssClass: String = "qr-code") -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[row, column] else {
                    column += 1
                    continue
                }
                var end = column
                while end < size && self[row, end] { end += 1 }
                path += "M\(column + Self.quietZone) \(row + Self.quietZone)h\(end - column)v1h-\(end - column)z"
                column = end
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(SVGMarkup.attribute(cssClass))\" role=\"img\" viewBox=\"0 0 \(side) \(side)\" "
            + "shape-rendering=\"crispEdges\" aria-label=\"\(SVGMarkup.attribute(title))\" data-qr-version=\"\(version)\" data-qr-mask=\"\(mask)\">"
            + "<title>\(SVGMarkup.text(title))</title>"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// The matrix as text, one line a row, `#` dark and `.` light (the fixtures' form).
    public var rows: [String] {
        (0..<size).map { row in String((0..<size).map { self[row, $0] ? "#" : "." }) }
    }
}
