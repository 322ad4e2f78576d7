import Foundation
import TrustlaneCore
import Vapor

// The risk assessment API's requests and responses (the JSON contract; never Fluent models).

struct CreateRiskAssessmentRequest: Content {
    var title: String?
    /// `YYYY-MM-DD`; today by default.
    var assessedOn: String?
    /// `YYYY-MM-DD`; one year after `assessedOn` by default.
    var nextReviewOn: String?
}

struct ParticipantDTO: Content {
    var name: String?
    var role: String?
}

struct DocumentRiskAssessmentRequest: Content {
    var title: String?
    var assessedOn: String?
    var nextReviewOn: String?
    var participants: [ParticipantDTO]?
    /// `exclude` or `assume_highest`.
    var unrated: String?
    /// Band thresholds on the scale (default 3 and 6 on the 1-3 scale: 1-2 low, 3-4 medium, 6-9 high).
    var mediumFrom: Int?
    var highFrom: Int?
    /// The threat level (a key of the scale) from which the screening flags a chain; left out,
    /// the saved one is kept; blank restores the default (the scale's highest level).
    var screenFrom: String?
}

struct ChainNodeDTO: Content {
    var id: UUID?
    var key: String?
    var kind: String?
    var name: String?
    var country: String?
    var region: String?
    var businessPartner: String?
}

struct ChainLegDTO: Content {
    var id: UUID?
    var from: String?
    var to: String?
    var mode: String?
    var businessPartner: String?
}

/// A chain as JSON, or `csv` holding the ChainCSV text.
struct SupplyChainRequest: Content {
    var name: String?
    var productLine: String?
    var nodes: [ChainNodeDTO]?
    var legs: [ChainLegDTO]?
    var csv: String?
}

struct ThreatRatingDTO: Content {
    var country: String?
    var region: String?
    var category: String?
    var level: String?
    var note: String?
    var source: String?
    var ratedAt: Date?
}

/// A rating stored under a retired threat category, as the report shows it.
struct LegacyThreatRatingDTO: Content {
    let country: String
    let region: String?
    let category: String
    /// "Public safety (not a CBP category)".
    let title: String
    let level: String
    let note: String?
    let source: String
    let ratedAt: Date
    let counted: Bool
}

struct ThreatRatingsRequest: Content {
    var ratings: [ThreatRatingDTO]?
}

struct VulnerabilityRatingDTO: Content {
    /// The node's key in the chain.
    var node: String?
    var category: Int?
    var level: String?
    var reason: String?
    var proposed: String?
    var ratedAt: Date?
}

struct VulnerabilityRatingsRequest: Content {
    var ratings: [VulnerabilityRatingDTO]?
}

struct AcceptRiskActionRequest: Content {
    var key: String?
    var owner: String?
    /// `YYYY-MM-DD`; the proposal's due date by default.
    var dueDate: String?
}

struct RiskAssessmentSummaryResponse: Content {
    let id: UUID
    let title: String
    let assessedOn: String
    let nextReviewOn: String
    let previousId: UUID?
    let overAYearOld: Bool
    let createdAt: Date
    let updatedAt: Date
}

struct RiskMethodResponse: Content {
    struct Level: Content { let key: String; let value: Int }
    let scale: [Level]
    let mediumFrom: Int
    let highFrom: Int
    let unrated: String
    let participants: [ParticipantDTO]
    /// Opens by saying the formula is Trustlane's method, not CBP's.
    let formula: String
    /// The level key from which the threat screening flags a chain.
    let screenFrom: String
    /// The parts of the method that are Trustlane's choices rather than CBP's (English).
    let trustlaneChoices: [String]
}

/// The threat-first triage of one chain: whether it needs a full vulnerability assessment, why,
/// and where threats are still unrated.
struct ChainScreeningResponse: Content {
    struct Reason: Content {
        let country: String
        let region: String?
        let nodes: [String]
        let category: String
        let level: String
    }
    struct Unrated: Content {
        let country: String
        let region: String?
        let nodes: [String]
        let categories: [String]
    }
    /// `flagged`, `clear` or `incomplete`.
    let status: String
    let needsFullAssessment: Bool
    let reasons: [Reason]
    let unrated: [Unrated]
}

struct RiskNodeResponse: Content {
    let id: UUID
    let key: String
    let kind: String
    let name: String
    let country: String
    let region: String?
    let businessPartner: String?
    let threatLevel: String?
    let vulnerabilityLevel: String?
    let drivingThreat: String?
    let drivingCategory: Int?
    let score: Int?
    let band: String?
}

struct RiskLegResponse: Content {
    let id: UUID
    let from: String
    let to: String
    let mode: String
    let businessPartner: String?
    let score: Int?
    let band: String?
}

struct ChainRiskResponse: Content {
    let chainId: UUID
    let name: String
    let productLine: String?
    let rank: Int?
    let score: Int?
    let band: String?
    let byThreat: [String: Int]
    let byCategory: [String: Int]
    let high: Int
    let medium: Int
    let low: Int
    let unrated: Int
    let screening: ChainScreeningResponse
    let nodes: [RiskNodeResponse]?
    let legs: [RiskLegResponse]?
}

struct RiskMatrixResponse: Content {
    let levels: [String]
    /// Node counts: `cells[threat rank][vulnerability rank]`, lowest level first.
    let cells: [[Int]]
    let unplaced: Int
    let high: Int
    let medium: Int
    let low: Int
}

struct RiskActionProposalResponse: Content {
    struct Finding: Content {
        let chainId: UUID
        let chainName: String
        let nodeKey: String
        let nodeName: String
        let score: Int
        let threats: [String]
    }
    let key: String
    let category: Int
    let businessPartner: String?
    let title: String
    let highestScore: Int
    let dueDate: String
    let findings: [Finding]
}

struct VulnerabilityProposalResponse: Content {
    let category: Int
    let level: String
    let explanation: String
}

struct RiskAssessmentResponse: Content {
    let assessment: RiskAssessmentSummaryResponse
    let method: RiskMethodResponse
    let chains: [ChainRiskResponse]
    let matrix: RiskMatrixResponse
    let actionPlan: [RiskActionProposalResponse]
    let proposals: [VulnerabilityProposalResponse]
}

struct RiskReportResponse: Content {
    let assessment: RiskAssessmentResponse
    let threats: [ThreatRatingDTO]
    /// Current ratings under a retired category (`public_safety`): history, counted nowhere.
    let legacyThreats: [LegacyThreatRatingDTO]
    let vulnerabilities: [VulnerabilityRatingDTO]
    /// The heat map as standalone SVG (English labels).
    let matrixSvg: String
}

struct VulnerabilityRatingsResponse: Content {
    let chainId: UUID
    let ratings: [VulnerabilityRatingDTO]
    let proposals: [VulnerabilityProposalResponse]
}

struct RiskActionCreatedResponse: Content {
    let key: String
    let title: String
    let owner: String?
    let dueDate: String
    let status: String
}

struct RiskComparisonResponse: Content {
    struct NodeChange: Content {
        let key: String; let name: String; let before: Int?; let after: Int?; let bandBefore: String?; let bandAfter: String?
    }
    struct ChainChange: Content {
        let chainId: UUID; let name: String; let before: Int?; let after: Int?; let bandBefore: String?; let bandAfter: String?
        let worse: Bool; let nodesAdded: [String]; let nodesRemoved: [String]; let nodes: [NodeChange]
    }
    let previousId: UUID
    let currentId: UUID
    let chainsAdded: [String]
    let chainsRemoved: [String]
    let chains: [ChainChange]
}
