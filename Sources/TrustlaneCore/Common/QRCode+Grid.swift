import Foundation

extension QRCode {
    /// The symbol being built: its modules and which of them belong to function patterns (finders
    /// and their separators, timing, alignment, the format and version areas, the dark module),
    /// which masks leave alone and data never uses.
    struct Grid {
        let version: Int
        let size: Int
        var modules: [Bool]
        var isFunction: [Bool]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            modules = Array(repeating: false, count: size * size)
            isFunction = Array(repeating: false, count: size * size)
        }

        subscript(row: Int, column: Int) -> Bool {
            get { modules[row * size + column] }
            set { modules[row * size + column] = newValue }
        }

        mutating func setFunction(_ row: Int, _ column: Int, _ dark: Bool) {
            modules[row * size + column] = dark
            isFunction[row * size + column] = true
        }

        /// Centres of the alignment patterns on each axis (ISO/IEC 18004 annex E).
        static let alignmentCentres: [Int: [Int]] = [
            1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50],
        ]

        /// Finders with separators, timing lines, alignment patterns; the format and version
        /// areas and the dark module reserved and left light until the mask is chosen.
        mutating func drawFunctionPatterns() {
            for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
                // The 7×7 finder and its one-module light separator (cut by the edge).
                for dr in -4...4 {
                    for dc in -4...4 {
                        let r = row + dr, c = column + dc
                        guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                        let ring = max(abs(dr), abs(dc))
                        setFunction(r, c, ring != 2 && ring != 4)
                    }
                }
            }
            for i in 8..<(size - 8) {
                setFunction(6, i, i % 2 == 0)
                setFunction(i, 6, i % 2 == 0)
            }
            let centres = Self.alignmentCentres[version] ?? []
            for row in centres {
                for column in centres {
                    // Not over the three finders.
                    if (row == 6 && column == 6) || (row == 6 && column == centres.last) || (row == centres.last && column == 6) { continue }
                    for dr in -2...2 {
                        for dc in -2...2 { setFunction(row + dr, column + dc, max(abs(dr), abs(dc)) != 1) }
                    }
                }
            }
            // Format areas beside the finders, and the dark module (drawn with the format).
            for i in 0...8 where i != 6 {
                setFunction(8, i, false)
                setFunction(i, 8, false)
            }
            for i in 0..<8 {
                setFunction(8, size - 1 - i, false)
                setFunction(size - 1 - i, 8, false)
            }
            if version >= 7 {
                for i in 0..<6 {
                    for j in (size - 11)..<(size - 8) {
                        setFunction(i, j, false)
                        setFunction(j, i, false)
                    }
                }
            }
        }

        /// Places the codewords' bits in two-module columns from the bottom right, up and down in
        /// turn, skipping the vertical timing line and every function module; modules left over
        /// (the remainder bits) stay light.
        mutating func place(_ codewords: [UInt8]) {
            let total = codewords.count * 8
            var bit = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                let upward = (right + 1) & 2 == 0
                for step in 0..<size {
                    let row = upward ? size - 1 - step : step
                    for column in [right, right - 1] where !isFunction[row * size + column] {
                        if bit < total {
                            self[row, column] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1 == 1
                            bit += 1
                        }
                    }
                }
                right -= 2
            }
        }

        /// Whether mask `pattern` flips the module at `row`, `column` (ISO/IEC 18004 table 10).
        static func flips(_ pattern: Int, _ row: Int, _ column: Int) -> Bool {
            switch pattern {
            case 0: (row + column) % 2 == 0
            case 1: row % 2 == 0
            case 2: column % 3 == 0
            case 3: (row + column) % 3 == 0
            case 4: (row / 2 + column / 3) % 2 == 0
            case 5: (row * column) % 2 + (row * column) % 3 == 0
            case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
            default: ((row + column) % 2 + (row * column) % 3) % 2 == 0
            }
        }

        mutating func apply(mask pattern: Int) {
            for row in 0..<size {
                for column in 0..<size where !isFunction[row * size + column] && Self.flips(pattern, row, column) {
                    modules[row * size + column].toggle()
                }
            }
        }

        /// The 15 format bits: level M (00) and the mask, BCH(15,5) with generator 0x537, XOR 0x5412.
        static func formatBits(mask: Int) -> Int {
            let data = 0b00 << 3 | mask
            var rest = data
            for _ in 0..<10 { rest = (rest << 1) ^ ((rest >> 9) * 0x537) }
            return (data << 10 | rest) ^ 0x5412
        }

        /// The 18 version bits (version 7 on): BCH(18,6) with generator 0x1F25.
        static func versionBits(_ version: Int) -> Int {
            var rest = version
            for _ in 0..<12 { rest = (rest << 1) ^ ((rest >> 11) * 0x1F25) }
            return version << 12 | rest
        }

        /// Both copies of the format information, and the dark module beside the lower one.
        mutating func drawFormat(mask: Int) {
            let bits = Self.formatBits(mask: mask)
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0...5 { setFunction(i, 8, bit(i)) }
            setFunction(7, 8, bit(6))
            setFunction(8, 8, bit(7))
            setFunction(8, 7, bit(8))
            for i in 9..<15 { setFunction(8, 14 - i, bit(i)) }
            for i in 0..<8 { setFunction(8, size - 1 - i, bit(i)) }
            for i in 8..<15 { setFunction(size - 15 + i, 8, bit(i)) }
            setFunction(size - 8, 8, true)
        }

        /// Both copies of the version information (versions 7 and up).
        mutating func drawVersion() {
            guard version >= 7 else { return }
            let bits = Self.versionBits(version)
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                setFunction(b, a, dark)
                setFunction(a, b, dark)
            }
        }
    }
}
