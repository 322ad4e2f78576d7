import Foundation

/// A checked supply chain map: one product line or lane as a single path of nodes from one
/// origin to one destination, joined by legs. Made only by `ChainValidator` (from a
/// `SupplyChain.Draft` typed in a form, sent to the API or read from CSV), so every value of
/// this type is a valid path:
///
/// - `nodes` are in path order, origin first, destination last;
/// - `legs` are in path order: `legs[i]` runs from `nodes[i]` to `nodes[i + 1]`.
public struct SupplyChain: Hashable, Sendable, Identifiable {
    public let id: SupplyChainID
    /// The chain's name (`Footwear, Bandung to Long Beach`).
    public let name: String
    /// The product line or lane the chain carries; `nil` when the name says it all.
    public let productLine: String?
    /// The nodes in path order, origin first.
    public let nodes: [ChainNode]
    /// The legs in path order; `legs[i]` joins `nodes[i]` and `nodes[i + 1]`.
    public let legs: [ChainLeg]

    /// Only `ChainValidator` (and tests) call this, with nodes and legs already in path order.
    init(id: SupplyChainID, name: String, productLine: String?, nodes: [ChainNode], legs: [ChainLeg]) {
        self.id = id
        self.name = name
        self.productLine = productLine
        self.nodes = nodes
        self.legs = legs
    }

    /// The first node of the path.
    public var origin: ChainNode { nodes[0] }
    /// The last node of the path.
    public var destination: ChainNode { nodes[nodes.count - 1] }

    /// The node with a key.
    public func node(key: String) -> ChainNode? { nodes.first { $0.key == key } }

    /// The node with an id.
    public func node(id: ChainNodeID) -> ChainNode? { nodes.first { $0.id == id } }

    /// The countries the chain touches, in path order without repeats.
    public var countries: [CountryCode] {
        var seen: Set<CountryCode> = []
        return nodes.map(\.country).filter { seen.insert($0).inserted }
    }

    /// The map as a draft, to edit it or to start the next assessment from a copy. Validating the
    /// draft unchanged gives this chain back.
    public var draft: Draft {
        Draft(id: id, name: name, productLine: productLine,
              nodes: nodes.map { ChainNode.Draft(id: $0.id, key: $0.key, kind: $0.kind.rawValue, name: $0.name,
                                                  country: $0.country.code, region: $0.region, businessPartner: $0.businessPartner) },
              legs: legs.map { ChainLeg.Draft(id: $0.id, from: $0.from, to: $0.to, mode: $0.mode.rawValue,
                                              businessPartner: $0.businessPartner) })
    }
}
