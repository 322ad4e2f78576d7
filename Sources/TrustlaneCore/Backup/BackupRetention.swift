import Foundation

/// Names of scheduled backups and which of them to delete: a backup's folder is
/// `trustlane-backup-YYYYMMDDTHHMMSSZ` (a suffix `-2`, `-3` ... when two fall in one second), so
/// the names sort by time and nothing else in the folder is ever taken for a backup.
public enum BackupRetention {
    public static let prefix = "trustlane-backup-"

    /// The folder name for a backup taken at `date` (UTC); `sequence` above 1 adds a suffix.
    public static func name(for date: Date, sequence: Int = 1) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let stamp = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + "Z"
        return prefix + stamp + (sequence > 1 ? "-\(sequence)" : "")
    }

    /// The time and sequence a backup's name carries, or nil when the name is not a backup's.
    public static func parse(_ name: String) -> (date: Date, sequence: Int)? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        let stamp = rest.prefix(16)
        let suffix = rest.dropFirst(16)
        let bytes = Array(stamp.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        let digits = bytes[0..<8] + bytes[9..<15]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: bytes[range], as: UTF8.self))! }
        var sequence = 1
        if !suffix.isEmpty {
            guard suffix.hasPrefix("-"), let n = Int(suffix.dropFirst()), n > 1, String(n) == suffix.dropFirst() else { return nil }
            sequence = n
        }
        let components = DateComponents(year: number(0..<4), month: number(4..<6), day: number(6..<8),
                                        hour: number(9..<11), minute: number(11..<13), second: number(13..<15))
        guard let date = calendar.date(from: components), name == Self.name(for: date, sequence: sequence) else { return nil }
        return (date, sequence)
    }

    /// Which of `names` to delete so that only the newest `keep` backups stay. Names that are not
    /// a backup's are never chosen; `keep` below 1 keeps one all the same (the one just taken).
    public static func toDelete(_ names: [String], keep: Int) -> [String] {
        let backups = names.compactMap { name in parse(name).map { (name: name, date: $0.date, sequence: $0.sequence) } }
            .sorted { ($0.date, $0.sequence) > ($1.date, $1.sequence) }
        return backups.dropFirst(max(1, keep)).map(\.name).sorted()
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
