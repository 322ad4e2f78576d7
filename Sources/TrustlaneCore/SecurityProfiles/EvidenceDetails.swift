import Foundation

/// The facts a person gives about an evidence file, as typed: title, effective day and optional
/// expiry day (`YYYY-MM-DD`). Used on upload and when editing a file's details.
public struct EvidenceDetailsDraft: Hashable, Sendable {
    public var title: String?
    public var effectiveDate: String?
    public var expiryDate: String?

    public init(title: String? = nil, effectiveDate: String? = nil, expiryDate: String? = nil) {
        self.title = title
        self.effectiveDate = effectiveDate
        self.expiryDate = expiryDate
    }

    /// Longest title, in characters.
    public static let titleMaxLength = 200

    /// Checks the details: title required (at most 200 characters, one line); effective day
    /// defaults to `today` when empty; expiry optional and not before the effective day.
    /// Fields: `title`, `effective_date`, `expiry_date`.
    public func validate(today: Date) throws(ValidationFailure) -> EvidenceDetails {
        var errors: [FieldError] = []
        let title = ProfileText.check(title, field: "title", max: Self.titleMaxLength, multiline: false,
                                      required: .evidenceTitleRequired, into: &errors)
        let effective = Self.day(effectiveDate, field: "effective_date", into: &errors) ?? ProgramDay.start(of: today)
        let expiry = Self.day(expiryDate, field: "expiry_date", into: &errors)
        if let expiry, expiry < effective {
            errors.append(ProfileMessage.evidenceExpiryBeforeEffective.fieldError("expiry_date",
                ["effective": ProgramDay.text(effective)]))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return EvidenceDetails(title: title, effectiveDate: effective, expiryDate: expiry)
    }

    private static func day(_ text: String?, field: String, into errors: inout [FieldError]) -> Date? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let day = ProgramDay.date(trimmed) else {
            errors.append(ProfileMessage.invalidDay.fieldError(field, ["value": String(trimmed.prefix(40))]))
            return nil
        }
        return day
    }
}

/// Validated evidence details; days are UTC midnight.
public struct EvidenceDetails: Hashable, Sendable {
    public let title: String
    public let effectiveDate: Date
    /// The last day the evidence is valid; `nil` when it does not expire.
    public let expiryDate: Date?

    public init(title: String, effectiveDate: Date, expiryDate: Date?) {
        self.title = title
        self.effectiveDate = ProgramDay.start(of: effectiveDate)
        self.expiryDate = expiryDate.map(ProgramDay.start(of:))
    }
}
