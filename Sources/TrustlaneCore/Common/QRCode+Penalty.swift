import Foundation

extension QRCode.Grid {
    /// The penalty of the symbol under mask `pattern` (ISO/IEC 18004:2015 7.8.3.1), scored as the
    /// standard says before the format and version information is drawn: those areas and the
    /// dark module count as light (as the reference library segno scores them).
    ///
    /// - N1, 3 + (run − 5) for each run of five or more same-coloured modules in a row or column;
    /// - N2, 3 for each 2×2 block of one colour (blocks may overlap);
    /// - N3, 40 for each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) in a row or column with
    ///   four light modules, or the symbol's edge, before or after it; a pattern counted is not
    ///   searched again inside itself;
    /// - N4, 10 for each full 5% by which the dark share departs from 50%.
    func penalty(mask pattern: Int) -> Int {
        var grid = self
        grid.apply(mask: pattern)
        return grid.penalty()
    }

    func penalty() -> Int {
        var score = 0
        var dark = 0
        var column = [Bool](repeating: false, count: size)
        for i in 0..<size {
            let row = Array(modules[(i * size)..<(i * size + size)])
            for j in 0..<size { column[j] = modules[j * size + i] }
            score += Self.runPenalty(row) + Self.runPenalty(column)
            score += Self.finderLikePenalty(row) + Self.finderLikePenalty(column)
            dark += row.lazy.filter { $0 }.count
            if i > 0 {
                for j in 1..<size {
                    let c = row[j]
                    if row[j - 1] == c && modules[(i - 1) * size + j] == c && modules[(i - 1) * size + j - 1] == c { score += 3 }
                }
            }
        }
        let total = size * size
        score += 10 * (abs(dark * 100 - total * 50) / (total * 5))
        return score
    }

    /// N1 for one line.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0, run = 1
        for index in 1..<line.count {
            if line[index] == line[index - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        if run >= 5 { score += run - 2 }
        return score
    }

    static let finderLike: [Bool] = [true, false, true, true, true, false, true]

    /// N3 for one line.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let n = line.count
        // Modules beyond the edge are the quiet zone: light.
        func lightRange(_ from: Int, _ to: Int) -> Bool { (max(from, 0)..<min(to, n)).allSatisfy { !line[$0] } }
        var score = 0
        var index = 0
        while index + 7 <= n {
            guard (0..<7).allSatisfy({ line[index + $0] == finderLike[$0] }) else {
                index += 1
                continue
            }
            if lightRange(index - 4, index) || lightRange(index + 7, index + 11) {
                score += 40
                index += 7
            } else {
                // The next pattern could start no sooner than at the third dark run.
                index += 4
            }
        }
        return score
    }
}
