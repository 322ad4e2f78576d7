import Foundation
import Testing
@testable import TrustlaneCore

/// The seal audit (MSC 6.6): stock, log and shipments reconciled, every unaccounted seal listed.
@Suite("Seal audit")
struct SealAuditTests {
    typealias S = SealFixtures

    @Test func eachKindOfDiscrepancyIsFoundOnASmallStock() {
        let batch = S.range("TL000100", "TL000109")
        let one = ShipmentID(), two = ShipmentID()
        let log: [SealNumber: SealState] = [
            S.seal("TL000100"): .verified,   // used on shipment one: fine
            S.seal("TL000101"): .void,       // voided, kept out of stock: fine
            S.seal("TL000102"): .verified,   // on two shipments
            S.seal("TL000103"): .issued,     // issued, but found back in storage
            S.seal("TL000104"): .affixed,    // affixed on no shipment
            S.seal("TL000105"): .damaged,    // damaged, yet on a shipment
            S.seal("ZZ999"): .affixed,       // never received, on shipment two
        ]
        let shipments = [ShipmentSeal(shipment: one, seal: S.seal("TL000100")), ShipmentSeal(shipment: one, seal: S.seal("TL000102")),
                         ShipmentSeal(shipment: two, seal: S.seal("TL000102")), ShipmentSeal(shipment: two, seal: S.seal("TL000105")),
                         ShipmentSeal(shipment: two, seal: S.seal("ZZ999"))]
        // In storage: 103 (wrongly), 106, 107, 109; 108 is missing.
        let stock = ["TL000103", "TL000106", "TL000107", "TL000109"].map(S.seal)
        let report = SealAudit.reconcile(ranges: [batch], log: log, shipmentSeals: shipments, stockOnHand: stock)

        let found = report.findings.map { "\($0.seal) \($0.kind.rawValue)" }
        #expect(found == ["TL000102 used_on_several_shipments", "TL000103 counted_but_logged", "TL000104 affixed_without_shipment",
                          "TL000105 used_but_logged_otherwise", "TL000108 unaccounted", "ZZ999 not_received"])
        #expect(report.findings.first?.shipments == [one, two])
        #expect(report.received == 10 && report.counted == 4 && report.inStockByLog == 4)
        #expect(report.findings[1].message.messageKey == "seals.audit.counted_but_logged")
        #expect(report.findings[1].message.arguments["state"] == "issued")
    }

    @Test func aCleanStockHasNoFindings() {
        let batch = S.range("TL000100", "TL000109")
        let shipment = ShipmentID()
        let report = SealAudit.reconcile(ranges: [batch], log: [S.seal("TL000100"): .arrived, S.seal("TL000101"): .lost],
                                         shipmentSeals: [ShipmentSeal(shipment: shipment, seal: S.seal("TL000100"))],
                                         stockOnHand: Array(batch.numbers.dropFirst(2)))
        #expect(report.isClean && report.inStockByLog == 8)
    }

    /// Correctness on a stock the size of the benchmark (100,000 seals); its time is
    /// measured by `trustlane bench` in a release build, not here.
    @Test func aHundredThousandSealsReconcileExactly() {
        let ranges = [S.range("TL000000", "TL049999"), S.range("TX100000", "TX149999")]
        var log: [SealNumber: SealState] = [:]
        var shipments: [ShipmentSeal] = []
        var stock: [SealNumber] = []
        var expected: [String] = []
        for range in ranges {
            for (offset, seal) in range.numbers.enumerated() {
                switch offset % 10 {
                case 0, 1, 2:
                    // Used: verified and on its own shipment.
                    log[seal] = .verified
                    shipments.append(ShipmentSeal(shipment: ShipmentID(), seal: seal))
                case 3:
                    log[seal] = .void
                default:
                    if offset % 1000 == 7 {
                        expected.append("\(seal) unaccounted")
                    } else {
                        stock.append(seal)
                    }
                }
                if offset % 5000 == 1 {
                    // The same seal also on a second shipment.
                    shipments.append(ShipmentSeal(shipment: ShipmentID(), seal: seal))
                    expected.append("\(seal) used_on_several_shipments")
                }
            }
        }
        for stray in ["XX000001", "XX000002"] {
            shipments.append(ShipmentSeal(shipment: ShipmentID(), seal: S.seal(stray)))
            log[S.seal(stray)] = .affixed
            expected.append("\(stray) not_received")
        }
        let report = SealAudit.reconcile(ranges: ranges, log: log, shipmentSeals: shipments, stockOnHand: stock)
        #expect(report.received == 100_000)
        #expect(report.counted == stock.count + 0)
        #expect(report.findings.count == expected.count)
        #expect(report.findings.map { "\($0.seal) \($0.kind.rawValue)" } == expected.sorted())
        #expect(report.count(of: .unaccounted) == 100)
        #expect(report.count(of: .usedOnSeveralShipments) == 20)
    }
}
