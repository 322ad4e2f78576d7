import Foundation

/// Where a validation pack's period starts, and why there.
///
/// Validators sample a member's inspection and seal records back to its last validation
/// (`daily-operations.md` finding 1), so without a day asked for the pack starts on the day of
/// the company's latest successful validation (`MembershipDates.lastValidatedAt`, the newest
/// over its memberships); a company never validated gets a year back (MSC 5.7 keeps at least a
/// year). The pack reaches back five years at most, so a validation older than that is cut to
/// the limit, and the page says so.
public struct ValidationPackPeriod: Hashable, Sendable {
    /// Why the period starts where it does.
    public enum Basis: Hashable, Sendable {
        /// The day the user or the API caller asked for.
        case requested
        /// The company's last validation, on that day.
        case lastValidation(ProgramDay)
        /// The last validation was before the five-year limit; the period starts at the limit.
        case lastValidationBeyondLimit(ProgramDay)
        /// No validation recorded: a year back.
        case yearBack

        /// The basis as the API names it (`Trustlane-Pack-Basis`).
        public var code: String {
            switch self {
            case .requested: "requested"
            case .lastValidation: "last_validation"
            case .lastValidationBeyondLimit: "last_validation_beyond_limit"
            case .yearBack: "year_back"
            }
        }
    }

    /// The first day of the period (UTC).
    public let since: ProgramDay
    public let basis: Basis

    public init(since: ProgramDay, basis: Basis) {
        self.since = since
        self.basis = basis
    }

    /// How far back a pack may reach.
    public static let maxYearsBack = 5

    /// The earliest first day a pack may have on `today`.
    public static func earliest(today: ProgramDay) -> ProgramDay { today.adding(days: -366 * maxYearsBack) }

    /// The period for a request: `requested` (`YYYY-MM-DD`, not in the future, within five
    /// years) when given; otherwise the last validation (cut to the limit), otherwise a year back.
    /// A blank `requested` counts as not given.
    public static func resolve(requested: String?, lastValidation: Date?, today: ProgramDay) -> Result<ValidationPackPeriod, ValidationFailure> {
        let earliest = earliest(today: today)
        if let text = requested?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let day = ProgramDay(text), day <= today, day >= earliest else {
                return .failure(ValidationFailure([FieldError(field: "since", messageKey: "inspections.error.since",
                                                              message: "since must be a day (YYYY-MM-DD) within the last five years",
                                                              arguments: ["value": String(text.prefix(20))])]))
            }
            return .success(ValidationPackPeriod(since: day, basis: .requested))
        }
        if let lastValidation {
            let day = min(ProgramDay(lastValidation), today)
            if day < earliest { return .success(ValidationPackPeriod(since: earliest, basis: .lastValidationBeyondLimit(day))) }
            return .success(ValidationPackPeriod(since: day, basis: .lastValidation(day)))
        }
        return .success(ValidationPackPeriod(since: today.adding(days: -365), basis: .yearBack))
    }
}
