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
    private let names: [(entry: Int, name: PartyName)]
    private let blocks: [String: [Int]]

    public init(_ list: DeniedPartyList) {
        self.list = list
        var names: [(Int, PartyName)] = []
        var blocks: [String: [Int]] = [:]
        for (entryIndex, entry) in list.entries.enumerated() {
            for text in entry.names {
                let name = PartyName(text)
                let position = names.count
                names.append((entryIndex, name))
                for key in Set(name.tokens.map(Self.key)) { blocks[key, default: []].append(position) }
            }
        }
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
        var best: [Int: (String, NameMatch)] = [:]
        for position in candidates {
            let (entryIndex, listed) = names[position]
            // The score alone first: the whole match, with its explanation, only for a hit.
            guard NameMatch.score(query, listed) >= threshold else { continue }
            let match = NameMatch(query, listed)
            if match.score > best[entryIndex]?.1.score ?? -1 { best[entryIndex] = (listed.original, match) }
        }
        let wanted = country?.trimmingCharacters(in: .whitespaces).uppercased()
        return best.map { entryIndex, found in
            let entry = list.entries[entryIndex]
            let agrees = wanted.map { code in entry.addresses.contains { $0.country.uppercased() == code || Self.countryCode($0.country) == code } } ?? false
            return Hit(entry: entry, listedName: found.0, match: found.1, countryAgrees: agrees)
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
