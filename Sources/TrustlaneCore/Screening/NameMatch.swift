import Foundation

/// How well a partner's name matches a listed name, and why (issue 15). The score is the larger
/// of two measures, both after `PartyName` normalisation:
///
/// - a token score: each token of the shorter name paired once with its best unused token of the
///   other (Jaro-Winkler, pairs under 0.5 count as none), averaged with each token weighted by its
///   length, then scaled by the share of the longer name's tokens that found a pair, so one shared
///   word ("EMMA" in "Emma Daniels") or a short name inside a long one does not score as a match;
/// - the whole names' Jaro-Winkler similarity, which catches words run together or split
///   ("Batiknusantara" / "Batik Nusantara"), counted only when the names start with the same
///   letter and the token score is already over one half: alone it rates "George Bush" and
///   "George Habbash" 89%.
///
/// These follow the lessons of OFAC's public search and of open-source screeners reproducing it
/// (`../shared/domain/daily-operations.md`, "Matching lessons"); the threshold is the caller's.
public struct NameMatch: Hashable, Sendable {
    /// One paired token and its similarity.
    public struct Pair: Hashable, Sendable {
        public let query: String
        public let listed: String
        public let similarity: Double
    }

    public let score: Double
    public let wholeName: Double
    public let tokenScore: Double
    public let pairs: [Pair]
    /// Tokens of either name that found no pair.
    public let unmatched: [String]
    public let query: PartyName
    public let listed: PartyName

    /// The weakest pair still counted.
    static let pairFloor = 0.5

    /// A starting threshold for a list: names scoring at least this are raised as hits. Lists
    /// may set their own.
    public static let defaultThreshold = 0.9

    /// Whether the score reaches `threshold`.
    public func isHit(threshold: Double = NameMatch.defaultThreshold) -> Bool { score >= threshold }

    public init(_ query: PartyName, _ listed: PartyName) {
        self.query = query
        self.listed = listed
        let flipped = !(query.tokens.count <= listed.tokens.count)
        let (shortText, longText) = flipped ? (listed.tokens, query.tokens) : (query.tokens, listed.tokens)
        let shortName = flipped ? listed : query, longName = flipped ? query : listed
        var used = Set<Int>()
        var found: [Pair] = []
        var weighted = 0.0, weights = 0.0
        var unmatched: [String] = []
        shortName.normalizedScalars.withUnsafeBufferPointer { shortScalars in
            longName.normalizedScalars.withUnsafeBufferPointer { longScalars in
                for (position, range) in shortName.tokenRanges.enumerated() {
                    let token = Self.slice(shortScalars, range)
                    var best: (Int, Double)?
                    for (index, other) in longName.tokenRanges.enumerated() where !used.contains(index) {
                        let similarity = JaroWinkler.similarity(token, Self.slice(longScalars, other))
                        if similarity >= Self.pairFloor, similarity > (best?.1 ?? 0) { best = (index, similarity) }
                    }
                    let weight = Double(range.count)
                    weights += weight
                    if let (index, similarity) = best {
                        used.insert(index)
                        weighted += similarity * weight
                        found.append(flipped ? Pair(query: longText[index], listed: shortText[position], similarity: similarity)
                                             : Pair(query: shortText[position], listed: longText[index], similarity: similarity))
                    } else {
                        unmatched.append(shortText[position])
                    }
                }
            }
        }
        unmatched += longText.enumerated().filter { !used.contains($0.offset) }.map(\.element)
        let average = weights > 0 ? weighted / weights : 0
        let coverage = longText.isEmpty ? 0 : Double(used.count) / Double(longText.count)
        tokenScore = average * coverage
        pairs = found
        self.unmatched = unmatched
        // The whole-name score only where tokens already agree (and so only computed there).
        let a = query.normalizedScalars, b = listed.normalizedScalars
        wholeName = tokenScore > 0.5 && a.first != nil && a.first == b.first ? JaroWinkler.similarity(a, b) : 0
        score = tokenScore > 0.5 ? max(wholeName, tokenScore) : tokenScore
    }

