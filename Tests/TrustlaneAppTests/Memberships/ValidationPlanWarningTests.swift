import Foundation
import Testing
import TrustlaneCore
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 11: a validation plan without a foreign site is taken but shown with a warning
    /// (6 U.S.C. 965(a): on-site assessments at appropriate foreign locations).
    @Suite struct ValidationPlanWarning {
        @Test func aPlanWithoutAForeignSiteIsFlaggedOneWithOneIsNot() async throws {
            for sites in [#"[{"name":"Laredo office","country":"US","visitOn":"2026-02-02"}]"#,
                          #"[{"name":"Monterrey yard","country":"MX","visitOn":"2026-02-02"}]"#] {
                try await withTrustlane { client in
                    client.app.clock = .fixed(.day("2026-01-10"))
                    let f = try await LifecycleFixture.make(client)
                    try await f.certify()
                    try await f.api(#"{"kind":"plan_validation","siteVisit":true,"sites":\#(sites),"startsOn":"2026-02-02","endsOn":"2026-02-03"}"#)
                    #expect(try await f.application().status == .validationPlanned)
                    let reviewer = try await client.signIn(f.reviewer.email)
                    let workspace = try await client.get("/companies/\(f.companyID)/membership/\(f.type.code)/review", as: reviewer)
                    #expect(workspace.text.contains("id=\"no-foreign-site\"") == sites.contains("\"US\""), "\(sites)")
                }
            }
            #expect(!ValidationPlan(purpose: .initial, siteVisit: true, sites: [], startsOn: ProgramDay("2026-02-02")!, endsOn: ProgramDay("2026-02-03")!).visitsAForeignSite)
        }
    
        /// Issue 11: an applicant's appeal of a rejection is labelled as Trustlane's choice; a
        /// member's appeal (the statute's) is not.
        @Test func anApplicantsAppealIsLabelledAsTrustlanesChoice() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-01-10"))
                let f = try await LifecycleFixture.make(client)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                try await f.submitProfileSnapshot()
                try await f.api(#"{"kind":"start_review"}"#)
                try await f.api(#"{"kind":"reject","reasons":["No seal procedures at all"]}"#)
                let officer = try await client.signIn(f.officer.email)
                let page = try await client.get("/companies/\(f.companyID)/membership", as: officer)
                #expect(page.text.contains("form-file_appeal") && page.text.contains("id=\"applicant-appeal-note\""))
                try await f.api(#"{"kind":"file_appeal"}"#, as: f.officerToken)
                #expect(try await f.application().status == .appealFiled)
            }
        }
    }
}
