import Foundation

/// The risk at one node: per threat, the threat's level where the node is times the node's
/// vulnerability; the node's risk is the highest of those.
///
/// The node's vulnerability is its highest rated level over the categories that apply at its
/// kind (`CategoryApplicability`): a criminal needs one weak point, so one weak category makes
/// the whole site weak. `byCategory` shows what each category alone would give against the
/// highest threat, to see which ones drive the score.
public struct NodeRisk: Sendable, Equatable {
    public let node: ChainNode
    /// The highest risk over threats; `nil` when no threat or no applicable category is rated.
    public let score: Int?
    public let band: RiskBand?
    /// The highest threat level rated where the node is.
    public let threatLevel: RiskLevel?
    /// The threat with the highest level (the first in `ThreatCategory` order on a tie).
    public let drivingThreat: ThreatCategory?
    /// The node's vulnerability: the highest level over its applicable categories.
    public let vulnerability: RiskLevel?
    /// The category with that level (the lowest number on a tie).
    public let drivingCategory: MSCCategory?

    /// Threat level ranks by threat position, -1 unrated (after the unrated policy).
    let threatRanks: [Int8]
    /// Vulnerability ranks by category position, -1 unrated or not applicable.
    let vulnerabilityRanks: [Int8]
    /// The scale's values by rank, shared by every node of a report.
    let values: [Int]

    /// The threat level rated where the node is, for one threat.
    public func threatLevel(_ category: ThreatCategory) -> RiskLevel? {
        let rank = threatRanks[category.ordinal]
        return rank < 0 ? nil : RiskLevel(rank: Int(rank))
    }

    /// The node's vulnerability in one category; `nil` when unrated or not applicable here.
    public func vulnerabilityLevel(_ category: MSCCategory) -> RiskLevel? {
        let rank = vulnerabilityRanks[category.ordinal]
        return rank < 0 ? nil : RiskLevel(rank: Int(rank))
    }

    /// Risk per threat: that threat's value times the node's vulnerability value.
    public var byThreat: ScoreBreakdown<ThreatCategory> {
        guard let vulnerability else { return ScoreBreakdown() }
        let v = values[vulnerability.rank]
        return ScoreBreakdown(values: threatRanks.map { $0 < 0 ? nil : values[Int($0)] * v })
    }

    /// Risk per applicable category: the highest threat's value times that category's value.
    public var byCategory: ScoreBreakdown<MSCCategory> {
        guard let threatLevel else { return ScoreBreakdown() }
        let t = values[threatLevel.rank]
        return ScoreBreakdown(values: vulnerabilityRanks.map { $0 < 0 ? nil : values[Int($0)] * t })
    }
}