    /// `NameMatch(query, listed).score`, computed the same way and in the same order (so the
    /// same to the last bit) without building the explanation: no pairs, no unmatched tokens, no
    /// set of used positions. Screening scores every name of a block with this and builds the
    /// whole match only for the hits (most candidates are not).
    public static func score(_ query: PartyName, _ listed: PartyName) -> Double {
        query.normalizedScalars.withUnsafeBufferPointer { queryScalars in
            query.tokenRanges.withUnsafeBufferPointer { queryTokens in
                listed.normalizedScalars.withUnsafeBufferPointer { listedScalars in
                    listed.tokenRanges.withUnsafeBufferPointer { listedTokens in
                        score(query: queryScalars, queryTokens, listed: listedScalars, listedTokens)
                    }
                }
            }
        }
    }

    /// The score of two normalised names given as their scalars and their tokens' places in
    /// them, borrowed where they are kept (a screening index keeps a whole list's in one buffer).
    static func score(query: UnsafeBufferPointer<Unicode.Scalar>, _ queryTokens: UnsafeBufferPointer<PartyName.TokenRange>,
                      listed: UnsafeBufferPointer<Unicode.Scalar>, _ listedTokens: UnsafeBufferPointer<PartyName.TokenRange>) -> Double {
        let queryIsShort = queryTokens.count <= listedTokens.count
        let (short, shortTokens) = queryIsShort ? (query, queryTokens) : (listed, listedTokens)
        let (long, longTokens) = queryIsShort ? (listed, listedTokens) : (query, queryTokens)
        // Which of the longer name's tokens are paired: on the stack.
        let (weighted, weights, usedCount) = withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(1, longTokens.count)) { used in
            used.initialize(repeating: false)
            var usedCount = 0
            var weighted = 0.0, weights = 0.0
            for range in shortTokens {
                let token = slice(short, range)
                var best: (Int, Double)?
                for (index, other) in longTokens.enumerated() where !used[index] {
                    let similarity = JaroWinkler.similarity(token, slice(long, other))
                    if similarity >= Self.pairFloor, similarity > (best?.1 ?? 0) { best = (index, similarity) }
                }
                let weight = Double(range.count)
                weights += weight
                if let (index, similarity) = best {
                    used[index] = true
                    usedCount += 1
                    weighted += similarity * weight
                }
            }
            return (weighted, weights, usedCount)
        }
        let average = weights > 0 ? weighted / weights : 0
        let coverage = longTokens.isEmpty ? 0 : Double(usedCount) / Double(longTokens.count)
        let tokenScore = average * coverage
        guard tokenScore > 0.5 else { return tokenScore }
        let wholeName = query.first != nil && query.first == listed.first ? JaroWinkler.similarity(query, listed) : 0
        return max(wholeName, tokenScore)
    }

    static func slice(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ range: PartyName.TokenRange) -> UnsafeBufferPointer<Unicode.Scalar> {
        UnsafeBufferPointer(rebasing: scalars[Int(range.start)..<Int(range.end)])
    }

    public init(_ query: String, _ listed: String) {
        self.init(PartyName(query), PartyName(listed))
    }

    /// A one-line account of the score, for the reviewer deciding on a hit.
    public var explanation: String {
        let paired = pairs.map { "\($0.query)~\($0.listed) \(Self.percent($0.similarity))" }.joined(separator: ", ")
        var parts = ["\(Self.percent(score)): \"\(query.normalized)\" vs \"\(listed.normalized)\"",
                     "whole name \(Self.percent(wholeName))", "tokens \(Self.percent(tokenScore))"]
        if !paired.isEmpty { parts.append("paired \(paired)") }
        if !unmatched.isEmpty { parts.append("unpaired \(unmatched.joined(separator: " "))") }
        let removed = query.removed + listed.removed
        if !removed.isEmpty { parts.append("ignored \(removed.joined(separator: ", "))") }
        return parts.joined(separator: "; ")
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
