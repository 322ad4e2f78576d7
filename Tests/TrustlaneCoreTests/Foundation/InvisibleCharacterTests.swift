import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 9, item 13: bidi overrides and other invisible format characters in text fields.
@Suite struct InvisibleCharacterTests {
    static let rlo = "\u{202E}"

    @Test func identifyingFieldsRefuseEveryFormatCharacterWithTheFieldAndTheCharacter() {
        for scalar in ["\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{200D}", "\u{200C}", "\u{00AD}", "\u{FEFF}", "\u{200E}"] {
            var errors: [FieldError] = []
            #expect(Check.text("Acme\(scalar)Corp", field: "legal_name", max: 200, into: &errors) == nil, "\(scalar.unicodeScalars.first!.value)")
            let error = errors.first
            #expect(error?.field == "legal_name")
            #expect(error?.messageKey == "error.invisible_characters")
            let code = "U+" + String(scalar.unicodeScalars.first!.value, radix: 16, uppercase: true)
            #expect(error?.arguments["character"] == (code.count < 6 ? "U+00" + code.dropFirst(2) : code))
            #expect(error?.message.contains("legal_name") == true)
        }
    }

    @Test func freeTextRefusesBidiControlsButKeepsJoinersAndMarks() {
        for scalar in 0x202A...0x202E {
            var errors: [FieldError] = []
            #expect(Check.text("paid \(Character(Unicode.Scalar(scalar)!)) 100", field: "text", max: 4000, use: .freeText, into: &errors) == nil)
            #expect(errors.first?.messageKey == "error.bidi_controls")
        }
        for scalar in 0x2066...0x2069 {
            var errors: [FieldError] = []
            #expect(Check.text("a\(Character(Unicode.Scalar(scalar)!))b", field: "text", max: 4000, use: .freeText, into: &errors) == nil)
        }
        // Persian with a zero-width non-joiner, Devanagari with a zero-width joiner, a direction mark.
        for text in ["می\u{200C}خواهم", "क्\u{200D}ष", "مرحبا\u{200F} ok"] {
            var errors: [FieldError] = []
            #expect(Check.text(text, field: "text", max: 4000, use: .freeText, into: &errors) == text)
            #expect(errors.isEmpty)
        }
    }

    @Test func ordinaryTextStillPasses() {
        var errors: [FieldError] = []
        #expect(Check.text("Compañía Fronteriza, S.A. de C.V.", field: "legal_name", max: 200, into: &errors) == "Compañía Fronteriza, S.A. de C.V.")
        #expect(Check.text("PT Sepatu Bandung", field: "legal_name", max: 200, into: &errors) == "PT Sepatu Bandung")
        #expect(Check.text("line one\nline two", field: "address", max: 500, into: &errors) == "line one\nline two")
        #expect(errors.isEmpty)
    }

    @Test func companyDraftRefusesAnOverrideInTheLegalName() {
        let input = CompanyDraft.Input(legalName: "Acme\(Self.rlo)gnp.exe", country: "MX", address: "Somewhere 1", entityTypes: ["HC"])
        guard case .failure(let failure) = CompanyDraft.validate(input) else { Issue.record("accepted"); return }
        #expect(failure.message(for: "legal_name")?.messageKey == "error.invisible_characters")
    }

    @Test func emailsWithInvisibleCharactersAreNotEmails() {
        #expect(EmailAddress("ana\u{200B}@example.com") == nil)
        #expect(EmailAddress("ana\(Self.rlo)@example.com") == nil)
        #expect(EmailAddress("ana@example.com") != nil)
    }

    @Test func profileTextRefusesOverridesInTitlesAndNarratives() {
        var errors: [FieldError] = []
        #expect(ProfileText.check("Seal log\(Self.rlo)", field: "title", max: 200, multiline: false, required: nil, into: &errors) == "")
        #expect(errors.last?.messageKey == "profile.error.invisible_characters" && errors.last?.field == "title")
        #expect(ProfileText.check("We check \(Self.rlo)seals", field: "narrative", max: 4000, multiline: true, required: nil, into: &errors) == "")
        #expect(errors.last?.messageKey == "profile.error.bidi_controls" && errors.last?.field == "narrative")
        #expect(ProfileText.check("می\u{200C}خواهم", field: "narrative", max: 4000, multiline: true, required: nil, into: &errors) == "می\u{200C}خواهم")
        #expect(errors.count == 2)
    }
}
