import Foundation

/// A trade name as screening compares it (issue 15): other scripts transliterated to Latin, case
/// and accents folded, punctuation removed, legal forms ("PT", "CV", "Tbk", "S.A. de C.V.", "LLC", "GmbH", "Ltd" ...) and
/// honorifics ("Mr", "Dr", "Bapak", "Sr." ...) taken out, and tokens of one or two characters
/// dropped, as OFAC's own search and the open-source screeners that reproduce it do (see
/// `../shared/domain/daily-operations.md`, "Matching lessons"). What was removed is kept, so a
/// hit can say why two names were compared as they were.
public struct PartyName: Hashable, Sendable {
    /// The name as given.
    public let original: String
    /// The tokens compared, in order.
    public let tokens: [String]
    /// Legal forms and honorifics taken out, as found (folded).
    public let removed: [String]
    /// The whole normalised name as scalars (the tokens joined by single spaces), and where each
    /// token lies in it: built once, as screening compares a listed name with thousands of
    /// partners. One array for all the tokens, not one each: a list's 30,000 names were
    /// 16 MB of small arrays (see `ScreeningIndex`).
    let normalizedScalars: [Unicode.Scalar]
    let tokenRanges: [TokenRange]

    /// Where one token lies in a name's normalised scalars.
    struct TokenRange: Hashable, Sendable {
        let start: Int32
        let end: Int32
        var count: Int { Int(end - start) }
    }

    /// `tokens` joined by single spaces as scalars, and each token's place in them.
    static func scalars(of tokens: [String]) -> (scalars: [Unicode.Scalar], ranges: [TokenRange]) {
        var scalars: [Unicode.Scalar] = []
        var ranges: [TokenRange] = []
        ranges.reserveCapacity(tokens.count)
        for token in tokens {
            if !ranges.isEmpty { scalars.append(" ") }
            let start = scalars.count
            scalars.append(contentsOf: token.unicodeScalars)
            ranges.append(TokenRange(start: Int32(start), end: Int32(scalars.count)))
        }
        return (scalars, ranges)
    }

    /// Legal forms, as token sequences after folding (longest first when matched).
    static let legalForms: [[String]] = [
        ["s", "a", "de", "c", "v"], ["sa", "de", "cv"], ["s", "de", "r", "l", "de", "c", "v"], ["s", "de", "rl", "de", "cv"],
        ["s", "de", "r", "l"], ["s", "de", "rl"], ["sdn", "bhd"], ["pt"], ["cv"], ["tbk"], ["persero"], ["ud"], ["fa"],
        ["llc"], ["l", "l", "c"], ["inc"], ["incorporated"], ["corp"], ["corporation"], ["co"], ["company"], ["ltd"], ["limited"],
        ["plc"], ["llp"], ["lp"], ["gmbh"], ["ag"], ["kg"], ["bv"], ["nv"], ["sa"], ["s", "a"], ["sas"], ["sarl"], ["srl"], ["spa"],
        ["pty"], ["bhd"], ["jsc"], ["ooo"], ["oao"], ["zao"], ["pjsc"], ["kk"], ["ab"], ["oy"], ["as"], ["sl"],
    ]

    /// `legalForms` by their first word, in the same order: a word that starts no form is passed
    /// over with one lookup, not fifty comparisons (each of which copied the words it compared).
    static let formsByFirstWord: [String: [[String]]] = Dictionary(grouping: legalForms, by: { $0[0] })

    /// The legal form starting at `index`, the first in `legalForms`' order, if any.
    static func form(in words: [String], at index: Int, where accept: ([String]) -> Bool = { _ in true }) -> [String]? {
        guard let forms = formsByFirstWord[words[index]] else { return nil }
        return forms.first { index + $0.count <= words.count && words[index..<index + $0.count].elementsEqual($0) && accept($0) }
    }

    /// The forms written before the name ("PT Batik", "OOO Romashka"); the others only count at its end.
    static let leadingForms: Set<[String]> = [["pt"], ["cv"], ["ud"], ["fa"], ["ooo"], ["oao"], ["zao"], ["pjsc"], ["jsc"]]

