import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct MembershipRules {
        @Test func aTransitionAttemptedTwiceHappensOnce() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client)
                let first = try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                #expect(first.text.contains(#""result":"done""#))
                let notifications = try await client.count(NotificationRecordCount.self)
                let again = try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                #expect(again.text.contains(#""result":"already_done""#))
                // A second tab posting the same form with the version it saw: success, nothing repeated.
                let officer = try await client.signIn(f.officer.email)
                try await client.post(f.formPath, as: officer, form: [("kind", "apply"), ("agreement", "yes"), ("version", "1")])
                let id = try await f.application().id
                let kinds = try await MembershipStore(client.db).events(application: id).map(\.kind)
                #expect(kinds == ["apply"])
                #expect(try await client.count(NotificationRecordCount.self) == notifications)
            }
        }

        @Test func refusalsAnswer409WithTheirCodeAndBadInputNamesTheField() async throws {
            try await withTrustlane { client in
                let f = try await LifecycleFixture.make(client)
                // Only the officer applies; a reviewer cannot.
                let byReviewer = try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, expect: .conflict)
                #expect(byReviewer.text.contains(#""code":"role_not_permitted""#))
                let noAgreement = try await f.api(#"{"kind":"apply"}"#, as: f.officerToken, expect: .conflict)
                #expect(noAgreement.text.contains(#""code":"agreement_not_accepted""#))
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                let certify = try await f.api(#"{"kind":"certify"}"#, expect: .conflict)
                #expect(certify.text.contains(#""code":"wrong_state""#))
                let bad = try await f.api(#"{"kind":"fly"}"#, expect: .badRequest)
                #expect(bad.text.contains(#""field":"kind""#))
                let badPlan = try await f.api(#"{"kind":"plan_validation","startsOn":"tomorrow"}"#, expect: .badRequest)
                #expect(badPlan.text.contains(#""field":"startsOn""#) && badPlan.text.contains(#""field":"endsOn""#))
                let badSuspend = try await f.api(#"{"kind":"suspend","sanctionReason":"mood"}"#, expect: .badRequest)
                #expect(badSuspend.text.contains(#""field":"sanctionReason""#))
                #expect(try await client.api(.POST, "/api/v1/companies/\(f.companyID)/memberships/XYZ/transitions", token: f.officerToken,
                                             json: #"{"kind":"apply"}"#).status == .notFound)
            }
        }

        @Test func companyNeverSeesInternalNotesOrOtherCompanies() async throws {
            try await withTrustlane { client in
                let f = try await LifecycleFixture.make(client)
                let other = try await LifecycleFixture.make(client, name: "Other Importer", reviewers: (f.reviewer, f.otherReviewer))
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                try await f.submitProfileSnapshot()
                try await f.api(#"{"kind":"start_review"}"#)
                try await f.api(#"{"kind":"request_information","items":["Guard roster"],"internalNote":"INTERNAL-7781 check the owner"}"#)

                let officer = try await client.signIn(f.officer.email)
                let page = try await client.get("/companies/\(f.companyID)/membership", as: officer)
                #expect(page.status == .ok && page.text.contains("Guard roster") && !page.text.contains("INTERNAL-7781"))
                let api = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/memberships", token: f.officerToken)
                #expect(api.status == .ok && !api.text.contains("INTERNAL-7781"))
                // Not the reviewer's workspace, not another company.
                let workspace = try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/review", as: officer)
                #expect(workspace.status == .seeOther && workspace.location == "/companies/\(f.companyID)/membership")
                #expect(try await client.get("/review", as: officer).status == .forbidden)
                #expect(try await client.get("/companies/\(other.companyID)/membership", as: officer).status == .notFound)
                #expect(try await client.api(.GET, "/api/v1/companies/\(other.companyID)/memberships", token: f.officerToken).status == .notFound)
                #expect(try await client.api(.POST, other.transitionsPath, token: f.officerToken, json: #"{"kind":"withdraw"}"#).status == .notFound)
                #expect(try await client.api(.GET, "/api/v1/review/queue", token: f.officerToken).status == .forbidden)
                let reviewer = try await client.signIn(f.reviewer.email)
                #expect(try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/review", as: reviewer).text.contains("INTERNAL-7781"))
            }
        }

        @Test func suspensionEndsInReinstatementOrRemovalAndAppealsGoToAnotherReviewer() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-01-10"))
                let f = try await LifecycleFixture.make(client)
                try await f.certify()
                try await f.api(#"{"kind":"suspend","sanctionReason":"security_incident","responseDeadline":"2026-02-20"}"#)
                var application = try await f.application()
                #expect(application.status == .suspended && application.tier == .one)
                let listed = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/memberships", token: f.officerToken)
                #expect(listed.text.contains(#""kind":"suspension_response""#) && listed.text.contains(#""dueOn":"2026-02-20""#))
                try await f.api(#"{"kind":"reinstate","correctiveActionPlan":"Fix the gate lock and retrain the guards.","planCompletedBy":"2030-01-31","unannouncedVisits":true}"#)
                #expect(try await f.application().status == .certified)

                try await f.api(#"{"kind":"suspend","sanctionReason":"unresponsive"}"#)
                try await f.api(#"{"kind":"remove","sanctionReason":"unresponsive"}"#)
                #expect(try await f.application().status == .removed)
                try await f.api(#"{"kind":"file_appeal"}"#, as: f.officerToken)
                #expect(try await f.application().status == .appealFiled)
                let same = try await f.api(#"{"kind":"decide_appeal","decision":"overturned"}"#, expect: .conflict)
                #expect(same.text.contains("same_reviewer_decides_appeal"))
                let other = try await client.token(for: f.otherReviewer)
                try await f.api(#"{"kind":"decide_appeal","decision":"overturned"}"#, as: other)
                application = try await f.application()
                #expect(application.status == .certified)
            }
        }
    }
}

/// Counts outbox rows.
enum NotificationRecordCount {}

extension TestClient {
    func count(_ table: NotificationRecordCount.Type) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await (db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .first(decoding: Count.self)?.n ?? 0
    }
}
