import Foundation
import Testing
import Yams
@testable import TrustlaneCore

@Suite("Program settings")
struct ProgramSettingsTests {
    @Test func defaultsAreTheProgramNumbers() {
        let settings = ProgramSettings.standard
        #expect(settings.certificationTargetDays == 90)
        #expect(settings.certificationClockStart == .profileSubmission) // issue 11: CBP practice counts from the submitted profile
        #expect(settings.validationDueDays == 365)
        #expect(settings.annualReviewWindowDays == 90)
        #expect(settings.revalidationYears == 4)
        #expect(settings.appealDays == 90)
        #expect(settings.falseInformationAppealDays == 30)
        #expect(settings.appealDecisionDays == 180)
        #expect(settings.suspensionResponseDays == 90)
        #expect(settings.reapplyAfterRemovalYears == 1)
        #expect(settings.dueSoonDays == 30)
        #expect(settings.tierThreeMinimumBestPractices == 1)
        #expect(settings.appealNeedsAnotherReviewer)
        #expect(settings.verificationLinkDays == 365)
        #expect(settings.problems().isEmpty)
    }

    @Test func missingKeysFallBackToDefaults() throws {
        let settings = try JSONDecoder().decode(ProgramSettings.self, from: Data(#"{"due_soon_days": 14}"#.utf8))
        #expect(settings.dueSoonDays == 14)
        #expect(settings.certificationTargetDays == 90)
        let fromYAML = try YAMLDecoder().decode(ProgramSettings.self, from: "suspension_response_days: 60\nverification_link_days: null\n")
        #expect(fromYAML.suspensionResponseDays == 60)
        #expect(fromYAML.verificationLinkDays == nil)
    }

    @Test func roundTripsThroughJSON() throws {
        let settings = ProgramSettings(certificationClockStart: .profileSubmission, dueSoonDays: 7, verificationLinkDays: nil)
        let data = try JSONEncoder().encode(settings)
        #expect(try JSONDecoder().decode(ProgramSettings.self, from: data) == settings)
        #expect(String(decoding: data, as: UTF8.self).contains("\"certification_clock_start\":\"profile_submission\""))
    }

    @Test func nonsenseIsReported() {
        let settings = ProgramSettings(certificationTargetDays: 0, annualReviewWindowDays: 365, verificationLinkDays: -1)
        #expect(settings.problems().map(\.field) == ["certification_target_days", "annual_review_window_days", "verification_link_days"])
    }
}