    /// Honorifics and titles, after folding.
    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "sr", "sra", "srta", "don", "dona", "lic", "ing",
                                          "bapak", "pak", "ibu", "bu", "haji", "hj", "sir", "madam", "mme", "mlle", "herr", "frau"]

    /// The transliteration applied to a name that is not plain ASCII, by ICU (which Foundation
    /// uses on Linux as on macOS): Russian by BGN/PCGN and Greek by the UN system, the
    /// romanisations sanctions lists write ("ООО Ромашка" -> "OOO Romashka", "Ναυτιλιακή" ->
    /// "Naftiliaki"); every other script by ICU's general rules; the soft and hard signs dropped
    /// rather than left as apostrophes that would split a word; then Latin letters to plain ASCII
    /// ("Łódź" -> "Lodz", "Straße" -> "Strasse"). Arabic comes out unvowelled ("shrkt alnwr") and
    /// Chinese as pinyin syllables ("bei jing"): neither is how lists romanise such names, so a
    /// name in those scripts rarely matches its listed Latin form; screen the Latin name too.
    static let transliteration = "Russian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; [\u{2B9}\u{2BA}] Remove; Latin-ASCII"

    /// `name` in Latin ASCII letters. An ASCII name is returned as it is without touching ICU:
    /// most listed and partner names are ASCII, and the transform costs ~10 us a name.
    static func latin(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= 0x80 }) else { return name }
        return name.applyingTransform(StringTransform(transliteration), reverse: false) ?? name
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    public init(_ name: String) {
        original = name
        (tokens, removed) = Self.parse(name)
        (normalizedScalars, tokenRanges) = Self.scalars(of: tokens)
    }

    /// Only the compared tokens of `name` (`PartyName(name).tokens`), without the scalars
    /// screening compares: what sorting, search terms and duplicate hints need.
    public static func tokens(_ name: String) -> [String] { parse(name).tokens }

    static func parse(_ name: String) -> (tokens: [String], removed: [String]) {
        let latin = Self.latin(name)
        // Letters and digits only; everything else separates tokens ("S.A." -> "s", "a").
        var words: [String] = []
        if !latin.utf8.contains(where: { $0 >= 0x80 }) {
            // Plain ASCII, as nearly every name is after transliteration: lower-cased and split
            // byte by byte, without Foundation's folding (a locale and a copy per name).
            var current: [UInt8] = []
            for byte in latin.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
                default:
                    if !current.isEmpty {
                        words.append(String(decoding: current, as: UTF8.self))
                        current.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        } else {
            let folded = latin.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Self.posix)
            var current = ""
            for scalar in folded.unicodeScalars {
                if CharacterSet.alphanumerics.contains(scalar) {
                    current.unicodeScalars.append(scalar)
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { words.append(current) }
        }
        var kept: [String] = []
        var removed: [String] = []
        var index = 0
        while index < words.count {
            // A leading form at the start, any form at the end (not "Co" inside "Blue Co Cargo").
            if let form = Self.form(in: words, at: index, where: { form in
                (index == 0 && Self.leadingForms.contains(form)) || index + form.count == words.count || Self.isTail(words, from: index + form.count)
            }) {
                removed.append(form.joined(separator: " "))
                index += form.count
                continue
            }
            if Self.honorifics.contains(words[index]) && (index == 0 || kept.isEmpty) {
                removed.append(words[index])
                index += 1
                continue
            }
            kept.append(words[index])
            index += 1
        }
        let long = kept.filter { $0.unicodeScalars.count > 2 }
        return (long.isEmpty ? kept : long, removed)
    }

    /// Whether only legal forms follow position `start` ("PT Batik Tbk": "tbk" ends it).
    static func isTail(_ words: [String], from start: Int) -> Bool {
        var index = start
        while index < words.count {
            guard let form = form(in: words, at: index) else { return false }
            index += form.count
        }
        return true
    }

    /// The compared tokens joined by spaces.
    public var normalized: String { tokens.joined(separator: " ") }

    /// `PartyName(name).normalized`, without building the rest.
    public static func normalized(_ name: String) -> String { tokens(name).joined(separator: " ") }
}
