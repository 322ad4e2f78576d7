import Foundation

/// The scores of every chain of an assessment, with the scale and bands they were computed on,
/// and the chains ranked from the riskiest.
public struct RiskReport: Sendable, Equatable {
    public let scale: RiskScale
    public let bands: RiskBands
    /// The chains in the order given.
    public let chains: [ChainRisk]
    /// Positions in `chains`, riskiest first (see `RiskScoring` for the order).
    public let ranking: [Int]

    /// The chains riskiest first.
    public var rankedChains: [ChainRisk] { ranking.map { chains[$0] } }

    /// A chain's risk.
    public func chain(_ id: SupplyChainID) -> ChainRisk? { chains.first { $0.chainID == id } }

    /// Every node of every chain.
    public var nodes: [NodeRisk] { chains.flatMap(\.nodes) }

    /// The 1-based rank of a chain (1 = riskiest).
    public func rank(of id: SupplyChainID) -> Int? {
        ranking.firstIndex { chains[$0].chainID == id }.map { $0 + 1 }
    }

    /// Node counts across the assessment, by band (`nil` = unrated).
    public func count(_ band: RiskBand?) -> Int { chains.reduce(0) { $0 + $1.count(band) } }
}
