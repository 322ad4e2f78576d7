import Foundation

/// A driver's arrival as the guard's form or the API sends it (MSC 10.3: drivers positively
/// identified before cargo is released; 10.4: a cargo pickup log). The 10.4 field list (driver,
/// arrival date and time, employer, truck and trailer numbers, departure, seal number at
/// departure) follows CBP's guidance as `daily-operations.md` section 6 recalls it, marked there
/// as not verified against the MSC text.
public struct PickupDraft: Hashable, Sendable {
    public var site: String?
    public var driverName: String?
    public var photoIDChecked: Bool
    public var photoIDType: String?
    /// The driver's employer: the carrier.
    public var carrier: String?
    public var truckPlate: String?
    /// The trailer's plate or number, or the container's number (ISO 6346, checked when it
    /// looks like one).
    public var trailerNumber: String?
    /// Blank for now.
    public var arrivedAt: String?

    public init(site: String? = nil, driverName: String? = nil, photoIDChecked: Bool = false, photoIDType: String? = nil, carrier: String? = nil,
                truckPlate: String? = nil, trailerNumber: String? = nil, arrivedAt: String? = nil) {
        self.site = site
        self.driverName = driverName
        self.photoIDChecked = photoIDChecked
        self.photoIDType = photoIDType
        self.carrier = carrier
        self.truckPlate = truckPlate
        self.trailerNumber = trailerNumber
        self.arrivedAt = arrivedAt
    }
}

/// A driver's arrival that passed its checks.
public struct ValidPickup: Hashable, Sendable {
    public let site: String
    public let driverName: String
    public let photoIDType: PhotoIDType
    public let carrier: String
    public let truckPlate: String
    public let trailerNumber: String?
    public let arrivedAt: Date

    public var nameKey: String { GateSearch.nameKey(driverName) }
    public var plateKey: String { GateSearch.plateKey(truckPlate) }
}

extension GateValidator {
    public static let maxTrailer = 20
    /// The longest seal number text read (spaces and dashes included; the number itself has at
    /// most `SealNumber.maxLength` letters and digits).
    public static let maxSealText = 40

    public static func pickup(_ draft: PickupDraft, zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidPickup {
        var errors: [FieldError] = []
        let site = Self.site(draft.site, into: &errors)
        let name = GateValidator.text(draft.driverName, field: "driver_name", max: maxName, use: .freeText, into: &errors)
        let idType = Self.photoID(checked: draft.photoIDChecked, type: draft.photoIDType, into: &errors)
        let carrier = GateValidator.text(draft.carrier, field: "carrier", max: maxName, use: .freeText, into: &errors)
        let plate = Self.plate(draft.truckPlate, field: "truck_plate", required: true, into: &errors)
        let trailer = Self.trailerNumber(draft.trailerNumber, into: &errors)
        let at = GateTime.moment(draft.arrivedAt, field: "arrived_at", zone: zone, now: now, into: &errors)
        guard errors.isEmpty, let site, let name, let idType, let carrier, let plate, let at else { throw ValidationFailure(errors) }
        return ValidPickup(site: site, driverName: name, photoIDType: idType, carrier: carrier, truckPlate: plate, trailerNumber: trailer, arrivedAt: at)
    }

    /// A trailer's number or plate, upper-cased; one that looks like a container number (four
    /// letters, seven digits) must carry the right ISO 6346 check digit, so a typo at the gate is
    /// caught before the unit leaves.
    public static func trailerNumber(_ text: String?, field: String = "trailer_number", into errors: inout [FieldError]) -> String? {
        guard let plate = Self.plate(text, field: field, required: false, into: &errors) else { return nil }
        let compact = plate.filter { $0 != " " && $0 != "-" }
        let letters = compact.prefix(4), digits = compact.dropFirst(4)
        if compact.count == 11, letters.allSatisfy({ $0.isASCII && $0.isLetter }), digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return ContainerNumber.parse(compact, field: field, required: true, into: &errors)?.rawValue
        }
        return plate
    }

    /// A departure: refused when the driver already left; the seal number at departure, when
    /// given, is a seal number, and when the pickup is tied to a shipment it must be one of that
    /// shipment's seals (`shipmentSeals`); a shipment with seals needs one named.
    public static func departure(arrivedAt: Date, departedAt: Date?, typed: String?, seal: String?, shipmentSeals: Set<SealNumber>?,
                                 zone: TimeZone, now: Date) throws -> (at: Date, seal: SealNumber?) {
        if let departedAt {
            let time = ISO8601DateFormatter().string(from: departedAt)
            throw GateConflict(messageKey: "gate.error.already_departed", message: "the driver's departure was already recorded at \(time); nothing was changed",
                               arguments: ["time": time], at: departedAt)
        }
        var errors: [FieldError] = []
        var at: Date?
        do { at = try GateTime.leaving(typed, field: "departed_at", arrivedAt: arrivedAt, zone: zone, now: now) } catch { errors += error.errors }
        let needsSeal = !(shipmentSeals?.isEmpty ?? true)
        var number: SealNumber?
        if let seal, seal.unicodeScalars.count > maxSealText {
            errors.append(.tooLong("seal_number", max: maxSealText))
        } else {
            number = SealNumber.parse(seal, field: "seal_number", required: needsSeal, into: &errors)
        }
        if let number, let shipmentSeals, !shipmentSeals.contains(number) {
            errors.append(FieldError(field: "seal_number", messageKey: "gate.error.seal_not_on_shipment",
                                     message: "seal_number \(number) is not a seal of the shipment this pickup is for",
                                     arguments: ["number": number.rawValue, "seals": shipmentSeals.sorted().map(\.rawValue).joined(separator: ", ")]))
        }
        guard errors.isEmpty, let at else { throw ValidationFailure(errors) }
        return (at, number)
    }
}
