import Foundation
import Testing
@testable import TrustlaneCore

/// Appeals: the windows (90 days, 30 for false information), one appeal per decision, the
/// decision by another reviewer, and where upheld and overturned appeals lead.
@Suite("Lifecycle: appeals")
struct AppealTests {
    typealias F = LifecycleFixtures

    func rejected(on date: Date) -> MembershipApplication {
        var app = F.application(in: .rejected)
        app.dates.rejectedAt = date
        return app
    }

    @Test func denialAppealWindowIsNinetyDaysIncludingTheLast() {
        let app = rejected(on: F.at(2025, 1, 1, 9))
        #expect(F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 3, 31))) == nil)  // day 89
        #expect(F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 4, 1, 23, 59))) == nil) // day 90
        let late = F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 4, 2, 0, 0)))  // day 91
        #expect(late?.reason == .appealWindowClosed)
        #expect(late?.message == "The appeal window closed on 2025-04-01")
    }

    @Test func falseInformationSuspensionAppealWindowIsThirtyDays() {
        var app = F.application(in: .suspended)
        app.sanctionReason = .falseInformation
        app.dates.suspendedAt = F.at(2025, 1, 1)
        #expect(F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 1, 31))) == nil) // day 30
        #expect(F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 2, 1)))?.reason
                == .appealWindowClosed) // day 31
        app.sanctionReason = .securityIncident
        #expect(F.refusal(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 2, 1))) == nil)
    }

    @Test func upheldAppealReturnsToTheDecisionAndCannotBeFiledAgain() throws {
        var app = rejected(on: F.at(2025, 5, 1))
        app = try F.take(.fileAppeal, app, by: F.officer, context: F.favourableContext(now: F.at(2025, 5, 10))).application
        #expect(app.status == .appealFiled && app.previousStatus == .rejected)
        let decided = try F.take(.decideAppeal(.upheld), app, by: F.reviewer, context: F.favourableContext(now: F.at(2025, 6, 1)))
        #expect(decided.to == .rejected && decided.application.appealDecision == .upheld)
        #expect(decided.notifications[0].messageKey == "notification.appeal_upheld")
        let again = F.refusal(.fileAppeal, decided.application, by: F.officer, context: F.favourableContext(now: F.at(2025, 6, 2)))
        #expect(again?.reason == .appealAlreadyDecided)
        #expect(F.refusal(.decideAppeal(.upheld), decided.application, by: F.reviewer, context: F.favourableContext())?.reason
                == .alreadyDone)
    }

    @Test func overturnedDecisionsReturnToTheStepBefore() throws {
        let context = F.favourableContext()
        func overturn(_ appealed: MembershipStatus, tier: Tier?) throws -> MembershipApplication {
            var app = F.application(in: .appealFiled)
            app.previousStatus = appealed
            app.tier = tier
            return try F.take(.decideAppeal(.overturned), app, by: F.reviewer, context: context).application
        }
        let rejection = try overturn(.rejected, tier: nil)
        #expect(rejection.status == .underReview && rejection.tier == nil)
        #expect(try overturn(.validationFailed, tier: .one).status == .validationPlanned)
        let suspension = try overturn(.suspended, tier: .three)
        #expect(suspension.status == .validated && suspension.tier == .three && suspension.sanctionReason == nil)
        #expect(suspension.dates.reinstatedAt == context.now)
        #expect(try overturn(.removed, tier: .one).status == .certified)
    }

    @Test func theReviewerWhoDecidedDoesNotDecideTheAppeal() {
        let app = F.application(in: .appealFiled) // suspension decided by otherReviewer
        #expect(F.refusal(.decideAppeal(.upheld), app, by: F.otherReviewer, context: F.favourableContext())?.reason
                == .sameReviewerDecidesAppeal)
        let lenient = MembershipLifecycle(settings: ProgramSettings(appealNeedsAnotherReviewer: false))
        #expect(F.refusal(.decideAppeal(.upheld), app, by: F.otherReviewer, context: F.favourableContext(), lifecycle: lenient) == nil)
    }

    @Test func appealsFromEveryAppealableDecision() throws {
        for status in [MembershipStatus.rejected, .validationFailed, .suspended, .removed] {
            let outcome = try F.take(.fileAppeal, F.application(in: status), by: F.officer, context: F.favourableContext())
            #expect(outcome.to == .appealFiled && outcome.application.previousStatus == status)
            #expect(outcome.notifications[0].audiences.contains(.allReviewers))
            #expect(outcome.event.details["appealed_status"] == status.rawValue)
        }
    }
}
