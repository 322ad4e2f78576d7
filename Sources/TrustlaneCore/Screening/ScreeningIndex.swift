import Foundation

/// A list made ready for screening many partners (issue 15): every name and alias normalised
/// once, and an index from each token's first three characters to the names holding it, so a
/// partner is scored only against the names sharing the start of its rarest token, not the
/// whole list. A listed name whose only near token starts differently ("Mohammed" / "Muhammad")
/// is missed: a known limit of blocking on token starts.
public struct ScreeningIndex: Sendable {
    /// A partner's name that reaches the threshold against a listed name.
    public struct Hit: Hashable, Sendable {
        public let entry: DeniedPartyList.Entry
        /// The listed name that matched (the primary name or an alias).
        public let listedName: String
        public let match: NameMatch
        /// The partner's country is one of the entry's address countries (supporting evidence).
        public let countryAgrees: Bool
    }

    public let list: DeniedPartyList
    /// Every listed name's normalised scalars, one name after another.
    private let scalars: [Unicode.Scalar]
    /// Every listed name's tokens, each name's in a run, placed relative to its name's start.
    private let tokens: [PartyName.TokenRange]
    private let names: [Name]
    /// Each token's first three characters, to the positions in `names` of the names holding it.
    private let blocks: [String: [Int32]]

    /// One listed name (a primary name or an alias): 24 bytes, and its text and tokens in the
    /// shared buffers. A `PartyName` per name (its text, tokens, and two arrays of scalars) was
    /// about 550 bytes in eight allocations: 16 MB for a list of 30,000 names, held by the server
    /// for as long as the list is current.
    private struct Name {
        let entry: Int32
        /// Which of its entry's `names` it is.
        let nameIndex: Int32
        let start: Int32
        let end: Int32
        let firstToken: Int32
        let tokenCount: Int32
    }

    public init(_ list: DeniedPartyList) {
        self.list = list
        var scalars: [Unicode.Scalar] = []
        var tokens: [PartyName.TokenRange] = []
        var names: [Name] = []
        var blocks: [String: [Int32]] = [:]
        for (entryIndex, entry) in list.entries.enumerated() {
            for (nameIndex, text) in entry.names.enumerated() {
                let words = PartyName.tokens(text)
                let (own, ranges) = PartyName.scalars(of: words)
                let position = Int32(names.count)
                names.append(Name(entry: Int32(entryIndex), nameIndex: Int32(nameIndex), start: Int32(scalars.count),
                                  end: Int32(scalars.count + own.count), firstToken: Int32(tokens.count), tokenCount: Int32(ranges.count)))
                scalars += own
                tokens += ranges
                for key in Set(words.map(Self.key)) { blocks[key, default: []].append(position) }
            }
        }
        self.scalars = scalars
        self.tokens = tokens
        self.names = names
        self.blocks = blocks
    }

    static func key(_ token: String) -> String { String(token.unicodeScalars.prefix(3).map(Character.init)) }

    /// The entries whose name or alias scores at least `threshold` against `name`, best first,
    /// one hit per entry (its best-scoring name). `country`: the partner's ISO code or name.
    public func screen(_ name: String, country: String? = nil, threshold: Double = NameMatch.defaultThreshold) -> [Hit] {
        let query = PartyName(name)
        // A hit pairs nearly every token (the score is scaled by coverage), so a listed name that
        // matches holds a token near the query's rarest one: score only the names in that token's
        // block, not those of "trading" or "global".
        let keys = Set(query.tokens.map(Self.key))
        guard let rarest = keys.min(by: { (blocks[$0]?.count ?? 0, $0) < (blocks[$1]?.count ?? 0, $1) }) else { return [] }
        let candidates = blocks[rarest] ?? []
        // The score alone first, for every candidate; each entry's best name then gets the whole
        // match, with its explanation (most candidates are not hits).
        var best: [Int32: (name: Int32, score: Double)] = [:]
        query.normalizedScalars.withUnsafeBufferPointer { queryScalars in
            query.tokenRanges.withUnsafeBufferPointer { queryTokens in
                scalars.withUnsafeBufferPointer { scalars in
                    tokens.withUnsafeBufferPointer { tokens in
                        for position in candidates {
                            let listed = names[Int(position)]
                            let score = NameMatch.score(query: queryScalars, queryTokens,
                                                        listed: UnsafeBufferPointer(rebasing: scalars[Int(listed.start)..<Int(listed.end)]),
                                                        UnsafeBufferPointer(rebasing: tokens[Int(listed.firstToken)..<Int(listed.firstToken + listed.tokenCount)]))
                            guard score >= threshold else { continue }
                            if score > best[listed.entry]?.score ?? -1 { best[listed.entry] = (position, score) }
                        }
                    }
                }
            }
        }
        let wanted = country?.trimmingCharacters(in: .whitespaces).uppercased()
        return best.map { entryIndex, found in
            let entry = list.entries[Int(entryIndex)]
            let listedName = entry.names[Int(names[Int(found.name)].nameIndex)]
            let agrees = wanted.map { code in entry.addresses.contains { $0.country.uppercased() == code || Self.countryCode($0.country) == code } } ?? false
            return Hit(entry: entry, listedName: listedName, match: NameMatch(query, PartyName(listedName)), countryAgrees: agrees)
        }.sorted { ($0.match.score, $0.countryAgrees ? 1 : 0, $1.entry.number) > ($1.match.score, $1.countryAgrees ? 1 : 0, $0.entry.number) }
    }

    /// OFAC writes countries as names ("Indonesia"); partners carry ISO codes.
    static func countryCode(_ name: String) -> String? {
        let english = Locale(identifier: "en_US_POSIX")
        let folded = name.trimmingCharacters(in: .whitespaces).lowercased()
        return Locale.Region.isoRegions.first { region in
            english.localizedString(forRegionCode: region.identifier)?.lowercased() == folded
        }?.identifier
    }
}
