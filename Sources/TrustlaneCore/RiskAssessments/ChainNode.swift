import Foundation

/// One site of a supply chain map: where cargo is made, packed, gathered, stored, handed over or
/// received, in a country (and optionally a region, which may carry its own threat ratings),
/// run by the company itself or by a business partner.
public struct ChainNode: Hashable, Sendable, Identifiable {
    public let id: ChainNodeID
    /// A short key, unique within its chain, that legs and CSV rows use to name the node (`F1`).
    public let key: String
    public let kind: ChainNodeKind
    /// The site's name (`PT Sepatu Jaya, Bandung plant`).
    public let name: String
    public let country: CountryCode
    /// A state, province or district, when threats there differ from the country's.
    public let region: String?
    /// The business partner that runs the site; `nil` when the company runs it itself.
    public let businessPartner: String?
    /// `region` in matching form (see `MatchKey`), computed once.
    let regionKey: String?

    public init(id: ChainNodeID = ChainNodeID(), key: String, kind: ChainNodeKind, name: String, country: CountryCode,
                region: String? = nil, businessPartner: String? = nil) {
        self.id = id
        self.key = key
        self.kind = kind
        self.name = name
        self.country = country
        self.region = region
        self.businessPartner = businessPartner
        self.regionKey = MatchKey.normalize(region)
    }

    /// Where the node is, for labels: `ID` or `ID, West Java`.
    public var placeText: String {
        region.map { "\(country.code), \($0)" } ?? country.code
    }

    public static func == (lhs: ChainNode, rhs: ChainNode) -> Bool {
        lhs.id == rhs.id && lhs.key == rhs.key && lhs.kind == rhs.kind && lhs.name == rhs.name
            && lhs.country == rhs.country && lhs.region == rhs.region && lhs.businessPartner == rhs.businessPartner
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
