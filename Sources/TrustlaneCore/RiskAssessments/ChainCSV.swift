import Foundation

/// Reads and writes a supply chain map as CSV (RFC 4180: fields with commas, quotes or line
/// breaks go in double quotes, a quote inside is written twice; UTF-8, LF or CRLF).
///
/// One row per record, the first column saying what the row is:
///
/// ```
/// # Trustlane supply chain map, format 1
/// chain,Footwear Bandung to Long Beach,Footwear
/// node,F1,origin_factory,PT Sepatu Jaya,ID,West Java,PT Sepatu Jaya
/// node,P1,port,Tanjung Priok,ID,Jakarta,Jakarta International Container Terminal
/// node,D1,destination,Long Beach DC,US,California,
/// leg,F1,P1,truck,PT Trans Logistik
/// leg,P1,D1,sea,Ocean Network Express
/// ```
///
/// | row | columns |
/// |---|---|
/// | `chain` | name, product line (optional). At most one; when absent the name given to `read` is used. |
/// | `node` | key, kind (`ChainNodeKind` raw value: sites such as `origin_factory` or `port`; `route`, `yard` and `border_crossing` for highway carriers; `data_system` and `client` for brokers), name, country (ISO 3166-1 alpha-2), region (optional), business partner (optional) |
/// | `leg` | from key, to key, mode (`sea`, `air`, `rail`, `truck`, or `electronic` where data, not cargo, moves), business partner (optional) |
///
/// Rows may come in any order; blank lines and lines starting with `#` are skipped; optional
/// trailing columns may be left out; empty cells past the last column (as spreadsheets pad
/// them) are ignored. A cell that would start a spreadsheet formula (`=`, `+`, `-`, `@`) is
/// written with a leading `'`, which reading removes again.
///
/// Reading is all or nothing: either the whole map is valid, or every problem comes back named
/// by line and column (`Line 5, column 5 (country): 'XX' is not an ISO 3166-1 alpha-2 country
/// code ...`) and nothing is returned.
public enum ChainCSV {
    /// The version the format comment names.
    public static let formatVersion = 1
    /// The largest file `read` accepts.
    public static let maxBytes = 1_000_000

    static let chainColumns = ["record", "name", "product_line"]
    static let nodeColumns = ["record", "key", "kind", "name", "country", "region", "business_partner"]
    static let legColumns = ["record", "from", "to", "mode", "business_partner"]

    /// The chain a file describes, or every problem with it. Each `FieldError` has the field
    /// `file`, the location in `arguments` (`line`, and `column` with `column_name` when one
    /// cell is at fault) and an English message starting with that location.
    public static func read(_ text: String, id: SupplyChainID = SupplyChainID(), name: String? = nil) -> Result<SupplyChain, ValidationFailure> {
        if text.utf8.count > maxBytes {
            return .failure(ValidationFailure([located(line: nil, column: nil, columnName: nil, key: "risk.csv.too_large",
                                                       message: "The file is larger than \(maxBytes / 1_000_000) MB; split the map into several chains.",
                                                       arguments: ["max": String(maxBytes)])]))
        }
        let reader = records(text)
        var errors = reader.issues.map {
            located(line: $0.line, column: $0.column, columnName: nil, key: $0.messageKey, message: $0.message)
        }
        var draft = SupplyChain.Draft(id: id, name: name, nodes: [], legs: [])
        var chainLine: Int?
        var nodeLines: [Int] = []
        var legLines: [Int] = []
        for record in reader.records {
            let kind = record.fields[0].trimmingCharacters(in: .whitespaces).lowercased()
            let columns: [String]
            switch kind {
            case "chain": columns = chainColumns
            case "node": columns = nodeColumns
            case "leg": columns = legColumns
            default:
                // A spreadsheet set to another locale may separate cells with semicolons.
                let hint = record.fields[0].contains(";") ? " Cells must be separated by commas, not semicolons." : ""
                errors.append(located(line: record.line, column: 1, columnName: "record", key: "risk.csv.row_type",
                                      message: "'\(record.fields[0])' is not a row type; start each row with chain, node or leg.\(hint)",
                                      arguments: ["value": record.fields[0]]))
                continue
            }
            if let extra = record.fields.indices.dropFirst(columns.count).first(where: { !record.fields[$0].trimmingCharacters(in: .whitespaces).isEmpty }) {
                errors.append(located(line: record.line, column: extra + 1, columnName: nil, key: "risk.csv.extra_column",
                                      message: "\(kind) rows have \(columns.count) columns (\(columns.joined(separator: ", "))); remove what follows or quote a value that contains a comma.",
                                      arguments: ["count": String(columns.count)]))
                continue
            }
            func cell(_ position: Int) -> String? {
                guard position < record.fields.count else { return nil }
                return unescapeFormula(record.fields[position])
            }
            switch kind {
            case "chain":
                if let first = chainLine {
                    errors.append(located(line: record.line, column: 1, columnName: "record", key: "risk.csv.second_chain_row",
                                          message: "A file maps one chain, and line \(first) already names it; remove this row or split the file.",
                                          arguments: ["first": String(first)]))
                    continue
                }
                chainLine = record.line
                draft.name = cell(1)
                draft.productLine = cell(2)
            case "node":
                nodeLines.append(record.line)
                draft.nodes.append(ChainNode.Draft(key: cell(1), kind: cell(2), name: cell(3), country: cell(4),
                                                   region: cell(5), businessPartner: cell(6)))
            default:
                legLines.append(record.line)
                draft.legs.append(ChainLeg.Draft(from: cell(1), to: cell(2), mode: cell(3), businessPartner: cell(4)))
            }
        }
        let unreadable = !errors.isEmpty
        switch ChainValidator.validate(draft) {
        case .success(let chain) where errors.isEmpty:
            return .success(chain)
        case .success:
            break
        case .failure(let failure):
            for error in failure.errors {
                guard let mapped = locate(error, chainLine: chainLine, nodeLines: nodeLines, legLines: legLines) else { continue }
                // With rows unreadable, errors about how rows connect may only echo them.
                if unreadable && mapped.arguments["column"] == nil { continue }
                if unreadable && error.messageKey == "risk.error.leg_missing_node" { continue }
                errors.append(mapped)
            }
        }
        errors.sort { (Int($0.arguments["line"] ?? "") ?? 0, Int($0.arguments["column"] ?? "") ?? 0)
            < (Int($1.arguments["line"] ?? "") ?? 0, Int($1.arguments["column"] ?? "") ?? 0) }
        return .failure(ValidationFailure(errors))
    }

