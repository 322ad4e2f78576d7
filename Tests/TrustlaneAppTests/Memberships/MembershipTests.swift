import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct MembershipLifecyclePath {
        /// Issue 13: a refused transition names its field in words and by row.
        @Test func refusedFieldsAreNamedInWordsAndByRow() {
            let english = LocalizationCatalog.shared.localizer(for: .english)
            let spanish = LocalizationCatalog.shared.localizer(for: .spanish)
            #expect(MembershipController.fieldLabel(english, "sites[1].country") == "Site 2: Country")
            #expect(MembershipController.fieldLabel(spanish, "sites[0].visitOn") == "Sitio 1: Día de visita")
            #expect(MembershipController.fieldLabel(english, "startsOn") == "Starts on")
            #expect(!MembershipController.fieldLabel(english, "sites[3].visitOn").contains("["))
        }

        /// Issue 13: leaving the program, and a reviewer's rejection, suspension or removal, happen
        /// only with the confirming box ticked; without it nothing changes and the page says why.
        @Test func stepsThatEndAMembershipNeedTheirBoxTicked() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client)
                let officer = try await client.signIn(f.officer.email)
                let reviewer = try await client.signIn(f.reviewer.email)
                _ = try await client.post(f.formPath, as: officer, form: [("kind", "apply"), ("agreement", "yes")])
                try await f.submitProfileSnapshot()
                try await client.post(f.formPath, as: reviewer, form: [("kind", "start_review")])
                let status = try await f.application().status
                let review = try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/review", as: reviewer)
                #expect(review.status == .ok && review.text.contains("form-reject"))
                #expect(review.text.contains("name=\"confirm\" value=\"yes\" required"))
                let unconfirmedReject = try await client.post(f.formPath, as: reviewer, form: [("kind", "reject"), ("reasons", "Not eligible")])
                #expect(unconfirmedReject.status == .seeOther)
                #expect(try await f.application().status == status, "no rejection without the box")
                #expect(try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/review", as: reviewer).text.contains("flash-error"))

                let unconfirmed = try await client.post(f.formPath, as: officer, form: [("kind", "withdraw")])
                #expect(unconfirmed.status == .seeOther)
                #expect(try await f.application().status == status, "nothing happens without the box")
                let page = try await client.get("/companies/\(f.companyID)/membership", as: officer).text
                #expect(page.contains("flash-error"))

                _ = try await client.post(f.formPath, as: officer, form: [("kind", "withdraw"), ("confirm", "yes")])
                #expect(try await f.application().status == .withdrawn)
            }
        }

        @Test func officerAndReviewerWalkFromApplicationToValidatedInTheBrowser() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client)
                let officer = try await client.signIn(f.officer.email)
                let reviewer = try await client.signIn(f.reviewer.email)
                let page = "/companies/\(f.companyID)/membership"

                // The officer sees the apply form with the agreement; without ticking it nothing happens.
                let before = try await client.get(page, as: officer)
                #expect(before.status == .ok && before.text.contains("form-apply") && before.text.contains("partner-agreement"))
                // Nothing to leave before applying (issue 13).
                #expect(!before.text.contains("form-withdraw") && !before.text.contains("danger-zone"))
                try await client.post(f.formPath, as: officer, form: [("kind", "apply")])
                #expect(try await MembershipStore(client.db).application(company: f.companyID, type: f.type) == nil)
                let refused = try await client.get(page, as: officer)
                #expect(refused.text.contains("flash-error"))

                let applied = try await client.post(f.formPath, as: officer, form: [("kind", "apply"), ("agreement", "yes")])
                #expect(applied.status == .seeOther)
                #expect(try await f.application().status == .applied)
                #expect(try await f.application().agreementAcceptedBy == f.officer.userID)
                // Once applied, leaving is offered, apart from the everyday actions and behind a confirmation.
                let member = try await client.get(page, as: officer).text
                #expect(member.contains("class=\"danger-zone\"") && member.contains("form-withdraw"))
                #expect(member.contains("name=\"confirm\" value=\"yes\" required"))
                let check = try #require(try await EligibilityCheckModel.query(on: client.db).filter(\.$entityType == f.type.rawValue).first())
                #expect(check.lockedAt != nil)

                // Submitting the profile moves the application on, in the same transaction.
                try await f.submitProfileSnapshot()
                #expect(try await f.application().status == .profileSubmitted)

                // The reviewer finds it in the queue and reviews it.
                let queue = try await client.get("/review", as: reviewer)
                #expect(queue.status == .ok && queue.text.contains("Fronteras Carriers"))
                let review = "/companies/\(f.companyID)/membership/\(f.type.code)/review"
                #expect(try await client.get(review, as: reviewer).text.contains("form-start_review"))
                try await client.post(f.formPath, as: reviewer, form: [("kind", "start_review")])
                try await client.post(f.formPath, as: reviewer, form: [("kind", "request_information"), ("items", "Seal log for March\nGuard roster"),
                                                                      ("internal_note", "Looks thin on seals")])
                #expect(try await f.application().status == .informationRequested)

                // An open request blocks the resubmission; once answered, the officer resubmits.
                try await f.informationRequest(open: true)
                try await f.submitProfileSnapshot()
                #expect(try await f.application().status == .informationRequested)
                try await f.informationRequest(open: false)
                try await client.post(f.formPath, as: officer, form: [("kind", "resubmit")])
                #expect(try await f.application().status == .resubmitted)

                // Certification waits for CBP's background vetting (issue 11).
                try await client.post(f.formPath, as: reviewer, form: [("kind", "certify"), ("confirm", "yes")])
                #expect(try await f.application().status == .resubmitted)
                #expect(try await client.get(review, as: reviewer).text.contains("form-complete_vetting"))
                try await client.post(f.formPath, as: reviewer, form: [("kind", "complete_vetting")])
                // Issue 14: certifying asks for the box, like the other decisions; the panel says what stands open.
                let panel = try await client.get(review, as: reviewer).text
                #expect(panel.contains("id=\"decision-panel\"") && panel.contains("id=\"submitted-profile\""))
                #expect(panel.contains("id=\"form-certify\"") && panel.contains("name=\"confirm\" value=\"yes\" required"))
                try await client.post(f.formPath, as: reviewer, form: [("kind", "certify")])
                #expect(try await f.application().status == .resubmitted, "no certification without the box")
                #expect(try await client.get(review, as: reviewer).text.contains("tick the box to confirm the certification"))
                try await client.post(f.formPath, as: reviewer, form: [("kind", "certify"), ("confirm", "yes")])
                var application = try await f.application()
                #expect(application.status == .certified && application.tier == .one)

                // Validation: a plan with a foreign site, a required action, the company's answer, closing, outcome.
                try await client.post(f.formPath, as: reviewer, form: [("kind", "plan_validation"), ("site_visit", "yes"),
                                                                      ("sites", "Monterrey yard | MX | 2026-03-20\nLaredo office | US | 2026-03-21"),
                                                                      ("starts_on", "2026-03-20"), ("ends_on", "2026-03-21")])
                application = try await f.application()
                #expect(application.status == .validationPlanned)
                try await client.post("/companies/\(f.companyID)/membership/\(f.type.code)/findings", as: reviewer,
                                      form: [("criterion", "3.4"), ("kind", "required_action"), ("text", "Log every seal change"),
                                             ("response_due_on", "2026-04-30")])
                let validation = try #require(application.currentValidationID)
                let finding = try #require(try await MembershipStore(client.db).findings(validation: validation).first)
                #expect(finding.kind == .requiredAction && finding.status == .open)
                // A well-formed number that is not in the company's catalog is refused, and nothing is recorded.
                let unknown = try await client.post("/companies/\(f.companyID)/membership/\(f.type.code)/findings", as: reviewer,
                                                    form: [("criterion", "99.9"), ("kind", "recommendation"), ("text", "No such criterion")])
                #expect(unknown.status == .seeOther, "back to the review page, got \(unknown.status)")
                let said = try await client.get(review, as: reviewer).text
                #expect(said.contains("99.9 is not a criterion of"), "the refusal is shown on the page it leads back to")
                #expect(try await MembershipStore(client.db).findings(validation: validation).count == 1)

                try await client.post(f.formPath, as: reviewer, form: [("kind", "record_validation"), ("result", "tier_2")])
                #expect(try await f.application().status == .validationPlanned, "an open required action blocks Tier II")

                let companyView = try await client.get(page, as: officer)
                #expect(companyView.text.contains("Log every seal change") && companyView.text.contains("finding-response"))
                try await client.post("/companies/\(f.companyID)/membership/\(f.type.code)/findings/\(finding.id)/response", as: officer,
                                      form: [("response", "Seal changes are logged in the yard book; photo attached")])
                try await client.post("/companies/\(f.companyID)/membership/\(f.type.code)/findings/\(finding.id)/close", as: reviewer)
                try await client.post(f.formPath, as: reviewer, form: [("kind", "record_validation"), ("result", "tier_2")])
                application = try await f.application()
                #expect(application.status == .validated && application.tier == .two)

                // The report prints; the history and audit trail hold every step.
                let report = try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/validations/\(validation)/report", as: officer)
                #expect(report.status == .ok && report.text.contains("Monterrey yard") && report.text.contains("Tier II"))
                let kinds = try await MembershipStore(client.db).events(application: application.id).map(\.kind)
                #expect(kinds.reversed() == ["apply", "submit_profile", "start_review", "request_information", "resubmit", "complete_vetting",
                                             "certify", "plan_validation", "record_validation"])
                let audited = try await AuditEntryModel.query(on: client.db).all().map(\.action).filter { $0.hasPrefix("lifecycle.") }
                #expect(audited.count == 9)
                let verification = try await AuditLog.verify(on: client.db)
                if case .broken = verification { Issue.record("audit chain broken: \(verification)") }

                // Reviewers' internal notes stay on the reviewer's pages.
                #expect(!(try await client.get(page, as: officer)).text.contains("Looks thin on seals"))
                #expect(try await client.get(review, as: reviewer).text.contains("Looks thin on seals"))
            }
        }
    }
}
