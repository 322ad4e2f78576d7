import Foundation

/// Splits CSV text into records as RFC 4180 describes (fields in double quotes may hold commas,
/// line breaks and doubled quotes; CRLF or LF), keeping the line each record starts on.
/// Stricter than the RFC's readers usually are, so that a stray quote is named rather than
/// silently read: a quote inside an unquoted field, or text after a closing quote, is an issue.
struct ChainCSVReader {
    struct Record {
        /// The 1-based line the record starts on.
        let line: Int
        let fields: [String]
    }

    /// A problem with the text itself, at a line and a 1-based column (field position).
    struct Issue: Equatable {
        let line: Int
        let column: Int
        let messageKey: String
        let message: String
    }

    var records: [Record] = []
    var issues: [Issue] = []

    /// Reads every record. Blank lines and lines whose first character is an unquoted `#` are
    /// skipped. A leading byte order mark is ignored.
    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        var line = 1
        while index < scalars.count {
            let recordLine = line
            if scalars[index] == "#" {
                while index < scalars.count, scalars[index] != "\n", scalars[index] != "\r" { index += 1 }
            }
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            var wasQuoted = false
            var atFieldStart = true
            var recordIssue: Issue?
            var endOfRecord = false
            while index < scalars.count, !endOfRecord {
                let scalar = scalars[index]
                index += 1
                if quoted {
                    if scalar == "\"" {
                        if index < scalars.count, scalars[index] == "\"" { field.append("\""); index += 1 } else { quoted = false }
                    } else {
                        if scalar == "\n" || (scalar == "\r" && (index >= scalars.count || scalars[index] != "\n")) { line += 1 }
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    atFieldStart = true
                    wasQuoted = false
                case "\n":
                    line += 1
                    endOfRecord = true
                case "\r":
                    if index < scalars.count, scalars[index] == "\n" { continue }
                    line += 1
                    endOfRecord = true
                case "\"" where atFieldStart:
                    quoted = true
                    wasQuoted = true
                    atFieldStart = false
                default:
                    if recordIssue == nil, scalar == "\"" || wasQuoted {
                        recordIssue = Issue(line: recordLine, column: fields.count + 1, messageKey: "risk.csv.stray_quote",
                                            message: wasQuoted
                                                ? "Text follows a closing quote; put the whole field in quotes and write a quote inside it as two quotes (\"\")."
                                                : "A quote inside an unquoted field; put the whole field in quotes and write the quote as two quotes (\"\").")
                    }
                    field.append(scalar)
                    atFieldStart = false
                }
            }
            if quoted {
                issues.append(Issue(line: recordLine, column: fields.count + 1, messageKey: "risk.csv.unclosed_quote",
                                    message: "A quoted field starting on this line is never closed; add the closing quote (\")."))
                break
            }
            fields.append(String(field))
            if let recordIssue {
                issues.append(recordIssue)
                continue
            }
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            records.append(Record(line: recordLine, fields: fields))
        }
    }

    /// One CSV line (with LF) from fields, quoting those that need it.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// A field as written: in quotes when it holds a comma, quote, line break, starts with `#`
    /// or has spaces at either end.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || field.hasPrefix(" ") || field.hasSuffix(" ") || field.hasPrefix("#")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
