import Foundation

/// The one CSV reader (the catalog files and the supply-chain maps both use it), as RFC 4180
/// describes: fields in double quotes may hold commas, line breaks and doubled quotes.
///
/// One line-ending rule: outside quotes a CR, an LF or a CRLF each end a line (and a record);
/// inside quotes each is kept in the field and counts as one line, so the line numbers in
/// messages match what an editor shows. A leading byte order mark is ignored.
///
/// The reader only splits; what a `#` line, a blank record or a stray quote means is the
/// caller's to decide (`CSVTable` for catalogs, `ChainCSV` for supply chains).
struct CSVReader {
    /// One record and the 1-based line it starts on.
    struct Record {
        let line: Int
        let fields: [String]
        /// The first quote out of place, if any (the fields keep the characters as written).
        let strayQuote: StrayQuote?
        /// The line of the first bytes that are not UTF-8, when the reader checks them
        /// (`init(utf8:)`); the fields hold U+FFFD in their place.
        var invalidUTF8Line: Int? = nil

        /// A record that is one empty or all-space field.
        var isBlank: Bool { fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A quote inside an unquoted field, or text after a field's closing quote.
    struct StrayQuote: Equatable {
        /// The 1-based field position.
        let column: Int
        /// True for text after a closing quote, false for a quote inside an unquoted field.
        let afterClosingQuote: Bool
    }

    /// A quoted field that is never closed: the line its record starts on, and its position.
    struct UnclosedQuote: Error, Equatable {
        let line: Int
        let column: Int
    }

    /// Writes one line (ending in LF) from fields, quoting those that need it.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// A field as written: in quotes when it holds a comma, quote or line break, starts with `#`
    /// or has spaces at either end.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || field.hasPrefix(" ") || field.hasSuffix(" ") || field.hasPrefix("#")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The text's UTF-8 bytes: every byte the reader looks at (quote, comma, CR, LF, `#`) is
    /// ASCII, and no byte of a multi-byte character is ASCII, so splitting bytes splits the text
    /// exactly where splitting its characters would (and costs a tenth of it). Read in place:
    /// a file given as `Data` is not copied (a 100,000-row partner file was 9 MB held twice).
    private let bytes: Data
    /// True when the bytes were not checked as UTF-8 beforehand: each field is then checked as
    /// it is made (`Record.invalidUTF8Line`).
    private let checksUTF8: Bool
    /// The offset of the next byte to read (past a leading byte order mark at the start).
    private var index: Int
    /// The 1-based line the next record or comment starts on.
    private(set) var line = 1

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    init(_ text: String) {
        self.init(bytes: Data(text.utf8), checksUTF8: false)
    }

    /// A file's bytes, read where they are; each field is checked as UTF-8 as it is read, and a
    /// record holding bytes that are not says on which line (`Record.invalidUTF8Line`).
    init(utf8 data: Data) {
        self.init(bytes: data, checksUTF8: true)
    }

    private init(bytes: Data, checksUTF8: Bool) {
        self.bytes = bytes
        self.checksUTF8 = checksUTF8
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// True when all the text has been read.
    var isAtEnd: Bool { index >= bytes.count }

    /// How much of the text has been read, from 0 to 1.
    var fractionRead: Double { bytes.isEmpty ? 1 : Double(index) / Double(bytes.count) }

    /// When the next line starts with `#`: reads the whole line and returns it without the `#`
    /// and without its line ending. Otherwise reads nothing and returns nil.
    mutating func commentLine() -> (line: Int, text: String)? {
        let found = bytes.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> (text: String, end: Int)? in
            guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else { return nil }
            var end = index
            while end < bytes.count, bytes[end] != Self.lf, bytes[end] != Self.cr { end += 1 }
            return (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self), end)
        }
        guard let found else { return nil }
        let start = line
        index = found.end
        if index < bytes.count {
            index = bytes.withUnsafeBytes { Self.afterLineEnding($0, at: found.end) }
            line += 1
        }
        return (start, found.text)
    }

    /// The next record, or nil at the end of the text.
    mutating func nextRecord() throws(UnclosedQuote) -> Record? {
        guard index < bytes.count else { return nil }
        let scanned = bytes.withUnsafeBytes { Self.scan($0, from: index, line: line, checksUTF8: checksUTF8) }
        index = scanned.index
        line = scanned.line
        return try scanned.record.get()
    }

    private struct Scanned {
        let record: Result<Record, UnclosedQuote>
        let index: Int
        let line: Int
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int, line startLine: Int, checksUTF8: Bool) -> Scanned {
        var index = start
        var line = startLine
        let recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var fieldLine = line
        var invalidLine: Int?
        var quoted = false
        var wasQuoted = false
        var atFieldStart = true
        var stray: StrayQuote?
        func finishField() {
            if checksUTF8, invalidLine == nil, let string = String(validating: field, as: UTF8.self) {
                fields.append(string)
            } else {
                if checksUTF8, invalidLine == nil { invalidLine = fieldLine - 1 + (UTF8Lines.firstInvalidLine(field) ?? 1) }
                fields.append(String(decoding: field, as: UTF8.self))
            }
        }
        func skipLineEnding() {
            index = afterLineEnding(bytes, at: index)
            line += 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                index += 1
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote { field.append(quote); index += 1 } else { quoted = false }
                } else {
                    // A CRLF counts once: at its LF.
                    if byte == lf || (byte == cr && (index >= bytes.count || bytes[index] != lf)) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case lf, cr:
                skipLineEnding()
                finishField()
                return Scanned(record: .success(Record(line: recordLine, fields: fields, strayQuote: stray, invalidUTF8Line: invalidLine)), index: index, line: line)
            case comma:
                index += 1
                finishField()
                field.removeAll(keepingCapacity: true)
                fieldLine = line
                atFieldStart = true
                wasQuoted = false
            case quote where atFieldStart:
                index += 1
                quoted = true
                wasQuoted = true
                atFieldStart = false
            default:
                index += 1
                if stray == nil, byte == quote || wasQuoted {
                    stray = StrayQuote(column: fields.count + 1, afterClosingQuote: wasQuoted)
                }
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted { return Scanned(record: .failure(UnclosedQuote(line: recordLine, column: fields.count + 1)), index: index, line: line) }
        finishField()
        return Scanned(record: .success(Record(line: recordLine, fields: fields, strayQuote: stray, invalidUTF8Line: invalidLine)), index: index, line: line)
    }

    /// Where the text goes on after the line ending at `index`: a CR, an LF or a CRLF is one.
    private static func afterLineEnding(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        bytes[index] == cr && index + 1 < bytes.count && bytes[index + 1] == lf ? index + 2 : index + 1
    }
}
