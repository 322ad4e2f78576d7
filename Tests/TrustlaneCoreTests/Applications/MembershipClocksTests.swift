import Foundation
import Testing
@testable import TrustlaneCore

/// Time travel: each clock at its edges. The start day is day 0; day N of an N-day clock is
/// the last day on time.
@Suite("Clocks at their edges")
struct MembershipClocksTests {
    typealias F = LifecycleFixtures
    /// The edges are counted from the application, the statute's reading (a setting); the
    /// default, from the submitted profile, is `byDefaultTheCertificationClockStartsAtProfileSubmission`.
    let clocks = MembershipClocks(settings: ProgramSettings(certificationClockStart: .application))

    func clock(_ kind: ClockKind, _ app: MembershipApplication, on now: Date) -> MembershipClock? {
        clocks.clocks(for: app, now: now).first { $0.kind == kind }
    }

    func applied(on date: Date, status: MembershipStatus = .underReview) -> MembershipApplication {
        var app = F.application(in: status)
        app.dates.appliedAt = date
        return app
    }

    @Test func certificationDecisionDay89_90_91() throws {
        let app = applied(on: F.at(2025, 1, 1, 15)) // due 2025-04-01
        let day89 = try #require(clock(.certificationDecision, app, on: F.at(2025, 3, 31, 23, 59)))
        let day90 = try #require(clock(.certificationDecision, app, on: F.at(2025, 4, 1, 0, 0)))
        let day90Late = try #require(clock(.certificationDecision, app, on: F.at(2025, 4, 1, 23, 59, 59)))
        let day91 = try #require(clock(.certificationDecision, app, on: F.at(2025, 4, 2, 0, 0)))
        #expect(day89.dueOn == F.day(2025, 4, 1) && day89.startedOn == F.day(2025, 1, 1))
        #expect((day89.daysLeft, day89.state) == (1, .dueSoon))
        #expect((day90.daysLeft, day90.state) == (0, .dueSoon))
        #expect((day90Late.daysLeft, day90Late.state) == (0, .dueSoon))
        #expect((day91.daysLeft, day91.state) == (-1, .overdue))
    }

    @Test func dueSoonThresholdIsInclusiveAndConfigurable() throws {
        let app = applied(on: F.at(2025, 1, 1))
        #expect(clock(.certificationDecision, app, on: F.at(2025, 3, 1))?.state == .ok)       // 31 days left
        #expect(clock(.certificationDecision, app, on: F.at(2025, 3, 2))?.state == .dueSoon)  // 30 days left
        let tight = MembershipClocks(settings: ProgramSettings(certificationClockStart: .application, dueSoonDays: 10))
        #expect(tight.clocks(for: app, now: F.at(2025, 3, 2)).first?.state == .ok)
        #expect(tight.clocks(for: app, now: F.at(2025, 3, 22)).first?.state == .dueSoon)
    }

    @Test func certificationDecisionMetOnTimeOrLate() throws {
        var app = applied(on: F.at(2025, 1, 1), status: .certified)
        app.dates.certifiedAt = F.at(2025, 4, 2)
        let late = try #require(clock(.certificationDecision, app, on: F.at(2025, 4, 3)))
        #expect(late.state == .met && late.metOn == F.day(2025, 4, 2) && late.metOn! > late.dueOn)
        app.dates.certifiedAt = F.at(2025, 4, 1, 23)
        #expect(clock(.certificationDecision, app, on: F.at(2025, 4, 3)).map { $0.metOn! > $0.dueOn } == false)
        // once the validation is planned the decision clock is history
        app.status = .validationPlanned
        #expect(clock(.certificationDecision, app, on: F.at(2025, 4, 3)) == nil)
    }

    @Test func certificationClockMayStartAtProfileSubmission() {
        var app = applied(on: F.at(2025, 1, 1))
        app.dates.profileSubmittedAt = F.at(2025, 2, 1)
        let fromProfile = MembershipClocks(settings: ProgramSettings(certificationClockStart: .profileSubmission))
        #expect(fromProfile.clocks(for: app, now: F.at(2025, 2, 2)).first?.dueOn == F.day(2025, 5, 2))
    }

