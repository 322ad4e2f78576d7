import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct LocalizationTests {
    let catalog = LocalizationCatalog.shared

    @Test func everyLanguageHasEveryKey() {
        let english = catalog.localizer(for: .english).keys
        #expect(english.count > 100)
        for language in Language.allCases {
            let keys = catalog.localizer(for: language).keys
            #expect(english.subtracting(keys).isEmpty, "\(language) lacks \(english.subtracting(keys).sorted())")
            #expect(keys.subtracting(english).isEmpty, "\(language) has extra \(keys.subtracting(english).sorted())")
        }
    }

    /// Issue 13: one word for one thing. The supply-chain map's form says "simpul" (node) and
    /// "segmen" (leg) in Bahasa Indonesia; its errors and field names must not say "titik" or "ruas".
    @Test func theSupplyChainMapUsesOneWordForNodesAndLegsInIndonesian() throws {
        let indonesian = catalog.localizer(for: .indonesian)
        let other = try NSRegularExpression(pattern: "\\b(titik|ruas)\\b", options: [.caseInsensitive])
        let offending = indonesian.keys.filter { $0.hasPrefix("risk.") }.sorted().filter { key in
            let text = indonesian(key)
            return other.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        #expect(offending.isEmpty, "say simpul and segmen: \(offending)")
        #expect(indonesian("risk.field.nodes") == "Simpul" && indonesian("risk.field.legs") == "Segmen")
    }

    @Test func placeholdersMatchAcrossLanguages() throws {
        let pattern = try NSRegularExpression(pattern: "\\{[a-z_]+\\}")
        func placeholders(_ text: String) -> Set<String> {
            Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) })
        }
        let english = catalog.localizer(for: .english)
        for language in Language.allCases {
            let other = catalog.localizer(for: language)
            for key in english.keys {
                #expect(placeholders(english(key)) == placeholders(other(key)), "\(language) \(key)")
            }
        }
    }

    /// Every key the source code names exists in the English file.
    @Test func everyKeyUsedInTheSourceExists() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"(?:\bt|messageKey:|key:|flash\(\.[a-z]+,)\s*\(?"([a-z0-9_]+\.[a-z0-9_.]+)""#)
        var used: Set<String> = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert((text as NSString).substring(with: match.range(at: 1)))
            }
        }
        #expect(used.count > 50)
        let english = catalog.localizer(for: .english)
        let missing = used.filter { !english.has($0) }.sorted()
        #expect(missing.isEmpty, "keys used but not defined: \(missing)")
        for type in EntityType.allCases { #expect(english.has(type.nameKey)) }
        for role in CompanyRole.allCases { #expect(english.has(role.nameKey)) }
        for role in PlatformRole.allCases { #expect(english.has(role.nameKey)) }
        for kind in CompanyIdentifierKind.allCases { #expect(english.has(kind.nameKey)) }
    }

    @Test func missingKeyShowsMarkedAndIsRecorded() {
        MissingKeys.shared.reset()
        let text = catalog.localizer(for: .spanish)("no.such.key")
        #expect(text == "⟦no.such.key⟧")
        #expect(MissingKeys.shared.all.contains("es:no.such.key"))
        MissingKeys.shared.reset()
    }

    @Test func placeholdersAreFilled() {
        #expect(catalog.localizer(for: .english)("home.welcome", ["name": "Dewi"]) == "Welcome, Dewi")
        #expect(catalog.localizer(for: .indonesian)("home.welcome", ["name": "Dewi"]) == "Selamat datang, Dewi")
    }

    @Test func fillingIsOnePassOverTheTemplate() {
        let args = ["name": "Dewi", "count": "3", "n": "{name}"]
        #expect(Localizer.fill("{name} has {count} of {count}", args) == "Dewi has 3 of 3")
        // Unknown names, lone braces and non-ASCII text around them stay as they are.
        #expect(Localizer.fill("{other} { {name}} ünïcode {count", args) == "{other} { Dewi} ünïcode {count")
        // A value that looks like a placeholder is not filled again.
        #expect(Localizer.fill("x{n}y", args) == "x{name}y")
        #expect(Localizer.fill("no braces", args) == "no braces")
        #expect(Localizer.fill("{name}", args) == "Dewi")
    }

    @Test func smallNumbersSkipTheFormatterAndLargeOnesAreGrouped() {
        #expect(catalog.localizer(for: .english).number(999) == "999")
        #expect(catalog.localizer(for: .english).number(0) == "0")
        #expect(catalog.localizer(for: .english).number(-5) == "-5")
        #expect(catalog.localizer(for: .indonesian).number(1000) == "1.000")
    }

    @Test func languageComesFromAccountThenBrowserThenEnglish() {
        #expect(Language.negotiate(accountSetting: "id", acceptLanguage: "es") == .indonesian)
        #expect(Language.negotiate(accountSetting: nil, acceptLanguage: "es-MX,es;q=0.9,en;q=0.8") == .spanish)
        #expect(Language.negotiate(accountSetting: nil, acceptLanguage: "fr-FR,en;q=0.5,id;q=0.7") == .indonesian)
        #expect(Language.negotiate(accountSetting: nil, acceptLanguage: "in-ID") == .indonesian)
        #expect(Language.negotiate(accountSetting: nil, acceptLanguage: "de, fr") == .english)
        #expect(Language.negotiate(accountSetting: "xx", acceptLanguage: nil) == .english)
        #expect(Language.negotiate(accountSetting: nil, acceptLanguage: "es;q=0") == .english)
    }

    @Test func numbersAndDatesFollowTheLanguage() {
        #expect(catalog.localizer(for: .english).number(11500) == "11,500")
        #expect(catalog.localizer(for: .indonesian).number(11500) == "11.500")
        let date = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01
        #expect(catalog.localizer(for: .spanish).date(date).contains("ene"))
        #expect(catalog.localizer(for: .english).date(date).contains("Jan"))
    }
}

@Suite struct LocalizerTimeZoneTests {
    /// Issue 13: moments in the person's zone; calendar days never shift.
    @Test func momentsMoveToThePersonsZoneAndDaysStay() throws {
        let english = LocalizationCatalog.shared.localizer(for: .english)
        let moment = try #require(ISO8601DateFormatter().date(from: "2026-03-01T20:30:00Z"))
        #expect(english.dateTime(moment).hasSuffix(" UTC"))
        #expect(english.dateTime(moment).contains("8:30"))
        let jakarta = english.with(timeZone: try #require(TimeZone(identifier: "Asia/Jakarta")))
        #expect(jakarta.dateTime(moment).contains("3:30"), "20:30 UTC is 03:30 the next morning in Jakarta: \(jakarta.dateTime(moment))")
        #expect(!jakarta.dateTime(moment).hasSuffix(" UTC"))
        #expect(jakarta.date(moment) == english.date(moment), "a day is the same day everywhere")
        let mexico = english.with(timeZone: try #require(TimeZone(identifier: "America/Mexico_City")))
        #expect(mexico.dateTime(moment).contains("2:30"))
    }
}

@Suite struct GlossaryTests {
    @Test func marksWholeWordAbbreviationsOnly() {
        let parts = Glossary.parts(of: "An active SCAC, not SCACS; check seals (VVTT).")
        let abbreviations = parts.compactMap { part -> String? in if case .abbreviation(let text, _) = part { return text } else { return nil } }
        #expect(abbreviations == ["SCAC", "VVTT"])
        let joined = parts.map { part -> String in
            switch part { case .text(let text): text; case .abbreviation(let text, _): text }
        }.joined()
        #expect(joined == "An active SCAC, not SCACS; check seals (VVTT).")
        #expect(Glossary.parts(of: "").isEmpty)
    }

    /// Every entry the issue names is there, with its words in every language.
    @Test func everyTermIsDefinedInEveryLanguage() {
        let abbreviations = Set(Glossary.entries.compactMap(\.abbreviation))
        #expect(["IIT", "VVTT", "MID", "SCAC", "SCSS", "SVI"].allSatisfy(abbreviations.contains))
        #expect(Glossary.entries.contains { $0.id == "tiers" } && Glossary.entries.contains { $0.id == "must_should" })
        for language in Language.allCases {
            let t = LocalizationCatalog.shared.localizer(for: language)
            for entry in Glossary.entries {
                #expect(t.has(entry.termKey) && t.has(entry.definitionKey), "\(language) \(entry.id)")
            }
        }
    }
}

@Suite struct ExcerptTests {
    /// Issue 13: the request menu cut text mid-word.
    @Test func cutsAtAWordAndSaysSo() {
        let text = "Please send the seal log for March and the guard roster for the night shift at the Surabaya warehouse."
        let excerpt = Excerpt.of(text)
        #expect(excerpt.hasSuffix("…") && excerpt.count <= 61)
        #expect(text.hasPrefix(String(excerpt.dropLast())))
        #expect(text[text.index(text.startIndex, offsetBy: excerpt.count - 1)] == " ", "ends before a space: \(excerpt)")
        #expect(Excerpt.of("Short\nrequest") == "Short request")
        #expect(Excerpt.of(String(repeating: "x", count: 80)).count == 61)
    }
}
