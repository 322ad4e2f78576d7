import Foundation

/// Reads and writes CSV as RFC 4180 describes it (quoted fields, doubled quotes, line breaks
/// inside quotes, CRLF or LF), keeping the line each record starts on for messages.
struct CSVTable {
    struct Record {
        /// The 1-based line the record starts on.
        let line: Int
        let fields: [String]
    }

    /// Lines starting with `#` before the header, without the `#`.
    var comments: [(line: Int, text: String)] = []
    var header: [String] = []
    var headerLine = 0
    var records: [Record] = []

    /// Splits text into comment lines, a header and records. Blank lines are skipped.
    static func parse(_ text: String) throws(CatalogIssue) -> CSVTable {
        var table = CSVTable()
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        var line = 1
        while index < scalars.count {
            let recordLine = line
            // `#` lines are catalog facts, allowed only above the header.
            if table.header.isEmpty, scalars[index] == "#" {
                var end = index
                while end < scalars.count, scalars[end] != "\n" { end += 1 }
                var comment = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                if comment.hasSuffix("\r") { comment.removeLast() }
                table.comments.append((line: recordLine, text: comment))
                index = end + 1
                line += 1
                continue
            }
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            var atFieldStart = true
            var endOfRecord = false
            while index < scalars.count, !endOfRecord {
                let scalar = scalars[index]
                index += 1
                if quoted {
                    if scalar == "\"" {
                        if index < scalars.count, scalars[index] == "\"" { field.append("\""); index += 1 } else { quoted = false }
                    } else {
                        if scalar == "\n" { line += 1 }
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "\"" where atFieldStart:
                    quoted = true
                    atFieldStart = false
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    atFieldStart = true
                case "\n":
                    line += 1
                    endOfRecord = true
                case "\r":
                    if index < scalars.count, scalars[index] == "\n" { continue }
                    line += 1
                    endOfRecord = true
                default:
                    field.append(scalar)
                    atFieldStart = false
                }
            }
            if quoted {
                throw CatalogIssue(.syntax, line: recordLine, field: "file",
                                   message: "A quoted field starting on this line is never closed; add the closing `\"`.")
            }
            fields.append(String(field))
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if table.header.isEmpty {
                table.header = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                table.headerLine = recordLine
            } else {
                table.records.append(Record(line: recordLine, fields: fields))
            }
        }
        return table
    }

    /// One CSV line (with LF) from fields, quoting those that need it.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.hasPrefix(" ") || field.hasSuffix(" ") || field.hasPrefix("#")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
