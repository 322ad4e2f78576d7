import Foundation

/// The risk of one leg: the higher of its two end nodes' risks. Cargo on a leg is exposed to the
/// conditions of both places it joins; the conveyance's own exposure is rated at the nodes
/// (category 5, conveyance and IIT), so the mode is carried for display and filtering but not
/// weighted: CBP gives no basis for weighting one mode over another.
public struct LegRisk: Sendable, Equatable {
    public let leg: ChainLeg
    /// The higher end node score; `nil` when neither end is rated.
    public let score: Int?
    public let band: RiskBand?
}
