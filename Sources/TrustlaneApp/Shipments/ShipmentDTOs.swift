import Fluent
import Foundation
import TrustlaneCore
import Vapor

// The shipment API's requests and responses (the JSON contract).

struct ShipmentRequest: Content {
    var reference: String?
    /// The bill of lading / manifest number(s), as written on the documents.
    var documentNumbers: String?
    var containerNumber: String?
    var tractorPlate: String?
    var trailerPlate: String?
    /// The inspection the unit was loaded after; its unit is taken when none is given.
    var inspectionId: String?
    var origin: String?
    var destination: String?
    var consigneeName: String?
    var consigneeEmail: String?
    /// Business partners of the registry, by id.
    var partnerIds: [String]?
    /// A less-than-truckload move (MSC 6.3): a lock during the pickups, the seal at the last loading point.
    var lessThanTruckload: Bool?
    /// The lock closing an LTL unit from its first pickup.
    var lockId: String?
    /// The client's key for this submission (`ClientKey`): sent again, it answers 200 with the
    /// shipment it recorded, and records nothing.
    var clientKey: String?

    var draft: ShipmentService.Draft {
        .init(reference: reference, documentNumbers: documentNumbers, containerNumber: containerNumber, tractorPlate: tractorPlate,
              trailerPlate: trailerPlate, inspectionID: inspectionId, origin: origin, destination: destination, consigneeName: consigneeName,
              consigneeEmail: consigneeEmail, partnerIDs: partnerIds ?? [], lessThanTruckload: lessThanTruckload ?? false, lockID: lockId,
              clientKey: clientKey)
    }
}

/// A change to an open shipment: a field left out (or null) keeps its value; an empty string
/// clears an optional one (the unit's numbers, the inspection, the consignee); `partnerIds`
/// replaces the list when given (`[]`: none).
struct UpdateShipmentRequest: Content {
    var reference: String?
    var documentNumbers: String?
    var containerNumber: String?
    var tractorPlate: String?
    var trailerPlate: String?
    var inspectionId: String?
    var origin: String?
    var destination: String?
    var consigneeName: String?
    var consigneeEmail: String?
    var partnerIds: [String]?

    /// `current` (the stored record's draft) with this request's fields over it.
    func applied(to current: ShipmentService.Draft) -> ShipmentService.Draft {
        var draft = current
        if let reference { draft.reference = reference }
        if let documentNumbers { draft.documentNumbers = documentNumbers }
        if let containerNumber { draft.containerNumber = containerNumber }
        if let tractorPlate { draft.tractorPlate = tractorPlate }
        if let trailerPlate { draft.trailerPlate = trailerPlate }
        if let inspectionId { draft.inspectionID = inspectionId }
        if let origin { draft.origin = origin }
        if let destination { draft.destination = destination }
        if let consigneeName { draft.consigneeName = consigneeName }
        if let consigneeEmail { draft.consigneeEmail = consigneeEmail }
        if let partnerIds { draft.partnerIDs = partnerIds }
        return draft
    }
}

struct ShipmentLockRequest: Content {
    var lockId: String?
    var clientKey: String?
}

struct AffixSealRequest: Content {
    var sealNumber: String?
    /// When the seal was affixed, if before now (a phone that was offline; `DoneAt`).
    var affixedAt: Date?
    var clientKey: String?
}

struct SealCheckRequest: Content {
    struct Step: Content {
        var step: String?
        /// Whether the step found the seal sound (false: a problem, noted).
        var passed: Bool?
        var at: Date?
        var note: String?
    }

    /// `departure` (default) or `arrival`.
    var stage: String?
    /// The four steps in the order they were done.
    var steps: [Step]?
    /// The number read off the seal.
    var numberRead: String?
    /// At departure: the seal numbers as printed on the bill of lading or manifest (kept on the
    /// shipment; given once, reused after).
    var documentSealNumbers: String?
    /// The client's key for this check: sent again, it records nothing more (`ClientKey`).
    var clientKey: String?
}

struct ShipmentOverrideRequest: Content {
    var reason: String?
}

struct ShipmentListItemResponse: Content {
    var id: ShipmentID
    var reference: String
    var unit: String
    var origin: String
    var destination: String
    var status: String
    var seals: Int
    var createdAt: Date

    init(_ row: ShipmentQueries.ListRow) {
        id = row.shipmentID; reference = row.reference; unit = row.unitLabel; origin = row.origin; destination = row.destination
        status = row.status; seals = row.seal_count; createdAt = row.created_at
    }
}

struct ShipmentPageResponse: Content {
    var items: [ShipmentListItemResponse]
    /// Pass as `before` for the next page; absent on the last.
    var nextBefore: Int64?
}

struct ShipmentResponse: Content {
    struct Check: Content {
        struct Step: Content {
            var step: String
            var passed: Bool
            var at: Date
            var note: String?
        }

        var id: UUID
        var stage: String
        var passed: Bool
        var numberRead: String
        var steps: [Step]
        var checkedBy: String?
        var checkedAt: Date
        /// When the check reached the server; absent when that was when it was done.
        var receivedAt: Date?
    }

    struct Seal: Content {
        var number: String
        var state: String
        var affixedAt: Date
        /// When the affixing reached the server; absent when that was when it was done.
        var receivedAt: Date?
        var affixedBy: String?
        var photoEvidenceId: UUID?
        var photographedAt: Date?
        var checks: [Check]
    }

    struct Discrepancy: Content {
        var sealNumber: String
        var numberRead: String
        var stage: String
        var recordedBy: String?
        var recordedAt: Date
    }

    struct Partner: Content {
        var id: UUID
        var legalName: String
    }

