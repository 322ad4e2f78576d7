import Foundation

/// A catalog file as a table: the `#` facts above the header, the header and the records, each
/// with its line for messages. Split by the shared `CSVReader` (one line-ending rule).
struct CSVTable {
    typealias Record = CSVReader.Record

    /// Lines starting with `#` before the header, without the `#`.
    var comments: [(line: Int, text: String)] = []
    var header: [String] = []
    var headerLine = 0
    var records: [Record] = []

    /// Splits text into comment lines, a header and records. Blank lines are skipped.
    static func parse(_ text: String) throws(CatalogIssue) -> CSVTable {
        var table = CSVTable()
        var reader = CSVReader(text)
        while !reader.isAtEnd {
            // `#` lines are catalog facts, allowed only above the header.
            if table.header.isEmpty, let comment = reader.commentLine() {
                table.comments.append(comment)
                continue
            }
            let record: CSVReader.Record
            do {
                guard let next = try reader.nextRecord() else { break }
                record = next
            } catch {
                throw CatalogIssue(.syntax, line: error.line, field: "file",
                                   message: "A quoted field starting on this line is never closed; add the closing `\"`.")
            }
            if record.isBlank { continue }
            if table.header.isEmpty {
                table.header = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                table.headerLine = record.line
            } else {
                table.records.append(record)
            }
        }
        return table
    }

    /// One CSV line (with LF) from fields, quoting those that need it.
    static func line(_ fields: [String]) -> String { CSVReader.line(fields) }
}
