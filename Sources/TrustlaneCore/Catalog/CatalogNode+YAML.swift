import Foundation
import Yams

extension CatalogNode {
    /// Parses YAML text. Throws a `CatalogIssue` of kind `.syntax` with the line of the problem.
    static func parseYAML(_ text: String) throws(CatalogIssue) -> CatalogNode {
        let root: Node?
        do {
            // The basic resolver skips Yams' per-scalar regular expressions: the reader decides
            // types itself, and the bundled catalog must load fast.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw CatalogNode.issue(for: error)
        } catch {
            throw CatalogIssue(.syntax, field: "file", message: "The file is not valid YAML: \(error)")
        }
        guard let root else {
            throw CatalogIssue(.syntax, line: 1, field: "file", message: "The file is empty; a catalog needs at least id, program, version and criteria.")
        }
        return CatalogNode(yaml: root)
    }

    private init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            let line = scalar.mark?.line
            if scalar.style == .plain || scalar.style == .any {
                switch scalar.string {
                case "", "~", "null", "Null", "NULL": self = .null(line: line)
                default: self = .scalar(scalar.string, isString: false, line: line)
                }
            } else {
                self = .scalar(scalar.string, isString: true, line: line)
            }
        case .sequence(let sequence):
            self = .list(sequence.map(CatalogNode.init(yaml:)), line: sequence.mark?.line)
        case .mapping(let mapping):
            let pairs = mapping.map { (key: $0.key.scalar?.string ?? "\($0.key)", value: CatalogNode(yaml: $0.value)) }
            self = .map(pairs, line: mapping.mark?.line)
        }
    }

    private static func issue(for error: YamlError) -> CatalogIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            CatalogIssue(.syntax, line: mark.line, field: "file",
                         message: "The file is not valid YAML (\(problem), column \(mark.column)). Check indentation and quotes on this line.")
        default:
            CatalogIssue(.syntax, field: "file", message: "The file is not valid YAML: \(error)")
        }
    }

    // MARK: Writing

    /// The node as YAML text.
    func yamlText() throws -> String {
        try Yams.serialize(node: yamlNode(), indent: 2, width: 100, allowUnicode: true)
    }

    private func yamlNode() -> Node {
        switch self {
        case .null:
            return .scalar(Node.Scalar("null", .implicit, .plain))
        case .scalar(let value, let isString, _):
            guard isString else { return .scalar(Node.Scalar(value, .implicit, .plain)) }
            // Quote text another YAML reader would take for a number, date, boolean or null
            // (a criterion id `3.10` must not become the float 3.1).
            let style: Node.Scalar.Style = CatalogNode.looksLikeNonText(value) ? .doubleQuoted : .any
            return .scalar(Node.Scalar(value, .implicit, style))
        case .list(let items, _):
            let flat = items.allSatisfy { if case .scalar = $0 { true } else { false } }
            return .sequence(Node.Sequence(items.map { $0.yamlNode() }, .implicit, flat ? .flow : .block))
        case .map(let pairs, _):
            return .mapping(Node.Mapping(pairs.map { (Node.scalar(Node.Scalar($0.key)), $0.value.yamlNode()) }))
        }
    }

    private static let nonTextWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]

    static func looksLikeNonText(_ value: String) -> Bool {
        if value.isEmpty || nonTextWords.contains(value.lowercased()) { return true }
        guard let first = value.unicodeScalars.first else { return true }
        if "0123456789+-.".unicodeScalars.contains(first) {
            // Numbers, dates, times and version-like text all start this way.
            return value.unicodeScalars.allSatisfy { "0123456789+-.:_eE ".unicodeScalars.contains($0) }
        }
        return false
    }
}
