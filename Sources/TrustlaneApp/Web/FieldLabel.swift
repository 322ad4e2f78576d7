import TrustlaneCore

/// A form field named in words and by row: `nodes[2].country` -> "Node 3: Country",
/// `sites[1].visitOn` -> "Site 2: Visit day". `words` names a plain field or a list; `rows`
/// may name a row itself (the threat form names its rows by place and threat).
enum FieldLabel {
    static func describe(_ field: String, _ t: Localizer, rows: [String: String] = [:], words: (String) -> String) -> String {
        guard let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]"), open < close,
              let index = Int(field[field.index(after: open)..<close]) else { return words(field) }
        let list = String(field[..<open])
        let rest = field[field.index(after: close)...].drop { $0 == "." }
        let row = rows["\(list)[\(index)]"] ?? t("risk.field.row", ["what": words(list), "n": t.number(index + 1)])
        return rest.isEmpty ? row : "\(row): \(describe(String(rest), t, rows: rows, words: words))"
    }
}
