import Foundation

/// Where a file stops being UTF-8 text, for messages that name the line (partner imports,
/// denied-party lists). Lines end as `CSVReader` ends them: a CR, an LF or a CRLF.
enum UTF8Lines {
    /// The 1-based line holding the first byte sequence that is not UTF-8; nil when it all is.
    static func firstInvalidLine<Bytes: Sequence<UInt8>>(_ data: Bytes) -> Int? {
        var line = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var afterCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\r" || (scalar == "\n" && !afterCR) { line += 1 }
                afterCR = scalar == "\r"
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}
