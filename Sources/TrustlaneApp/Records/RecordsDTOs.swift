import Foundation
import TrustlaneCore
import Vapor

// The records API's JSON contract.

struct RecordRetentionResponse: Content {
    var kind: String
    var retentionMonths: Int
    var legalHold: Bool
    var legalHoldReason: String?

    init(_ kind: DailyRecordKind, _ rule: RecordRetention) {
        self.kind = kind.rawValue
        retentionMonths = rule.months
        legalHold = rule.legalHold
        legalHoldReason = rule.holdReason
    }
}

/// A field left out keeps its value.
struct RecordRetentionRequest: Content {
    var retentionMonths: Int?
    var legalHold: Bool?
    var legalHoldReason: String?
}
