import Foundation
import TrustlaneCore
import Vapor

// The seal stock API's requests and responses (the JSON contract).

/// A batch received: the receipt form's fields (the certificate is uploaded to the batch after).
struct SealBatchRequest: Content {
    var firstNumber: String?
    var lastNumber: String?
    /// `H` (or `high_security`); S and I are refused.
    var sealClass: String?
    var sealType: String?
    var maker: String?
    var storagePlace: String?
    /// A member of the company (user id).
    var custodianId: String?
    var certificateExpires: String?

    var receipt: SealStockService.Receipt {
        .init(draft: SealBatch.Draft(firstNumber: firstNumber, lastNumber: lastNumber, sealClass: sealClass, sealType: sealType, maker: maker,
                                     certificateExpires: certificateExpires),
              storagePlace: storagePlace, custodian: custodianId)
    }
}

/// Seal counts by where the seals stand.
struct SealCountsResponse: Content {
    var inStock: Int
    var issued: Int
    var used: Int
    var void: Int
    var damaged: Int
    var lost: Int

    init(_ counts: SealStockViews.Counts) {
        inStock = counts.inStock
        issued = counts.issued
        used = counts.used
        void = counts.void
        damaged = counts.damaged
        lost = counts.lost
    }
}

struct SealBatchResponse: Content {
    var id: UUID
    var firstNumber: String
    var lastNumber: String
    var count: Int
    var sealClass: String
    var sealType: String?
    var maker: String
    var storagePlace: String
    var custodianId: UUID?
    var custodianName: String?
    var certificateEvidenceId: UUID?
    var certificateExpires: String?
    var receivedOn: String
    var counts: SealCountsResponse

    init(_ batch: SealStockQueries.Batch, counts: SealStockViews.Counts) {
        id = batch.id
        firstNumber = batch.first_number
        lastNumber = batch.last_number
        count = batch.seal_count
        sealClass = SealClass(rawValue: batch.seal_class)?.code ?? batch.seal_class
        sealType = batch.seal_type
        maker = batch.maker
        storagePlace = batch.storage_place
        custodianId = batch.custodian_id
        custodianName = batch.custodian_name
        certificateEvidenceId = batch.certificate_evidence_id
        certificateExpires = batch.certificate_expires
        receivedOn = batch.received_on
        self.counts = SealCountsResponse(counts)
    }
}

struct SealEventResponse: Content {
    var event: String
    var fromState: String
    var toState: String
    var issuedTo: String?
    var shipmentReference: String?
    var reason: String?
    var by: String?
    var at: Date

    init(_ event: SealStockQueries.Event) {
        self.event = event.event
        fromState = event.from_state
        toState = event.to_state
        issuedTo = event.issued_to
        shipmentReference = event.shipment_reference
        reason = event.reason
        by = event.actor_name
        at = event.at
    }
}

struct SealResponse: Content {
    var number: String
    var state: String
    var batchId: UUID
    var batch: String
    var issuedTo: String?
    var shipmentReference: String?
    var history: [SealEventResponse]
}

struct SealIssueRequest: Content {
    /// 1 to 10; 1 when left out.
    var count: Int?
    var issuedTo: String?
    var shipmentReference: String?
    /// The phone's key for this submission: sent again, it draws no more seals (`ClientKey`).
    var clientKey: String?
}

struct SealIssueResponse: Content {
    var seals: [String]
    var issuedTo: String
    var shipmentReference: String
}

struct SealEventRequest: Content {
    var sealNumber: String?
    /// `void`, `report_damaged`, `report_lost` or `return_to_stock`.
    var event: String?
    var reason: String?
    /// The phone's key for this submission: sent again, it logs nothing more (`ClientKey`).
    var clientKey: String?
}

struct SealEventResultResponse: Content {
    var sealNumber: String
    var state: String
}

struct SealAuditRequest: Content {
    /// The seals found in storage: numbers or ranges `FIRST..LAST`; left out, the log is checked
    /// against the batches only.
    var counted: [String]?
}

struct SealAuditResponse: Content {
    struct Finding: Content {
        var sealNumber: String
        var kind: String
        var state: String?
        var message: String
    }
    var id: UUID
    var ranAt: Date
    var counted: Bool
    var received: Int
    var inStockByLog: Int
    var countedSeals: Int
    var findingsTotal: Int
    /// The first `SealStockAPIController.maxFindings` findings, by seal number.
    var findings: [Finding]
}
