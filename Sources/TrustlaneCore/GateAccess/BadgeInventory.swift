import Foundation

/// A badge, access card or key added to the inventory (MSC 10.1: the company controls the
/// issue, change and removal of access devices), as typed.
public struct BadgeDraft: Hashable, Sendable {
    public var number: String?
    public var kind: String?
    /// The area it opens or is valid for (`warehouse`, `gate 2`, `all areas`).
    public var area: String?

    public init(number: String? = nil, kind: String? = nil, area: String? = nil) {
        self.number = number
        self.kind = kind
        self.area = area
    }
}

public struct ValidBadge: Hashable, Sendable {
    public let number: String
    public let kind: BadgeKind
    public let area: String?

    /// The number as compared for uniqueness: upper case without spaces (`v 012` and `V012` are one badge).
    public var numberKey: String { BadgeInventory.numberKey(number) }
}

public enum BadgeInventory {
    public static let maxArea = 120

    public static func numberKey(_ number: String) -> String {
        number.uppercased().filter { !$0.isWhitespace }
    }

    public static func validate(_ draft: BadgeDraft) throws(ValidationFailure) -> ValidBadge {
        var errors: [FieldError] = []
        let number = GateValidator.text(draft.number, field: "number", max: GateValidator.maxBadge, into: &errors)
        let kind: BadgeKind? = IncidentValidator.choice(draft.kind, field: "kind", into: &errors)
        let area = GateValidator.text(draft.area, field: "area", max: maxArea, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty, let number, let kind else { throw ValidationFailure(errors) }
        return ValidBadge(number: number.split(whereSeparator: \.isWhitespace).joined(separator: " "), kind: kind, area: area)
    }

    /// The person a badge is issued to (a name, as the separation check will look it up).
    public static func holder(_ text: String?) throws(ValidationFailure) -> String {
        var errors: [FieldError] = []
        guard let name = GateValidator.text(text, field: "holder", max: GateValidator.maxName, use: .freeText, into: &errors) else { throw ValidationFailure(errors) }
        return name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The note on a return or a loss (where it was lost, the lock changed...).
    public static func note(_ text: String?) throws(ValidationFailure) -> String? {
        var errors: [FieldError] = []
        let note = GateValidator.text(text, field: "note", max: GateValidator.maxNote, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return note
    }

    /// The person a separation check asks about, as a name key; the problem when it is blank.
    public static func person(_ text: String?, field: String = "person") -> Result<String, FieldError> {
        var errors: [FieldError] = []
        guard let name = GateValidator.text(text, field: field, max: GateValidator.maxName, use: .freeText, into: &errors) else {
            return .failure(errors.first ?? .required(field))
        }
        return .success(GateSearch.nameKey(name))
    }
}

extension BadgeInventory {
    /// What stands in the way of handing the badge typed at check-in to a visitor (MSC 10.1,
    /// 10.2: visitor badges are controlled like every access device), or nil when nothing does:
    /// it must be a badge of the company's inventory (kind `badge`), and available, neither out
    /// with someone nor reported lost. `found` is the inventory's badge of that number, if any.
    public static func visitorBadgeProblem(typed number: String, found: (status: BadgeStatus, holder: String?)?) -> FieldError? {
        guard let found else {
            return FieldError(field: "badge_number", messageKey: "gate.error.badge_unknown",
                              message: "badge_number \(number) is not a visitor badge in the inventory; add it under badges and keys, or leave the field blank",
                              arguments: ["number": number])
        }
        switch found.status {
        case .available: return nil
        case .issued:
            return FieldError(field: "badge_number", messageKey: "gate.error.badge_out",
                              message: "badge_number \(number) is already out with \(found.holder ?? "someone"); hand out another badge, or record its return first",
                              arguments: ["number": number, "holder": found.holder ?? "—"])
        case .lost:
            return FieldError(field: "badge_number", messageKey: "gate.error.badge_reported_lost",
                              message: "badge_number \(number) is reported lost; hand out another badge", arguments: ["number": number])
        }
    }
}
