import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 15's matching, ahead of the screening it will serve: true variants of a trade name
/// score as hits, the known traps do not, and every score explains itself.
@Suite("Name matching for denied-party screening")
struct NameMatchTests {
    @Test func jaroWinklerHasItsTextbookValues() {
        #expect(abs(JaroWinkler.similarity("MARTHA", "MARHTA") - 0.961) < 0.001)
        #expect(abs(JaroWinkler.similarity("DWAYNE", "DUANE") - 0.84) < 0.001)
        #expect(abs(JaroWinkler.similarity("DIXON", "DICKSONX") - 0.813) < 0.001)
        #expect(JaroWinkler.similarity("abc", "abc") == 1 && JaroWinkler.similarity("abc", "xyz") == 0)
        #expect(JaroWinkler.similarity("", "") == 1 && JaroWinkler.similarity("a", "") == 0)
    }

    @Test func legalFormsHonorificsAccentsAndShortTokensAreSetAside() {
        let garment = PartyName("PT. Batik Nusantara Garmen Tbk")
        #expect(garment.tokens == ["batik", "nusantara", "garmen"] && garment.removed == ["pt", "tbk"])
        #expect(PartyName("Transportes Fronterizos del Norte, S.A. de C.V.").normalized == "transportes fronterizos del norte")
        #expect(PartyName("Société Générale").normalized == "societe generale")
        #expect(PartyName("Dr. Ahmad Wijaya").removed == ["dr"])
        #expect(PartyName("Bapak Budi Santoso").normalized == "budi santoso")
        // A legal-form word inside a name stays: only a leading or trailing form is one.
        #expect(PartyName("Blue Co Cargo").tokens == ["blue", "cargo"], "co is under three characters")
        #expect(PartyName("Company Store Logistics").tokens == ["company", "store", "logistics"], "Company only ends a name")
        #expect(PartyName("Trading Company Asia").tokens == ["trading", "company", "asia"])
        // A name of short tokens only keeps them rather than vanishing.
        #expect(PartyName("XY Z").tokens == ["xy", "z"])
    }

    @Test func variantsOfTheSameNameAreHits() {
        for (a, b) in [("PT Batik Nusantara Garmen", "Batik Nusantara Garmen Tbk"), ("Société Générale", "SOCIETE GENERALE S.A."),
                       ("Transportes Fronterizos del Norte, S.A. de C.V.", "Transportes Fronterizos Del Norte SA de CV"),
                       ("Batiknusantara Garmen", "Batik Nusantara Garmen"), ("Mohammed Al-Hassan", "Mohamed Al Hasan"),
                       ("Harborline Home Goods, Inc.", "Harbourline Home Goods"), ("Garmen Nusantara Batik", "Batik Nusantara Garmen")] {
            let match = NameMatch(a, b)
            #expect(match.isHit(), "\(match.explanation)")
        }
    }

    @Test func knownTrapsAreNotHits() {
        for (a, b) in [("George Bush", "George Habbash"),            // one common first name (whole-name JW alone gives 89%)
                       ("Emma Daniels", "EMMA LLC"),                 // a short listed name inside a longer one
                       ("Acme", "Acme Global Shipping Holdings"),    // a short query inside a long listed name
                       ("Global Trading", "Global Logistics"),       // one common word
                       ("Nusantara Shipping", "Nusantara Garmen")] {
            let match = NameMatch(a, b)
            #expect(!match.isHit(), "\(match.explanation)")
        }
    }

    @Test func aScoreExplainsWhichTokensMatchedAndWhatWasIgnored() {
        let match = NameMatch("PT Batik Nusantara", "Batik Nusantra Tbk")
        #expect(match.pairs.map(\.query) == ["batik", "nusantara"] && match.pairs.map(\.listed) == ["batik", "nusantra"])
        #expect(match.explanation.contains("nusantara~nusantra") && match.explanation.contains("ignored pt, tbk"))
        #expect(NameMatch("Emma Daniels", "EMMA LLC").unmatched == ["daniels"])
    }

