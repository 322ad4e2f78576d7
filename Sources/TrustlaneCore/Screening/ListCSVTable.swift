import Foundation

/// A list file with a header row (the Consolidated Screening List, Trustlane's UFLPA format), read
/// by the one `CSVReader`: the header names the columns, so a reader finds its fields by name and
/// a file with columns added or reordered still reads. Blank lines are skipped; a record whose
/// field count differs from the header's, a quote out of place or a quote never closed is a
/// problem on its line, and the caller refuses the file.
struct ListCSVTable {
    /// The header's names, trimmed and lower-cased, in file order.
    let header: [String]
    /// The line the header row is on.
    let headerLine: Int
    /// The records after the header, with the line each starts on.
    let rows: [(line: Int, fields: [String])]
    private let positions: [String: Int]

    /// Reads `text`; returns nil (with a problem) when there is no header row at all.
    /// `comments`: lines starting with `#` before or between records are skipped.
    static func read(_ text: String, file: String, comments: Bool = false,
                     problems: inout [ListImportError.Problem]) -> ListCSVTable? {
        var reader = CSVReader(text)
        var header: [String]?
        var headerLine = 1
        var rows: [(Int, [String])] = []
        while true {
            if comments, reader.commentLine() != nil { continue }
            let record: CSVReader.Record?
            do { record = try reader.nextRecord() } catch {
                problems.append(.init(file: file, line: error.line, message: "a quoted field is never closed"))
                break
            }
            guard let record else { break }
            if record.isBlank { continue }
            if let stray = record.strayQuote {
                problems.append(.init(file: file, line: record.line, message: "a quote out of place in field \(stray.column)"))
                continue
            }
            guard let columns = header else {
                header = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                headerLine = record.line
                continue
            }
            guard record.fields.count == columns.count else {
                problems.append(.init(file: file, line: record.line,
                                      message: "\(record.fields.count) fields, \(columns.count) expected (one per header column)"))
                continue
            }
            rows.append((record.line, record.fields.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        guard let header else {
            problems.append(.init(file: file, place: .file, message: "the file is empty: a header row and one line per entry expected"))
            return nil
        }
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where positions[name] == nil { positions[name] = index }
        return ListCSVTable(header: header, headerLine: headerLine, rows: rows, positions: positions)
    }

    /// Whether the header has this column (lower-case name).
    func has(_ column: String) -> Bool { positions[column] != nil }

    /// A row's field in the named column (lower-case name); empty when the file has no such column.
    func value(_ fields: [String], _ column: String) -> String {
        positions[column].map { fields[$0] } ?? ""
    }

    /// Problems in line order: the table's own (field counts) come first otherwise.
    static func inLineOrder(_ problems: [ListImportError.Problem]) -> [ListImportError.Problem] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// A multi-valued cell split at its semicolons (the CSL joins values with "; "), each value
    /// trimmed, empty ones dropped.
    static func values(_ cell: String) -> [String] {
        cell.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
