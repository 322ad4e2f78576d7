import Foundation

/// The heat map of an assessment: an N x N grid (N = the scale's levels, 3 x 3 by default)
/// counting nodes by their highest threat level and their vulnerability, each cell in the band
/// its product falls in. Nodes without both ratings are counted apart (`unplaced`).
///
/// A node's place is (highest threat, vulnerability), so its cell's score is the node's score.
public struct RiskMatrix: Sendable, Equatable {
    public let scale: RiskScale
    public let bands: RiskBands
    /// Counts row by row: index `threat.rank * size + vulnerability.rank`.
    private var counts: [Int]
    /// Nodes with no threat or no vulnerability rated yet.
    public private(set) var unplaced: Int

    /// An empty matrix.
    public init(scale: RiskScale = .standard, bands: RiskBands = .standard) {
        self.scale = scale
        self.bands = bands
        self.counts = Array(repeating: 0, count: scale.count * scale.count)
        self.unplaced = 0
    }

    /// The matrix of every node of a report.
    public init(report: RiskReport) {
        self.init(nodes: report.nodes, scale: report.scale, bands: report.bands)
    }

    /// The matrix of some nodes (one chain's, or a filtered set).
    public init(nodes: [NodeRisk], scale: RiskScale, bands: RiskBands) {
        self.init(scale: scale, bands: bands)
        for node in nodes {
            if let threat = node.threatLevel, let vulnerability = node.vulnerability {
                add(threat: threat, vulnerability: vulnerability)
            } else {
                unplaced += 1
            }
        }
    }

    /// Counts one node; levels above the scale count at the highest level.
    public mutating func add(threat: RiskLevel, vulnerability: RiskLevel) {
        counts[index(threat, vulnerability)] += 1
    }

    /// The number of levels per side.
    public var size: Int { scale.count }

    /// The number of nodes placed in the grid.
    public var total: Int { counts.reduce(0, +) }

    /// The nodes in one cell.
    public func count(threat: RiskLevel, vulnerability: RiskLevel) -> Int {
        counts[index(threat, vulnerability)]
    }

    /// The score of a cell: threat value x vulnerability value.
    public func score(threat: RiskLevel, vulnerability: RiskLevel) -> Int {
        scale.value(of: threat) * scale.value(of: vulnerability)
    }

    /// The band of a cell.
    public func band(threat: RiskLevel, vulnerability: RiskLevel) -> RiskBand {
        bands.band(for: score(threat: threat, vulnerability: vulnerability))
    }

    /// The node counts by band across the grid.
    public func count(_ band: RiskBand) -> Int {
        var total = 0
        for threat in scale.allLevels {
            for vulnerability in scale.allLevels where self.band(threat: threat, vulnerability: vulnerability) == band {
                total += count(threat: threat, vulnerability: vulnerability)
            }
        }
        return total
    }

    private func index(_ threat: RiskLevel, _ vulnerability: RiskLevel) -> Int {
        let top = scale.count - 1
        return min(max(threat.rank, 0), top) * scale.count + min(max(vulnerability.rank, 0), top)
    }
}
