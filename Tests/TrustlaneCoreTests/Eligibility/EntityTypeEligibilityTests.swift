import Foundation
import Testing
@testable import TrustlaneCore

/// The four outcomes for each of the twelve entity types, with the bundled CTPAT rules.
@Suite("Eligibility per entity type")
struct EntityTypeEligibilityTests {
    @Test(arguments: EntityType.allCases)
    func companyMeetingEveryRequirementIsEligible(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)
        let answers = EligibilityFixtures.passingAnswers(rules)

        let outcome = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules)

        #expect(outcome == .eligible)
        #expect(outcome.status == .eligible)
    }

    @Test(arguments: EntityType.allCases)
    func failingTheFirstRequirementMakesTheCompanyNotEligibleWithItsReason(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)
        let first = try #require(rules.questions.first { $0.effect == .required && $0.askedIf == nil })
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers[first.id] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules)

        #expect(outcome == .notEligible(reasons: [first.reason]))
    }

    @Test(arguments: EntityType.allCases)
    func unpaidDebtToCBPAddsItsReasonAfterTheOthers(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)
        let first = try #require(rules.questions.first { $0.effect == .required && $0.askedIf == nil })
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers[first.id] = false
        answers["unpaid_final_debt_to_cbp"] = true

        let outcome = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules)

        #expect(outcome.status == .notEligible)
        #expect(outcome.reasons == [first.reason, "A company with an unpaid final debt to CBP is not eligible until the debt is paid."])
    }

    @Test(arguments: EntityType.allCases)
    func unansweredQuestionsMakeTheCheckIncomplete(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)
        var answers = EligibilityFixtures.passingAnswers(rules)
        let last = try #require(rules.questions.last)
        answers[last.id] = nil

        let partly = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules)
        let blank = EligibilityEvaluator.evaluate(entityType: type, answers: [:], rules: rules)

        #expect(partly == .incomplete(missing: [last.id]))
        #expect(blank == .incomplete(missing: rules.questions.filter { $0.askedIf == nil }.map(\.id)))
    }

    static let invitationTypes: [EntityType] = [.foreignManufacturer, .marinePortTerminalOperator]

    @Test(arguments: invitationTypes)
    func companiesThePogramAdmitsByInvitationNeedCBPsInvitation(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)
        let invitation = try #require(rules.questions.first { $0.effect == .invitation })
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers[invitation.id] = true

        let outcome = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules)

        #expect(outcome == .needsInvitation(reasons: [invitation.reason]))
    }

    @Test(arguments: EntityType.allCases.filter { !invitationTypes.contains($0) })
    func otherTypesNeverNeedAnInvitation(_ type: EntityType) throws {
        let rules = try EligibilityFixtures.rules(type)

        #expect(rules.questions.allSatisfy { $0.effect != .invitation })
        #expect(rules.questions.allSatisfy { $0.applies(to: type) })
    }

    // MARK: Rules that read like the program's

    @Test func importerWithoutImporterOfRecordNumberIsNotEligible() throws {
        var answers = EligibilityFixtures.passingAnswers(try EligibilityFixtures.rules(.importer))
        answers["imp_importer_of_record_number"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .importer, answers: answers, rules: try EligibilityFixtures.rules(.importer))

        #expect(outcome == .notEligible(reasons: ["Importers need an active Importer of Record number."]))
    }

    @Test func highwayCarrierWithoutSCACOrUSDOTGetsBothReasons() throws {
        let rules = try EligibilityFixtures.rules(.highwayCarrier)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["hc_scac"] = false
        answers["hc_usdot_number"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .highwayCarrier, answers: answers, rules: rules)

        #expect(outcome.reasons == ["Highway carriers need an active SCAC.", "Highway carriers need an active USDOT number."])
    }

    @Test func mexicanCarrierThatCrossesTheBorderIsPointedToHighwayCarriers() throws {
        let rules = try EligibilityFixtures.rules(.mexicanLongHaulCarrier)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["mlh_crosses_us_border"] = true

        let outcome = EligibilityEvaluator.evaluate(entityType: .mexicanLongHaulCarrier, answers: answers, rules: rules)

        #expect(outcome.status == .notEligible)
        #expect(outcome.reasons.first?.contains("highway carriers (HC)") == true)
    }

    @Test func foreignTerminalIsNotAskedForAnFMCNumberButNeedsAnInvitation() throws {
        let rules = try EligibilityFixtures.rules(.marinePortTerminalOperator)
        let answers: EligibilityAnswers = [
            "mpto_foreign_based": true, "mpto_foreign_handles_us_bound_vessels": true,
            "officer_security_contact": true, "officer_signs_partner_agreement": true,
            "completes_security_profile": true, "unpaid_final_debt_to_cbp": false,
        ]

        let outcome = EligibilityEvaluator.evaluate(entityType: .marinePortTerminalOperator, answers: answers, rules: rules)

        #expect(outcome == .needsInvitation(reasons: ["Foreign-based port authorities and terminal operators can join only by CBP's invitation."]))
    }

    @Test func foreignTerminalNotServingUSBoundVesselsIsNotEligible() throws {
        let rules = try EligibilityFixtures.rules(.marinePortTerminalOperator)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["mpto_foreign_based"] = true
        answers["mpto_foreign_handles_us_bound_vessels"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .marinePortTerminalOperator, answers: answers, rules: rules)

        #expect(outcome == .notEligible(reasons: ["Foreign-based port authorities and terminal operators must handle vessels bound for the United States."]))
    }

    @Test func usTerminalWithoutFMCNumberIsNotEligible() throws {
        let rules = try EligibilityFixtures.rules(.marinePortTerminalOperator)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["mpto_fmc_terminal_number"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .marinePortTerminalOperator, answers: answers, rules: rules)

        #expect(outcome == .notEligible(reasons: ["U.S. terminal operators need an active six-digit FMC Marine Terminal Operator number."]))
    }

    @Test func nonAssetThirdPartyLogisticsProviderIsToldAboutThePilot() throws {
        let rules = try EligibilityFixtures.rules(.thirdPartyLogistics)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["tpl_own_assets"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .thirdPartyLogistics, answers: answers, rules: rules)

        #expect(outcome.reasons.first?.contains("pilot") == true)
    }

    @Test func foreignManufacturerOutsideMexicoAndCanadaWithoutMIDIsNotEligible() throws {
        let rules = try EligibilityFixtures.rules(.foreignManufacturer)
        var answers = EligibilityFixtures.passingAnswers(rules)
        answers["fm_outside_mexico_canada"] = true
        answers["fm_manufacturer_id"] = false

        let outcome = EligibilityEvaluator.evaluate(entityType: .foreignManufacturer, answers: answers, rules: rules)

        // Ruled out outweighs "by invitation": an invitation would not help.
        #expect(outcome == .notEligible(reasons: ["Foreign manufacturers need an active Manufacturer Identification Code (MID)."]))
    }
}
