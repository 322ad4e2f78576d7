import TrustlaneCore
import Vapor

/// The query string as a multi-map, so repeated keys (`entity=IMP&entity=HC`) all count.
struct QueryParameters: Sendable {
    private var values: [String: [String]] = [:]

    init(_ req: Request) {
        guard let query = req.url.query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = parts.first?.replacingOccurrences(of: "+", with: " ").removingPercentEncoding, !key.isEmpty else { continue }
            let value = (parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            values[key.hasSuffix("[]") ? String(key.dropLast(2)) : key, default: []].append(value)
        }
    }

    func all(_ key: String) -> [String] { values[key] ?? [] }

    /// Whether the key was sent with nothing but blanks (`?state=`), which for a filter whose
    /// values are a fixed list is a mistake to name rather than "no filter".
    func isBlank(_ key: String) -> Bool {
        guard let sent = values[key] else { return false }
        return sent.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A refusal naming a filter that was sent empty and the values it takes.
    static func blankFilter(_ key: String, allowed: [String]) -> FieldError {
        FieldError(field: key, messageKey: "membership.error.invalid_field",
                   message: "\(key) must not be empty; leave it out or use one of \(allowed.joined(separator: ", "))", arguments: ["field": key])
    }

    /// A refusal for a text parameter longer than the OpenAPI document declares.
    static func tooLong(_ key: String, max: Int) -> FieldError {
        FieldError(field: key, messageKey: "error.too_long", message: "\(key) must be at most \(max) characters", arguments: ["max": String(max)])
    }

    /// A whole-number parameter: nil when left out; a value that is not a whole number from
    /// `min` (to `max`, when given) is refused by name, as the OpenAPI document declares it.
    func integer(_ key: String, min: Int? = nil, max: Int? = nil) throws -> Int? {
        guard let raw = values[key]?.first else { return nil }
        if let value = Int(raw.trimmingCharacters(in: .whitespaces)), value >= (min ?? .min), value <= (max ?? .max) { return value }
        let range = switch (min, max) {
        case let (min?, max?): " from \(min) to \(max)"
        case let (min?, nil): " from \(min)"
        case let (nil, max?): " up to \(max)"
        case (nil, nil): ""
        }
        throw ValidationFailure([FieldError(field: key, messageKey: "membership.error.invalid_field",
                                            message: "\(key) must be a whole number\(range)", arguments: ["field": key])])
    }

    func first(_ key: String, maxLength: Int = 200) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return String(value.prefix(maxLength))
    }
}
