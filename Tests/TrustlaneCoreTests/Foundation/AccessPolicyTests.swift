import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct AccessPolicyTests {
    let mine = CompanyID()
    let theirs = CompanyID()

    func member(_ role: CompanyRole) -> Actor { Actor(userID: UserID(), companyRoles: [mine: role]) }

    @Test func nobodySignedInMayOnlyTakeOpenActions() {
        for action in Action.allCases {
            let decision = AccessPolicy.decide(.anonymous, action, company: mine)
            #expect(decision == (action.scope == .open ? .allowed : .unauthenticated), "\(action)")
        }
    }

    @Test func anotherCompanysRecordsAreNotFoundNotForbidden() {
        for role in CompanyRole.allCases {
            for action in Action.allCases where action.scope == .company {
                #expect(AccessPolicy.decide(member(role), action, company: theirs) == .notFound, "\(role) \(action)")
            }
        }
    }

    @Test func companyRolesReachWhatTheirRoleAllows() {
        #expect(AccessPolicy.decide(member(.viewer), .viewCompany, company: mine) == .allowed)
        #expect(AccessPolicy.decide(member(.viewer), .editCompany, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(member(.contributor), .inviteMember, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(member(.coordinator), .inviteMember, company: mine) == .allowed)
        #expect(AccessPolicy.decide(member(.consultant), .editCompany, company: mine) == .allowed)
        #expect(AccessPolicy.decide(member(.consultant), .inviteMember, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(member(.officer), .viewCompanyAudit, company: mine) == .allowed)
        #expect(AccessPolicy.decide(member(.coordinator), .viewCompanyAudit, company: mine) == .forbidden)
    }

    @Test func onlyAdministratorsRunThePlatform() {
        let admin = Actor(userID: UserID(), platformRoles: [.administrator])
        let reviewer = Actor(userID: UserID(), platformRoles: [.reviewer])
        for action in Action.allCases where action.scope == .platform {
            #expect(AccessPolicy.decide(admin, action) == .allowed)
            #expect(AccessPolicy.decide(member(.officer), action) == .forbidden, "\(action)")
        }
        #expect(AccessPolicy.decide(reviewer, .listAllCompanies) == .allowed)
        #expect(AccessPolicy.decide(reviewer, .createCompany) == .forbidden)
        #expect(AccessPolicy.decide(reviewer, .viewCompany, company: theirs) == .allowed)
        #expect(AccessPolicy.decide(reviewer, .editCompany, company: theirs) == .notFound)
    }

    @Test func companyActionWithoutACompanyIsNotFound() {
        #expect(AccessPolicy.decide(member(.officer), .viewCompany, company: nil) == .notFound)
    }

    // MARK: who submits, who reviews, in which role

    let admin = Actor(userID: UserID(), platformRoles: [.administrator])
    let reviewer = Actor(userID: UserID(), platformRoles: [.reviewer])

    @Test func onlyTheCompanysOfficerSubmitsItsProfileNeverAnAdministratorFromOutside() {
        #expect(AccessPolicy.decide(member(.officer), .submitProfile, company: mine) == .allowed)
        for role in CompanyRole.allCases where role != .officer {
            #expect(AccessPolicy.decide(member(role), .submitProfile, company: mine) == .forbidden, "\(role)")
        }
        // The declaration is the officer's: an administrator sees the company but may not make it.
        #expect(AccessPolicy.decide(admin, .submitProfile, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(admin, .editProfile, company: mine) == .allowed)
        let administratorOfficer = Actor(userID: UserID(), platformRoles: [.administrator], companyRoles: [mine: .officer])
        #expect(AccessPolicy.decide(administratorOfficer, .submitProfile, company: mine) == .allowed)
        let administratorCoordinator = Actor(userID: UserID(), platformRoles: [.administrator], companyRoles: [mine: .coordinator])
        #expect(AccessPolicy.decide(administratorCoordinator, .submitProfile, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(reviewer, .submitProfile, company: mine) == .notFound)
    }

    @Test func submissionRulesAndTheLifecycleAskThePolicyWhoSubmits() {
        let scope = ProfileFixtures.scope([.importer])
        let complete = ProfileFixtures.statuses([("1.2", .meets), ("5.1", .partly), ("9.1", .notYet)])
        for role in CompanyRole.allCases {
            let mayTake = AccessPolicy.companyRoles(for: .submitProfile).contains(role)
            let blocked = SubmissionRules.blockers(role: role, declarationConfirmed: true, scope: scope, statuses: complete).contains(.notOfficer)
            #expect(mayTake != blocked, "\(role)")
        }
        #expect(MembershipLifecycle.roles(for: .submitProfile) == [.officer])
        #expect(MembershipLifecycle.roles(for: .resubmit) == [.officer])
    }

    @Test func nobodyReviewsTheirOwnCompanyAndAnAdministratorIsNoReviewer() {
        let reviewerMember = Actor(userID: UserID(), platformRoles: [.reviewer], companyRoles: [mine: .officer])
        let administratorReviewer = Actor(userID: UserID(), platformRoles: [.administrator, .reviewer])
        #expect(AccessPolicy.decide(reviewer, .reviewProfile, company: mine) == .allowed)
        #expect(AccessPolicy.decide(administratorReviewer, .reviewProfile, company: mine) == .allowed)
        #expect(AccessPolicy.decide(reviewerMember, .reviewProfile, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(reviewerMember, .reviewProfile, company: theirs) == .allowed)
        #expect(AccessPolicy.decide(admin, .reviewProfile, company: mine) == .forbidden)
        #expect(AccessPolicy.decide(member(.officer), .reviewProfile, company: mine) == .forbidden)

        #expect(AccessPolicy.reviewSide(of: reviewer, company: mine) == .reviewer)
        #expect(AccessPolicy.reviewSide(of: reviewerMember, company: mine) == .company)
        #expect(AccessPolicy.reviewSide(of: reviewerMember, company: theirs) == .reviewer)
        #expect(AccessPolicy.reviewSide(of: member(.viewer), company: mine) == .company)
        #expect(AccessPolicy.reviewSide(of: member(.viewer), company: theirs) == nil)
        #expect(AccessPolicy.reviewSide(of: admin, company: mine) == nil)
        #expect(ReviewCommentRules.side(of: admin, company: mine) == nil)
        #expect(ReviewCommentRules.side(of: reviewerMember, company: mine) == .company)
    }

    @Test func theReviewersWorkspaceIsForReviewersAndAdministratorsOutsideTheCompany() {
        let reviewerMember = Actor(userID: UserID(), platformRoles: [.reviewer], companyRoles: [mine: .viewer])
        #expect(AccessPolicy.decide(reviewer, .reviewMembership, company: mine) == .allowed)
        #expect(AccessPolicy.decide(admin, .reviewMembership, company: mine) == .allowed)
        #expect(AccessPolicy.decide(reviewerMember, .reviewMembership, company: mine) == .forbidden)
        for role in CompanyRole.allCases {
            #expect(AccessPolicy.decide(member(role), .reviewMembership, company: mine) == .forbidden, "\(role)")
        }
        #expect(AccessPolicy.decide(.anonymous, .reviewMembership, company: mine) == .unauthenticated)
    }

    @Test func eachPersonTakesLifecycleTransitionsInOneRole() {
        #expect(AccessPolicy.lifecycleActor(for: member(.officer), company: mine)?.role == .officer)
        #expect(AccessPolicy.lifecycleActor(for: member(.consultant), company: mine)?.role == .consultant)
        #expect(AccessPolicy.lifecycleActor(for: member(.contributor), company: mine) == nil)
        #expect(AccessPolicy.lifecycleActor(for: member(.viewer), company: mine) == nil)
        #expect(AccessPolicy.lifecycleActor(for: member(.officer), company: theirs) == nil)
        let reviewerMember = Actor(userID: UserID(), platformRoles: [.reviewer, .administrator], companyRoles: [mine: .coordinator])
        #expect(AccessPolicy.lifecycleActor(for: reviewerMember, company: mine)?.role == .coordinator)
        #expect(AccessPolicy.lifecycleActor(for: reviewerMember, company: theirs)?.role == .reviewer)
        #expect(AccessPolicy.lifecycleActor(for: admin, company: mine)?.role == .administrator)
        #expect(AccessPolicy.lifecycleActor(for: .anonymous, company: mine) == nil)
    }

    @Test func shipmentsAreReadByEveryRoleKeptAtTheDockAndOverriddenOnlyBySupervisors() {
        for role in CompanyRole.allCases {
            #expect(AccessPolicy.decide(member(role), .viewShipments, company: mine) == .allowed, "\(role)")
            let records = [.officer, .coordinator, .contributor].contains(role)
            #expect(AccessPolicy.decide(member(role), .recordShipments, company: mine) == (records ? .allowed : .forbidden), "\(role)")
            let overrides = role == .officer || role == .coordinator
            #expect(AccessPolicy.decide(member(role), .overrideShipmentRelease, company: mine) == (overrides ? .allowed : .forbidden), "\(role)")
        }
        // A program reviewer does not see a company's shipments at all.
        for action in [Action.viewShipments, .recordShipments, .overrideShipmentRelease] {
            #expect(AccessPolicy.decide(reviewer, action, company: mine) == .notFound, "\(action)")
        }
    }
}
