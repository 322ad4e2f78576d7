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

    func first(_ key: String, maxLength: Int = 200) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return String(value.prefix(maxLength))
    }
}
