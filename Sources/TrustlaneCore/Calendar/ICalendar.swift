import Foundation

/// An iCalendar document (RFC 5545) of all-day events, as a calendar application subscribes to
/// it: CRLF line ends, TEXT values escaped (backslash, semicolon, comma, line breaks), and lines
/// folded at 75 octets without splitting a UTF-8 character.
public struct ICalendar: Sendable, Hashable {
    public struct Event: Sendable, Hashable {
        /// Stable across downloads, so calendar applications update an event instead of adding it again.
        public let uid: String
        public let day: ProgramDay
        public let summary: String
        public let description: String
        /// An absolute URL to the page of the item, when the server knows its public address.
        public let url: String?

        public init(uid: String, day: ProgramDay, summary: String, description: String = "", url: String? = nil) {
            self.uid = uid
            self.day = day
            self.summary = summary
            self.description = description
            self.url = url
        }
    }

    /// The calendar's display name (`X-WR-CALNAME`, which most applications show).
    public let name: String
    public let events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The document, stamped with `now` (DTSTAMP, in UTC).
    public func text(now: Date) -> String {
        let stamp = Self.utcStamp(now)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Trustlane//CTPAT deadlines//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.escape(name)]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + stamp,
                      "DTSTART;VALUE=DATE:" + Self.date(event.day), "DTEND;VALUE=DATE:" + Self.date(event.day.adding(days: 1)),
                      "SUMMARY:" + Self.escape(event.summary), "TRANSP:TRANSPARENT"]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(event.description)) }
            if let url = event.url, !url.isEmpty { lines.append("URL:" + url.filter { !$0.isNewline }) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`, other control
    /// characters dropped.
    public static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) || character == "\t" { out.append(character) }
            }
        }
        return out
    }

    /// Folds a content line: at most 75 octets per line, continuation lines start with a space.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74  // the leading space of a continuation counts
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    static func date(_ day: ProgramDay) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    static func utcStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
