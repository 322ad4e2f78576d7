import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Notifications: who, what, and never twice")
struct NotificationPlanTests {
    typealias F = LifecycleFixtures

    @Test func transitionKeysAreStable() throws {
        let app = F.application(in: .underReview, preparedFor: .certify)
        let first = try F.take(.certify, app, by: F.reviewer, context: F.favourableContext())
        let again = try F.take(.certify, app, by: F.reviewer, context: F.favourableContext())
        let intent = try #require(first.notifications.first)
        #expect(intent.dedupeKey == "transition:\(app.id):certify:\(Int(F.now.timeIntervalSince1970))")
        #expect(first.notifications == again.notifications)
        #expect(intent.audiences == [.companyOfficers, .companyCoordinators, .monitoringPartners])
        #expect(intent.messageKey == "notification.certify")
        #expect(intent.parameters["tier"] == "Tier I")
        #expect(intent.englishText == "Certified: Tier I (IMP).")
    }

    @Test func companyStepsGoToTheAssignedReviewerOrAllReviewers() throws {
        var app = F.application(in: .informationRequested)
        let toAssigned = try F.take(.resubmit, app, by: F.officer, context: F.favourableContext())
        #expect(toAssigned.notifications[0].audiences == [.companyCoordinators, .assignedReviewer])
        #expect(toAssigned.notifications[0].reviewerID == F.reviewerID)
        app = F.application(in: .applied)
        let toAll = try F.take(.submitProfile, app, by: F.officer, context: F.favourableContext())
        #expect(toAll.notifications[0].audiences == [.companyCoordinators, .allReviewers])
    }

    @Test func partnersHearOnlyOfChangesTheySee() throws {
        let annual = try F.take(.submitAnnualReview(noUnpaidDebt: true), F.application(in: .validated), by: F.officer, context: F.favourableContext())
        #expect(!annual.notifications[0].audiences.contains(.monitoringPartners))
        let planned = try F.take(.planValidation(F.validationPlan()), F.application(in: .certified), by: F.reviewer,
                                 context: F.favourableContext())
        #expect(!planned.notifications[0].audiences.contains(.monitoringPartners))
        let validated = try F.take(.recordValidation(.passed(.two)), F.application(in: .validationPlanned), by: F.reviewer,
                                   context: F.favourableContext())
        #expect(validated.notifications[0].audiences.contains(.monitoringPartners))
    }

    @Test func clockKeysNameTheDueDayAndState() {
        var app = F.application(in: .underReview)
        app.dates.appliedAt = F.at(2025, 1, 1) // due 2025-04-01
        app.dates.profileSubmittedAt = F.at(2025, 1, 1) // the clock counts from the submitted profile
        let clocks = MembershipClocks()
        func intents(_ now: Date) -> [NotificationIntent] {
            NotificationPlan.forClocks(clocks.clocks(for: app, now: now), application: app, today: ProgramDay(now))
        }
        #expect(intents(F.at(2025, 3, 1)).isEmpty) // 31 days left: nothing
        let soon = intents(F.at(2025, 3, 2))
        #expect(soon.map(\.dedupeKey) == ["clock:\(app.id):certification_decision:2025-04-01:due_soon"])
        #expect(intents(F.at(2025, 3, 20)).map(\.dedupeKey) == soon.map(\.dedupeKey)) // same key every day: sent once
        let overdue = intents(F.at(2025, 4, 2))
        #expect(overdue.map(\.dedupeKey) == ["clock:\(app.id):certification_decision:2025-04-01:overdue"])
        #expect(overdue[0].audiences == [.assignedReviewer])
        #expect(overdue[0].englishText == "The certification decision is overdue since 2025-04-01 (1 days).")
    }

    @Test func annualWindowOpeningAndOverdueReachTheCompanyAndReviewer() {
        let app = F.application(in: .certified) // window 2025-04-16 ... 2025-07-15
        let clocks = MembershipClocks()
        func keys(_ now: Date) -> [String] {
            NotificationPlan.forClocks(clocks.clocks(for: app, now: now), application: app, today: ProgramDay(now))
                .filter { $0.dedupeKey.contains("annual_review") }.map(\.dedupeKey)
        }
        #expect(keys(F.at(2025, 4, 15)).isEmpty)
        #expect(keys(F.at(2025, 4, 16)) == ["clock:\(app.id):annual_review:2025-07-15:window_open"])
        #expect(keys(F.at(2025, 7, 1)) == ["clock:\(app.id):annual_review:2025-07-15:due_soon",
                                           "clock:\(app.id):annual_review:2025-07-15:window_open"])
        let overdue = NotificationPlan.forClocks(clocks.clocks(for: app, now: F.at(2025, 7, 16)), application: app,
                                                 today: F.day(2025, 7, 16)).first { $0.dedupeKey.hasSuffix("annual_review:2025-07-15:overdue") }
        #expect(overdue?.audiences == [.companyOfficers, .companyCoordinators, .assignedReviewer])
    }

    @Test func closedAppealWindowsAndMetClocksStayQuiet() {
        var app = F.application(in: .rejected)
        app.dates.rejectedAt = F.at(2025, 1, 1)
        let clocks = MembershipClocks().clocks(for: app, now: F.at(2025, 6, 1))
        #expect(clocks.first { $0.kind == .appealFiling }?.state == .overdue)
        #expect(NotificationPlan.forClocks(clocks, application: app, today: F.day(2025, 6, 1)).isEmpty)
    }

    @Test func everyKeyHasEnglishText() throws {
        for key in NotificationTexts.allKeys {
            #expect(NotificationTexts.english(key, [:]) != key, "\(key)")
        }
        // every transition's intent uses a known key
        for status in MembershipStatus.allCases {
            for transition in F.transitions {
                for actor in F.actors {
                    let app = F.application(in: status, preparedFor: transition.kind)
                    if case .success(let outcome) = F.lifecycle.attempt(transition, from: app, by: actor, context: F.favourableContext()) {
                        #expect(NotificationTexts.transitions[outcome.notifications[0].messageKey] != nil)
                        #expect(!outcome.notifications[0].englishText.contains("{"), "\(outcome.notifications[0].englishText)")
                    }
                }
            }
        }
    }
}
