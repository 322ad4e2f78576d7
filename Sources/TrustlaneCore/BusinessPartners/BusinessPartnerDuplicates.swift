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
        key(tokens: PartyName.tokens(name), country: country)
    }

    /// The same key from a name's `PartyName` tokens already computed.
    public static func key(tokens: [String], country: CountryCode) -> String {
        tokens.isEmpty ? "" : country.code + " " + tokens.joined(separator: " ")
    }

    /// Every name's `PartyName` tokens, row by row and name by name (`BusinessPartner.names`):
    /// computed once for a file, for both the hints and the search terms of an import.
    public static func nameTokens(_ partners: [BusinessPartner]) -> [[[String]]] {
        partners.concurrentMap { $1.names.map(PartyName.tokens) }
    }

    /// Names in `rows` that resemble an existing partner's name (`existing`: key → name) or an
    /// earlier row's, at most `limit` hints.
    /// `nameTokens`: `nameTokens(_:)` of the rows' partners, when the caller has them.
    public static func hints(_ rows: [(line: Int, partner: BusinessPartner)], nameTokens: [[[String]]]? = nil, existing: [String: String],
                             limit: Int = 200) -> [Hint] {
        precondition(nameTokens == nil || nameTokens!.count == rows.count, "one list of name tokens per row")
        var seen: [String: (line: Int, name: String)] = [:]
        var hints: [Hint] = []
        for (rowIndex, (line, partner)) in rows.enumerated() {
            var keysOfRow: Set<String> = []
            for (nameIndex, name) in partner.names.enumerated() {
                let key = nameTokens.map { Self.key(tokens: $0[rowIndex][nameIndex], country: partner.country) } ?? Self.key(name, country: partner.country)
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
