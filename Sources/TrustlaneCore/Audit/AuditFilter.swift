import Foundation

/// What an audit-trail reader narrows the trail to: a person (part of an email address), a
/// company (part of its name), an action (one action, or a family such as `profile.`), and a
/// range of days (UTC, both ends included). Parsed from a query string; a date that is not a
/// real `YYYY-MM-DD` day, or a range that ends before it starts, is refused by name.
public struct AuditFilter: Sendable, Hashable {
    public var person: String
    public var company: String
    public var action: String
    public var from: String?
    public var to: String?

    public init(person: String = "", company: String = "", action: String = "", from: String? = nil, to: String? = nil) {
        self.person = person
        self.company = company
        self.action = action
        self.from = from
        self.to = to
    }

    public struct Problem: Error, Sendable, Hashable {
        public let field: String
        public let message: String
    }

    /// Reads the parameters; texts are trimmed and cut to 200 characters, actions may only use
    /// the characters action codes use.
    public static func parse(person: String?, company: String?, action: String?, from: String?, to: String?) throws(Problem) -> AuditFilter {
        func text(_ value: String?) -> String { String((value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)) }
        let action = text(action)
        guard action.unicodeScalars.allSatisfy({ CharacterSet.lowercaseLetters.contains($0) || $0 == "_" || $0 == "." }) else {
            throw Problem(field: "action", message: "action must be an action code such as profile.answer_saved, or a family such as profile.")
        }
        let fromDay = try day(from, field: "from")
        let toDay = try day(to, field: "to")
        if let fromDay, let toDay, toDay < fromDay {
            throw Problem(field: "to", message: "to (\(toDay)) must not be before from (\(fromDay))")
        }
        return AuditFilter(person: text(person), company: text(company), action: action, from: fromDay, to: toDay)
    }

    private static func day(_ value: String?, field: String) throws(Problem) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard ProgramDay.date(trimmed) != nil else {
            throw Problem(field: field, message: "\(field) must be a date written YYYY-MM-DD, such as 2026-03-31")
        }
        return trimmed
    }

    public var isActive: Bool { !person.isEmpty || !company.isEmpty || !action.isEmpty || from != nil || to != nil }

    /// Whether `action` names a family (`profile.`) rather than one action.
    public var isFamily: Bool { action.hasSuffix(".") }

    /// The first instant included (midnight UTC of `from`).
    public var start: Date? { from.flatMap(ProgramDay.date) }

    /// The first instant excluded (midnight UTC after `to`).
    public var end: Date? { to.flatMap(ProgramDay.date).map { $0.addingTimeInterval(86_400) } }

    /// The query string that reproduces the filter, without `?` (empty when nothing is filtered).
    public var query: String {
        var parts: [String] = []
        func add(_ key: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            parts.append("\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")")
        }
        add("person", person)
        add("company", company)
        add("action", action)
        add("from", from)
        add("to", to)
        return parts.joined(separator: "&")
    }

    /// A readable English name for an action code without a translation: `profile.answer_saved`
    /// reads "Profile: answer saved".
    public static func humanized(_ action: String) -> String {
        let parts = action.split(separator: ".", maxSplits: 1).map { $0.replacingOccurrences(of: "_", with: " ") }
        guard let family = parts.first, !family.isEmpty else { return action }
        let head = family.prefix(1).uppercased() + family.dropFirst()
        return parts.count > 1 ? "\(head): \(parts[1])" : head
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value (no `&`, `=`, `+` or `#`).
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~@")
        return set
    }()
}
