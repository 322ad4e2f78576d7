import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The annual profile review (inside the 90 days before each certification anniversary) and
    /// the revalidation of a validated member, driven through the API with the clock moved.
    @Suite struct MembershipAnnualReview {
        static let certifiedOn = ProgramDay("2025-06-10")!
        static var anniversary: ProgramDay { certifiedOn.adding(years: 1) }
        static var opens: ProgramDay { anniversary.adding(days: -90) }
        static let submit = #"{"kind":"submit_annual_review","noUnpaidDebt":true}"#

        static func certified(_ client: TestClient) async throws -> LifecycleFixture {
            client.app.clock = .fixed(.day(certifiedOn.description))
            let f = try await LifecycleFixture.make(client)
            try await f.certify()
            return f
        }

        static func membership(_ client: TestClient, _ f: LifecycleFixture) async throws -> String {
            try await client.api(.GET, "/api/v1/companies/\(f.companyID)/memberships", token: f.officerToken).text
        }

        /// Issue 11: the annual review asks again whether a final debt to CBP is unpaid.
        @Test func theAnnualReviewAsksAgainAboutUnpaidDebt() async throws {
            try await withTrustlane { client in
                let f = try await Self.certified(client)
                client.app.clock = .fixed(.day(Self.opens.adding(days: 1).description))
                try await f.submitProfileSnapshot()
                let officer = try await client.signIn(f.officer.email)
                let page = try await client.get("/companies/\(f.companyID)/membership", as: officer)
                #expect(page.text.contains("form-submit_annual_review") && page.text.contains("name=\"no_unpaid_debt\""))
                let silent = try await f.api(#"{"kind":"submit_annual_review"}"#, as: f.officerToken, expect: .conflict)
                #expect(silent.text.contains(#""code":"unpaid_debt_to_cbp""#))
                let owing = try await f.api(#"{"kind":"submit_annual_review","noUnpaidDebt":false}"#, as: f.officerToken, expect: .conflict)
                #expect(owing.text.contains("cannot renew"))
                #expect(try await f.application().annualReview == nil, "a refusal records nothing")
                try await client.post(f.formPath, as: officer, form: [("kind", "submit_annual_review"), ("no_unpaid_debt", "yes")])
                #expect(try await f.application().annualReview?.status == .submitted)
            }
        }

        @Test func aCertifiedMemberSubmitsInsideTheWindowAndTheReviewerApproves() async throws {
            try await withTrustlane { client in
                let f = try await Self.certified(client)

                // The day before the window opens: refused with the reason and the window's days.
                client.app.clock = .fixed(.day(Self.opens.adding(days: -1).description))
                let early = try await f.api(Self.submit, as: f.officerToken, expect: .conflict)
                #expect(early.text.contains(#""code":"outside_annual_window""#) && early.text.contains(#""reason":"#))
                #expect(early.text.contains(Self.opens.description) && early.text.contains(Self.anniversary.description))
                #expect(try await f.application().annualReview?.status != .submitted)

                // Inside the window: submitted; only the officer submits, only a reviewer approves.
                client.app.clock = .fixed(.day(Self.opens.adding(days: 30).description))
                let coordinator = try await client.makeUser("coordinator-annual@example.com")
                try await client.addMember(coordinator, to: f.company, role: .coordinator)
                let byCoordinator = try await f.api(Self.submit, as: try await client.token(for: coordinator), expect: .conflict)
                #expect(byCoordinator.text.contains(#""code":"role_not_permitted""#))
                let approveTooSoon = try await f.api(#"{"kind":"approve_annual_review"}"#, expect: .conflict)
                #expect(approveTooSoon.text.contains(#""code":"annual_review_not_submitted""#))
                let submitted = try await f.api(Self.submit, as: f.officerToken)
                #expect(submitted.text.contains(#""result":"done""#))
                var application = try await f.application()
                #expect(application.status == .certified && application.annualReview?.status == .submitted)
                #expect(application.annualReview?.anniversary == Self.anniversary)
                #expect(try await MembershipAnnualReviewClock.state(client, f) == "met")
                // Waiting for the reviewer: the queue puts it at the anniversary, marked as an annual review decision.
                struct QueueKey: Decodable { let next_due_on: String?; let next_due_kind: String? }
                let sql = client.db as! any SQLDatabase
                let key = try await sql.select().columns("next_due_on", "next_due_kind").from("membership_applications")
                    .where("id", .equal, SQLBind(application.id.rawValue)).first(decoding: QueueKey.self)
                #expect(key?.next_due_kind == "annual_review_decision" && key?.next_due_on == Self.anniversary.description)
                let selfApproved = try await f.api(#"{"kind":"approve_annual_review"}"#, as: f.officerToken, expect: .conflict)
                #expect(selfApproved.text.contains(#""code":"role_not_permitted""#))

                let notifications = try await client.count(NotificationRecordCount.self)
                let approved = try await f.api(#"{"kind":"approve_annual_review"}"#)
                #expect(approved.text.contains(#""result":"done""#))
                #expect(try await client.count(NotificationRecordCount.self) > notifications, "the officer hears of the approval")
                let again = try await f.api(#"{"kind":"approve_annual_review"}"#)
                #expect(again.text.contains(#""result":"already_done""#))
                application = try await f.application()
                #expect(application.status == .certified && application.annualReview?.status == .approved)
                #expect(application.annualReview?.decidedAt != nil)
                let resubmitted = try await f.api(Self.submit, as: f.officerToken, expect: .conflict)
                #expect(resubmitted.text.contains(#""code":"annual_review_already_approved""#))

                // The API and the page show the record; the history and the audit trail hold both steps.
                let listed = try await Self.membership(client, f)
                #expect(listed.contains(#""annualReview":{"#) && listed.contains(#""status":"approved""#))
                let page = try await client.get("/companies/\(f.companyID)/membership", as: try await client.signIn(f.officer.email))
                #expect(page.text.contains(#"id="annual-review-HC""#) && page.text.contains(#"data-annual-review="approved""#))
                let kinds = try await MembershipStore(client.db).events(application: application.id).map(\.kind)
                #expect(kinds.filter { $0.hasSuffix("annual_review") } .sorted() == ["approve_annual_review", "submit_annual_review"])
                let audited = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(audited.contains("lifecycle.submit_annual_review") && audited.contains("lifecycle.approve_annual_review"))
            }
        }

        @Test func aReviewerReturnsAnAnnualReviewWithReasonsAndTheOfficerSubmitsAgain() async throws {
            try await withTrustlane { client in
                let f = try await Self.certified(client)
                client.app.clock = .fixed(.day(Self.opens.description))
                try await f.api(Self.submit, as: f.officerToken)
                let noReasons = try await f.api(#"{"kind":"reject_annual_review","reasons":["  "]}"#, expect: .conflict)
                #expect(noReasons.text.contains(#""code":"reasons_required""#))

                client.app.clock = .fixed(.day(Self.opens.adding(days: 5).description))
                try await f.api(#"{"kind":"reject_annual_review","reasons":["The risk assessment is older than a year","Seal log missing"],"internalNote":"INTERNAL-5512"}"#)
                let application = try await f.application()
                #expect(application.status == .certified && application.annualReview?.status == .returned)
                #expect(application.annualReview?.returnReasons == ["The risk assessment is older than a year", "Seal log missing"])
                // A returned review does not count: the clock runs again until the officer submits anew.
                #expect(try await MembershipAnnualReviewClock.state(client, f) != "met")

                // The company reads the reasons (API and page), never the internal note.
                let listed = try await Self.membership(client, f)
                #expect(listed.contains("Seal log missing") && listed.contains(#""status":"returned""#) && !listed.contains("INTERNAL-5512"))
                let page = try await client.get("/companies/\(f.companyID)/membership", as: try await client.signIn(f.officer.email))
                #expect(page.text.contains(#"data-annual-review="returned""#) && page.text.contains("Seal log missing"))
                #expect(!page.text.contains("INTERNAL-5512"))

                // Still inside the window, the officer submits again and the reviewer approves; on the last day of the window.
                client.app.clock = .fixed(.day(Self.anniversary.description))
                try await f.api(Self.submit, as: f.officerToken)
                #expect(try await f.application().annualReview?.status == .submitted)
                #expect(try await f.application().annualReview?.returnReasons.isEmpty == true)
                client.app.clock = .fixed(.day(Self.anniversary.adding(days: 3).description))
                try await f.api(#"{"kind":"approve_annual_review"}"#)
                #expect(try await f.application().annualReview?.status == .approved, "the approval may come after the window")
            }
        }

        @Test func aValidatedMembersRevalidationIsStartedAndRecordedAsTierIII() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-01-10"))
                // An importer: CBP offers Tier III to importers and exporters only (issue 11).
                let f = try await LifecycleFixture.make(client, type: .importer)
                try await f.certify()
                try await f.api(#"{"kind":"plan_validation","startsOn":"2026-02-02","endsOn":"2026-02-03"}"#)
                client.app.clock = .fixed(.day("2026-02-04"))
                try await f.api(#"{"kind":"record_validation","result":"tier_2"}"#)
                var application = try await f.application()
                #expect(application.status == .validated && application.tier == .two)
                let firstValidation = try #require(application.currentValidationID)
                // A validated member: a new result needs a revalidation first.
                let notStarted = try await f.api(#"{"kind":"record_validation","result":"tier_3"}"#, expect: .conflict)
                #expect(notStarted.text.contains(#""code":"revalidation_not_started""#))
                #expect(try await MembershipAnnualReviewClock.clock(client, f, "revalidation")?.dueOn == "2030-02-04")

                // Two years later a reviewer starts a revalidation: the member keeps its standing meanwhile.
                client.app.clock = .fixed(.day("2028-03-01"))
                let badPlan = try await f.api(#"{"kind":"start_revalidation","startsOn":"2026-01-01","endsOn":"2026-01-02"}"#, expect: .conflict)
                #expect(badPlan.text.contains(#""code":"invalid_plan""#), "a revalidation starts after the last validation")
                let byOfficer = try await f.api(#"{"kind":"start_revalidation","startsOn":"2028-03-10","endsOn":"2028-03-11"}"#, as: f.officerToken,
                                                expect: .conflict)
                #expect(byOfficer.text.contains(#""code":"role_not_permitted""#))
                try await f.api(#"{"kind":"start_revalidation","siteVisit":true,"startsOn":"2028-03-10","endsOn":"2028-03-11","sites":[{"name":"Nuevo Laredo yard","country":"MX","visitOn":"2028-03-10"}]}"#)
                application = try await f.application()
                #expect(application.status == .validated && application.tier == .two && application.revalidationInProgress)
                let revalidation = try #require(application.currentValidationID)
                #expect(revalidation != firstValidation)
                let plan = try #require(try await MembershipStore(client.db).validations(application: application.id).first { $0.id == revalidation.rawValue })
                #expect(plan.decodedPlan?.purpose == .revalidation && plan.decodedPlan?.sites.first?.country.code == "MX")
                let twice = try await f.api(#"{"kind":"start_revalidation","startsOn":"2028-03-10","endsOn":"2028-03-11"}"#)
                #expect(twice.text.contains(#""result":"already_done""#))
                #expect(try await MembershipStore(client.db).validations(application: application.id).count == 2)

                // Tier III needs a best practice; the reviewer records one on the revalidation, then passes it.
                client.app.clock = .fixed(.day("2028-03-12"))
                let noBestPractice = try await f.api(#"{"kind":"record_validation","result":"tier_3"}"#, expect: .conflict)
                #expect(noBestPractice.text.contains(#""code":"not_enough_best_practices""#))
                let reviewer = try await client.signIn(f.reviewer.email)
                try await client.post("/companies/\(f.companyID)/membership/\(f.type.code)/findings", as: reviewer,
                                      form: [("criterion", "3.4"), ("kind", "best_practice"), ("text", "Seal verification with photos at every handover")])
                let findings = try await MembershipStore(client.db).findings(validation: revalidation)
                #expect(findings.count == 1 && findings.first?.kind == .bestPractice)
                try await f.api(#"{"kind":"record_validation","result":"tier_3"}"#)
                application = try await f.application()
                #expect(application.status == .validated && application.tier == .three && !application.revalidationInProgress)
                #expect(application.dates.lastValidatedAt == .day("2028-03-12"))
                let closed = try #require(try await MembershipStore(client.db).validations(application: application.id).first { $0.id == revalidation.rawValue })
                #expect(closed.outcome == "tier_3" && closed.closed_at != nil)
                // The revalidation clock rolls over from the new validation.
                #expect(try await MembershipAnnualReviewClock.clock(client, f, "revalidation")?.dueOn == "2032-03-12")
                let kinds = try await MembershipStore(client.db).events(application: application.id).map(\.kind)
                #expect(kinds.contains("start_revalidation") && kinds.filter { $0 == "record_validation" }.count == 2)
                let report = try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/validations/\(revalidation)/report", as: reviewer)
                #expect(report.status == .ok && report.text.contains("Nuevo Laredo yard") && report.text.contains("Seal verification with photos"))
            }
        }
    }
}

/// Reads one clock of the fixture's membership through the API.
enum MembershipAnnualReviewClock {
    static func clock(_ client: TestClient, _ f: LifecycleFixture, _ kind: String) async throws -> ClockResponse? {
        let response = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/memberships", token: f.officerToken)
        struct Item: Decodable { let entityType: String; let clocks: [ClockResponse] }
        let items = try JSONDecoder().decode([Item].self, from: Data(response.text.utf8))
        return items.first { $0.entityType == f.type.code }?.clocks.first { $0.kind == kind }
    }

    static func state(_ client: TestClient, _ f: LifecycleFixture) async throws -> String? {
        try await clock(client, f, "annual_review")?.state
    }
}
