import Fluent
import Foundation
import TrustlaneCore

/// One mapped supply chain of an assessment; `chainID` stays the same across copies.
final class SupplyChainModel: Model, @unchecked Sendable {
    static let schema = "supply_chains"

    @ID(key: .id) var id: UUID?
    @Field(key: "assessment_id") var assessmentID: UUID
    @Field(key: "chain_id") var chainID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @OptionalField(key: "product_line") var productLine: String?

    init() {}

    init(assessmentID: UUID, chain: SupplyChain, position: Int) {
        self.id = UUID()
        self.assessmentID = assessmentID
        self.chainID = chain.id.rawValue
        self.position = position
        self.name = chain.name
        self.productLine = chain.productLine
    }
}

/// One node (site) of a mapped chain, in path order.
final class ChainNodeModel: Model, @unchecked Sendable {
    static let schema = "chain_nodes"

    @ID(key: .id) var id: UUID?
    @Field(key: "supply_chain_id") var supplyChainID: UUID
    @Field(key: "assessment_id") var assessmentID: UUID
    @Field(key: "node_id") var nodeID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "key") var key: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "country") var country: String
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "business_partner") var businessPartner: String?

    init() {}

    init(row: UUID, assessmentID: UUID, node: ChainNode, position: Int) {
        self.supplyChainID = row
        self.assessmentID = assessmentID
        self.nodeID = node.id.rawValue
        self.position = position
        self.key = node.key
        self.kind = node.kind.rawValue
        self.name = node.name
        self.country = node.country.code
        self.region = node.region
        self.businessPartner = node.businessPartner
    }
}

/// One leg of a mapped chain, in path order.
final class ChainLegModel: Model, @unchecked Sendable {
    static let schema = "chain_legs"

    @ID(key: .id) var id: UUID?
    @Field(key: "supply_chain_id") var supplyChainID: UUID
    @Field(key: "assessment_id") var assessmentID: UUID
    @Field(key: "leg_id") var legID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "from_key") var fromKey: String
    @Field(key: "to_key") var toKey: String
    @Field(key: "mode") var mode: String
    @OptionalField(key: "business_partner") var businessPartner: String?

    init() {}

    init(row: UUID, assessmentID: UUID, leg: ChainLeg, position: Int) {
        self.supplyChainID = row
        self.assessmentID = assessmentID
        self.legID = leg.id.rawValue
        self.position = position
        self.fromKey = leg.from
        self.toKey = leg.to
        self.mode = leg.mode.rawValue
        self.businessPartner = leg.businessPartner
    }
}
