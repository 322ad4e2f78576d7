import Foundation
import Testing
@testable import TrustlaneCore

/// Names in other scripts are folded to Latin ASCII before they are tokenised, so a partner
/// written in Cyrillic or Greek meets the list's romanised entry; ASCII names pass untouched.
@Suite("Party names: transliteration to Latin")
struct PartyNameTransliterationTests {
    @Test func cyrillicIsRomanisedAsListsWriteItAndItsLegalFormDropped() {
        let name = PartyName("ООО «Ромашка»")
        #expect(name.tokens == ["romashka"] && name.removed == ["ooo"])
        #expect(NameMatch("ООО Ромашка", "Romashka").isHit())
        #expect(NameMatch("Щукинская Судоверфь", "SHCHUKINSKAYA SUDOVERF").isHit(), "BGN: щ is shch, soft sign dropped")
        #expect(PartyName("Объединённая Верфь").tokens == ["obyedinennaya", "verf"], "no apostrophe splits the word")
    }

    @Test func greekIsRomanisedByTheUNSystem() {
        #expect(PartyName("Αθηναϊκή Ναυτιλιακή Α.Ε.").tokens == ["athinaiki", "naftiliaki"])
        #expect(NameMatch("Αθηναϊκή Ναυτιλιακή", "Athinaiki Naftiliaki S.A.").isHit())
    }

    @Test func accentedAndSpecialLatinLettersBecomePlainASCII() {
        #expect(PartyName("Société Générale").normalized == "societe generale")
        #expect(PartyName("Łódź Straße Øresund Ærø GmbH").tokens == ["lodz", "strasse", "oresund", "aero"])
        #expect(PartyName("Ｔｏｋｙｏ Ｆｒｅｉｇｈｔ").normalized == "tokyo freight", "full-width letters too")
    }

    @Test func asciiNamesAreLeftAsTheyWere() {
        for name in ["Harborline Home Goods, Inc.", "O'Brien Freight", "PT. Batik Nusantara Garmen Tbk", "11420 CORP."] {
            #expect(PartyName.latin(name) == name)
        }
        #expect(PartyName("Harborline Home Goods, Inc.").tokens == ["harborline", "home", "goods"])
        #expect(PartyName("O'Brien Freight").tokens == ["brien", "freight"])
    }

    @Test func otherScriptsComeOutAsASCIIButAreNotListRomanisations() {
        // Arabic unvowelled, Chinese as pinyin syllables: ASCII, but weak for matching (see `PartyName.transliteration`).
        for name in ["شركة النور", "北京华为技术"] {
            let tokens = PartyName(name).tokens
            #expect(!tokens.isEmpty && tokens.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(tokens)")
        }
    }
}
