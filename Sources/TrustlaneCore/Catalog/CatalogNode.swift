import Foundation

/// A catalog document as a tree, between the file text and the `Catalog` value. YAML and JSON
/// are both read into it (keeping line numbers) so one reader serves both, and the exporter
/// builds one before writing either format.
enum CatalogNode: Sendable {
    /// A scalar. `isString` is true for quoted text (and block text in YAML); false for bare
    /// words such as numbers, booleans and plain YAML text.
    case scalar(String, isString: Bool, line: Int?)
    case list([CatalogNode], line: Int?)
    case map([(key: String, value: CatalogNode)], line: Int?)
    case null(line: Int?)

    /// The line the node starts on, when read from a file.
    var line: Int? {
        switch self {
        case .scalar(_, _, let line), .list(_, let line), .map(_, let line), .null(let line): line
        }
    }

    /// A mapping's value for a key.
    subscript(key: String) -> CatalogNode? {
        guard case .map(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// A short name of the node's shape, for messages.
    var shapeName: String {
        switch self {
        case .scalar: "a single value"
        case .list: "a list"
        case .map: "a mapping"
        case .null: "nothing"
        }
    }

    // MARK: Building (for the exporter)

    static func text(_ value: String) -> CatalogNode { .scalar(value, isString: true, line: nil) }
    static func number(_ value: Int) -> CatalogNode { .scalar(String(value), isString: false, line: nil) }
    static func bool(_ value: Bool) -> CatalogNode { .scalar(value ? "true" : "false", isString: false, line: nil) }
    static func texts(_ values: [String]) -> CatalogNode { .list(values.map(text), line: nil) }
    static func object(_ pairs: [(String, CatalogNode)]) -> CatalogNode {
        .map(pairs.map { (key: $0.0, value: $0.1) }, line: nil)
    }

    // MARK: JSON text

    /// The node as indented JSON. Lists of scalars stay on one line to keep files readable.
    func jsonText() -> String {
        var out = ""
        writeJSON(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func writeJSON(into out: inout String, indent: Int) {
        switch self {
        case .null:
            out.append("null")
        case .scalar(let value, let isString, _):
            if isString { CatalogNode.appendJSONString(value, to: &out) } else { out.append(value) }
        case .list(let items, _):
            if items.isEmpty { out.append("[]"); return }
            if items.allSatisfy({ if case .scalar = $0 { true } else { false } }) {
                out.append("[")
                for (offset, item) in items.enumerated() {
                    if offset > 0 { out.append(", ") }
                    item.writeJSON(into: &out, indent: indent)
                }
                out.append("]")
                return
            }
            let pad = String(repeating: "  ", count: indent + 1)
            out.append("[\n")
            for (offset, item) in items.enumerated() {
                out.append(pad)
                item.writeJSON(into: &out, indent: indent + 1)
                out.append(offset == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "]")
        case .map(let pairs, _):
            if pairs.isEmpty { out.append("{}"); return }
            let pad = String(repeating: "  ", count: indent + 1)
            out.append("{\n")
            for (offset, pair) in pairs.enumerated() {
                out.append(pad)
                CatalogNode.appendJSONString(pair.key, to: &out)
                out.append(": ")
                pair.value.writeJSON(into: &out, indent: indent + 1)
                out.append(offset == pairs.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "}")
        }
    }

    static func appendJSONString(_ value: String, to out: inout String) {
        out.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                out.append(String(format: "\\u%04x", scalar.value))
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
