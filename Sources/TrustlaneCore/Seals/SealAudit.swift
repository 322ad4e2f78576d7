import Foundation

/// A seal used on a shipment, as the shipments record it.
public struct ShipmentSeal: Hashable, Sendable {
    public let shipment: ShipmentID
    public let seal: SealNumber
    public init(shipment: ShipmentID, seal: SealNumber) {
        self.shipment = shipment
        self.seal = seal
    }
}

/// One seal the audit cannot account for; the app opens an incident for each (MSC 6.1, 6.6).
public struct SealAuditFinding: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable, Hashable {
        /// Received, still in stock by the log, but not found in storage.
        case unaccounted
        /// Found in storage although the log says it left stock (issued, used or lost).
        case countedButLogged = "counted_but_logged"
        /// On more than one shipment.
        case usedOnSeveralShipments = "used_on_several_shipments"
        /// Logged, counted or used, but in no received batch.
        case notReceived = "not_received"
        /// On a shipment while the log says it was never affixed (in stock, issued) or was
        /// void, damaged or lost.
        case usedButLoggedOtherwise = "used_but_logged_otherwise"
        /// Affixed, verified or arrived by the log, but on no shipment.
        case affixedWithoutShipment = "affixed_without_shipment"
    }

    public let seal: SealNumber
    public let kind: Kind
    /// The log's state for the seal; nil where the log has no entry.
    public let state: SealState?
    public let shipments: [ShipmentID]

    /// The finding worded for a page (key and arguments) and the API (English).
    public var message: FieldError {
        let state = self.state?.rawValue ?? "no log entry"
        let count = String(shipments.count)
        let english: String
        switch kind {
        case .unaccounted: english = "seal \(seal) was received and is in stock by the log, but was not found in storage"
        case .countedButLogged: english = "seal \(seal) was found in storage, but the log says it is \(state)"
        case .usedOnSeveralShipments: english = "seal \(seal) is recorded on \(count) shipments"
        case .notReceived: english = "seal \(seal) is in no received batch"
        case .usedButLoggedOtherwise: english = "seal \(seal) is on a shipment, but the log says it is \(state)"
        case .affixedWithoutShipment: english = "seal \(seal) is \(state) by the log, but on no shipment"
        }
        return FieldError(field: "seal_number", messageKey: "seals.audit.\(kind.rawValue)", message: english,
                          arguments: ["seal": seal.rawValue, "state": state, "count": count])
    }
}

/// The result of a seal audit.
public struct SealAuditReport: Hashable, Sendable {
    /// Sorted by seal number, then kind.
    public let findings: [SealAuditFinding]
    /// Seals in the received batches.
    public let received: Int
    /// Received seals still in stock by the log.
    public let inStockByLog: Int
    /// Seals found in storage.
    public let counted: Int

    public var isClean: Bool { findings.isEmpty }
    public func count(of kind: SealAuditFinding.Kind) -> Int { findings.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) } }
}

