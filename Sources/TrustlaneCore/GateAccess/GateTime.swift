import Foundation

/// Times typed at the gate. A guard usually records the moment as it happens, so a blank time
/// is now; a time typed (an entry made after the fact) is read as `IncidentTime` reads it, in the
/// guard's time zone or with its offset, and may not be in the future. A carrier's expected
/// arrival is the one time that may be ahead.
public enum GateTime {
    /// How far back an expected arrival may be given (a notice recorded late the same day).
    public static let plannedPast: TimeInterval = 24 * 3600
    /// How far ahead an expected arrival may be given.
    public static let plannedFuture: TimeInterval = 90 * 24 * 3600

    /// The longest typed time read (the API documents it as its maxLength).
    public static let maxText = 40

    /// A past moment; blank is `now`.
    public static func moment(_ text: String?, field: String, zone: TimeZone, now: Date, into errors: inout [FieldError]) -> Date? {
        if let text, text.unicodeScalars.count > maxText {
            errors.append(.tooLong(field, max: maxText))
            return nil
        }
        if text?.allSatisfy(\.isWhitespace) ?? true { return now }
        return IncidentTime.parse(text, field: field, zone: zone, now: now, into: &errors)
    }

    /// A moment ahead (an expected arrival): required, from a day back to 90 days ahead.
    public static func planned(_ text: String?, field: String, zone: TimeZone, now: Date, into errors: inout [FieldError]) -> Date? {
        if let text, text.unicodeScalars.count > maxText {
            errors.append(.tooLong(field, max: maxText))
            return nil
        }
        let value = text?.trimmingCharacters(in: .whitespaces) ?? ""
        if value.isEmpty {
            errors.append(.required(field))
            return nil
        }
        guard value.utf8.count <= 40, let date = IncidentTime.moment(value, zone: zone) else {
            errors.append(FieldError(field: field, messageKey: "incidents.error.time",
                                     message: "\(field) must be a date and time such as 2026-12-05T14:30 (or ISO 8601 with its offset, such as 2026-12-05T14:30:00Z)",
                                     arguments: ["value": String(value.prefix(40))]))
            return nil
        }
        if date < now.addingTimeInterval(-plannedPast) || date > now.addingTimeInterval(plannedFuture) {
            errors.append(FieldError(field: field, messageKey: "gate.error.expected_range",
                                     message: "\(field) must be between a day ago and 90 days ahead", arguments: ["value": String(value.prefix(40))]))
            return nil
        }
        return date
    }

    /// A leaving time (check-out, departure): not before the arrival it closes.
    public static func leaving(_ text: String?, field: String, arrivedAt: Date, zone: TimeZone, now: Date) throws(ValidationFailure) -> Date {
        var errors: [FieldError] = []
        guard let date = moment(text, field: field, zone: zone, now: now, into: &errors) else { throw ValidationFailure(errors) }
        // A minute's grace: a check-out typed to the minute of a check-in recorded with seconds.
        if date < arrivedAt.addingTimeInterval(-60) {
            throw ValidationFailure([FieldError(field: field, messageKey: "gate.error.leaving_before_arrival",
                                                message: "\(field) is before the arrival it closes", arguments: [:])])
        }
        return max(date, arrivedAt)
    }

    /// The moments a day starts and ends in `zone` (a gate's "today").
    public static func bounds(of day: ProgramDay, zone: TimeZone) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = day.startDate(calendar: calendar)
        return (start, day.adding(days: 1).startDate(calendar: calendar))
    }
}
