import Foundation

/// When field work was done, as the phone that did it says (issue 16): an inspection or a seal
/// affixed or checked while the phone had no network reaches the server later, and is recorded at
/// the time it was done, with the time it was received kept beside it. The phone's clock is
/// trusted within bounds: a few minutes ahead (clock skew), `maxAge` back, and never before the
/// record it belongs to began (the shipment created, the seal affixed).
public enum DoneAt {
    /// How far ahead of the server's clock a phone's clock may be.
    public static let maxSkew: TimeInterval = 5 * 60
    /// How long a phone may keep work before it is sent: the one bound for every done-time.
    public static let maxAgeDays = 7
    public static var maxAge: TimeInterval { TimeInterval(maxAgeDays) * 86_400 }
    /// Done and received closer than this are shown as one time.
    public static let shownApart: TimeInterval = 60

    /// Reads ISO 8601 with an offset (`2026-12-06T10:42:00+07:00`, `...Z`, with or without
    /// fractional seconds); nil when no text was given. Refused by name when it does not read.
    public static func parse(_ text: String?, field: String, into errors: inout [FieldError]) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard text.count <= 40, let date = plain.date(from: text) ?? fractional.date(from: text) else {
            errors.append(FieldError(field: field, messageKey: "error.done_at_format",
                                     message: "\(field) must be a date and time in ISO 8601 with its offset, such as 2026-12-06T10:42:00+07:00",
                                     arguments: ["field": field]))
            return nil
        }
        return date
    }

    /// Checks `date` against the bounds (`notBefore` to the second: phones send whole seconds); appends a refusal naming `field`.
    public static func check(_ date: Date, field: String, now: Date, notBefore: Date? = nil, into errors: inout [FieldError]) {
        if date > now.addingTimeInterval(maxSkew) {
            errors.append(FieldError(field: field, messageKey: "error.done_at_future",
                                     message: "\(field) is in the future; it may be at most \(Int(maxSkew / 60)) minutes ahead of the server's clock",
                                     arguments: ["field": field, "minutes": String(Int(maxSkew / 60))]))
        } else if date < now.addingTimeInterval(-maxAge) {
            errors.append(FieldError(field: field, messageKey: "error.done_at_too_old",
                                     message: "\(field) is more than \(maxAgeDays) days ago; work kept longer on a phone is recorded on paper and entered as it is now",
                                     arguments: ["field": field, "days": String(maxAgeDays)]))
        } else if let notBefore, date < notBefore.rounded(toSecond: ()) {
            errors.append(FieldError(field: field, messageKey: "error.done_at_before",
                                     message: "\(field) is before the record it belongs to began",
                                     arguments: ["field": field]))
        }
    }

    /// Parses and checks in one step; nil when none was given. Throws a `ValidationFailure` naming the field.
    public static func read(_ text: String?, field: String, now: Date, notBefore: Date? = nil) throws -> Date? {
        var errors: [FieldError] = []
        let date = parse(text, field: field, into: &errors)
        if let date { check(date, field: field, now: now, notBefore: notBefore, into: &errors) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return date
    }

    /// A done-time as the audit trail keeps it: ISO 8601 in UTC, to the second.
    public static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// Checks a date already decoded (the JSON API's); nil passes.
    public static func checked(_ date: Date?, field: String, now: Date, notBefore: Date? = nil) throws -> Date? {
        guard let date else { return nil }
        var errors: [FieldError] = []
        check(date, field: field, now: now, notBefore: notBefore, into: &errors)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return date
    }
}

extension Date {
    /// The date cut to its whole second.
    fileprivate func rounded(toSecond: Void) -> Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }
}
