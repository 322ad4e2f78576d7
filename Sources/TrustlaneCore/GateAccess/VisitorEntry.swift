import Foundation

/// A visitor's check-in as the guard's form or the API sends it: every field text, unchecked.
///
/// The fields follow MSC 10.2 as `daily-operations.md` section 6 recalls CBP's guidance (date,
/// name, the type of photo ID verified, arrival, host, departure; escort and a visible badge).
/// That field list is marked there as not verified against the MSC text.
public struct VisitorDraft: Hashable, Sendable {
    public var site: String?
    public var name: String?
    /// The visitor's own company.
    public var company: String?
    /// Whether the guard looked at a photo ID. Entry without one is refused (10.2).
    public var photoIDChecked: Bool
    public var photoIDType: String?
    /// Whom the visitor comes to see (a name).
    public var host: String?
    public var purpose: String?
    public var badgeNumber: String?
    /// Who escorts the visitor; blank for none.
    public var escort: String?
    /// The plate of the vehicle the visitor came in, if any.
    public var vehiclePlate: String?
    /// Blank for now.
    public var checkedInAt: String?

    public init(site: String? = nil, name: String? = nil, company: String? = nil, photoIDChecked: Bool = false, photoIDType: String? = nil,
                host: String? = nil, purpose: String? = nil, badgeNumber: String? = nil, escort: String? = nil, vehiclePlate: String? = nil,
                checkedInAt: String? = nil) {
        self.site = site
        self.name = name
        self.company = company
        self.photoIDChecked = photoIDChecked
        self.photoIDType = photoIDType
        self.host = host
        self.purpose = purpose
        self.badgeNumber = badgeNumber
        self.escort = escort
        self.vehiclePlate = vehiclePlate
        self.checkedInAt = checkedInAt
    }
}

/// A visitor's check-in that passed its checks.
public struct ValidVisitor: Hashable, Sendable {
    public let site: String
    public let name: String
    public let company: String
    public let photoIDType: PhotoIDType
    public let host: String
    public let purpose: String
    public let badgeNumber: String?
    public let escort: String?
    public let vehiclePlate: String?
    public let checkedInAt: Date

    public var nameKey: String { GateSearch.nameKey(name) }
    public var plateKey: String? { vehiclePlate.map(GateSearch.plateKey).flatMap { $0.isEmpty ? nil : $0 } }
}

/// The checks of the gate's records; every problem is named by field, nothing is kept on failure.
public enum GateValidator {
    public static let maxSite = 120
    public static let maxName = 120
    public static let maxPurpose = 300
    public static let maxBadge = 30
    public static let maxPlate = 20
    public static let maxNote = 500

    /// `Check.text`, after refusing a text longer than `max` as sent: the API documents `max` as
    /// the field's maxLength, and a value past it is refused even when trimming its padding would
    /// bring it within (the CI fuzzer sends a tab and `max` letters).
    public static func text(_ value: String?, field: String, max: Int, required: Bool = true, use: InvisibleCharacters.Use = .identifying,
                            into errors: inout [FieldError]) -> String? {
        if let value, value.unicodeScalars.count > max {
            errors.append(.tooLong(field, max: max))
            return nil
        }
        return Check.text(value, field: field, max: max, required: required, use: use, into: &errors)
    }

    /// A site's name as typed, spaces folded: the same site typed twice is one site.
    public static func site(_ text: String?, field: String = "site", into errors: inout [FieldError]) -> String? {
        GateValidator.text(text, field: field, max: maxSite, into: &errors).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    /// A licence plate as written, upper-cased, runs of spaces folded to one (as inspections keep it).
    public static func plate(_ text: String?, field: String, required: Bool, into errors: inout [FieldError]) -> String? {
        guard let checked = GateValidator.text(text, field: field, max: maxPlate, required: required, into: &errors) else { return nil }
        let plate = checked.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if GateSearch.plateKey(plate).isEmpty {
            errors.append(FieldError(field: field, messageKey: "gate.error.plate", message: "\(field) must hold the plate's letters and digits"))
            return nil
        }
        return plate
    }

    /// The photo ID: checked (refused otherwise, MSC 10.2 / 10.3) and its type.
    static func photoID(checked: Bool, type: String?, into errors: inout [FieldError]) -> PhotoIDType? {
        if !checked {
            errors.append(FieldError(field: "photo_id_checked", messageKey: "gate.error.photo_id_required",
                                     message: "photo_id_checked: a photo ID must be checked before entry; without one, entry is refused"))
        }
        return IncidentValidator.choice(type, field: "photo_id_type", into: &errors)
    }

    public static func visitor(_ draft: VisitorDraft, zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidVisitor {
        var errors: [FieldError] = []
        let site = Self.site(draft.site, into: &errors)
        let name = GateValidator.text(draft.name, field: "name", max: maxName, use: .freeText, into: &errors)
        let company = GateValidator.text(draft.company, field: "visitor_company", max: maxName, use: .freeText, into: &errors)
        let idType = Self.photoID(checked: draft.photoIDChecked, type: draft.photoIDType, into: &errors)
        let host = GateValidator.text(draft.host, field: "host", max: maxName, use: .freeText, into: &errors)
        let purpose = GateValidator.text(draft.purpose, field: "purpose", max: maxPurpose, use: .freeText, into: &errors)
        let badge = GateValidator.text(draft.badgeNumber, field: "badge_number", max: maxBadge, required: false, into: &errors)
        let escort = GateValidator.text(draft.escort, field: "escort", max: maxName, required: false, use: .freeText, into: &errors)
        let plate = Self.plate(draft.vehiclePlate, field: "vehicle_plate", required: false, into: &errors)
        let at = GateTime.moment(draft.checkedInAt, field: "checked_in_at", zone: zone, now: now, into: &errors)
        guard errors.isEmpty, let site, let name, let company, let idType, let host, let purpose, let at else { throw ValidationFailure(errors) }
        return ValidVisitor(site: site, name: name, company: company, photoIDType: idType, host: host, purpose: purpose, badgeNumber: badge,
                            escort: escort, vehiclePlate: plate, checkedInAt: at)
    }

    /// A check-out: refused when the visitor is already out (the first check-out stands).
    public static func checkOut(checkedInAt: Date, checkedOutAt: Date?, typed: String?, zone: TimeZone, now: Date) throws -> Date {
        if let checkedOutAt {
            let time = ISO8601DateFormatter().string(from: checkedOutAt)
            throw GateConflict(messageKey: "gate.error.already_checked_out", message: "the visitor was already checked out at \(time); nothing was changed",
                               arguments: ["time": time], at: checkedOutAt)
        }
        return try GateTime.leaving(typed, field: "checked_out_at", arrivedAt: checkedInAt, zone: zone, now: now)
    }
}
