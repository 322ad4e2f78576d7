import Foundation

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

    private static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `uuid.uuidString` (capitals, 8-4-4-4-12), written out by hand: Foundation formats each
    /// through `snprintf`, which an import of 100,000 partners naming 400,000 term rows felt.
    public static func uuid(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { out[at] = UInt8(ascii: "-"); at += 1 }
                    out[at] = upperDigits[Int(byte >> 4)]
                    out[at + 1] = upperDigits[Int(byte & 0x0f)]
                    at += 2
                }
                return at
            }
        }
    }
}
