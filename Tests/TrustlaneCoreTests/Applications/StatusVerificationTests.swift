import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Status verification: monitoring partners and links")
struct StatusVerificationTests {
    typealias F = LifecycleFixtures
    let partnerCompany = CompanyID()

    @Test func partnersRequestTheMemberAcceptsOrDeclines() throws {
        let request = try MonitoringConnection.request(partner: partnerCompany, member: F.companyID, memberStatus: .validated,
                                                       by: LifecycleActor(role: .coordinator, userID: UserID()), at: F.now).get()
        #expect(request.status == .requested && !request.grantsView)
        #expect(StatusVerification.partnerView(of: F.application(in: .validated), companyName: "Acme", connection: request) == nil)
        #expect(request.decide(accept: true, by: F.reviewer, at: F.now).refusalReason == .roleNotPermitted)

        let accepted = try request.decide(accept: true, by: F.officer, at: F.now).get()
        #expect(accepted.decide(accept: true, by: F.officer, at: F.now).refusalReason == .alreadyDone)
        #expect(accepted.decide(accept: false, by: F.officer, at: F.now).refusalReason == .wrongState)
        let view = try #require(StatusVerification.partnerView(of: F.application(in: .validated), companyName: "Acme", connection: accepted))
        #expect(view == PartnerStatusView(companyName: "Acme", entityType: .importer, status: .validated, tier: .two,
                                          statusDate: F.day(2025, 3, 1)))
        // nothing of the profile can be in the view: its encoded keys are exactly these
        let keys = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any]).keys
        #expect(Set(keys) == ["companyName", "entityType", "status", "tier", "statusDate"])

        let removed = try accepted.remove(by: F.coordinator, at: F.now).get()
        #expect(!removed.grantsView)
        #expect(removed.remove(by: F.officer, at: F.now).refusalReason == .alreadyDone)
        let declined = try request.decide(accept: false, by: F.officer, at: F.now).get()
        #expect(declined.remove(by: F.officer, at: F.now).refusalReason == .wrongState)
    }

    @Test func onlyMembersInGoodStandingCanBeMonitored() {
        for status in MembershipStatus.allCases {
            let result = MonitoringConnection.request(partner: partnerCompany, member: F.companyID, memberStatus: status,
                                                      by: F.officer, at: F.now)
            #expect((result.refusalReason == nil) == status.isMemberInGoodStanding, "\(status)")
        }
        #expect(MonitoringConnection.request(partner: F.companyID, member: F.companyID, memberStatus: .certified,
                                             by: F.officer, at: F.now).refusalReason == .wrongState)
        #expect(MonitoringConnection.request(partner: partnerCompany, member: F.companyID, memberStatus: .certified,
                                             by: F.consultant, at: F.now).refusalReason == .roleNotPermitted)
    }

    @Test func partnersSeeTheStandingNotTheWorkflowStep() throws {
        let expected: [MembershipStatus: (VerifiedStatus, Tier?)] = [
            .eligibilityConfirmed: (.notCertified, nil), .applied: (.notCertified, nil), .profileSubmitted: (.notCertified, nil),
            .underReview: (.notCertified, nil), .informationRequested: (.notCertified, nil), .resubmitted: (.notCertified, nil),
            .certified: (.certified, .one), .rejected: (.notCertified, nil), .validationPlanned: (.certified, .one),
            .validated: (.validated, .two), .validationFailed: (.benefitsReduced, nil), .suspended: (.suspended, nil),
            .removed: (.removed, nil), .withdrawn: (.withdrawn, nil), .appealFiled: (.suspended, nil),
        ]
        let request = try MonitoringConnection.request(partner: partnerCompany, member: F.companyID, memberStatus: .certified,
                                                       by: F.officer, at: F.now).get()
        let accepted = try request.decide(accept: true, by: F.officer, at: F.now).get()
        for status in MembershipStatus.allCases {
            let view = StatusVerification.partnerView(of: F.application(in: status), companyName: "Acme", connection: accepted)
            #expect(view?.status == expected[status]?.0, "\(status)")
            #expect(view?.tier == expected[status]?.1, "\(status)")
        }
        #expect(StatusVerification.statusDate(F.application(in: .suspended)) == F.day(2025, 5, 25))
        // Issue 11: a failed validation is never shown as "certified"; its date is the failure's.
        var failed = F.application(in: .validationFailed)
        failed.dates.validationFailedAt = F.at(2025, 6, 2)
        #expect(StatusVerification.verifiedStatus(failed) == .benefitsReduced)
        #expect(StatusVerification.statusDate(failed) == F.day(2025, 6, 2))
        // Planning the next validation does not restore "certified"; passing it does.
        var replanned = F.application(in: .validationPlanned)
        replanned.dates.validationFailedAt = F.at(2025, 6, 2)
        #expect(StatusVerification.verifiedStatus(replanned) == .benefitsReduced)
        replanned.dates.lastValidatedAt = F.at(2025, 9, 1)
        #expect(StatusVerification.verifiedStatus(replanned) == .certified)
    }

    @Test func verificationLinksShowLittleAndCanBeRevoked() throws {
        let app = F.application(in: .certified)
        let (link, token) = try VerificationLink.issue(for: app, by: F.officer, at: F.now, token: "tlv_known").get()
        #expect(link.tokenDigest == SecureToken.digest("tlv_known") && link.matches(token) && !link.matches("tlv_other"))
        #expect(link.expiresAt == F.now.addingTimeInterval(365 * 86_400))
        let view = try #require(StatusVerification.linkView(of: app, companyName: "Acme", link: link, now: F.now))
        #expect(view == VerificationLinkView(companyName: "Acme", entityType: .importer, status: .certified,
                                             statusDate: F.day(2024, 7, 15)))
        #expect(StatusVerification.linkView(of: app, companyName: "Acme", link: link,
                                            now: F.now.addingTimeInterval(366 * 86_400)) == nil)
        #expect(StatusVerification.linkView(of: F.application(in: .validated), companyName: "Other", link: link, now: F.now) == nil)

        let revoked = try link.revoke(by: F.coordinator, at: F.now).get()
        #expect(StatusVerification.linkView(of: app, companyName: "Acme", link: revoked, now: F.now) == nil)
        #expect(revoked.revoke(by: F.officer, at: F.now).refusalReason == .alreadyDone)
        #expect(link.revoke(by: F.reviewer, at: F.now).refusalReason == .roleNotPermitted)
    }

    @Test func issuingNeedsAMemberAndGeneratesAPrefixedToken() throws {
        #expect(VerificationLink.issue(for: F.application(in: .suspended), by: F.officer, at: F.now).refusalReason == .wrongState)
        let forever = ProgramSettings(verificationLinkDays: nil)
        let (link, token) = try VerificationLink.issue(for: F.application(in: .validated), by: F.officer, at: F.now, settings: forever).get()
        #expect(token.hasPrefix(VerificationLink.tokenPrefix) && token.count > 40)
        #expect(link.expiresAt == nil && link.isActive(at: F.at(2100, 1, 1)))
    }
}

