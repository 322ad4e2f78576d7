import Foundation

/// The CTPAT words a member meets, defined in Trustlane's own words (localization keys
/// `glossary.<id>.term` and `glossary.<id>.definition`), with the abbreviations pages mark with
/// `<abbr>`. Sources: shared/domain/ctpat-program.md (the program's facts as researched for
/// Trustlane); the definitions paraphrase, and none is CBP's wording.
public enum Glossary {
    public struct Entry: Sendable, Hashable, Identifiable {
        /// Anchor on the glossary page and key part (`iit`).
        public let id: String
        /// The abbreviation as it appears in text (`IIT`), nil for words that are not abbreviations.
        public let abbreviation: String?

        public var termKey: String { "glossary.\(id).term" }
        public var definitionKey: String { "glossary.\(id).definition" }
    }

    /// In the order the page lists them (alphabetical by their English term).
    public static let entries: [Entry] = [
        Entry(id: "annual_review", abbreviation: nil),
        Entry(id: "business_partner", abbreviation: nil),
        Entry(id: "cbp", abbreviation: "CBP"),
        Entry(id: "ctpat", abbreviation: "CTPAT"),
        Entry(id: "iit", abbreviation: "IIT"),
        Entry(id: "inspection_points", abbreviation: nil),
        Entry(id: "mid", abbreviation: "MID"),
        Entry(id: "msc", abbreviation: "MSC"),
        Entry(id: "must_should", abbreviation: nil),
        Entry(id: "revalidation", abbreviation: nil),
        Entry(id: "risk_assessment", abbreviation: nil),
        Entry(id: "scac", abbreviation: "SCAC"),
        Entry(id: "scss", abbreviation: "SCSS"),
        Entry(id: "security_profile", abbreviation: nil),
        Entry(id: "svi", abbreviation: "SVI"),
        Entry(id: "tiers", abbreviation: nil),
        Entry(id: "validation", abbreviation: nil),
        Entry(id: "vvtt", abbreviation: "VVTT"),
    ]

    /// Abbreviations by their text, for marking.
    public static let byAbbreviation: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in
        entry.abbreviation.map { ($0, entry) }
    })

    /// A piece of text split into plain runs and glossary abbreviations, whole words only
    /// (`SCAC` in "an active SCAC" but not in "SCACS"). Joined again, the parts are the text.
    public enum Part: Sendable, Hashable {
        case text(String)
        case abbreviation(String, Entry)
    }

    public static func parts(of text: String) -> [Part] {
        var parts: [Part] = []
        var plain = ""
        var word = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            if let entry = byAbbreviation[word] {
                if !plain.isEmpty { parts.append(.text(plain)); plain = "" }
                parts.append(.abbreviation(word, entry))
            } else {
                plain += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flushWord()
                plain.append(character)
            }
        }
        flushWord()
        if !plain.isEmpty { parts.append(.text(plain)) }
        return parts
    }
}
