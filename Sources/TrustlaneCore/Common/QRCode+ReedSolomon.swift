import Foundation

extension QRCode {
    /// Reed-Solomon error correction over GF(256) with the QR code's field polynomial
    /// x⁸ + x⁴ + x³ + x² + 1 (0x11D) and generator ∏(x − αⁱ), i = 0 ..< degree.
    enum ReedSolomon {
        /// αⁱ for i in 0..<510 (doubled, so a product's logs need no modulo), and log α of 1...255.
        static let tables: (exp: [UInt8], log: [Int]) = {
            var exp = [UInt8](repeating: 0, count: 512)
            var log = [Int](repeating: 0, count: 256)
            var x = 1
            for i in 0..<255 {
                exp[i] = UInt8(x)
                log[x] = i
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11D }
            }
            for i in 255..<512 { exp[i] = exp[i - 255] }
            return (exp, log)
        }()

        /// The product of two field elements.
        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            guard a != 0, b != 0 else { return 0 }
            return tables.exp[tables.log[Int(a)] + tables.log[Int(b)]]
        }

        /// The generator's coefficients, highest power first without its leading 1.
        static func generator(degree: Int) -> [UInt8] {
            var coefficients: [UInt8] = [1]
            for i in 0..<degree {
                // Multiply by (x + αⁱ); subtraction is addition (XOR) in GF(2⁸).
                var next = [UInt8](repeating: 0, count: coefficients.count + 1)
                for (index, c) in coefficients.enumerated() {
                    next[index] ^= c
                    next[index + 1] ^= multiply(c, tables.exp[i])
                }
                coefficients = next
            }
            return Array(coefficients.dropFirst())
        }

        /// The `degree` error correction codewords of `data`: the remainder of data(x)·x^degree
        /// divided by the generator.
        static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
            let g = generator(degree: degree)
            var rest = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ rest[0]
                rest.removeFirst()
                rest.append(0)
                for index in 0..<degree { rest[index] ^= multiply(g[index], factor) }
            }
            return rest
        }
    }
}
