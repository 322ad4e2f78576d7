import Foundation

/// A carrier's advance notice of a pickup (MSC 10.7: the carrier tells the facility the
/// expected arrival, the driver and the truck before it comes), as typed.
public struct PreNoticeDraft: Hashable, Sendable {
    public var carrier: String?
    public var driverName: String?
    public var truckPlate: String?
    public var expectedAt: String?
    /// The site the truck is coming to, if the company has several.
    public var site: String?
    public var note: String?

    public init(carrier: String? = nil, driverName: String? = nil, truckPlate: String? = nil, expectedAt: String? = nil, site: String? = nil,
                note: String? = nil) {
        self.carrier = carrier
        self.driverName = driverName
        self.truckPlate = truckPlate
        self.expectedAt = expectedAt
        self.site = site
        self.note = note
    }
}

public struct ValidPreNotice: Hashable, Sendable {
    public let carrier: String
    public let driverName: String
    public let truckPlate: String
    public let expectedAt: Date
    public let site: String?
    public let note: String?

    public var plateKey: String { GateSearch.plateKey(truckPlate) }
}

/// Which pre-notification an arriving truck answers: the same plate, not already matched, whose
/// expected arrival is within `window` of the arrival; the nearest when several are.
public enum PreNoticeMatch {
    /// Twelve hours either side: a truck a morning late still matches its notice; the next day's
    /// run does not take today's.
    public static let window: TimeInterval = 12 * 3600

    public struct Candidate: Hashable, Sendable {
        public let id: GatePreNoticeID
        public let expectedAt: Date
        public init(id: GatePreNoticeID, expectedAt: Date) {
            self.id = id
            self.expectedAt = expectedAt
        }
    }

    /// The range of expected times an arrival at `arrivedAt` can match.
    public static func range(around arrivedAt: Date) -> ClosedRange<Date> {
        arrivedAt.addingTimeInterval(-window)...arrivedAt.addingTimeInterval(window)
    }

    public static func best(_ candidates: [Candidate], arrivedAt: Date) -> GatePreNoticeID? {
        candidates.filter { range(around: arrivedAt).contains($0.expectedAt) }
            .min { (abs($0.expectedAt.timeIntervalSince(arrivedAt)), $0.id) < (abs($1.expectedAt.timeIntervalSince(arrivedAt)), $1.id) }?.id
    }
}

extension GateValidator {
    public static func preNotice(_ draft: PreNoticeDraft, zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidPreNotice {
        var errors: [FieldError] = []
        let carrier = GateValidator.text(draft.carrier, field: "carrier", max: maxName, use: .freeText, into: &errors)
        let driver = GateValidator.text(draft.driverName, field: "driver_name", max: maxName, use: .freeText, into: &errors)
        let plate = Self.plate(draft.truckPlate, field: "truck_plate", required: true, into: &errors)
        let expected = GateTime.planned(draft.expectedAt, field: "expected_at", zone: zone, now: now, into: &errors)
        var site: String?
        if let text = draft.site, !text.allSatisfy(\.isWhitespace) { site = Self.site(text, into: &errors) }
        let note = GateValidator.text(draft.note, field: "note", max: maxNote, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty, let carrier, let driver, let plate, let expected else { throw ValidationFailure(errors) }
        return ValidPreNotice(carrier: carrier, driverName: driver, truckPlate: plate, expectedAt: expected, site: site, note: note)
    }
}