    /// The score-only path screening uses equals the full match's score to the last bit, over
    /// names that share syllables and words as trade names do (so many pairs come close), with
    /// one to five tokens each, legal forms, accents and the known traps.
    @Test func theScoreAloneEqualsTheFullMatchsScore() {
        let syllables = ["nu", "san", "ta", "ra", "ba", "tik", "gar", "men", "fron", "te", "ri", "zos", "mo", "ham", "med", "an"]
        let words = ["trading", "logistics", "global", "pt", "tbk", "s.a. de c.v.", "café", "emma", "daniels"]
        var seed: UInt64 = 15
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        func word() -> String {
            next() % 4 == 0 ? words[next() % words.count] : (0..<(1 + next() % 3)).map { _ in syllables[next() % syllables.count] }.joined()
        }
        func name() -> String { (0..<(1 + next() % 5)).map { _ in word() }.joined(separator: " ") }
        var names = (0..<300).map { _ in name() }
        names += ["Emma Daniels", "EMMA LLC", "Batiknusantara", "PT Batik Nusantara Tbk", "George Bush", "George Habbash", "", "PT"]
        var hits = 0
        for (index, query) in names.enumerated() {
            let q = PartyName(query)
            for listed in names[index...].prefix(120) {
                let l = PartyName(listed)
                let full = NameMatch(q, l)
                #expect(NameMatch.score(q, l) == full.score, "\(query) / \(listed)")
                #expect(NameMatch.score(l, q) == NameMatch(l, q).score, "\(listed) / \(query)")
                if full.isHit() { hits += 1 }
            }
        }
        #expect(hits > 300, "the sample holds hits as well as misses (\(hits))")
    }
}

/// The screening index keeps a whole list's names in shared buffers and scores them without a
/// `PartyName` each: what it finds must be what scoring every name one by one finds.
@Suite("Screening index")
struct ScreeningIndexTests {
    static func generator(seed start: UInt64) -> () -> String {
        let syllables = ["nu", "san", "ta", "ra", "ba", "tik", "gar", "men", "fron", "te", "ri", "zos", "mo", "ham", "med", "an"]
        let words = ["trading", "logistics", "global", "pt", "tbk", "s.a. de c.v.", "café", "Łódź", "emma"]
        var seed = start
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        func word() -> String {
            next() % 4 == 0 ? words[next() % words.count] : (0..<(1 + next() % 3)).map { _ in syllables[next() % syllables.count] }.joined()
        }
        return { (0..<(1 + next() % 4)).map { _ in word() }.joined(separator: " ") }
    }

    @Test func itsHitsAreEveryNameScoredOneByOne() {
        let name = Self.generator(seed: 38)
        // A name of seventy tokens: more than a 64-bit mask of paired tokens holds.
        let long = (0..<70).map { "tok\($0)men" }.joined(separator: " ")
        var entries = (0..<400).map { number in
            DeniedPartyList.Entry(number: String(number), name: name(), aliases: number.isMultiple(of: 3) ? [name(), name()] : [])
        }
        entries.append(DeniedPartyList.Entry(number: "long", name: long))
        let list = DeniedPartyList(source: "test", entries: entries)
        let index = ScreeningIndex(list)
        var queries = (0..<150).map { _ in name() }
        queries += entries.prefix(40).map { $0.aliases.last ?? $0.name } + [long, long + " tambahan", "", "PT"]
        var found = 0
        for query in queries {
            let hits = index.screen(query)
            let q = PartyName(query)
            for hit in hits {
                // The hit's name is its entry's best, scored as a match of two names would be.
                let best = hit.entry.names.map { NameMatch(q, PartyName($0)).score }.max() ?? 0
                #expect(hit.match.score == best, "\(query) / \(hit.listedName)")
                #expect(hit.match == NameMatch(q, PartyName(hit.listedName)))
                #expect(hit.match.score >= NameMatch.defaultThreshold)
            }
            // No entry is raised twice, and an exact copy of a listed name finds its entry.
            #expect(Set(hits.map(\.entry.number)).count == hits.count)
            if let copied = entries.first(where: { $0.names.contains(query) }), !PartyName(query).tokens.isEmpty {
                #expect(hits.contains { $0.entry.number == copied.number }, "\(query)")
            }
            found += hits.count
        }
        #expect(index.screen(long + " tambahan").first?.entry.number == "long")
        #expect(found > 60, "the sample raises hits (\(found))")
    }
}
