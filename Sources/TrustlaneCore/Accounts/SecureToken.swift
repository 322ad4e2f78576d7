import Crypto
import Foundation

/// Random secrets handed to people (session cookies, invitation links, API tokens) and the
/// one-way digests kept of them. A database leak reveals no usable token.
public enum SecureToken {
    /// 32 random bytes from the system's secure generator, base64url without padding (43
    /// characters). Encoded by hand: Foundation's base64 and three `replacingOccurrences` cost
    /// more than the rest of a small page's middleware (perf of the risk page), and every
    /// request without a CSRF cookie makes one.
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 32)
        for word in 0..<4 {
            let random = generator.next()
            for shift in 0..<8 { bytes[word * 8 + shift] = UInt8(truncatingIfNeeded: random >> (8 * UInt64(shift))) }
        }
        return prefix + base64URL(bytes, count: 32)
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// base64url without padding of the first `count` bytes.
    static func base64URL(_ bytes: [UInt8], count: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((count * 4 + 2) / 3)
        var index = 0
        while index < count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < count ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            let remaining = count - index
            let chars = remaining >= 3 ? 4 : remaining + 1
            for position in 0..<chars { out.append(alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SHA-256 of the token, hex. Tokens carry 256 bits of entropy, so a fast hash suffices.
    public static func digest(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }

    /// Compares two strings in time that does not depend on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
