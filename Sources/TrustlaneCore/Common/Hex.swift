/// Lowercase hexadecimal for digests and signatures, two digits per byte. Written out by hand:
/// `String(format: "%02x")` per byte goes through Foundation's formatter, which was a few percent
/// of every answer save (the audit hash) and every bearer request (the token digest).
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
