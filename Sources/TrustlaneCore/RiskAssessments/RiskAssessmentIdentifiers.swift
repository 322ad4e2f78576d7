import Foundation

// Typed ids of the risk assessment's records, so a node id can never be passed where a chain id
// is expected. Tags live here, beside the types that use them.

public enum RiskAssessmentTag: Sendable {}
public enum SupplyChainTag: Sendable {}
public enum ChainNodeTag: Sendable {}
public enum ChainLegTag: Sendable {}

/// One documented five-step risk assessment of a company.
public typealias RiskAssessmentID = Identifier<RiskAssessmentTag>
/// One mapped supply chain (a product line or lane). A new assessment copied from the last one
/// keeps its chains' ids, so the two can be compared chain by chain.
public typealias SupplyChainID = Identifier<SupplyChainTag>
/// One node (site) of a supply chain map.
public typealias ChainNodeID = Identifier<ChainNodeTag>
/// One leg (movement between two nodes) of a supply chain map.
public typealias ChainLegID = Identifier<ChainLegTag>
