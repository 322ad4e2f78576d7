import Foundation

/// A company's threat ratings by country and region, looked up per node: a rating for the
/// node's region overrides the country's rating of the same threat; without either the threat
/// is unrated there (`nil`), never silently low.
///
/// Built once from stored ratings (when two rate the same subject, the later `ratedAt` wins, so
/// a library may be fed a whole history); look-ups then index an array by country code and hash
/// a region only for countries that have regional ratings.
public struct ThreatLibrary: Sendable {
    /// One country's ratings by threat position, and per region those merged over them.
    struct CountryEntry: Sendable {
        var country: [ThreatRating?]
        var regions: [String: [ThreatRating?]]
        /// The same as level ranks (-1 unrated), which scoring reads without copying ratings.
        var countryRanks: [Int8] = []
        var regionRanks: [String: [Int8]] = [:]
    }

    /// The effective ratings, one per subject, sorted by country, region and threat.
    public let ratings: [ThreatRating]
    /// 26 x 26 slots, one per two-letter code.
    private let entries: [CountryEntry?]

    /// A library of ratings; of two for the same subject the later `ratedAt` wins.
    public init(ratings: [ThreatRating] = []) {
        var latest: [ThreatRating.Subject: ThreatRating] = [:]
        for rating in ratings {
            let subject = rating.subject
            if let kept = latest[subject], kept.ratedAt > rating.ratedAt { continue }
            latest[subject] = rating
        }
        // By country (its slot orders as its code does), region and threat; the slots computed
        // once, and positions sorted rather than the pairs.
        let pairs = Array(latest)
        let slots = pairs.map { ThreatLibrary.slot($0.key.country) }
        let order = pairs.indices.sorted { a, b in
            if slots[a] != slots[b] { return slots[a] < slots[b] }
            let left = pairs[a].key, right = pairs[b].key
            let leftRegion = left.regionKey ?? "", rightRegion = right.regionKey ?? ""
            if leftRegion != rightRegion { return leftRegion < rightRegion }
            return left.category.ordinal < right.category.ordinal
        }
        let sorted = order.map { pairs[$0] }
        let effective = sorted.map(\.value)
        let categoryCount = ThreatCategory.allCases.count
        var entries = [CountryEntry?](repeating: nil, count: 26 * 26)
        for (subject, rating) in sorted where subject.regionKey == nil {
            let slot = ThreatLibrary.slot(rating.country)
            var entry = entries[slot] ?? CountryEntry(country: Array(repeating: nil, count: categoryCount), regions: [:])
            entry.country[rating.category.ordinal] = rating
            entries[slot] = entry
        }
        for (subject, rating) in sorted {
            guard let regionKey = subject.regionKey else { continue }
            let slot = ThreatLibrary.slot(rating.country)
            var entry = entries[slot] ?? CountryEntry(country: Array(repeating: nil, count: categoryCount), regions: [:])
            var merged = entry.regions[regionKey] ?? entry.country
            merged[rating.category.ordinal] = rating
            entry.regions[regionKey] = merged
            entries[slot] = entry
        }
        for slot in entries.indices {
            guard var entry = entries[slot] else { continue }
            entry.countryRanks = ThreatLibrary.ranks(entry.country)
            entry.regionRanks = entry.regions.mapValues(ThreatLibrary.ranks)
            entries[slot] = entry
        }
        self.ratings = effective
        self.entries = entries
    }

    /// The rating that applies to a threat in a country and region: the region's own, else the
    /// country's, else `nil` (unrated).
    public func rating(country: CountryCode, region: String? = nil, category: ThreatCategory) -> ThreatRating? {
        ratings(country: country, regionKey: MatchKey.normalize(region))?[category.ordinal]
    }

    /// The ratings that apply at a node, by threat.
    public func ratings(at node: ChainNode) -> [ThreatCategory: ThreatRating] {
        guard let slots = ratings(country: node.country, regionKey: node.regionKey) else { return [:] }
        var result: [ThreatCategory: ThreatRating] = [:]
        for category in ThreatCategory.allCases { result[category] = slots[category.ordinal] }
        return result
    }

    /// The applying ratings by threat position, or `nil` when the country has none.
    func ratings(country: CountryCode, regionKey: String?) -> [ThreatRating?]? {
        guard let entry = entries[ThreatLibrary.slot(country)] else { return nil }
        if let regionKey, !entry.regions.isEmpty, let regional = entry.regions[regionKey] { return regional }
        return entry.country
    }

    /// The applying level ranks by threat position (-1 unrated), or `nil` when the country has
    /// no ratings. Scoring's look-up: an array index, and a hash only for regional countries.
    @inline(__always)
    func ranks(country: CountryCode, regionKey: String?) -> [Int8]? {
        guard let entry = entries[ThreatLibrary.slot(country)] else { return nil }
        if let regionKey, !entry.regionRanks.isEmpty, let regional = entry.regionRanks[regionKey] { return regional }
        return entry.countryRanks
    }

    private static func ranks(_ slots: [ThreatRating?]) -> [Int8] {
        slots.map { $0.map { Int8(clamping: $0.level.rank) } ?? -1 }
    }

    /// The threats still unrated for each country and region the chains pass through, so a
    /// page can ask for exactly those (step 2 before scoring).
    public func gaps(in chains: [SupplyChain]) -> [(country: CountryCode, region: String?, categories: [ThreatCategory])] {
        var seen: Set<String> = []
        var gaps: [(country: CountryCode, region: String?, categories: [ThreatCategory])] = []
        for node in chains.lazy.flatMap(\.nodes) {
            guard seen.insert(node.country.code + "|" + (node.regionKey ?? "")).inserted else { continue }
            let slots = ratings(country: node.country, regionKey: node.regionKey)
            let missing = ThreatCategory.allCases.filter { slots?[$0.ordinal] == nil }
            if !missing.isEmpty { gaps.append((node.country, node.region, missing)) }
        }
        return gaps
    }

    /// Ratings whose level is not on a scale (after the scale was changed), as errors naming
    /// the subject, so they can be re-rated before scoring.
    public func ratingsOutside(_ scale: RiskScale) -> [FieldError] {
        ratings.filter { !scale.contains($0.level) }.map { rating in
            let place = rating.region.map { "\(rating.country.code), \($0)" } ?? rating.country.code
            return FieldError(field: "threats", messageKey: "risk.error.threat_rating_outside_scale",
                              message: "The \(rating.category.title.lowercased()) rating for \(place) is not on the scale (\(scale.keyList)); rate it again.",
                              arguments: ["place": place, "category": rating.category.rawValue, "levels": scale.keyList])
        }
    }

    /// The slot of a two-letter code (`AA` = 0 ... `ZZ` = 675).
    @inline(__always)
    static func slot(_ country: CountryCode) -> Int {
        let bytes = country.code.utf8
        let first = Int(bytes.first! &- 65), second = Int(bytes[bytes.index(after: bytes.startIndex)] &- 65)
        return first * 26 + second
    }
}