    /// Issue 11: by default the 90 days count from the submitted profile, as CBP practice does;
    /// the statute's "receipt of an application" reading stays a setting.
    @Test func byDefaultTheCertificationClockStartsAtProfileSubmission() {
        #expect(ProgramSettings.standard.certificationClockStart == .profileSubmission)
        var app = applied(on: F.at(2025, 1, 1), status: .applied)
        app.dates.profileSubmittedAt = nil
        let standard = MembershipClocks()
        #expect(standard.clocks(for: app, now: F.at(2025, 1, 20)).contains { $0.kind == .certificationDecision } == false,
                "no decision clock runs while the company is still writing its profile")
        app.dates.profileSubmittedAt = F.at(2025, 2, 1)
        #expect(standard.clocks(for: app, now: F.at(2025, 2, 2)).first { $0.kind == .certificationDecision }?.dueOn == F.day(2025, 5, 2))
        let literal = MembershipClocks(settings: ProgramSettings(certificationClockStart: .application))
        #expect(literal.clocks(for: app, now: F.at(2025, 2, 2)).first { $0.kind == .certificationDecision }?.dueOn == F.day(2025, 4, 1))
    }

    @Test func validationDue365DaysAfterCertification() throws {
        var app = F.application(in: .certified)
        app.dates.certifiedAt = F.at(2025, 1, 10)
        #expect(clock(.validationDue, app, on: F.at(2026, 1, 9))?.daysLeft == 1)
        #expect(clock(.validationDue, app, on: F.at(2026, 1, 10))?.state == .dueSoon)
        #expect(clock(.validationDue, app, on: F.at(2026, 1, 11))?.state == .overdue)
        // counted in days, so a leap year makes it the day before the anniversary
        app.dates.certifiedAt = F.at(2024, 1, 10)
        #expect(clock(.validationDue, app, on: F.at(2024, 6, 1))?.dueOn == F.day(2025, 1, 9))
    }

    @Test func revalidationFourYearsAfterTheLastValidation() throws {
        var app = F.application(in: .validated)
        app.dates.lastValidatedAt = F.at(2021, 3, 1)
        #expect(clock(.validationDue, app, on: F.at(2025, 1, 1)) == nil)
        #expect(clock(.revalidation, app, on: F.at(2025, 2, 28))?.daysLeft == 1)
        #expect(clock(.revalidation, app, on: F.at(2025, 3, 1))?.state == .dueSoon)
        #expect(clock(.revalidation, app, on: F.at(2025, 3, 2))?.state == .overdue)
        app.dates.lastValidatedAt = F.at(2024, 2, 29)
        #expect(clock(.revalidation, app, on: F.at(2025, 1, 1))?.dueOn == F.day(2028, 2, 29))
        app.dates.lastValidatedAt = F.at(2096, 2, 29)
        #expect(clock(.revalidation, app, on: F.at(2097, 1, 1))?.dueOn == F.day(2100, 2, 28)) // 2100 is not a leap year
    }

    @Test func annualReviewClockAcrossItsWindow() throws {
        var app = F.application(in: .certified) // certified 2024-07-15: window 2025-04-16 ... 2025-07-15
        let before = try #require(clock(.annualReview, app, on: F.at(2025, 4, 15)))
        #expect(before.state == .ok && before.window?.isOpen(on: F.day(2025, 4, 15)) == false)
        #expect(before.startedOn == F.day(2025, 4, 16) && before.dueOn == F.day(2025, 7, 15))
        #expect(clock(.annualReview, app, on: F.at(2025, 4, 16))?.window?.isOpen(on: F.day(2025, 4, 16)) == true)
        #expect(clock(.annualReview, app, on: F.at(2025, 7, 15))?.state == .dueSoon)
        let missed = try #require(clock(.annualReview, app, on: F.at(2025, 7, 16)))
        #expect((missed.state, missed.daysLeft) == (.overdue, -1))
        // still the current cycle until the next window opens, then the next one
        #expect(clock(.annualReview, app, on: F.at(2026, 4, 15))?.dueOn == F.day(2025, 7, 15))
        #expect(clock(.annualReview, app, on: F.at(2026, 4, 16))?.dueOn == F.day(2026, 7, 15))
        // a submission inside the window meets it; a returned one does not
        app.annualReview = AnnualReviewCycle(anniversary: F.day(2025, 7, 15), status: .submitted, submittedAt: F.at(2025, 7, 15, 23))
        #expect(clock(.annualReview, app, on: F.at(2025, 8, 1))?.state == .met)
        app.annualReview?.status = .returned
        #expect(clock(.annualReview, app, on: F.at(2025, 8, 1))?.state == .overdue)
    }

    @Test func suspensionResponseAndAppealClocks() throws {
        var app = F.application(in: .suspended) // suspended 2025-05-25, respond by 2025-08-23
        let response = try #require(clock(.suspensionResponse, app, on: F.at(2025, 8, 23)))
        #expect((response.daysLeft, response.state) == (0, .dueSoon))
        #expect(clock(.suspensionResponse, app, on: F.at(2025, 8, 24))?.state == .overdue)
        #expect(clock(.appealFiling, app, on: F.at(2025, 5, 26))?.dueOn == F.day(2025, 8, 23)) // 90 days
        app.sanctionReason = .falseInformation
        #expect(clock(.appealFiling, app, on: F.at(2025, 5, 26))?.dueOn == F.day(2025, 6, 24)) // 30 days

        let appeal = F.application(in: .appealFiled) // filed 2025-05-20
        #expect(clock(.appealDecision, appeal, on: F.at(2025, 11, 16))?.daysLeft == 0)           // day 180
        #expect(clock(.appealDecision, appeal, on: F.at(2025, 11, 17))?.state == .overdue)        // day 181
        #expect(clocks.clocks(for: appeal, now: F.now).map(\.kind) == [.appealDecision])
    }

    @Test func appealFilingIsMetOnceFiledAgainstThatDecision() throws {
        var app = F.application(in: .rejected) // rejected 2025-05-25
        app.dates.appealFiledAt = F.at(2024, 1, 1) // an older appeal does not count
        #expect(clock(.appealFiling, app, on: F.now)?.state == .ok) // 83 days left
        app.dates.appealFiledAt = F.at(2025, 6, 1)
        #expect(clock(.appealFiling, app, on: F.at(2025, 7, 1))?.state == .met)
    }

    @Test func reapplicationWaitAfterRemoval() throws {
        var app = F.application(in: .removed)
        app.dates.removedAt = F.at(2024, 2, 29)
        #expect(clock(.reapplication, app, on: F.at(2025, 2, 27))?.state == .ok)
        let over = try #require(clock(.reapplication, app, on: F.at(2025, 2, 28)))
        #expect(over.state == .met && over.dueOn == F.day(2025, 2, 28))
        // Issue 11: no fixed five years after false information (the statute says "an appropriate
        // period"); the date the reviewer set at removal wins over Trustlane's one-year default.
        app.sanctionReason = .falseInformation
        #expect(clock(.reapplication, app, on: F.at(2025, 2, 28))?.dueOn == F.day(2025, 2, 28))
        app.reapplyAllowedOn = F.day(2027, 6, 1)
        #expect(clock(.reapplication, app, on: F.at(2025, 2, 28))?.dueOn == F.day(2027, 6, 1))
    }

    @Test func clocksPerStatus() {
        let expected: [MembershipStatus: [ClockKind]] = [
            .eligibilityConfirmed: [], .applied: [.certificationDecision], .profileSubmitted: [.certificationDecision],
            .underReview: [.certificationDecision], .informationRequested: [.certificationDecision],
            .resubmitted: [.certificationDecision], .certified: [.certificationDecision, .validationDue, .annualReview],
            .rejected: [.certificationDecision, .appealFiling], .validationPlanned: [.validationDue, .annualReview],
            .validated: [.annualReview, .revalidation], .validationFailed: [.validationDue, .annualReview, .appealFiling],
            .suspended: [.suspensionResponse, .appealFiling], .removed: [.appealFiling, .reapplication], .withdrawn: [],
            .appealFiled: [.appealDecision],
        ]
        for status in MembershipStatus.allCases {
            #expect(clocks.clocks(for: F.application(in: status), now: F.now).map(\.kind) == expected[status], "\(status)")
        }
    }
}
