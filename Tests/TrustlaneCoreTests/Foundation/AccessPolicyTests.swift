import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct AccessPolicyTests {
    let mine = CompanyID()
    let theirs = CompanyID()

    func member(_ role: CompanyRole) -> Actor { Actor(userID: UserID(), memberships: [mine: role]) }

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
}
