import Foundation

/// One movement of cargo between two nodes of a supply chain, by one mode, run by a carrier or
/// other business partner (or the company itself when `businessPartner` is `nil`).
public struct ChainLeg: Hashable, Sendable, Identifiable {
    public let id: ChainLegID
    /// The key of the node the leg starts at.
    public let from: String
    /// The key of the node the leg ends at.
    public let to: String
    public let mode: TransportMode
    /// The carrier or other business partner that moves the cargo.
    public let businessPartner: String?

    public init(id: ChainLegID = ChainLegID(), from: String, to: String, mode: TransportMode, businessPartner: String? = nil) {
        self.id = id
        self.from = from
        self.to = to
        self.mode = mode
        self.businessPartner = businessPartner
    }
}
