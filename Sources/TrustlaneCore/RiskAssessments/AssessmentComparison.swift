import Foundation

/// What changed between two assessments of a company: chains and nodes added or removed, and
/// risk that went up or down per chain and per node.
///
/// Chains are matched by id (a copied assessment keeps them), else by name ignoring case and
/// accents; nodes within a matched chain by key. A node whose score or band did not change is
/// not listed.
public struct AssessmentComparison: Sendable, Equatable {
    /// One side of the comparison: an assessment's chains and their scores.
    public struct Side: Sendable {
        public let chains: [SupplyChain]
        public let report: RiskReport

        public init(chains: [SupplyChain], report: RiskReport) {
            self.chains = chains
            self.report = report
        }
    }

    /// A score before and after; either may be `nil` (unrated).
    public struct Change: Sendable, Equatable {
        public let before: Int?
        public let after: Int?
        public let bandBefore: RiskBand?
        public let bandAfter: RiskBand?

        /// Whether the risk rose: a higher band, or a score where there was none.
        public var isWorse: Bool {
            switch (bandBefore, bandAfter) {
            case let (before?, after?): after > before || (after == before && (self.after ?? 0) > (self.before ?? 0))
            case (nil, _?): true
            default: false
            }
        }
    }

    /// A node present in both assessments whose risk changed.
    public struct NodeChange: Sendable, Equatable {
        public let key: String
        public let name: String
        public let change: Change
    }

    /// A chain present in both assessments.
    public struct ChainChange: Sendable, Equatable {
        public let chainID: SupplyChainID
        public let name: String
        public let change: Change
        /// Keys of nodes only in the current map, in path order.
        public let nodesAdded: [String]
        /// Keys of nodes only in the previous map, in path order.
        public let nodesRemoved: [String]
        public let nodeChanges: [NodeChange]

        /// Whether anything at all changed in the chain.
        public var isChanged: Bool {
            change.before != change.after || !nodesAdded.isEmpty || !nodesRemoved.isEmpty || !nodeChanges.isEmpty
        }
    }

    /// Names of chains only in the current assessment.
    public let chainsAdded: [String]
    /// Names of chains only in the previous assessment.
    public let chainsRemoved: [String]
    /// Every chain in both, in the current assessment's order.
    public let chains: [ChainChange]

    /// Compares the previous assessment with the current one.
    public static func compare(previous: Side, current: Side) -> AssessmentComparison {
        var previousByID: [SupplyChainID: SupplyChain] = [:]
        var previousByName: [String: SupplyChain] = [:]
        for chain in previous.chains {
            previousByID[chain.id] = chain
            if let key = MatchKey.normalize(chain.name), previousByName[key] == nil { previousByName[key] = chain }
        }
        var matched: Set<SupplyChainID> = []
        var added: [String] = []
        var changes: [ChainChange] = []
        for chain in current.chains {
            let candidate = previousByID[chain.id] ?? MatchKey.normalize(chain.name).flatMap { previousByName[$0] }
            guard let old = candidate, !matched.contains(old.id) else { added.append(chain.name); continue }
            matched.insert(old.id)
            changes.append(compare(old, previous.report.chain(old.id), chain, current.report.chain(chain.id)))
        }
        let removed = previous.chains.filter { !matched.contains($0.id) }.map(\.name)
        return AssessmentComparison(chainsAdded: added, chainsRemoved: removed, chains: changes)
    }

    private static func compare(_ old: SupplyChain, _ oldRisk: ChainRisk?, _ new: SupplyChain, _ newRisk: ChainRisk?) -> ChainChange {
        let oldKeys = Set(old.nodes.map(\.key)), newKeys = Set(new.nodes.map(\.key))
        var oldScores: [String: NodeRisk] = [:]
        for node in oldRisk?.nodes ?? [] { oldScores[node.node.key] = node }
        var nodeChanges: [NodeChange] = []
        for node in newRisk?.nodes ?? [] {
            guard oldKeys.contains(node.node.key) else { continue }
            let before = oldScores[node.node.key]
            guard before?.score != node.score || before?.band != node.band else { continue }
            nodeChanges.append(NodeChange(key: node.node.key, name: node.node.name,
                                          change: Change(before: before?.score, after: node.score, bandBefore: before?.band, bandAfter: node.band)))
        }
        return ChainChange(chainID: new.id, name: new.name,
                           change: Change(before: oldRisk?.score, after: newRisk?.score, bandBefore: oldRisk?.band, bandAfter: newRisk?.band),
                           nodesAdded: new.nodes.map(\.key).filter { !oldKeys.contains($0) },
                           nodesRemoved: old.nodes.map(\.key).filter { !newKeys.contains($0) },
                           nodeChanges: nodeChanges)
    }
}