    /// Turns a validator error on a draft field into one on a line and column of the file.
    private static func locate(_ error: FieldError, chainLine: Int?, nodeLines: [Int], legLines: [Int]) -> FieldError? {
        let message = cellMessage(error)
        var parts = error.field.split(separator: ".", maxSplits: 1).map(String.init)
        let property = parts.count > 1 ? parts.removeLast() : nil
        let head = parts[0]
        func position(_ prefix: String) -> Int? {
            guard head.hasPrefix(prefix + "["), head.hasSuffix("]") else { return nil }
            return Int(head.dropFirst(prefix.count + 1).dropLast())
        }
        if let index = position("nodes"), index < nodeLines.count {
            let column = property.flatMap { nodeColumns.firstIndex(of: $0) }
            return located(line: nodeLines[index], column: column.map { $0 + 1 }, columnName: property, key: error.messageKey,
                           message: message, arguments: error.arguments)
        }
        if let index = position("legs"), index < legLines.count {
            let column = property.flatMap { legColumns.firstIndex(of: $0) }
            return located(line: legLines[index], column: column.map { $0 + 1 }, columnName: property, key: error.messageKey,
                           message: message, arguments: error.arguments)
        }
        if head == "name" || head == "product_line" {
            guard let chainLine else {
                return located(line: nil, column: nil, columnName: nil, key: "risk.csv.chain_row_missing",
                               message: "The chain has no name; add a first row `chain,<name>,<product line>`.")
            }
            let column = chainColumns.firstIndex(of: head)! + 1
            return located(line: chainLine, column: column, columnName: head, key: error.messageKey, message: message,
                           arguments: error.arguments)
        }
        return located(line: nil, column: nil, columnName: nil, key: error.messageKey, message: message, arguments: error.arguments)
    }

    /// The validator's message, reworded where it names a form field a file does not have (the
    /// partner registry's CSV words its cells the same way).
    static func cellMessage(_ error: FieldError) -> String {
        switch error.messageKey {
        case "error.required": "A value is required here."
        case "error.too_long": "Use at most \(error.arguments["max"] ?? "") characters."
        case "error.control_characters": "Remove the control characters from this cell."
        case "error.invisible_characters": "Remove the invisible formatting character \(error.arguments["character"] ?? "") from this cell."
        case "error.bidi_controls": "Remove the character \(error.arguments["character"] ?? ""): it reverses or reorders the text that follows it."
        default: error.message
        }
    }

    static func located(line: Int?, column: Int?, columnName: String?, key: String, message: String,
                        arguments: [String: String] = [:]) -> FieldError {
        var arguments = arguments
        var place = "The file"
        if let line {
            arguments["line"] = String(line)
            place = "Line \(line)"
            if let column {
                arguments["column"] = String(column)
                place += ", column \(column)"
                if let columnName {
                    arguments["column_name"] = columnName
                    place += " (\(columnName))"
                }
            }
        }
        return FieldError(field: "file", messageKey: key, message: "\(place): \(message)", arguments: arguments)
    }

    /// Removes the `'` that `write` puts before a cell a spreadsheet would run as a formula.
    static func unescapeFormula(_ cell: String) -> String {
        // Nearly every cell: no leading quote, nothing to count.
        guard cell.utf8.first == UInt8(ascii: "'") else { return cell }
        let body = cell.drop { $0 == "'" }
        guard body.count < cell.count, let first = body.first, "=+-@".contains(first) else { return cell }
        return String(cell.dropFirst())
    }

    /// Puts a `'` before a cell a spreadsheet would run as a formula.
    static func escapeFormula(_ cell: String) -> String {
        let body = cell.drop { $0 == "'" }
        guard let first = body.first, "=+-@".contains(first) else { return cell }
        return "'" + cell
    }
}
