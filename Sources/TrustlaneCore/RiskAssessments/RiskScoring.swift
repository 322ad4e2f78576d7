import Foundation

/// Trustlane's risk formula for the five-step assessment, as a pure function from ratings to
/// scores with a breakdown (the shape of a score with its parts, as in `Score` of the Swift
/// Package Index). CBP's guide rates threat and vulnerability only as High/Medium/Low and gives
/// no numeric formula; the values, the product and the bands are Trustlane's method, and every
/// place that shows them says so (`AssessmentMethod.methodNotice`):
///
/// - risk of a node for a threat = value(threat level where the node is) x value(node's
///   vulnerability), on the assessment's `RiskScale` (standard: 1-3, so 1-9);
/// - node's vulnerability = its highest rated level over the categories applying at its kind;
/// - node risk = the highest over threats; leg risk = the higher of its two ends;
/// - chain risk = the highest node, broken down by threat and by criteria category;
/// - bands from `RiskBands` (standard: 1-2 low, 3-4 medium, 6-9 high);
/// - chains ranked by score, then by number of high nodes, then medium nodes, then name.
///
/// Unrated threats and vulnerabilities are left out of a node's score (`UnratedPolicy.exclude`,
/// the default, and the node is counted as unrated when nothing is left) or counted at the
/// highest level (`assumeHighest`, for triage before every rating is in).
///
/// Built for whole companies: look-ups are done once per node (an array index by country, one
/// hash per node id), the loops over threats and categories touch only small integer arrays.
public enum RiskScoring {
    /// What to do with a threat or an applicable category that has no rating yet.
    public enum UnratedPolicy: String, Sendable, Codable, CaseIterable {
        /// Leave it out; a node with no rated threat or no rated category has no score.
        case exclude
        /// Count it at the highest level of the scale.
        case assumeHighest = "assume_highest"
    }

    /// Everything a score depends on.
    public struct Input: Sendable {
        public var chains: [SupplyChain]
        public var threats: ThreatLibrary
        public var vulnerabilities: VulnerabilitySheet
        public var scale: RiskScale
        public var bands: RiskBands
        public var applicability: CategoryApplicability
        public var unrated: UnratedPolicy

        public init(chains: [SupplyChain], threats: ThreatLibrary, vulnerabilities: VulnerabilitySheet,
                    scale: RiskScale = .standard, bands: RiskBands = .standard,
                    applicability: CategoryApplicability = .standard, unrated: UnratedPolicy = .exclude) {
            self.chains = chains
            self.threats = threats
            self.vulnerabilities = vulnerabilities
            self.scale = scale
            self.bands = bands
            self.applicability = applicability
            self.unrated = unrated
        }
    }

    /// Problems that make scores meaningless: bands that do not fit the scale, ratings off the
    /// scale (after the scale changed). Check before showing scores; `score` itself counts a
    /// level above the scale as the highest.
    public static func problems(in input: Input) -> [FieldError] {
        var errors: [FieldError] = []
        if case .failure(let failure) = RiskBands.validate(mediumFrom: input.bands.mediumFrom, highFrom: input.bands.highFrom, scale: input.scale) {
            errors += failure.errors
        }
        errors += input.threats.ratingsOutside(input.scale)
        errors += input.vulnerabilities.ratingsOutside(input.scale)
        return errors
    }

    /// Scores every chain.
    public static func score(_ input: Input) -> RiskReport {
        let values = input.scale.values
        let top = Int8(clamping: values.count - 1)
        let chains = input.chains.map { score(chain: $0, input: input, values: values, top: top) }
        return RiskReport(scale: input.scale, bands: input.bands, chains: chains, ranking: rank(chains))
    }

