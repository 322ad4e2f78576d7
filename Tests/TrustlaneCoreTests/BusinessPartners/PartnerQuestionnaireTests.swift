import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Partner questionnaires: the template by role, validation of answers, gaps and their due dates")
struct PartnerQuestionnaireTests {
    static let catalog = try! BundledCatalogs.load().latest()!

    static func template(_ role: BusinessPartnerRole, _ language: Language = .english) -> PartnerQuestionnaire {
        let strings = LocalizationCatalog.shared
        return PartnerQuestionnaire.template(role: role, catalog: catalog,
                                             wording: CatalogTranslations.bundled.wording(catalog: catalog.id, language: language),
                                             localizer: strings.localizer(for: language), english: strings.localizer(for: .english))
    }

    @Test func aManufacturerIsAskedTheForeignManufacturersMustCriteriaThenTheFixedSections() {
        // Act
        let q = Self.template(.manufacturer)
        // Verify
        let expected = Self.catalog.criteria(for: .foreignManufacturer).filter { $0.level == .must }.map { "criterion:\($0.id.rawValue)" }
        #expect(!expected.isEmpty)
        #expect(q.entityType == .foreignManufacturer)
        #expect(q.questions.filter { $0.section == .criteria }.map(\.id) == expected)
        #expect(q.questions.filter { $0.section == .tbml }.map(\.id) == (1...7).map { "tbml:\($0)" })
        #expect(q.questions.filter { $0.section == .social }.map(\.id) == (1...5).map { "social:\($0)" })
        #expect(Set(q.questions.map(\.id)).count == q.questions.count)
    }

    @Test func rolesMapToTheirEntityTypesAndOthersGetNoCatalogPart() {
        #expect(PartnerQuestionnaire.entityType(for: .supplier) == .foreignManufacturer)
        #expect(PartnerQuestionnaire.entityType(for: .highwayCarrier) == .highwayCarrier)
        #expect(PartnerQuestionnaire.entityType(for: .railCarrier) == .railCarrier)
        #expect(PartnerQuestionnaire.entityType(for: .seaCarrier) == .seaCarrier)
        #expect(PartnerQuestionnaire.entityType(for: .airCarrier) == .airCarrier)
        #expect(PartnerQuestionnaire.entityType(for: .customsBroker) == .customsBroker)
        #expect(PartnerQuestionnaire.entityType(for: .consolidator) == .consolidator)
        #expect(PartnerQuestionnaire.entityType(for: .warehouse) == .thirdPartyLogistics)
        #expect(PartnerQuestionnaire.entityType(for: .thirdPartyLogistics) == .thirdPartyLogistics)
        let agent = Self.template(.agent)
        #expect(agent.entityType == nil && agent.catalogID == nil)
        #expect(agent.questions.count == PartnerQuestionnaire.tbmlCount + PartnerQuestionnaire.socialCount)
    }

    @Test func theFixedQuestionsAreWordedInEveryLanguage() {
        let english = Self.template(.agent, .english)
        for language in [Language.spanish, .indonesian] {
            let q = Self.template(.agent, language)
            #expect(q.language == language)
            for (asked, original) in zip(q.questions, english.questions) {
                #expect(asked.text != original.text, "\(asked.id) is not translated into \(language)")
                #expect(asked.english == original.text)
                #expect(!asked.text.hasPrefix("partner_questionnaire."))
            }
        }
    }

    @Test func validationNamesEachUnansweredOrWrongQuestionAndTooLongComment() {
        // Setup
        let q = Self.template(.agent)
        var answers = Dictionary(uniqueKeysWithValues: q.questions.map { ($0.id, "yes") })
        answers["tbml:2"] = nil
        answers["social:1"] = "maybe"
        // Act
        let result = q.validate(answers: answers, comments: ["tbml:3": String(repeating: "x", count: 2001), "tbml:4": String(repeating: "y", count: 2000)])
        // Verify
        guard case .failure(let failure) = result else { Issue.record("accepted"); return }
        #expect(failure.errors.map(\.field) == ["answer.tbml:2", "comment.tbml:3", "answer.social:1"])
        #expect(failure.errors.allSatisfy { $0.message.contains("tbml:") || $0.message.contains("social:") })
    }

    @Test func noAndPartlyAnswersBecomeGapsDueByTheirRule() throws {
        // Setup
        let q = Self.template(.highwayCarrier)
        let firstCriterion = try #require(q.questions.first { $0.section == .criteria })
        var answers = Dictionary(uniqueKeysWithValues: q.questions.map { ($0.id, "yes") })
        answers[firstCriterion.id] = "no"
        answers["tbml:1"] = "partly"
        answers["social:2"] = "no"
        answers["tbml:5"] = "not_applicable"
        // Act
        let responses = try q.validate(answers: answers, comments: ["tbml:1": "Only for new customers"]).get()
        let day = ProgramDay("2026-03-01")!
        let gaps = q.gaps(responses, answeredOn: day)
        // Verify
        #expect(gaps.map(\.questionID) == [firstCriterion.id, "tbml:1", "social:2"])
        #expect(gaps.map(\.dueOn) == [day.adding(days: 30), day.adding(days: 60), day.adding(days: 30)])
        #expect(gaps[1].comment == "Only for new customers" && gaps[1].answer == .partly)
        #expect(gaps[0].text == firstCriterion.english)
    }

    @Test func theSnapshotRoundTripsAsJSON() throws {
        let q = Self.template(.consolidator, .spanish)
        let data = try JSONEncoder().encode(q)
        #expect(try JSONDecoder().decode(PartnerQuestionnaire.self, from: data) == q)
    }
}