    struct Block: Content {
        var field: String
        var messageKey: String
        var message: String
    }

    var id: ShipmentID
    var reference: String
    var documentNumbers: String
    var documentSealNumbers: String?
    var containerNumber: String?
    var tractorPlate: String?
    var trailerPlate: String?
    var inspectionId: UUID?
    var origin: String
    var destination: String
    var consigneeName: String?
    var consigneeEmail: String?
    var consigneeNotifiedAt: Date?
    var consigneeNotifiedSeals: String?
    var status: String
    var releasedAt: Date?
    var releasedBy: String?
    var overrideReason: String?
    var overriddenBlocks: [String]
    /// What the release gate would refuse now (empty once released, or when it would let it go).
    var blocks: [Block]
    /// Seal numbers on the bill of lading / manifest that are not on the unit, and seals on the
    /// unit that are not on the documents (MSC 7.30): warnings, not blocks; empty when they agree
    /// or before the documents' numbers are entered.
    var documentSealWarnings: [Block]
    var seals: [Seal]
    var discrepancies: [Discrepancy]
    var partners: [Partner]
    var createdBy: String?
    var createdAt: Date
    var lessThanTruckload: Bool
    var lockId: String?
    var lockRecordedAt: Date?
    var lockRecordedBy: String?

    init(_ v: ShipmentViewData) {
        let s = v.shipment
        id = s.shipmentID; reference = s.reference; documentNumbers = s.document_numbers; documentSealNumbers = s.document_seal_numbers
        containerNumber = s.container_number; tractorPlate = s.tractor_plate; trailerPlate = s.trailer_plate; inspectionId = s.inspection_id
        origin = s.origin; destination = s.destination; consigneeName = s.consignee_name; consigneeEmail = s.consignee_email
        consigneeNotifiedAt = s.consignee_notified_at; consigneeNotifiedSeals = s.consignee_notified_seals; status = s.status
        releasedAt = s.released_at; releasedBy = s.released_by_name; overrideReason = s.override_reason
        overriddenBlocks = (s.overridden_blocks ?? "").split(separator: "\n").map(String.init)
        blocks = s.shipmentStatus.isReleased ? [] : v.blocks.map { Block(field: $0.message.field, messageKey: $0.message.messageKey, message: $0.message.message) }
        documentSealWarnings = (v.documentMatch?.warnings ?? []).map { Block(field: $0.field, messageKey: $0.messageKey, message: $0.message) }
        seals = v.seals.map { seal in
            Seal(number: seal.number, state: seal.sealState.rawValue, affixedAt: seal.affixed_at, receivedAt: seal.received_at, affixedBy: seal.affixed_by_name,
                 photoEvidenceId: seal.photo_evidence_id, photographedAt: seal.photographed_at,
                 checks: v.checks.filter { $0.number == seal.number }.map { check in
                     Check(id: check.id, stage: check.stage, passed: check.passed, numberRead: check.number_read,
                           steps: check.storedSteps.map { .init(step: $0.step, passed: $0.passed, at: $0.at, note: $0.note) },
                           checkedBy: check.checked_by_name, checkedAt: check.checked_at, receivedAt: check.received_at)
                 })
        }
        discrepancies = v.discrepancies.map { Discrepancy(sealNumber: $0.number, numberRead: $0.number_read, stage: $0.stage, recordedBy: $0.recorded_by_name,
                                                          recordedAt: $0.recorded_at) }
        partners = v.partners.map { Partner(id: $0.id, legalName: $0.legal_name) }
        createdBy = s.created_by_name; createdAt = s.created_at
        lessThanTruckload = s.isLessThanTruckload; lockId = s.lock_id; lockRecordedAt = s.lock_recorded_at; lockRecordedBy = s.lock_recorded_by_name
    }
}

/// Everything a shipment's page and its API answer show, read in a fixed number of queries.
struct ShipmentViewData: Sendable {
    let shipment: ShipmentQueries.Row
    let inspection: InspectionQueries.Row?
    let seals: [ShipmentQueries.SealRow]
    let checks: [ShipmentQueries.CheckRow]
    let discrepancies: [ShipmentQueries.DiscrepancyRow]
    let partners: [ShipmentQueries.PartnerRow]
    /// What the gate would refuse now.
    let blocks: [ReleaseBlock]
    /// The seal numbers on the bill of lading / manifest set against the seals on the unit (MSC
    /// 7.30); nil until the documents' numbers are entered.
    let documentMatch: SealDocumentMatch?

    static func load(_ shipment: ShipmentQueries.Row, company: CompanyID, on db: any Database) async throws -> ShipmentViewData {
        let queries = ShipmentQueries(db)
        async let seals = queries.seals(company: company, shipment: shipment.shipmentID)
        async let checks = queries.checks(company: company, shipment: shipment.shipmentID)
        async let discrepancies = queries.discrepancies(company: company, shipment: shipment.shipmentID)
        async let partners = queries.partners(company: company, shipment: shipment.shipmentID)
        var inspection: InspectionQueries.Row?
        if let id = shipment.inspection_id { inspection = try await InspectionQueries(db).current(company: company, id: InspectionID(id)) }
        let input = try await ShipmentService.gateInput(shipment, company: company, on: db)
        let sealRows = try await seals
        return ShipmentViewData(shipment: shipment, inspection: inspection, seals: sealRows, checks: try await checks,
                                discrepancies: try await discrepancies, partners: try await partners, blocks: ReleaseGate.blocks(input),
                                documentMatch: SealDocumentMatch.stored(affixed: ShipmentQueries.sealing(sealRows), documentText: shipment.document_seal_numbers))
    }
}
