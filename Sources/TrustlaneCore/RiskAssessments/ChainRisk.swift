import Foundation

/// The risk of one supply chain: its highest node, with breakdowns by threat (the highest risk
/// each threat reaches on the chain) and by criteria category (the highest risk each category
/// reaches against the threats where it is rated), and the risk of every node and leg.
public struct ChainRisk: Sendable, Equatable {
    public let chainID: SupplyChainID
    public let name: String
    /// The highest node score; `nil` when no node is rated.
    public let score: Int?
    public let band: RiskBand?
    /// The first node, in path order, with the chain's score.
    public let highestNodeID: ChainNodeID?
    public let byThreat: ScoreBreakdown<ThreatCategory>
    public let byCategory: ScoreBreakdown<MSCCategory>
    /// Every node in path order.
    public let nodes: [NodeRisk]
    /// Every leg in path order.
    public let legs: [LegRisk]
    /// Node counts: low, medium, high, unrated.
    let bandCounts: [Int]

    /// The number of nodes in a band, or unrated for `nil`.
    public func count(_ band: RiskBand?) -> Int { bandCounts[band?.ordinal ?? 3] }

    /// The number of nodes without a score (a threat or a vulnerability still unrated).
    public var unratedNodes: Int { bandCounts[3] }

    /// The risk of a node.
    public func node(_ id: ChainNodeID) -> NodeRisk? { nodes.first { $0.node.id == id } }
}
