import TrustlaneCore
import Vapor

/// A piece of HTML. Interpolating a `String` (or anything `CustomStringConvertible`) escapes it;
/// interpolating another `HTML` inserts it unchanged. So text can only become markup on purpose,
/// through `HTML(unsafeRaw:)`, which is used for fixed markup only.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(unsafeRaw: String) { rendered = unsafeRaw }
    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    public static let empty = HTML(unsafeRaw: "")

    public var description: String { rendered }

    public struct Interpolation: StringInterpolationProtocol {
        var output: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            output = ""
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        public mutating func appendInterpolation(_ html: HTML?) { if let html { output += html.rendered } }
        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { output += part.rendered } }
        public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &output) }
        public mutating func appendInterpolation(_ text: String?) { if let text { HTML.escape(text, into: &output) } }
        public mutating func appendInterpolation(_ number: Int) { output += String(number) }
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            HTML.escape(value.description, into: &output)
        }
    }

    /// Escapes text for use between tags.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// Escapes text for use inside a double- or single-quoted attribute value.
    public static func escapeAttribute(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// One escape serves text and quoted attributes: `& < > " '` all become entities. It is
    /// Core's `MarkupEscaper`, the one the SVG drawings use too.
    static func escape(_ text: String, into out: inout String) {
        MarkupEscaper.escape(text, for: .html, into: &out)
    }

    /// Joins a sequence of pieces.
    public static func join<S: Sequence>(_ items: S, _ render: (S.Element) -> HTML) -> HTML {
        var out = ""
        for item in items { out += render(item).rendered }
        return HTML(unsafeRaw: out)
    }

    /// `attribute` when the condition holds, nothing otherwise.
    /// `html` is built only when the condition holds (rows test many conditions, most false).
    public static func when(_ condition: Bool, _ html: @autoclosure () -> HTML) -> HTML { condition ? html() : .empty }
}

extension HTML: AsyncResponseEncodable {
    public func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: rendered))
    }
}

extension Response {
    /// An HTML page with a status other than 200.
    static func html(_ html: HTML, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html.rendered))
    }
}

extension HTML.Interpolation {
    /// Catalog text in the reader's language, or English marked `lang="en"` where Trustlane has no
    /// translation (so screen readers switch voice). In attributes, interpolate `.text` instead.
    public mutating func appendInterpolation(_ worded: Worded) {
        if worded.isFallback {
            output += "<span lang=\"en\">"
            HTML.escape(worded.text, into: &output)
            output += "</span>"
        } else {
            HTML.escape(worded.text, into: &output)
        }
    }
}

extension HTML {
    /// Table rows with each cell labelled by its column (`data-label`), so that on a phone the
    /// stylesheet can show a `table.stack` as a list of cards, each value under its name. The
    /// n-th `<td` after each `<tr` gets the n-th label (rows hold no nested tables).
    func labellingCells(_ labels: [String]) -> HTML {
        // Over the UTF-8 bytes: the tags looked for are ASCII, and walking Characters (grapheme
        // breaking, a String per slice) made this a fifth of the review queue's server time.
        let escaped = labels.map { Array((" data-label=\"" + HTML.escapeAttribute($0) + "\"").utf8) }
        var source = rendered
        return source.withUTF8 { bytes -> HTML in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + escaped.reduce(0) { $0 + $1.count } * 8)
            var column = 0, copied = 0, index = 0
            let count = bytes.count
            while index + 2 < count {
                // `<t` then `r` (a row: the columns start again) or `d` (a cell: label it).
                guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "t") else { index += 1; continue }
                switch bytes[index + 2] {
                case UInt8(ascii: "r"):
                    column = 0
                case UInt8(ascii: "d"):
                    out.append(contentsOf: bytes[copied..<(index + 3)])
                    if column < escaped.count { out.append(contentsOf: escaped[column]) }
                    column += 1
                    copied = index + 3
                default:
                    index += 2  // the third byte may itself open a tag
                    continue
                }
                index += 3
            }
            out.append(contentsOf: bytes[copied..<count])
            return HTML(unsafeRaw: String(decoding: out, as: UTF8.self))
        }
    }
}
