import Foundation

extension UUID {
    /// Reads the 36-character hyphenated form (either case) by hand. Foundation's
    /// `UUID(uuidString:)` costs about a microsecond a call on Linux (it goes through `sscanf`),
    /// and a page that reads a few hundred id columns from SQLite, which keeps ids as text, spent
    /// a visible share of its time there (perf of the risk assessment page). `nil` for anything
    /// else, as Foundation's initialiser.
    public init?(hyphenatedText text: String) {
        var text = text
        let bytes: uuid_t? = text.withUTF8 { utf8 -> uuid_t? in
            guard utf8.count == 36 else { return nil }
            var out: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &out) { raw -> Bool in
                var index = 0, written = 0
                while index < 36 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard utf8[index] == UInt8(ascii: "-") else { return false }
                        index += 1
                        continue
                    }
                    guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1]) else { return false }
                    raw[written] = high << 4 | low
                    written += 1
                    index += 2
                }
                return true
            }
            return ok ? out : nil
        }
        guard let bytes else { return nil }
        self.init(uuid: bytes)
    }

    /// The 36-character hyphenated form in lower case, as `uuidString.lowercased()` gives it,
    /// written by hand: Foundation's `uuidString` goes through `sprintf` on Linux, and every link
    /// of a page names its company's id (perf of the profile page showed the formatter).
    public var lowercasedText: String {
        withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var written = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    let byte = raw[index]
                    out[written] = Self.hexDigit(byte >> 4)
                    out[written + 1] = Self.hexDigit(byte & 0x0F)
                    written += 2
                }
                return written
            }
        }
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    @inline(__always)
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
