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
}
