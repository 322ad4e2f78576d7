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
    /// exactly where splitting its characters would (and costs a tenth of it).
    private let bytes: [UInt8]
    private var index = 0
    /// The 1-based line the next record or comment starts on.
    private(set) var line = 1

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    /// True when all the text has been read.
    var isAtEnd: Bool { index >= bytes.count }

    /// How much of the text has been read, from 0 to 1.
    var fractionRead: Double { bytes.isEmpty ? 1 : Double(index) / Double(bytes.count) }

    /// When the next line starts with `#`: reads the whole line and returns it without the `#`
    /// and without its line ending. Otherwise reads nothing and returns nil.
    mutating func commentLine() -> (line: Int, text: String)? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else { return nil }
        let start = line
        var end = index
        while end < bytes.count, bytes[end] != Self.lf, bytes[end] != Self.cr { end += 1 }
        let text = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
        index = end
        if index < bytes.count { skipLineEnding() }
        return (start, text)
    }

    /// The next record, or nil at the end of the text.
    mutating func nextRecord() throws(UnclosedQuote) -> Record? {
        guard index < bytes.count else { return nil }
        let recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var atFieldStart = true
        var stray: StrayQuote?
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                index += 1
                if byte == Self.quote {
                    if index < bytes.count, bytes[index] == Self.quote { field.append(Self.quote); index += 1 } else { quoted = false }
                } else {
                    // A CRLF counts once: at its LF.
                    if byte == Self.lf || (byte == Self.cr && (index >= bytes.count || bytes[index] != Self.lf)) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case Self.lf, Self.cr:
                skipLineEnding()
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(line: recordLine, fields: fields, strayQuote: stray)
            case Self.comma:
                index += 1
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
                wasQuoted = false
            case Self.quote where atFieldStart:
                index += 1
                quoted = true
                wasQuoted = true
                atFieldStart = false
            default:
                index += 1
                if stray == nil, byte == Self.quote || wasQuoted {
                    stray = StrayQuote(column: fields.count + 1, afterClosingQuote: wasQuoted)
                }
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted { throw UnclosedQuote(line: recordLine, column: fields.count + 1) }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(line: recordLine, fields: fields, strayQuote: stray)
    }

    /// Reads a CR, an LF or a CRLF at the current position as one line ending.
    private mutating func skipLineEnding() {
        if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.lf { index += 2 } else { index += 1 }
        line += 1
    }
}
