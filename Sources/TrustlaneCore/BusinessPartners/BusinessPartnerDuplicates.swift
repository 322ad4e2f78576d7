import Foundation

/// Hints that two partners may be one (issue 15, "dedup hints on near-identical names"): names
/// that are the same once case, accents, punctuation, legal forms and honorifics are set aside
/// (`PartyName`), in the same country. "PT Sepatu Jaya", "SEPATU JAYA, PT." and "Sepatu Jaya
/// Tbk" are one key; "Sepatu Jaya Abadi" is not. Hints only: nothing is merged or refused.
public enum BusinessPartnerDuplicates {
    /// One name worth a second look, and the earlier name it resembles.
    public struct Hint: Hashable, Sendable {
        /// Where the new name sits: a CSV line, or 0 for a single partner typed in a form.
        public let line: Int
        public let name: String
        /// The resembling partner's name, and its line when it is in the same file.
        public let similarTo: String
        public let similarLine: Int?
    }

    /// The comparison key: `PartyName` tokens and the country.
    public static func key(_ name: String, country: CountryCode) -> String {
        let tokens = PartyName(name).tokens
        return tokens.isEmpty ? "" : country.code + " " + tokens.joined(separator: " ")
    }

    /// Names in `rows` that resemble an existing partner's name (`existing`: key → name) or an
    /// earlier row's, at most `limit` hints.
    public static func hints(_ rows: [(line: Int, partner: BusinessPartner)], existing: [String: String], limit: Int = 200) -> [Hint] {
        var seen: [String: (line: Int, name: String)] = [:]
        var hints: [Hint] = []
        for (line, partner) in rows {
            var keysOfRow: Set<String> = []
            for name in partner.names {
                let key = key(name, country: partner.country)
                guard !key.isEmpty, keysOfRow.insert(key).inserted else { continue }
                if let other = existing[key] {
                    hints.append(Hint(line: line, name: name, similarTo: other, similarLine: nil))
                } else if let earlier = seen[key] {
                    hints.append(Hint(line: line, name: name, similarTo: earlier.name, similarLine: earlier.line))
                } else {
                    seen[key] = (line, name)
                }
                if hints.count == limit { return hints }
            }
        }
        return hints
    }
}
