import Foundation

/// Jaro-Winkler similarity of two strings, over Unicode scalars: 1 for equal strings, 0 for
/// nothing in common. The Winkler bonus rewards a shared prefix of up to four characters
/// (scaling 0.1), the usual choice for names.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func similarity(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in similarity(a, b) } }
    }

    /// Over scalars borrowed where they are kept: a screening index holds every listed name's
    /// scalars in one buffer, and compares slices of it.
    static func similarity(_ a: UnsafeBufferPointer<Unicode.Scalar>, _ b: UnsafeBufferPointer<Unicode.Scalar>) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        if a.elementsEqual(b) { return 1 }
        // Two flag buffers on the stack: this runs for every token pair a screening compares.
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: a.count + b.count) { flags in
            flags.initialize(repeating: false)
            return similarity(a, b, aMatched: UnsafeMutableBufferPointer(rebasing: flags[0..<a.count]),
                              bMatched: UnsafeMutableBufferPointer(rebasing: flags[a.count...]))
        }
    }

    private static func similarity(_ a: UnsafeBufferPointer<Unicode.Scalar>, _ b: UnsafeBufferPointer<Unicode.Scalar>, aMatched: UnsafeMutableBufferPointer<Bool>,
                                   bMatched: UnsafeMutableBufferPointer<Bool>) -> Double {
        let window = max(max(a.count, b.count) / 2 - 1, 0)
        var matches = 0
        for i in a.indices {
            let low = max(0, i - window), high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in a.indices where aMatched[i] {
            while !bMatched[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
