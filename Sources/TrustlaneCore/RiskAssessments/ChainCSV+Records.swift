import Foundation

extension ChainCSV {
    /// A problem with the text itself, at a line and a 1-based column (field position).
    struct TextIssue: Equatable {
        let line: Int
        let column: Int
        let messageKey: String
        let message: String
    }

    /// Splits a chain file into records with the shared `CSVReader`, stricter than RFC 4180
    /// readers usually are, so that a stray quote is named rather than silently read: a quote
    /// inside an unquoted field, or text after a closing quote, is an issue (and its record is
    /// not read). Blank lines and lines whose first character is an unquoted `#` are skipped.
    static func records(_ text: String) -> (records: [CSVReader.Record], issues: [TextIssue]) {
        var reader = CSVReader(text)
        var records: [CSVReader.Record] = []
        var issues: [TextIssue] = []
        while !reader.isAtEnd {
            if reader.commentLine() != nil { continue }
            let record: CSVReader.Record
            do {
                guard let next = try reader.nextRecord() else { break }
                record = next
            } catch {
                issues.append(TextIssue(line: error.line, column: error.column, messageKey: "risk.csv.unclosed_quote",
                                        message: "A quoted field starting on this line is never closed; add the closing quote (\")."))
                break
            }
            if let stray = record.strayQuote {
                issues.append(TextIssue(line: record.line, column: stray.column, messageKey: "risk.csv.stray_quote",
                                        message: stray.afterClosingQuote
                                            ? "Text follows a closing quote; put the whole field in quotes and write a quote inside it as two quotes (\"\")."
                                            : "A quote inside an unquoted field; put the whole field in quotes and write the quote as two quotes (\"\")."))
                continue
            }
            if record.isBlank { continue }
            records.append(record)
        }
        return (records, issues)
    }
}
