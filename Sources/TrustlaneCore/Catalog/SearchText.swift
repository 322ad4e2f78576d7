import Foundation

/// Text prepared once for fast case- and accent-insensitive substring search: folded, then kept
/// as UTF-8 bytes so a query is a plain byte scan.
struct SearchText: Sendable, Hashable {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(Self.fold(text).utf8)
    }

    /// Lowercased, without accents: `Inspección` -> `inspeccion`.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The folded search terms of a query, split on white space.
    static func terms(_ query: String) -> [[UInt8]] {
        fold(query).split(whereSeparator: \.isWhitespace).map { Array($0.utf8) }
    }

    /// Whether every term occurs in the text.
    func containsAll(_ terms: [[UInt8]]) -> Bool {
        terms.allSatisfy(contains)
    }

    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let first = needle[0]
                let last = haystack.count - needle.count
                var start = 0
                while start <= last {
                    if haystack[start] == first {
                        var offset = 1
                        while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