    private static func score(chain: SupplyChain, input: Input, values: [Int], top: Int8) -> ChainRisk {
        let threatCount = ThreatCategory.allCases.count
        let categoryCount = MSCCategory.allCases.count
        let unratedThreats = [Int8](repeating: -1, count: threatCount)
        let unratedCategories = [Int8](repeating: -1, count: categoryCount)
        let assumeHighest = input.unrated == .assumeHighest
        let sheetRanks = input.vulnerabilities.ranks
        var chainByThreat = [Int?](repeating: nil, count: threatCount)
        var chainByCategory = [Int?](repeating: nil, count: categoryCount)
        var counts = [0, 0, 0, 0]
        var nodes: [NodeRisk] = []
        nodes.reserveCapacity(chain.nodes.count)
        var chainScore: Int?
        var highestNodeID: ChainNodeID?

        for node in chain.nodes {
            var threatRanks = input.threats.ranks(country: node.country, regionKey: node.regionKey) ?? unratedThreats
            let mask = input.applicability.masks[node.kind.ordinal]
            let base = input.vulnerabilities.base(of: node.id)
            // Keep only applicable categories, so a rating left from another mapping never counts.
            var vulnerabilityRanks = unratedCategories
            for c in 0..<categoryCount where mask & (1 << UInt16(c)) != 0 {
                let stored = base.map { sheetRanks[$0 + c] } ?? -1
                vulnerabilityRanks[c] = stored < 0 && assumeHighest ? top : min(stored, top)
            }
            if assumeHighest {
                for t in 0..<threatCount where threatRanks[t] < 0 { threatRanks[t] = top }
            }

            var vRank: Int8 = -1, drivingCategory = -1
            for c in 0..<categoryCount where vulnerabilityRanks[c] > vRank {
                vRank = vulnerabilityRanks[c]
                drivingCategory = c
            }
            var tRank: Int8 = -1, drivingThreat = -1
            for t in 0..<threatCount {
                let rank = min(threatRanks[t], top)
                threatRanks[t] = rank
                if rank > tRank { tRank = rank; drivingThreat = t }
            }

            var score: Int?
            if vRank >= 0 && tRank >= 0 {
                let v = values[Int(vRank)], t = values[Int(tRank)]
                score = v * t
                for i in 0..<threatCount where threatRanks[i] >= 0 {
                    let risk = values[Int(threatRanks[i])] * v
                    if risk > (chainByThreat[i] ?? Int.min) { chainByThreat[i] = risk }
                }
                for c in 0..<categoryCount where vulnerabilityRanks[c] >= 0 {
                    let risk = values[Int(vulnerabilityRanks[c])] * t
                    if risk > (chainByCategory[c] ?? Int.min) { chainByCategory[c] = risk }
                }
            }
            let band = score.map(input.bands.band(for:))
            counts[band?.ordinal ?? 3] += 1
            if let score, score > (chainScore ?? Int.min) {
                chainScore = score
                highestNodeID = node.id
            }
            nodes.append(NodeRisk(node: node, score: score, band: band,
                                  threatLevel: tRank < 0 ? nil : RiskLevel(rank: Int(tRank)),
                                  drivingThreat: drivingThreat < 0 ? nil : threatCases[drivingThreat],
                                  vulnerability: vRank < 0 ? nil : RiskLevel(rank: Int(vRank)),
                                  drivingCategory: drivingCategory < 0 ? nil : categoryCases[drivingCategory],
                                  threatRanks: threatRanks, vulnerabilityRanks: vulnerabilityRanks, values: values))
        }

        var legs: [LegRisk] = []
        legs.reserveCapacity(chain.legs.count)
        for (index, leg) in chain.legs.enumerated() {
            // Legs are in path order: leg i joins node i and node i + 1.
            let ends = [nodes[index].score, nodes[index + 1].score].compactMap { $0 }
            let score = ends.max()
            legs.append(LegRisk(leg: leg, score: score, band: score.map(input.bands.band(for:))))
        }
        return ChainRisk(chainID: chain.id, name: chain.name, score: chainScore, band: chainScore.map(input.bands.band(for:)),
                         highestNodeID: highestNodeID, byThreat: ScoreBreakdown(values: chainByThreat),
                         byCategory: ScoreBreakdown(values: chainByCategory), nodes: nodes, legs: legs, bandCounts: counts)
    }

    // `allCases` builds a new array on every call; index these instead in the loop.
    private static let threatCases = ThreatCategory.allCases
    private static let categoryCases = MSCCategory.allCases

    /// Riskiest first: higher score (unrated chains last), more high nodes, more medium nodes,
    /// then name and id so the order is stable.
    static func rank(_ chains: [ChainRisk]) -> [Int] {
        chains.indices.sorted { a, b in
            let x = chains[a], y = chains[b]
            if x.score != y.score { return (x.score ?? Int.min) > (y.score ?? Int.min) }
            if x.count(.high) != y.count(.high) { return x.count(.high) > y.count(.high) }
            if x.count(.medium) != y.count(.medium) { return x.count(.medium) > y.count(.medium) }
            let xName = x.name.lowercased(), yName = y.name.lowercased()
            if xName != yName { return xName < yName }
            return (x.name, x.chainID) < (y.name, y.chainID)
        }
    }
}
