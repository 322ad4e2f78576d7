import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 13: criteria, categories and eligibility questions in the reader's language, with
    /// English marked `lang="en"` wherever Trustlane has no translation.
    @Suite struct CatalogLanguage {
        static let current = "ctpat-msc-2020-r2"

        @Test func theProfileAndCriterionPagesSpeakTheReadersLanguage() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.highwayCarrier])
                _ = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser, form: [("entity_types", "HC")])
                let catalog = try #require(client.app.catalogs.latest()).catalog
                #expect(catalog.id == Self.current)
                let criterion = try #require(catalog.criterion(id: CriterionID("7.37")))
                let category = try #require(catalog.category(number: 7))
                for language in [Language.indonesian, .spanish] {
                    let words = CatalogTranslations.bundled.wording(catalog: catalog.id, language: language)
                    let title = words.title(criterion)
                    #expect(!title.isFallback)
                    let headers: HTTPHeaders = ["Accept-Language": language.rawValue]
                    let profile = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser, headers: headers).text
                    #expect(profile.contains(HTML.escapeText(title.text)), "\(language): the profile lists 7.37 by its translated title")
                    #expect(profile.contains(HTML.escapeText(words.title(category).text)))
                    #expect(!profile.contains(">\(HTML.escapeText(criterion.title))<"), "\(language): the English title is gone")
                    #expect(profile.contains("id=\"translation-note\""))
                    let page = try await client.get("/companies/\(f.company.companyID)/profile/criteria/7.37", as: f.browser, headers: headers).text
                    #expect(page.contains(HTML.escapeText(words.summary(criterion).text)))
                    #expect(page.contains("id=\"english-original\""), "the English that CBP reads stays one click away")
                    let public_ = try await client.get("/catalog/\(catalog.id)/criteria/7.37", headers: headers).text
                    #expect(public_.contains(HTML.escapeText(title.text)))
                }
                let english = try await client.get("/companies/\(f.company.companyID)/profile", as: f.browser, headers: ["Accept-Language": "en"]).text
                #expect(english.contains(HTML.escapeText(criterion.title)))
                #expect(!english.contains("lang=\"en\"><") || english.contains("<html lang=\"en\""))
                #expect(!english.contains("id=\"translation-note\""))
            }
        }

        /// The first catalog has no translation: on an Indonesian page its text is English and
        /// says so, so a screen reader reads it with an English voice.
        @Test func untranslatedCatalogTextIsMarkedEnglish() async throws {
            try await withTrustlane { client in
                let page = try await client.get("/catalog/ctpat-msc-2020/criteria/7.37", headers: ["Accept-Language": "id"]).text
                let legacy = try #require(client.app.catalogs.entry("ctpat-msc-2020")).catalog
                let criterion = try #require(legacy.criterion(id: CriterionID("7.37")))
                #expect(page.contains("<html lang=\"id\""))
                #expect(page.contains("<span lang=\"en\">\(HTML.escapeText(criterion.title))</span>"))
                #expect(!page.contains("id=\"english-original\""))
            }
        }

        @Test func eligibilityQuestionsAreTranslated() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.importer])
                let catalog = try #require(client.app.catalogs.latest()).catalog
                let question = try #require(catalog.eligibilityRules(for: .importer).questions.first)
                let words = CatalogTranslations.bundled.wording(catalog: catalog.id, language: .spanish)
                let page = try await client.get("/companies/\(f.company.companyID)/eligibility/IMP", as: f.browser,
                                                headers: ["Accept-Language": "es"]).text
                #expect(!words.text(question).isFallback)
                #expect(page.contains(HTML.escapeText(words.text(question).text)))
                #expect(!page.contains(HTML.escapeText(question.text)))
                // A refusal's reason, stored in English, reads in Spanish.
                let saved = try await client.post("/companies/\(f.company.companyID)/eligibility/IMP", as: f.browser,
                                                  form: [("answers[\(question.id.rawValue)]", "no")])
                #expect(saved.status == .seeOther || saved.status == .ok)
                let after = try await client.get("/companies/\(f.company.companyID)/eligibility/IMP", as: f.browser,
                                                 headers: ["Accept-Language": "es"]).text
                if question.effect == .required {
                    #expect(after.contains(HTML.escapeText(words.reason(question).text)))
                }
            }
        }
    }
}

extension AppTests {
    @Suite struct GlossaryPages {
        @Test func everyPageLinksTheGlossaryAndCriterionTextMarksAbbreviations() async throws {
            try await withTrustlane { client in
                for language in ["en", "id", "es"] {
                    let glossary = try await client.get("/glossary", headers: ["Accept-Language": language])
                    #expect(glossary.status == .ok && glossary.text.contains("<dt id=\"vvtt\">") && glossary.text.contains("<dt id=\"scac\">"))
                }
                let signIn = try await client.get("/catalog").text
                #expect(signIn.contains("href=\"/glossary\""))
                // 6.7 speaks of VVTT: the abbreviation carries its meaning and leads to the entry.
                let seals = try await client.get("/catalog/ctpat-msc-2020-r2/criteria/6.7").text
                #expect(seals.contains("<a class=\"glossed\" href=\"/glossary#vvtt\"><abbr title=\"VVTT (View, Verify, Tug, Twist and Turn)\">VVTT</abbr></a>"))
                #expect(seals.contains("title=\"Required\"") || seals.contains("title=\"Recommended"))
            }
        }
    }
}
