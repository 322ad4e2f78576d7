import Foundation

/// A QR code (ISO/IEC 18004) for a short text such as a URL: byte mode, error correction level M
/// (about 15% of the symbol may be damaged or covered), versions 1 to 10 (21 to 57 modules a
/// side, up to 213 bytes), the mask chosen by the standard's penalty rules unless one is given.
///
/// Written here because no QR package is available to the project (the anonymous reporting
/// link's code, MSC 7.25). The matrices are checked against reference codes made by the Python
/// library segno (and python-qrcode for fixed masks), committed as fixtures with the script that
/// made them (`scripts/qr_fixtures.py`), and the browser tests decode the drawn code with zbarimg.
public struct QRCode: Hashable, Sendable {
    /// The symbol version, 1...10: the side is `17 + 4 × version` modules.
    public let version: Int
    /// The data mask pattern applied, 0...7.
    public let mask: Int
    /// Modules a side (without the quiet zone).
    public let size: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]

    public static let versions = 1...10
    /// The light margin a reader needs around the symbol, in modules.
    public static let quietZone = 4

    /// The text is longer than version 10 at level M holds in byte mode.
    public struct TooLong: Error, Hashable, Sendable {
        public let bytes: Int
        public let maximum: Int
    }

    /// Whether the module at `row`, `column` is dark.
    public subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// The code of `text` as UTF-8 bytes (no ECI header, as URLs and most readers expect).
    public init(text: String, minimumVersion: Int = 1, mask: Int? = nil) throws(TooLong) {
        try self.init(bytes: Array(text.utf8), minimumVersion: minimumVersion, mask: mask)
    }

    /// The code of `bytes` in the smallest version from `minimumVersion` that holds them; with
    /// `mask` nil, the mask with the lowest penalty (the first of equals).
    public init(bytes: [UInt8], minimumVersion: Int = 1, mask: Int? = nil) throws(TooLong) {
        precondition(Self.versions.contains(minimumVersion), "QR versions 1...10 only")
        precondition(mask.map { (0...7).contains($0) } ?? true, "masks 0...7 only")
        guard let version = (minimumVersion...Self.versions.upperBound).first(where: { Self.byteCapacity(version: $0) >= bytes.count }) else {
            throw TooLong(bytes: bytes.count, maximum: Self.byteCapacity(version: Self.versions.upperBound))
        }
        let codewords = Self.codewords(data: Self.dataCodewords(bytes, version: version), version: version)
        var grid = Grid(version: version)
        grid.drawFunctionPatterns()
        grid.place(codewords)
        let chosen = mask ?? (0...7).min { grid.penalty(mask: $0) < grid.penalty(mask: $1) } ?? 0
        grid.apply(mask: chosen)
        grid.drawFormat(mask: chosen)
        grid.drawVersion()
        self.version = version
        self.mask = chosen
        self.size = grid.size
        self.modules = grid.modules
    }

    // MARK: Capacity and blocks (level M)

    /// Error correction per version at level M: codewords of error correction per block, and the
    /// blocks' data codeword counts (ISO/IEC 18004 table 9).
    static let blocks: [Int: (ecPerBlock: Int, data: [Int])] = [
        1: (10, [16]), 2: (16, [28]), 3: (26, [44]), 4: (18, [32, 32]), 5: (24, [43, 43]),
        6: (16, [27, 27, 27, 27]), 7: (18, [31, 31, 31, 31]), 8: (22, [38, 38, 39, 39]),
        9: (22, [36, 36, 36, 37, 37]), 10: (26, [43, 43, 43, 43, 44]),
    ]

    /// Data codewords of a version at level M.
    public static func dataCapacity(version: Int) -> Int { blocks[version]!.data.reduce(0, +) }

    /// Bits of the byte mode's character count: 8 up to version 9, 16 from 10.
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Bytes a version holds at level M in byte mode (14 for version 1 ... 213 for version 10).
    public static func byteCapacity(version: Int) -> Int { (dataCapacity(version: version) * 8 - 4 - countBits(version: version)) / 8 }

    /// The data codewords: mode 0100, the count, the bytes, up to four terminator bits, zero bits
    /// to a byte, then the pad bytes 0xEC and 0x11 in turn.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCapacity(version: version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var out = bits.bytes
        var pad: UInt8 = 0xEC
        while out.count < dataCapacity(version: version) {
            out.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return out
    }

    /// The final sequence: the data split into the version's blocks, each block's error
    /// correction computed, then data and error correction codewords interleaved block by block.
    static func codewords(data: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version]!
        var start = 0
        var dataBlocks: [[UInt8]] = []
        for length in layout.data {
            dataBlocks.append(Array(data[start..<start + length]))
            start += length
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, degree: layout.ecPerBlock) }
        var out: [UInt8] = []
        for index in 0..<(layout.data.max() ?? 0) {
            for block in dataBlocks where index < block.count { out.append(block[index]) }
        }
        for index in 0..<layout.ecPerBlock {
            for block in ecBlocks { out.append(block[index]) }
        }
        return out
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            var byte: UInt8 = 0
            for offset in 0..<8 { byte = byte << 1 | (start + offset < bits.count && bits[start + offset] ? 1 : 0) }
            return byte
        }
    }
}
