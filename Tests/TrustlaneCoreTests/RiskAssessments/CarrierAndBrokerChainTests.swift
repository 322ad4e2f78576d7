import Foundation
import Testing
@testable import TrustlaneCore

/// Highway carriers and brokers map their real chains (CBP's five-step guide, 2014 edition, has
/// chapters for each): a carrier its routes, yards and border crossings; a broker its clients
/// and the data systems shipment data passes through.
@Suite("Carrier and broker chains")
struct CarrierAndBrokerChainTests {
    typealias F = RiskFixtures

    static let carrierCSV = """
    chain,Monterrey to Laredo linehaul,Auto parts
    node,Y1,yard,Transportes Norte yard,MX,Nuevo León,
    node,R1,route,Carretera 85 Monterrey to Nuevo Laredo,MX,Nuevo León,
    node,B1,border_crossing,World Trade Bridge,US,Texas,
    node,Y2,yard,Laredo drop yard,US,Texas,Laredo Drop Yard LLC
    leg,Y1,R1,truck,
    leg,R1,B1,truck,
    leg,B1,Y2,truck,

    """

    static let brokerCSV = """
    chain,Entries for PT Sepatu Jaya,Footwear
    node,C1,client,PT Sepatu Jaya (importer of record),ID,West Java,PT Sepatu Jaya
    node,S1,Data system,ABI entry software,US,California,Descartes
    node,B1,border_crossing,Port of Long Beach entry,US,California,
    leg,C1,S1,electronic,
    leg,S1,B1,edi,

    """

    @Test func aCarrierMapReadsWithRoutesYardsAndCrossings() throws {
        let chain = try F.value(ChainCSV.read(Self.carrierCSV))

        #expect(chain.nodes.map(\.kind) == [.yard, .route, .borderCrossing, .yard])
        #expect(chain.nodes[3].businessPartner == "Laredo Drop Yard LLC")
    }

    @Test func aBrokerMapReadsWithClientsDataSystemsAndElectronicLegs() throws {
        let chain = try F.value(ChainCSV.read(Self.brokerCSV))

        #expect(chain.nodes.map(\.kind) == [.client, .dataSystem, .borderCrossing])
        #expect(chain.legs.map(\.mode) == [.electronic, .electronic]) // `edi` is read as electronic
    }

    @Test func newKindsAndModesRoundTripThroughCSV() throws {
        for text in [Self.carrierCSV, Self.brokerCSV] {
            let chain = try F.value(ChainCSV.read(text))

            let written = ChainCSV.write(chain)
            let again = try F.value(ChainCSV.read(written))

            #expect(written.contains("data_system") == chain.nodes.contains { $0.kind == .dataSystem })
            #expect(again.nodes.map(\.kind) == chain.nodes.map(\.kind))
            #expect(again.nodes.map(\.name) == chain.nodes.map(\.name))
            #expect(again.legs.map(\.mode) == chain.legs.map(\.mode))
            #expect(ChainCSV.write(again) == written)
        }
    }

    @Test func anUnknownKindNamesTheCellAndListsTheNewKinds() {
        let errors = F.errors(ChainCSV.read(Self.brokerCSV.replacingOccurrences(of: "Data system", with: "IT platform")))

        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix("Line 3, column 3 (kind): 'IT platform' is not a node kind"))
        #expect(errors[0].message.contains("route, yard, data_system, client"))
    }

    @Test func categoriesAtTheNewKindsFitWhatIsThere() {
        let mapping = CategoryApplicability.standard

        // A route: the conveyance, its seal, the driver; no premises, no data system.
        #expect(mapping.categories(for: .route).map(\.number) == [3, 5, 6, 7, 8, 11, 12])
        // A yard: the carrier's own premises and staff, no shipping data of its own.
        #expect(mapping.categories(for: .yard).map(\.number) == [3, 5, 6, 7, 8, 9, 10, 11, 12])
        // A data system: cybersecurity and who reaches it; no conveyance or seal.
        #expect(mapping.categories(for: .dataSystem).map(\.number) == [3, 4, 7, 10, 11, 12])
        // A client: screening it, the data exchanged, its documents.
        #expect(mapping.categories(for: .client).map(\.number) == [3, 4, 7])
        #expect(!mapping.applies(.sealSecurity, to: .client))
    }

    @Test func aBrokerChainIsScoredOnItsDataAndClients() throws {
        let chain = try F.value(ChainCSV.read(Self.brokerCSV))
        let client = chain.nodes[0], system = chain.nodes[1]
        let report = RiskScoring.score(RiskScoring.Input(
            chains: [chain], threats: ThreatLibrary(ratings: [F.threat("ID", .contrabandSmuggling, 2), F.threat("US", .terrorism, 0)]),
            vulnerabilities: VulnerabilitySheet(ratings: [F.vulnerability(client, .businessPartners, 2),
                                                          F.vulnerability(system, .cybersecurity, 1)])))

        #expect(report.chains[0].node(client.id)?.score == 9)
        #expect(report.chains[0].node(system.id)?.score == 2)
    }

    @Test func dataAndClientsAreDrawnWithADashedBorder() throws {
        let chain = try F.value(ChainCSV.read(Self.brokerCSV))

        let svg = ChainDiagram.svg(chain: chain, risk: nil, labels: .english(title: chain.name))

        #expect(F.parseXML(svg).wellFormed)
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 2)
        #expect(svg.contains("Data or IT system") && svg.contains("Client"))
        #expect(ChainNodeKind.route.holdsCargo && !ChainNodeKind.dataSystem.holdsCargo && !ChainNodeKind.client.holdsCargo)
    }
}
