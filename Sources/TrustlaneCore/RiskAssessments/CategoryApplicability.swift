import Foundation

/// Which criteria categories a node's vulnerability is rated against, by node kind (step 3).
///
/// The `standard` mapping is Trustlane's choice, not CBP's: CBP asks for a vulnerability
/// assessment against the Minimum Security Criteria and does not say which categories apply at
/// which kind of site; the report says so (`AssessmentMethod.trustlaneChoices`). Why:
///
/// | node kind | categories |
/// |---|---|
/// | origin factory, packing site, consolidation site, warehouse | 3-12: cargo is made, packed, stuffed, sealed and stored there, by staff, on premises, with shipping data |
/// | destination | 3-12: as above, for receiving, seal checks and storage |
/// | inland depot, port, airport, rail terminal | 3, 5-11: cargo and instruments of international traffic wait and are handled by an operator; no shipping data of the company's own (4) and no company training (12) |
/// | border crossing | 3, 5-8, 10, 11: the conveyance, seal, documents and driver are exposed; the site's physical security (9) is the government's |
/// | route | 3, 5-8, 11, 12: the conveyance, its seal and the driver on the road (subcontracted carriers, tracking, route deviation, stops, driver screening and training); no premises (9, 10) and no data system (4) |
/// | yard | 3, 5-12 without 4: trailers and containers parked, inspected and sealed on the carrier's premises, by its staff |
/// | data or IT system | 3, 4, 7, 10, 11, 12: IT providers, cybersecurity, data accuracy and document review, who can reach it, whom it trusts, awareness |
/// | client | 3, 4, 7: screening the client (business partner), the data exchanged with it, and reviewing its documents for suspicious shipments |
///
/// Category 1 (Security Vision & Responsibility) and 2 (Risk Assessment) are company-wide and
/// apply to no node: the security profile covers them. A company may configure its own mapping;
/// a kind mapped to no category gets no vulnerability, so its nodes stay unrated.
public struct CategoryApplicability: Hashable, Sendable {
    /// One bit per category (bit `ordinal`), by kind position.
    let masks: [UInt16]

    /// A mapping from each kind to its categories; kinds left out apply to no category.
    public init(_ mapping: [ChainNodeKind: Set<MSCCategory>]) {
        var masks = [UInt16](repeating: 0, count: ChainNodeKind.allCases.count)
        for (kind, categories) in mapping {
            masks[kind.ordinal] = categories.reduce(0) { $0 | (1 << UInt16($1.ordinal)) }
        }
        self.masks = masks
    }

    /// The mapping described above.
    public static let standard: CategoryApplicability = {
        let facility = Set(MSCCategory.allCases.filter { $0.number >= 3 })
        let terminal = facility.subtracting([.cybersecurity, .educationAndTraining])
        let crossing: Set<MSCCategory> = [.businessPartners, .conveyanceAndIIT, .sealSecurity, .proceduralSecurity,
                                          .agriculturalSecurity, .physicalAccessControls, .personnelSecurity]
        let route: Set<MSCCategory> = [.businessPartners, .conveyanceAndIIT, .sealSecurity, .proceduralSecurity,
                                       .agriculturalSecurity, .personnelSecurity, .educationAndTraining]
        let yard = facility.subtracting([.cybersecurity])
        let dataSystem: Set<MSCCategory> = [.businessPartners, .cybersecurity, .proceduralSecurity, .physicalAccessControls,
                                            .personnelSecurity, .educationAndTraining]
        let client: Set<MSCCategory> = [.businessPartners, .cybersecurity, .proceduralSecurity]
        return CategoryApplicability([
            .originFactory: facility, .packingSite: facility, .consolidationSite: facility, .warehouse: facility,
            .destination: facility,
            .inlandDepot: terminal, .port: terminal, .airport: terminal, .railTerminal: terminal,
            .borderCrossing: crossing,
            .route: route, .yard: yard, .dataSystem: dataSystem, .client: client,
        ])
    }()

    /// The categories rated at a kind of node, by number.
    public func categories(for kind: ChainNodeKind) -> [MSCCategory] {
        let mask = masks[kind.ordinal]
        return MSCCategory.allCases.filter { mask & (1 << UInt16($0.ordinal)) != 0 }
    }

    /// Whether a category is rated at a kind of node.
    public func applies(_ category: MSCCategory, to kind: ChainNodeKind) -> Bool {
        masks[kind.ordinal] & (1 << UInt16(category.ordinal)) != 0
    }

    /// The mapping as a dictionary, to show or save it.
    public var mapping: [ChainNodeKind: Set<MSCCategory>] {
        Dictionary(uniqueKeysWithValues: ChainNodeKind.allCases.map { ($0, Set(categories(for: $0))) })
    }
}
