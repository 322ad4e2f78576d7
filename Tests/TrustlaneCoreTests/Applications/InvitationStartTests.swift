import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct InvitationStartTests {
    let company = CompanyID()
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func needingCBPsInvitationRefusesUntilTheInvitationIsNamed() throws {
        let outcome = EligibilityOutcome.needsInvitation(reasons: ["Foreign manufacturers outside Mexico and Canada join by CBP's invitation."])
        let without = MembershipApplication.start(companyID: company, entityType: .foreignManufacturer, eligibility: outcome, earlier: [], now: now)
        guard case .failure(let refusal) = without else { Issue.record("applied without an invitation"); return }
        #expect(refusal.reason == .notEligible && refusal.message.contains("invitation"))
        let blank = MembershipApplication.start(companyID: company, entityType: .foreignManufacturer, eligibility: outcome, earlier: [], now: now,
                                                invitationReference: "   ")
        #expect((try? blank.get()) == nil)
        let invited = try MembershipApplication.start(companyID: company, entityType: .foreignManufacturer, eligibility: outcome, earlier: [],
                                                      now: now, invitationReference: "CBP letter 2026-10-02").get()
        #expect(invited.status == .eligibilityConfirmed && invited.entityType == .foreignManufacturer)
    }

    @Test func anInvitationDoesNotOverrideNotEligible() {
        let refused = MembershipApplication.start(companyID: company, entityType: .foreignManufacturer,
                                                  eligibility: .notEligible(reasons: ["No MID."]), earlier: [], now: now,
                                                  invitationReference: "CBP letter")
        guard case .failure(let refusal) = refused else { Issue.record("a not-eligible company applied"); return }
        #expect(refusal.reason == .notEligible)
        let incomplete = MembershipApplication.start(companyID: company, entityType: .foreignManufacturer,
                                                     eligibility: .incomplete(missing: []), earlier: [], now: now, invitationReference: "CBP letter")
        #expect((try? incomplete.get()) == nil)
    }
}
