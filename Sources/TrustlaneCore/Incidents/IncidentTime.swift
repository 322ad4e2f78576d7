import Foundation

/// A moment typed by a person: a browser's `datetime-local` value (`2026-12-05T14:30`, seconds
/// optional) read in the person's time zone, or an ISO 8601 time with its offset
/// (`2026-12-05T14:30:00Z`, `2026-12-05T14:30:00+07:00`) as the API sends it.
public enum IncidentTime {
    /// How far ahead of the server's clock a time may be (a phone's clock a little fast).
    public static let allowedSkew: TimeInterval = 300

    /// The moment, or nil with the field's problem appended. Refuses a time in the future.
    public static func parse(_ text: String?, field: String, zone: TimeZone, now: Date, required: Bool = true,
                             into errors: inout [FieldError]) -> Date? {
        let value = text?.trimmingCharacters(in: .whitespaces) ?? ""
        if value.isEmpty {
            if required { errors.append(.required(field)) }
            return nil
        }
        guard value.utf8.count <= 40, let date = moment(value, zone: zone) else {
            errors.append(FieldError(field: field, messageKey: "incidents.error.time",
                                     message: "\(field) must be a date and time such as 2026-12-05T14:30 (or ISO 8601 with its offset, such as 2026-12-05T14:30:00Z)",
                                     arguments: ["value": String(value.prefix(40))]))
            return nil
        }
        if date.timeIntervalSince(now) > allowedSkew {
            errors.append(FieldError(field: field, messageKey: "incidents.error.time_future",
                                     message: "\(field) is in the future; give the time it happened", arguments: ["value": String(value.prefix(40))]))
            return nil
        }
        return date
    }

    static func moment(_ value: String, zone: TimeZone) -> Date? {
        let bytes = Array(value.utf8)
        // YYYY-MM-DDTHH:MM[:SS] then an optional Z or ±HH:MM.
        guard bytes.count >= 16, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var n = 0
            for i in range {
                guard bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                n = n * 10 + Int(bytes[i] - 0x30)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16) else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let s = number(index + 1..<index + 3) else { return nil }
            second = s
            index += 3
            // Fractions of a second are read and dropped.
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
        }
        var offset: Int?
        if index < bytes.count {
            if bytes[index] == 0x5A || bytes[index] == 0x7A, index + 1 == bytes.count {
                offset = 0
            } else if bytes[index] == 0x2B || bytes[index] == 0x2D, bytes.count == index + 6, bytes[index + 3] == 0x3A,
                      let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6), h <= 14, m < 60 {
                offset = (bytes[index] == 0x2D ? -1 : 1) * (h * 3600 + m * 60)
            } else {
                return nil
            }
        }
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = offset.flatMap { TimeZone(secondsFromGMT: $0) } ?? zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        // Refuse a day the month does not have (2026-02-30), which Calendar would roll over.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }
}
