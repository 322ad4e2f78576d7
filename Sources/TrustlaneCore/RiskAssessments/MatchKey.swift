import Foundation

/// The form of a name used to match it with the same name written differently (a node's region
/// with a threat rating's region, a business partner across nodes): trimmed, spaces collapsed,
/// case and accents ignored (`  Nuevo León ` matches `nuevo leon`). Computed once when a node or
/// rating is made, never while scoring.
enum MatchKey {
    static func normalize(_ name: String?) -> String? {
        guard let name else { return nil }
        // Most names are plain ASCII: lower-case and collapse spaces byte by byte, skipping
        // Foundation's folding (about a microsecond a call).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return folded(name) }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(0x20); pendingSpace = false }
            bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private static func folded(_ name: String) -> String? {
        let words = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
