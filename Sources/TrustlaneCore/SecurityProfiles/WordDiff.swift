import Foundation

/// A run of text in a diff: kept from the old version, added in the new one, or removed.
public struct DiffSegment: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case kept, added, removed
    }

    public let kind: Kind
    /// The text, whitespace included, so concatenating kept + added segments gives the new
    /// text and kept + removed the old one.
    public let text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A word-level diff of two texts for people: the texts are cut into words and whitespace runs,
/// the longest common subsequence is kept, the rest shown as removed then added. Common prefix
/// and suffix are cut first; a middle too large for the quadratic table (over a million word
/// pairs) is shown as one removal and one addition.
public enum WordDiff {
    /// Largest LCS table, in cells, before falling back to replace-all for the middle part.
    static let maxTableCells = 1_000_000

    /// The segments turning `old` into `new`; adjacent segments of one kind are merged.
    public static func segments(from old: String, to new: String) -> [DiffSegment] {
        let oldTokens = tokens(old)
        let newTokens = tokens(new)
        var ids: [Substring: Int32] = [:]
        func intern(_ token: Substring) -> Int32 {
            if let id = ids[token] { return id }
            let id = Int32(ids.count)
            ids[token] = id
            return id
        }
        let a = oldTokens.map(intern)
        let b = newTokens.map(intern)

        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }

        var out = SegmentBuilder()
        for token in oldTokens[0..<prefix] { out.append(.kept, token) }
        let oldMiddle = prefix..<(a.count - suffix)
        let newMiddle = prefix..<(b.count - suffix)
        if oldMiddle.count * newMiddle.count > maxTableCells {
            for token in oldTokens[oldMiddle] { out.append(.removed, token) }
            for token in newTokens[newMiddle] { out.append(.added, token) }
        } else {
            middle(a, oldMiddle, b, newMiddle, oldTokens, newTokens, into: &out)
        }
        for token in oldTokens[(a.count - suffix)...] { out.append(.kept, token) }
        return out.segments
    }

    /// Cuts text into maximal runs of whitespace and of everything else.
    static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var inSpace: Bool?
        for index in text.indices {
            let space = text[index].isWhitespace
            if let current = inSpace, current != space {
                result.append(text[start..<index])
                start = index
            }
            inSpace = space
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    private static func middle(_ a: [Int32], _ oldRange: Range<Int>, _ b: [Int32], _ newRange: Range<Int>,
                               _ oldTokens: [Substring], _ newTokens: [Substring], into out: inout SegmentBuilder) {
        let n = oldRange.count
        let m = newRange.count
        guard n > 0, m > 0 else {
            for token in oldTokens[oldRange] { out.append(.removed, token) }
            for token in newTokens[newRange] { out.append(.added, token) }
            return
        }
        // table[i][j] = LCS length of old[i...] and new[j...], flattened row by row.
        let width = m + 1
        var table = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * width + j] = a[oldRange.lowerBound + i] == b[newRange.lowerBound + j]
                    ? table[(i + 1) * width + j + 1] + 1
                    : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var i = 0
        var j = 0
        var removed: [Substring] = []
        var added: [Substring] = []
        func flush() {
            for token in removed { out.append(.removed, token) }
            for token in added { out.append(.added, token) }
            removed.removeAll(keepingCapacity: true)
            added.removeAll(keepingCapacity: true)
        }
        while i < n, j < m {
            if a[oldRange.lowerBound + i] == b[newRange.lowerBound + j] {
                flush()
                out.append(.kept, oldTokens[oldRange.lowerBound + i])
                i += 1
                j += 1
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                removed.append(oldTokens[oldRange.lowerBound + i])
                i += 1
            } else {
                added.append(newTokens[newRange.lowerBound + j])
                j += 1
            }
        }
        while i < n { removed.append(oldTokens[oldRange.lowerBound + i]); i += 1 }
        while j < m { added.append(newTokens[newRange.lowerBound + j]); j += 1 }
        flush()
    }
}

/// Collects tokens into segments, merging neighbours of one kind.
private struct SegmentBuilder {
    private(set) var segments: [DiffSegment] = []

    mutating func append(_ kind: DiffSegment.Kind, _ token: Substring) {
        if let last = segments.last, last.kind == kind {
            segments[segments.count - 1] = DiffSegment(kind, last.text + token)
        } else {
            segments.append(DiffSegment(kind, String(token)))
        }
    }
}
