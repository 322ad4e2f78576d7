import Foundation

/// How long a company keeps its inspection records, and whether a legal hold keeps them past it.
///
/// MSC 5.7 asks for conveyance inspection records to be kept for at least one year (source:
/// CBP's Minimum Security Criteria, criterion 5.7, as summarised in the team's research notes
/// `daily-operations.md` section 2; the wording was not re-read against the MSC booklet, so the
/// one-year floor is the only figure encoded). Validators sample back to the last validation,
/// and revalidation comes at least every four years, so the default keeps five years.
public struct RecordRetention: Hashable, Sendable {
    public static let minimumMonths = 12
    public static let maximumMonths = 120
    public static let defaultMonths = 60
    public static let maxReason = 500

    public let months: Int
    /// A legal hold keeps every record whatever its age, until lifted.
    public let legalHold: Bool
    public let holdReason: String?

    public static let `default` = RecordRetention(months: defaultMonths, legalHold: false, holdReason: nil)

    public init(months: Int, legalHold: Bool, holdReason: String?) {
        self.months = min(Self.maximumMonths, max(Self.minimumMonths, months))
        self.legalHold = legalHold
        self.holdReason = holdReason
    }

    /// Records made before this moment may be removed (never while a legal hold stands).
    public func cutoff(now: Date, calendar: Calendar = .programUTC) -> Date? {
        guard !legalHold else { return nil }
        return calendar.date(byAdding: .month, value: -months, to: now)
    }

    /// The settings form: months from 12 to 120; a hold needs its reason. `floor` says why at
    /// least a year, in the message (the inspections' rule by default).
    public static func validate(months text: String?, legalHold: Bool, reason: String?,
                                floor: String = "MSC 5.7: at least a year") -> Result<RecordRetention, ValidationFailure> {
        var errors: [FieldError] = []
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        var months = defaultMonths
        if !trimmed.isEmpty {
            if let value = Int(trimmed), (minimumMonths...maximumMonths).contains(value) { months = value } else {
                errors.append(FieldError(field: "retention_months", messageKey: "inspections.error.retention_months",
                                         message: "retention_months '\(trimmed.prefix(20))' must be a whole number of months from \(minimumMonths) (\(floor)) to \(maximumMonths)",
                                         arguments: ["value": String(trimmed.prefix(20)), "min": String(minimumMonths), "max": String(maximumMonths)]))
            }
        }
        let holdReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if legalHold && holdReason == nil {
            errors.append(FieldError(field: "legal_hold_reason", messageKey: "inspections.error.hold_reason",
                                     message: "legal_hold_reason is required: say why the records are held (a case, an audit, an authority's request)"))
        }
        if let holdReason, holdReason.unicodeScalars.count > maxReason { errors.append(.tooLong("legal_hold_reason", max: maxReason)) }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(RecordRetention(months: months, legalHold: legalHold, holdReason: legalHold ? holdReason : nil))
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
