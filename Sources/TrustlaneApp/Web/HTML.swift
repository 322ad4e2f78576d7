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

    /// One escape serves text and quoted attributes: `& < > " '` all become entities.
    static func escape(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Joins a sequence of pieces.
    public static func join<S: Sequence>(_ items: S, _ render: (S.Element) -> HTML) -> HTML {
        var out = ""
        for item in items { out += render(item).rendered }
        return HTML(unsafeRaw: out)
    }

    /// `attribute` when the condition holds, nothing otherwise.
    public static func when(_ condition: Bool, _ html: HTML) -> HTML { condition ? html : .empty }
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