/// The periodic seal audit (MSC 6.6): received stock (the batches' ranges) reconciled against
/// the seal log, the shipments and the seals counted in storage, listing every seal that cannot
/// be accounted for. A received seal is accounted for when it is in storage and in stock by the
/// log, or when the log says where it went (issued, affixed, verified, arrived, void, damaged,
/// lost) and, if it was used, exactly one shipment carries it.
///
/// Work is proportional to the seals involved: each logged, counted or used seal is placed in its
/// batch by binary search, and the batches are walked once over flat arrays; only findings build
/// seal numbers. Ranges are expected not to overlap (`SealBatch.validate` refuses overlaps).
public enum SealAudit {
    public static func reconcile(ranges: [SealRange], log: [SealNumber: SealState], shipmentSeals: [ShipmentSeal],
                                 stockOnHand: [SealNumber]) -> SealAuditReport {
        let index = RangeIndex(ranges)
        // Per range, per offset: the log's state (0 = no entry), counted in storage, times used.
        var states = ranges.map { [UInt8](repeating: 0, count: $0.count) }
        var counted = ranges.map { [Bool](repeating: false, count: $0.count) }
        var uses = ranges.map { [UInt8](repeating: 0, count: $0.count) }
        var shipmentsAt: [Int: [ShipmentID]] = [:]
        // Seals outside every batch, with what is known of them.
        var strays: [SealNumber: (state: SealState?, counted: Bool, shipments: [ShipmentID])] = [:]

        for (seal, state) in log {
            if let (range, offset) = index.locate(seal) {
                states[range][offset] = code(state)
            } else {
                strays[seal, default: (nil, false, [])].state = state
            }
        }
        var countedTotal = 0
        for seal in stockOnHand {
            if let (range, offset) = index.locate(seal) {
                if !counted[range][offset] { countedTotal += 1 }
                counted[range][offset] = true
            } else {
                if strays[seal]?.counted != true { countedTotal += 1 }
                strays[seal, default: (nil, false, [])].counted = true
            }
        }
        for use in shipmentSeals {
            if let (range, offset) = index.locate(use.seal) {
                if uses[range][offset] < 255 { uses[range][offset] += 1 }
                shipmentsAt[range << 32 | offset, default: []].append(use.shipment)
            } else {
                strays[use.seal, default: (nil, false, [])].shipments.append(use.shipment)
            }
        }

        var findings: [SealAuditFinding] = []
        var received = 0, inStock = 0
        for (rangeIndex, range) in ranges.enumerated() {
            received += range.count
            let rangeStates = states[rangeIndex], rangeCounted = counted[rangeIndex], rangeUses = uses[rangeIndex]
            for offset in 0..<range.count {
                let stateCode = rangeStates[offset], isCounted = rangeCounted[offset], used = rangeUses[offset]
                // The common case, a seal in storage and in stock by the log and never used, costs nothing more.
                if stateCode == 0 && isCounted && used == 0 { inStock += 1; continue }
                let state = stateCode == 0 ? nil : Self.state(for: stateCode)
                let shipments = used == 0 ? [] : shipmentsAt[rangeIndex << 32 | offset] ?? []
                var seal: SealNumber { range.number(range.first + offset) }
                append(&findings, { seal }, state: state, counted: isCounted, shipments: shipments, received: true)
                if state == nil || state == .received { inStock += 1 }
            }
        }
        for (seal, known) in strays {
            findings.append(SealAuditFinding(seal: seal, kind: .notReceived, state: known.state, shipments: known.shipments))
            append(&findings, { seal }, state: known.state, counted: known.counted, shipments: known.shipments, received: false)
        }
        findings.sort { ($0.seal.rawValue, kindOrder($0.kind)) < ($1.seal.rawValue, kindOrder($1.kind)) }
        return SealAuditReport(findings: findings, received: received, inStockByLog: inStock, counted: countedTotal)
    }

    /// The findings for one seal from what the log, the count and the shipments say of it.
    private static func append(_ findings: inout [SealAuditFinding], _ seal: () -> SealNumber, state: SealState?, counted: Bool,
                               shipments: [ShipmentID], received: Bool) {
        let inStockByLog = state == nil || state == .received
        if received && inStockByLog && !counted {
            findings.append(SealAuditFinding(seal: seal(), kind: .unaccounted, state: state, shipments: shipments))
        }
        if counted, let state, [.issued, .affixed, .verified, .arrived, .lost].contains(state) {
            findings.append(SealAuditFinding(seal: seal(), kind: .countedButLogged, state: state, shipments: shipments))
        }
        if shipments.count > 1 {
            findings.append(SealAuditFinding(seal: seal(), kind: .usedOnSeveralShipments, state: state, shipments: shipments))
        }
        let usedState = state == .affixed || state == .verified || state == .arrived
        if !shipments.isEmpty && !usedState {
            findings.append(SealAuditFinding(seal: seal(), kind: .usedButLoggedOtherwise, state: state, shipments: shipments))
        }
        if shipments.isEmpty && usedState {
            findings.append(SealAuditFinding(seal: seal(), kind: .affixedWithoutShipment, state: state, shipments: []))
        }
    }

    private static let stateCodes: [SealState] = SealState.allCases
    private static func code(_ state: SealState) -> UInt8 { UInt8(stateCodes.firstIndex(of: state)! + 1) }
    private static func state(for code: UInt8) -> SealState { stateCodes[Int(code) - 1] }
    private static func kindOrder(_ kind: SealAuditFinding.Kind) -> Int { SealAuditFinding.Kind.allCases.firstIndex(of: kind)! }

    /// Finds the range and offset of a seal number: ranges grouped by prefix and width, sorted
    /// by their first number, searched by halves.
    struct RangeIndex {
        private var groups: [String: [(first: Int, last: Int, index: Int)]] = [:]

        init(_ ranges: [SealRange]) {
            for (index, range) in ranges.enumerated() {
                groups["\(range.width):\(range.prefix)", default: []].append((range.first, range.last, index))
            }
            for key in groups.keys { groups[key]!.sort { $0.first < $1.first } }
        }

        func locate(_ seal: SealNumber) -> (range: Int, offset: Int)? {
            guard let parts = seal.numericPart, let value = Int(parts.digits),
                  let group = groups["\(parts.digits.count):\(parts.prefix)"] else { return nil }
            var low = 0, high = group.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let candidate = group[middle]
                if value < candidate.first { high = middle - 1 } else if value > candidate.last { low = middle + 1 } else {
                    return (candidate.index, value - candidate.first)
                }
            }
            return nil
        }
    }
}
