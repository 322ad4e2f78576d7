import Foundation

extension SupplyChain {
    /// A supply chain map as typed into a form, sent to the API or read from a CSV file: text as
    /// received, in any order. `ChainValidator.validate` turns it into a `SupplyChain` or names
    /// every problem (`nodes[2].country`, `legs[3].to`).
    public struct Draft: Sendable, Equatable {
        public var id: SupplyChainID
        public var name: String?
        public var productLine: String?
        public var nodes: [ChainNode.Draft]
        public var legs: [ChainLeg.Draft]

        public init(id: SupplyChainID = SupplyChainID(), name: String?, productLine: String? = nil,
                    nodes: [ChainNode.Draft], legs: [ChainLeg.Draft]) {
            self.id = id
            self.name = name
            self.productLine = productLine
            self.nodes = nodes
            self.legs = legs
        }
    }
}

extension ChainNode {
    /// A node as typed: every field is text, checked by `ChainValidator`.
    public struct Draft: Sendable, Equatable {
        public var id: ChainNodeID
        public var key: String?
        /// A `ChainNodeKind` raw value (`origin_factory`).
        public var kind: String?
        public var name: String?
        /// An ISO 3166-1 alpha-2 code (`ID`).
        public var country: String?
        public var region: String?
        public var businessPartner: String?

        public init(id: ChainNodeID = ChainNodeID(), key: String?, kind: String?, name: String?, country: String?,
                    region: String? = nil, businessPartner: String? = nil) {
            self.id = id
            self.key = key
            self.kind = kind
            self.name = name
            self.country = country
            self.region = region
            self.businessPartner = businessPartner
        }
    }
}

extension ChainLeg {
    /// A leg as typed: node keys and a mode as text, checked by `ChainValidator`.
    public struct Draft: Sendable, Equatable {
        public var id: ChainLegID
        public var from: String?
        public var to: String?
        /// A `TransportMode` raw value (`sea`).
        public var mode: String?
        public var businessPartner: String?

        public init(id: ChainLegID = ChainLegID(), from: String?, to: String?, mode: String?, businessPartner: String? = nil) {
            self.id = id
            self.from = from
            self.to = to
            self.mode = mode
            self.businessPartner = businessPartner
        }
    }
}
