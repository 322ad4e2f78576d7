import Foundation
import Testing
@testable import TrustlaneCore

/// The annual review window: first and last day, the days around them, and February 29.
@Suite("Annual review window")
struct AnnualReviewWindowTests {
    typealias F = LifecycleFixtures
    let clocks = MembershipClocks()

    @Test func firstAndLastDayCountTheDaysAroundDoNot() {
        let certified = F.at(2024, 7, 15, 9) // window 2025-04-16 ... 2025-07-15
        #expect(!clocks.isInsideAnnualWindow(F.at(2025, 4, 15, 23, 59, 59), certifiedAt: certified))
        #expect(clocks.isInsideAnnualWindow(F.at(2025, 4, 16, 0, 0, 0), certifiedAt: certified))
        #expect(clocks.isInsideAnnualWindow(F.at(2025, 7, 15, 23, 59, 59), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2025, 7, 16, 0, 0, 0), certifiedAt: certified))
        // and every later year the same
        #expect(clocks.isInsideAnnualWindow(F.at(2030, 4, 16), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2030, 7, 16), certifiedAt: certified))
        // the certification year itself has no window
        #expect(!clocks.isInsideAnnualWindow(F.at(2024, 7, 15), certifiedAt: certified))
    }

    @Test func februaryTwentyNinthAnniversaries() {
        let certifiedOn = F.day(2024, 2, 29)
        let first = AnnualReviewWindow(certifiedOn: certifiedOn, year: 1)
        #expect(first.anniversary == F.day(2025, 2, 28) && first.opensOn == F.day(2024, 11, 30))
        #expect(AnnualReviewWindow(certifiedOn: certifiedOn, year: 3).anniversary == F.day(2027, 2, 28))
        let leap = AnnualReviewWindow(certifiedOn: certifiedOn, year: 4)
        #expect(leap.anniversary == F.day(2028, 2, 29) && leap.opensOn == F.day(2027, 12, 1))

        let certified = F.at(2024, 2, 29)
        #expect(clocks.isInsideAnnualWindow(F.at(2025, 2, 28), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2025, 3, 1), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2024, 11, 29), certifiedAt: certified))
        #expect(clocks.isInsideAnnualWindow(F.at(2024, 11, 30), certifiedAt: certified))
        #expect(clocks.isInsideAnnualWindow(F.at(2028, 2, 29), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2028, 3, 1), certifiedAt: certified))
        #expect(!clocks.isInsideAnnualWindow(F.at(2027, 11, 30), certifiedAt: certified))
    }

    @Test func currentCycleMovesWhenTheNextWindowOpens() {
        let certifiedOn = F.day(2024, 2, 29)
        #expect(AnnualReviewWindow.current(certifiedOn: certifiedOn, today: F.day(2024, 3, 1)).year == 1)
        #expect(AnnualReviewWindow.current(certifiedOn: certifiedOn, today: F.day(2025, 11, 29)).year == 1)
        #expect(AnnualReviewWindow.current(certifiedOn: certifiedOn, today: F.day(2025, 11, 30)).year == 2)
        #expect(AnnualReviewWindow.current(certifiedOn: F.day(2024, 2, 29), today: F.day(2027, 12, 1)).anniversary == F.day(2028, 2, 29))
    }

    @Test func windowLengthIsASetting() {
        let short = ProgramSettings(annualReviewWindowDays: 30)
        let window = AnnualReviewWindow(certifiedOn: F.day(2024, 7, 15), year: 1, settings: short)
        #expect(window.opensOn == F.day(2025, 6, 15))
        #expect(!MembershipClocks(settings: short).isInsideAnnualWindow(F.at(2025, 6, 14), certifiedAt: F.at(2024, 7, 15)))
    }
}
