import Foundation

/// A small JSON parser that keeps line numbers and the literal text of numbers, so JSON catalogs
/// get the same line-level messages as YAML and an id written as `3.10` is not read as 3.1.
struct CatalogJSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses a whole JSON document. Throws a `.syntax` issue with the line of the problem.
    static func parse(_ text: String) throws(CatalogIssue) -> CatalogNode {
        var parser = CatalogJSONParser(text)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        parser.skipWhitespace()
        guard parser.position < parser.bytes.count else {
            throw CatalogIssue(.syntax, line: 1, field: "file", message: "The file is empty; a catalog needs at least id, program, version and criteria.")
        }
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else {
            throw parser.error("unexpected text after the end of the document")
        }
        return node
    }

    private func error(_ problem: String) -> CatalogIssue {
        CatalogIssue(.syntax, line: line, field: "file",
                     message: "The file is not valid JSON (\(problem)). Check commas, quotes and brackets on this line.")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\n"): line += 1; position += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(CatalogIssue) -> CatalogNode {
        guard depth < 64 else { throw error("nesting is too deep") }
        skipWhitespace()
        guard position < bytes.count else { throw error("the document ends too early") }
        let startLine = line
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var pairs: [(key: String, value: CatalogNode)] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .map(pairs, line: startLine) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let key = try parseString()
                skipWhitespace()
                try expect(":")
                let value = try parseValue(depth: depth + 1)
                pairs.append((key: key, value: value))
                skipWhitespace()
                if try endOrComma("}") { return .map(pairs, line: startLine) }
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [CatalogNode] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .list(items, line: startLine) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if try endOrComma("]") { return .list(items, line: startLine) }
            }
        case UInt8(ascii: "\""):
            return .scalar(try parseString(), isString: true, line: startLine)
        default:
            let start = position
            while position < bytes.count, !" \t\r\n,]}".utf8.contains(bytes[position]) { position += 1 }
            let word = String(decoding: bytes[start..<position], as: UTF8.self)
            if word == "null" { return .null(line: startLine) }
            guard word == "true" || word == "false" || Double(word) != nil else {
                throw error(word.isEmpty ? "a value is missing" : "`\(word)` is not a JSON value; quote text")
            }
            return .scalar(word, isString: false, line: startLine)
        }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(CatalogIssue) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else {
            throw error("expected `\(character)`")
        }
        position += 1
    }

    /// After an item: `true` at the closing bracket, `false` after a comma.
    private mutating func endOrComma(_ closing: Unicode.Scalar) throws(CatalogIssue) -> Bool {
        guard position < bytes.count else { throw error("missing `\(closing)`") }
        if bytes[position] == UInt8(ascii: closing) { position += 1; return true }
        if bytes[position] == UInt8(ascii: ",") { position += 1; return false }
        throw error("expected `,` or `\(closing)`")
    }

    private mutating func parseString() throws(CatalogIssue) -> String {
        position += 1 // opening quote
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape())
                default: throw error("unknown escape `\\\(Character(Unicode.Scalar(escape)))` in text")
                }
            case UInt8(ascii: "\n"):
                throw error("text is not closed with `\"` before the end of the line")
            default:
                out.append(byte)
            }
        }
        throw error("text is not closed with `\"`")
    }

    private mutating func readHex4() throws(CatalogIssue) -> UInt32 {
        guard position + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw error("`\\u` needs four hex digits")
        }
        position += 4
        return value
    }

    private mutating func parseUnicodeEscape() throws(CatalogIssue) -> [UInt8] {
        var value = try readHex4()
        if (0xD800...0xDBFF).contains(value), position + 6 <= bytes.count,
           bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
            position += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("broken surrogate pair in `\\u` escape") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("`\\u` escape is not a valid character") }
        return Array(String(Character(scalar)).utf8)
    }
}
